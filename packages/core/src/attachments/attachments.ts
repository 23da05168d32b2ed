import type { Attachment, PrismaClient } from '@chatbot/db';
import { conflict, notFound } from '../errors';
import type { AttachmentDTO } from '../schemas/attachments';
import { zId } from '../schemas/common';
import type { Tx } from '../chat/tree';
import type { AttachmentStorage } from './storage';
import { kindOf } from './types';

export interface AttachmentDeps {
  prisma: PrismaClient;
  storage: AttachmentStorage;
}

export const toAttachmentDTO = (row: Attachment): AttachmentDTO => ({
  id: row.id,
  name: row.name,
  mediaType: row.mediaType,
  size: row.size,
  kind: kindOf(row.mediaType),
});

/**
 * The user's attachment, or NOT_FOUND (another user's looks missing). An id no row can have (a
 * NUL byte, which PostgreSQL refuses in text) is NOT_FOUND without a query: the REST routes pass
 * the path's id as it came.
 */
export async function requireAttachment(prisma: PrismaClient, userId: string, id: string) {
  if (!zId.safeParse(id).success) throw notFound('Attachment', 'id');
  const row = await prisma.attachment.findFirst({ where: { id, userId } });
  if (!row) throw notFound('Attachment', 'id');
  return row;
}

/** Bytes the user's attachments take. */
export async function usedBytes(prisma: PrismaClient | Tx, userId: string) {
  const { _sum } = await prisma.attachment.aggregate({ where: { userId }, _sum: { size: true } });
  return _sum.size ?? 0;
}

/**
 * Attach uploads to a new user message, in the order given. Each must be the caller's and not
 * attached yet, else NOT_FOUND on `attachmentIds` (the caller's transaction rolls back).
 */
export async function attachToMessage(
  tx: Tx,
  userId: string,
  messageId: string,
  ids: readonly string[],
): Promise<Attachment[]> {
  const attachedAt = new Date();
  for (const [position, id] of ids.entries()) {
    const { count } = await tx.attachment.updateMany({
      where: { id, userId, messageId: null, attachedAt: null },
      data: { messageId, attachedAt, position },
    });
    if (count !== 1) throw notFound(`Attachment ${id}`, 'attachmentIds');
  }
  return tx.attachment.findMany({ where: { messageId }, orderBy: { position: 'asc' } });
}

/** Each message's attachments (DTOs, in order), for the messages that have any. */
export async function attachmentsOf(prisma: PrismaClient | Tx, messageIds: string[]) {
  const byMessage = new Map<string, AttachmentDTO[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await prisma.attachment.findMany({
    where: { messageId: { in: messageIds } },
    orderBy: [{ messageId: 'asc' }, { position: 'asc' }],
  });
  for (const row of rows) {
    const list = byMessage.get(row.messageId!) ?? [];
    list.push(toAttachmentDTO(row));
    byMessage.set(row.messageId!, list);
  }
  return byMessage;
}

/** Remove an upload not attached to a message yet (an attached one goes with its message). */
export async function deleteUpload(deps: AttachmentDeps, userId: string, id: string) {
  const row = await requireAttachment(deps.prisma, userId, id);
  if (row.attachedAt) {
    throw conflict('The file is attached to a message; delete the message instead', 'id');
  }
  const { count } = await deps.prisma.attachment.deleteMany({ where: { id, attachedAt: null } });
  if (count === 0) throw conflict('The file was just attached to a message', 'id');
  await deps.storage.delete([row.storageKey]);
  return toAttachmentDTO(row);
}
