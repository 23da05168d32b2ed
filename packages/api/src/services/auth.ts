import type { PrismaClient } from '@chatbot/db';
import type { AccessTokens } from '../auth/accessTokens';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { issueRefreshToken, revokeRefreshToken, rotateRefreshToken } from '../auth/refreshTokens';
import { conflict, isUniqueViolation, notFound, unauthorized } from '../errors';
import type { TokenPair, UserDTO } from '../schemas/auth';
import { toUserDTO } from './users';

export interface AuthDeps {
  prisma: PrismaClient;
  accessTokens: AccessTokens;
  refreshTokenTtlDays: number;
}

/** The same words for an unknown email and a wrong password: neither is revealed. */
export const INVALID_CREDENTIALS = 'Invalid email or password';

async function tokenPairFor(
  deps: AuthDeps,
  user: UserDTO,
  familyId?: string,
  refreshToken?: string,
) {
  return {
    user,
    accessToken: await deps.accessTokens.sign({ userId: user.id }),
    refreshToken:
      refreshToken ??
      (await issueRefreshToken(deps.prisma, user.id, deps.refreshTokenTtlDays, familyId)),
    expiresIn: deps.accessTokens.ttlSeconds,
  } satisfies TokenPair;
}

export async function register(
  deps: AuthDeps,
  input: { email: string; password: string; name?: string },
): Promise<TokenPair> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await deps.prisma.user.create({
      data: { email: input.email, passwordHash, name: input.name ?? null },
    });
    return await tokenPairFor(deps, toUserDTO(user));
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('An account with this email already exists', 'email');
    throw error;
  }
}

export async function login(
  deps: AuthDeps,
  input: { email: string; password: string },
): Promise<TokenPair> {
  const user = await deps.prisma.user.findUnique({ where: { email: input.email } });
  const valid = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !valid) throw unauthorized(INVALID_CREDENTIALS);
  return tokenPairFor(deps, toUserDTO(user));
}

export async function refresh(deps: AuthDeps, refreshToken: string): Promise<TokenPair> {
  const rotated = await rotateRefreshToken(deps.prisma, refreshToken, deps.refreshTokenTtlDays);
  const user = await deps.prisma.user.findUnique({ where: { id: rotated.userId } });
  if (!user) throw unauthorized('Invalid or expired refresh token');
  return tokenPairFor(deps, toUserDTO(user), undefined, rotated.refreshToken);
}

export async function logout(deps: AuthDeps, refreshToken: string): Promise<void> {
  await revokeRefreshToken(deps.prisma, refreshToken);
}

export async function getUser(prisma: PrismaClient, userId: string): Promise<UserDTO> {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw notFound('User');
  return toUserDTO(user);
}
