import type { PrismaClient } from '@chatbot/db';
import type { Logger } from '../logger';
import type { AttachmentStorage } from './storage';

const BATCH = 500;

export interface PurgeDeps {
  prisma: PrismaClient;
  storage: AttachmentStorage;
}

/**
 * Delete the files of attachments whose message is gone (deleting a message, its subtree or a
 * session sets their `messageId` null; `attachedAt` says they had one), then their rows. Files
 * go first: a failure leaves rows that the next sweep retries, never files without rows.
 */
export async function purgeDetached(deps: PurgeDeps, userId?: string): Promise<number> {
  return purge(deps, { messageId: null, attachedAt: { not: null }, ...(userId ? { userId } : {}) });
}

/** Everything a user stored, before the account goes (its rows cascade with the user). */
export async function purgeUserFiles(deps: PurgeDeps, userId: string): Promise<number> {
  return purge(deps, { userId });
}

/**
 * The periodic sweep: detached attachments, and uploads never attached within the grace
 * period. Safe on several instances at once (a second delete of a file is no error).
 */
export async function sweepAttachments(
  deps: PurgeDeps & { graceMs: number; logger: Logger },
): Promise<number> {
  const cutoff = new Date(Date.now() - deps.graceMs);
  const detached = await purgeDetached(deps);
  const abandoned = await purge(deps, {
    messageId: null,
    attachedAt: null,
    createdAt: { lt: cutoff },
  });
  if (detached + abandoned > 0)
    deps.logger.info({ detached, abandoned }, 'removed attachment files');
  return detached + abandoned;
}

type Where = NonNullable<Parameters<PrismaClient['attachment']['findMany']>[0]>['where'];

async function purge(deps: PurgeDeps, where: Where): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await deps.prisma.attachment.findMany({
      where,
      select: { id: true, storageKey: true },
      take: BATCH,
    });
    if (rows.length === 0) return total;
    await deps.storage.delete(rows.map((row) => row.storageKey));
    await deps.prisma.attachment.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } });
    total += rows.length;
    if (rows.length < BATCH) return total;
  }
}
