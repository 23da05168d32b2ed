import type { PrismaClient } from '@chatbot/db';
import { notFound } from '../errors';
import { dtoMapper } from '../schemas/dto';
import { messageOutput } from '../schemas/messages';
import { requireSession } from '../sessions/sessions';

/** The API's view of a stored message (the fields `messageOutput` lists). */
export const toMessageDTO = dtoMapper(messageOutput);

/**
 * One page of a session's history: the newest `limit` messages older than `cursor`, in
 * chronological order. `nextCursor` points further back in time.
 */
export async function listMessages(
  prisma: PrismaClient,
  userId: string,
  query: { sessionId: string; cursor?: string; limit: number },
) {
  await requireSession(prisma, userId, query.sessionId, 'sessionId');
  let before: bigint | undefined;
  if (query.cursor) {
    const anchor = await prisma.message.findFirst({
      where: { id: query.cursor, sessionId: query.sessionId },
      select: { seq: true },
    });
    if (!anchor) throw notFound('Message', 'cursor');
    before = anchor.seq;
  }
  const rows = await prisma.message.findMany({
    where: { sessionId: query.sessionId, ...(before !== undefined ? { seq: { lt: before } } : {}) },
    orderBy: { seq: 'desc' },
    take: query.limit + 1,
  });
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit).reverse();
  return { items: page.map(toMessageDTO), nextCursor: hasMore ? (page[0]?.id ?? null) : null };
}

/** The user's message (through its session), or NOT_FOUND. */
export async function requireMessage(
  prisma: PrismaClient,
  userId: string,
  messageId: string,
  field = 'messageId',
) {
  const message = await prisma.message.findFirst({ where: { id: messageId, session: { userId } } });
  if (!message) throw notFound('Message', field);
  return message;
}
