import type { PrismaClient } from '@chatbot/db';
import { tooManyRequests, type RateLimits } from '../rateLimits';
import { unauthorized } from '../errors';
import type { UserDTO } from '../schemas/auth';
import { createUser, verifyCredentials } from './identity';

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
  const keys = signInKeys(input);
  if (!user) {
    await deps.rateLimits.penalty('signInFailures', keys.client);
    await deps.rateLimits.penalty('accountFailures', keys.account);
    throw unauthorized(INVALID_CREDENTIALS);
  }
  await deps.rateLimits.reset('signInFailures', keys.client);
  return user;
}

/**
 * Every registration, whichever door it comes through (auth.register, POST /auth/register, the
 * web app's form): it spends the address's auth budget like a sign-in, then creates the account.
 * Throws TOO_MANY_REQUESTS past the limit and CONFLICT (field `email`) for a taken email.
 */
export async function registerWithPassword(
  deps: PasswordSignInDeps,
  input: { email: string; password: string; name?: string; ip?: string },
): Promise<UserDTO> {
  await limitByIp(deps.rateLimits, input.ip);
  return createUser(deps.prisma, {
    email: input.email,
    password: input.password,
    name: input.name,
  });
}

function signInKeys(input: { email: string; ip?: string }) {
  const account = `account:${input.email.trim().toLowerCase()}`;
  return { account, client: `${account}|ip:${input.ip ?? 'unknown'}` };
}

/** Every attempt from one IP (sign-in, register, refresh) spends from one budget. */
export async function limitByIp(rateLimits: RateLimits, ip: string | undefined) {
  await rateLimits.consume('auth', `ip:${ip ?? 'unknown'}`);
}

/**
 * OWASP's advice: limit per IP and per (account, IP), and slow down rather than lock out. Only
 * failures count against an account, and once many clients have failed on it, only the failing
 * ones wait: the owner, signing in from elsewhere with the right password, still gets in.
 */
export async function limitSignIn(rateLimits: RateLimits, input: { email: string; ip?: string }) {
  await limitByIp(rateLimits, input.ip);
  const keys = signInKeys(input);
  const client = await rateLimits.get('signInFailures', keys.client);
  if (client.left <= 0) throw tooManyRequests(client.retryAfterSeconds);
  if (client.spent === 0) return;
  const account = await rateLimits.get('accountFailures', keys.account);
  if (account.left <= 0) throw tooManyRequests(account.retryAfterSeconds);
}
