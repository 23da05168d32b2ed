import type { PrismaClient } from '@chatbot/db';
import type { AttachmentStorage } from '../attachments/storage';
import { purgeUserFiles } from '../attachments/sweep';
import { badRequest, unauthorized } from '../errors';
import { tooManyRequests, type RateLimits } from '../rateLimits';
import { verifyPassword } from './passwords';

/** An account without a password proves its owner by a sign-in this recent. */
export const RECENT_SIGN_IN_SECONDS = 5 * 60;

export const ACCOUNT_GONE = 'This account no longer exists';

export interface DeleteAccountDeps {
  prisma: PrismaClient;
  rateLimits: RateLimits;
  /** Replies still running in the user's sessions are cancelled first, as deleteSession does. */
  generations: { cancelSession(sessionId: string): Promise<void> };
  /** Where attachment files live; the account's files are deleted with it. */
  storage?: AttachmentStorage;
}

/** The signed-in user, as the access token describes them. */
export interface AccountHolder {
  id: string;
  /** When they last signed in (seconds since the epoch), if the token says. */
  authTime?: number;
}

/**
 * Delete the user and everything they own: sessions, messages, groups, linked accounts,
 * refresh tokens and sign-in codes (the foreign keys cascade). Refresh tokens die with their
 * rows; access tokens are refused once the user is gone (the protected procedures check).
 * The password proves it is the owner; an account without one needs a recent sign-in.
 */
export async function deleteAccount(
  deps: DeleteAccountDeps,
  holder: AccountHolder,
  input: { password?: string },
): Promise<{ id: string }> {
  const user = await deps.prisma.user.findUnique({
    where: { id: holder.id },
    select: { passwordHash: true },
  });
  if (!user) throw unauthorized(ACCOUNT_GONE);
  if (user.passwordHash) await confirmPassword(deps, holder.id, user.passwordHash, input.password);
  else confirmRecentSignIn(holder);

  const running = await deps.prisma.session.findMany({
    where: { userId: holder.id, messages: { some: { status: 'streaming' } } },
    select: { id: true },
  });
  for (const session of running) await deps.generations.cancelSession(session.id);
  // Files first: the rows that name them cascade with the user.
  if (deps.storage) await purgeUserFiles({ prisma: deps.prisma, storage: deps.storage }, holder.id);
  await deps.prisma.user.deleteMany({ where: { id: holder.id } });
  return { id: holder.id };
}

/** Wrong passwords count against the user like failed sign-ins, so a stolen token cannot guess. */
async function confirmPassword(
  deps: DeleteAccountDeps,
  userId: string,
  passwordHash: string,
  password: string | undefined,
) {
  if (!password) throw badRequest('Enter your password to delete your account', 'password');
  const key = `delete:${userId}`;
  const budget = await deps.rateLimits.get('signInFailures', key);
  if (budget.left <= 0) throw tooManyRequests(budget.retryAfterSeconds);
  if (!(await verifyPassword(passwordHash, password))) {
    await deps.rateLimits.penalty('signInFailures', key);
    throw badRequest('The password is not right', 'password');
  }
}

function confirmRecentSignIn(holder: AccountHolder) {
  const now = Math.floor(Date.now() / 1000);
  if (holder.authTime === undefined || now - holder.authTime > RECENT_SIGN_IN_SECONDS) {
    throw unauthorized(
      `Sign in again to delete your account: it needs a sign-in within the last ${RECENT_SIGN_IN_SECONDS / 60} minutes`,
    );
  }
}
