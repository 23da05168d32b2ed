import type { PrismaClient } from '@chatbot/db';
import type { RateLimits } from '../rateLimits';
import type { AccessTokens } from './accessTokens';
import { limitByIp, passwordSignIn, registerWithPassword } from './passwordSignIn';
import { issueLoginCode, LOGIN_CODE_TTL_SECONDS, redeemLoginCode } from './loginCodes';
import {
  issueRefreshToken,
  refreshTokenFamily,
  revokeRefreshToken,
  rotateRefreshToken,
} from './refreshTokens';
import { notFound, unauthorized } from '../errors';
import type { TokenPair, UserDTO } from '../schemas/auth';
import { signInWithIdentity, type ExternalIdentity } from './identity';
import { toUserDTO } from './users';

export interface AuthDeps {
  prisma: PrismaClient;
  rateLimits: RateLimits;
  accessTokens: AccessTokens;
  refreshTokenTtlDays: number;
}

export { INVALID_CREDENTIALS } from './passwordSignIn';

/**
 * A signed access token and an opaque refresh token: a new family (a sign-in, now), or the
 * rotated token of a refresh (keeping the time of the sign-in it descends from).
 */
export async function tokenPairFor(
  deps: AuthDeps,
  user: UserDTO,
  refreshed?: { refreshToken: string; signedInAt: Date },
): Promise<TokenPair> {
  const authTime = refreshed && Math.floor(refreshed.signedInAt.getTime() / 1000);
  const refreshToken = refreshed?.refreshToken;
  return {
    user,
    accessToken: await deps.accessTokens.sign({ userId: user.id, authTime }),
    refreshToken:
      refreshToken ?? (await issueRefreshToken(deps.prisma, user.id, deps.refreshTokenTtlDays)),
    expiresIn: deps.accessTokens.ttlSeconds,
  };
}

/** Tokens for a new account (the address's auth budget applies: see registerWithPassword). */
export async function register(
  deps: AuthDeps,
  input: { email: string; password: string; name?: string; ip?: string },
): Promise<TokenPair> {
  return tokenPairFor(deps, await registerWithPassword(deps, input));
}

/** Tokens for a password sign-in (the sign-in limits apply: see passwordSignIn). */
export async function login(
  deps: AuthDeps,
  input: { email: string; password: string; ip?: string },
): Promise<TokenPair> {
  return tokenPairFor(deps, await passwordSignIn(deps, input));
}

/**
 * Limited per token family, not per address: a frontend's proxy refreshes every user from one IP.
 * A token we do not know spends the caller's address budget instead.
 */
export async function refresh(
  deps: AuthDeps,
  refreshToken: string,
  ip?: string,
): Promise<TokenPair> {
  const familyId = await refreshTokenFamily(deps.prisma, refreshToken);
  if (familyId) await deps.rateLimits.consume('auth', `refresh:${familyId}`);
  else await limitByIp(deps.rateLimits, ip);
  const rotated = await rotateRefreshToken(deps.prisma, refreshToken, deps.refreshTokenTtlDays);
  const user = await deps.prisma.user.findUnique({ where: { id: rotated.userId } });
  if (!user) throw unauthorized('Invalid or expired refresh token');
  return tokenPairFor(deps, toUserDTO(user), rotated);
}

/**
 * A finished external sign-in (the server's Google callback): the user it stands for, linked or
 * created, and a one-time code the client trades for tokens with `exchangeLoginCode`.
 */
export async function externalSignIn(
  prisma: PrismaClient,
  identity: ExternalIdentity,
  /** The PKCE challenge of the client that started the sign-in: only its verifier redeems. */
  challenge?: string,
) {
  const { user, outcome } = await signInWithIdentity(prisma, identity);
  const code = await issueLoginCode(prisma, user.id, challenge);
  return { code, expiresIn: LOGIN_CODE_TTL_SECONDS, outcome };
}

/** Tokens for the user a one-time sign-in code (from the Google callback) stands for. */
export async function exchangeLoginCode(
  deps: AuthDeps,
  code: string,
  verifier?: string,
): Promise<TokenPair> {
  const userId = await redeemLoginCode(deps.prisma, code, verifier);
  return tokenPairFor(deps, await getUser(deps.prisma, userId));
}

export async function logout(deps: AuthDeps, refreshToken: string): Promise<void> {
  await revokeRefreshToken(deps.prisma, refreshToken);
}

export async function getUser(prisma: PrismaClient, userId: string): Promise<UserDTO> {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw notFound('User');
  return toUserDTO(user);
}
