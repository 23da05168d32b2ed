import type { PrismaClient } from '@chatbot/db';
import type { Logger } from '../logger';
import type { EventLog } from '../realtime/eventLog';
import type { GenerationLeases } from '../realtime/leases';
import { toMessageDTO } from './messages';

export const INTERRUPTED_ERROR = 'The server generating this reply stopped before it finished';

/**
 * Replies left `streaming` by an instance that died: once their lease has expired, mark them
 * `interrupted` (keeping the text of their last checkpoint) and tell their subscribers.
 */
export async function interruptOrphans(options: {
  prisma: PrismaClient;
  leases: GenerationLeases;
  events: EventLog;
  /** Only replies not written for this long are candidates (a lease renews at least this often). */
  olderThanMs: number;
  logger: Logger;
}): Promise<number> {
  const { prisma, leases, events } = options;
  const candidates = await prisma.message.findMany({
    where: { status: 'streaming', updatedAt: { lt: new Date(Date.now() - options.olderThanMs) } },
    select: { id: true },
    take: 200,
  });
  const orphans = await leases.unheld(candidates.map((candidate) => candidate.id));
  let marked = 0;
  for (const id of orphans) {
    const { count } = await prisma.message.updateMany({
      where: { id, status: 'streaming' },
      data: { status: 'interrupted', error: INTERRUPTED_ERROR },
    });
    if (count === 0) continue; // another instance got there first
    marked += 1;
    const message = await prisma.message.findUnique({ where: { id } });
    if (!message) continue;
    await events.append(message.sessionId, {
      type: 'message:update',
      message: toMessageDTO(message),
    });
    await events.append(message.sessionId, {
      type: 'message:error',
      messageId: id,
      error: INTERRUPTED_ERROR,
    });
  }
  if (marked > 0) options.logger.info({ count: marked }, 'marked interrupted replies');
  return marked;
}
