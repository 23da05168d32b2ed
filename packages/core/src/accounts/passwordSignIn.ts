import type { PrismaClient } from '@chatbot/db';
import type { RateLimits } from '../rateLimits';
import { unauthorized } from '../errors';
import type { UserDTO } from '../schemas/auth';
import { verifyCredentials } from './identity';

/** The same words for an unknown email and a wrong password: neither is revealed. */
export const INVALID_CREDENTIALS = 'Invalid email or password';

export interface PasswordSignInDeps {
  prisma: PrismaClient;
  rateLimits: RateLimits;
}

/**
 * Every password sign-in, whichever door it comes through (auth.login, POST /auth/login, the web
 * app's next-auth form): the sign-in limits first, then the credentials. Throws UNAUTHORIZED for
 * wrong credentials and TOO_MANY_REQUESTS (with retryAfterSeconds) when a limit is reached.
 */
export async function passwordSignIn(
  deps: PasswordSignInDeps,
  input: { email: string; password: string; ip?: string },
): Promise<UserDTO> {
  await limitSignIn(deps.rateLimits, input);
  const user = await verifyCredentials(deps.prisma, input.email, input.password);
  if (!user) throw unauthorized(INVALID_CREDENTIALS);
  return user;
}

/** Per IP and per account: guessing passwords for one account, or many, both hit a limit. */
export async function limitSignIn(rateLimits: RateLimits, input: { email: string; ip?: string }) {
  await rateLimits.consume('auth', `ip:${input.ip ?? 'unknown'}`);
  await rateLimits.consume('auth', `account:${input.email.trim().toLowerCase()}`);
}
