import type { PrismaClient } from '@chatbot/db';
import { z } from 'zod';
import { notFound } from '../errors';
import type { AttachmentDTO } from '../schemas/attachments';
import { sharedAttachment, type SharedAttachment } from '../schemas/shares';
import { isShareTokenShaped } from './tokens';

/**
 * A file as the stored snapshot keeps it: its public description plus the owner's file id,
 * which only this module reads (the public schema strips it). The id is looked up live, so a
 * file deleted since (with its message, session or account) is gone from the link too.
 */
const storedAttachment = sharedAttachment.extend({ fileId: z.string() });
const storedFiles = z.object({
  messages: z.array(z.object({ attachments: z.array(storedAttachment).default([]) })),
});

/** `3-0`: the first file of the fourth message of the snapshot. */
const refOf = (message: number, position: number) => `${message}-${position}`;
const REF = /^(\d{1,6})-(\d{1,3})$/;

export const toStoredAttachment = (
  file: AttachmentDTO,
  message: number,
  position: number,
): SharedAttachment & { fileId: string } => ({
  ref: refOf(message, position),
  name: file.name,
  mediaType: file.mediaType,
  size: file.size,
  kind: file.kind,
  fileId: file.id,
});

/** One answer for every miss (token, ref, a document, a deleted file): a probe learns nothing. */
const noSuchFile = () => notFound('Shared file', 'ref');

/**
 * The live attachment row behind an image of a shared chat, for anyone holding the link. Only
 * images are served: documents are listed by name on the page and stay with their owner.
 */
export async function sharedImage(prisma: PrismaClient, token: string, ref: string) {
  const position = REF.exec(ref);
  if (!position || !isShareTokenShaped(token)) throw noSuchFile();
  const link = await prisma.sharedLink.findUnique({
    where: { token },
    select: { userId: true, snapshot: true },
  });
  if (!link) throw noSuchFile();
  const parsed = storedFiles.safeParse(link.snapshot);
  const file = parsed.success
    ? parsed.data.messages[Number(position[1])]?.attachments[Number(position[2])]
    : undefined;
  if (!file || file.kind !== 'image') throw noSuchFile();
  const row = await prisma.attachment.findFirst({
    where: { id: file.fileId, userId: link.userId, messageId: { not: null } },
  });
  if (!row) throw noSuchFile();
  return row;
}
