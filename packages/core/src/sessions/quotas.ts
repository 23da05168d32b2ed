import type { PrismaClient } from '@chatbot/db';
import { conflict } from '../errors';

/** What one account may hold (MAX_SESSIONS_PER_USER, MAX_GROUPS_PER_USER). */
export interface Quotas {
  sessionsPerUser: number;
  groupsPerUser: number;
}

const WORDS = {
  sessions: { noun: 'chats', variable: 'MAX_SESSIONS_PER_USER' },
  groups: { noun: 'groups', variable: 'MAX_GROUPS_PER_USER' },
} as const;

/**
 * CONFLICT when the user already holds `limit` rows of this kind: a loop of creates (or one
 * huge batch) cannot grow an account without bound. Counted before the insert, so racing
 * creates may pass the limit by a few; it bounds growth, it is not an exact ledger.
 */
export async function requireRoomFor(
  prisma: PrismaClient,
  kind: keyof typeof WORDS,
  userId: string,
  limit: number | undefined,
) {
  if (limit === undefined) return;
  const held =
    kind === 'sessions'
      ? await prisma.session.count({ where: { userId } })
      : await prisma.group.count({ where: { userId } });
  if (held >= limit) {
    const { noun, variable } = WORDS[kind];
    throw conflict(
      `This account holds the most ${noun} it may (${limit}, ${variable}); delete some to make room`,
    );
  }
}
