import { randomUUID } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '@chatbot/config';
import { isUniqueViolation } from '../errors';
import type { AttachmentDTO } from '../schemas/attachments';
import { toAttachmentDTO, usedBytes, type AttachmentDeps } from './attachments';
import { documentTextChars } from './documentText';
import { UploadInspector } from './inspector';
import { AttachmentRefused, kindOf } from './types';

export interface UploadDeps extends AttachmentDeps {
  limits: Pick<Config['attachments'], 'maxBytes' | 'quotaBytes'>;
  /** Where uploads are checked before they reach the store. */
  tempDir: string;
}

export interface IncomingFile {
  /** As the client named it; path parts are dropped. */
  name: string;
  stream: Readable;
  /** A retry with the same key returns the first upload. */
  idempotencyKey?: string;
}

/**
 * The upload's answer: the file, and for a document the length of the text a model reads from
 * it (absent when a retry returns the first upload).
 */
export type UploadedFile = AttachmentDTO & { textChars?: number };

const MB = 1_048_576;
const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

/** The name to keep: the last path segment, without control characters, at most 255 chars. */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255);
  return clean || 'file';
}

function quotaRefusal(name: string, quotaBytes: number) {
  return new AttachmentRefused(
    'quota',
    `${name} does not fit in your storage quota of ${megabytes(quotaBytes)}; delete chats with files to make room`,
    name,
  );
}

/**
 * Receive one uploaded file: check it in a temp file while it streams (type from its first
 * bytes, size against the limit and the user's quota, text validity), hand the accepted file to
 * the store, then record it. Nothing is half-stored: a refusal or a failure at any step leaves
 * no temp file, no stored file and no row.
 */
export async function receiveUpload(
  deps: UploadDeps,
  userId: string,
  file: IncomingFile,
): Promise<UploadedFile> {
  const name = cleanFileName(file.name);
  const { maxBytes, quotaBytes } = deps.limits;
  if (file.idempotencyKey) {
    const first = await deps.prisma.attachment.findUnique({
      where: { userId_idempotencyKey: { userId, idempotencyKey: file.idempotencyKey } },
    });
    if (first) {
      file.stream.resume();
      return toAttachmentDTO(first);
    }
  }
  const remaining = quotaBytes - (await usedBytes(deps.prisma, userId));
  if (remaining <= 0) throw quotaRefusal(name, quotaBytes);
  const inspector = new UploadInspector(name, {
    bytes: Math.min(maxBytes, remaining),
    refusal: () =>
      maxBytes <= remaining
        ? new AttachmentRefused(
            'too_large',
            `${name} is larger than the limit of ${megabytes(maxBytes)}`,
            name,
          )
        : quotaRefusal(name, quotaBytes),
  });

  await fsp.mkdir(deps.tempDir, { recursive: true });
  const tempPath = path.join(deps.tempDir, `${randomUUID()}.upload`);
  const key = `${userId}/${randomUUID()}`;
  let stored = false;
  try {
    // Opened before the pipeline: a write stream opens lazily and could create the file after
    // a refusal's cleanup.
    const handle = await fsp.open(tempPath, 'wx');
    await pipeline(file.stream, inspector, handle.createWriteStream());
    if (inspector.size === 0) throw new AttachmentRefused('empty', `${name} is empty`, name);
    const mediaType = inspector.mediaType!;
    const textChars =
      kindOf(mediaType) === 'document'
        ? await documentTextChars(tempPath, name, mediaType)
        : undefined;
    await deps.storage.put(key, tempPath, { size: inspector.size, mediaType });
    stored = true;
    const row = await deps.prisma.$transaction(async (tx) => {
      // One upload at a time per user past this point, so parallel uploads cannot overshoot.
      await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId} FOR UPDATE`;
      if ((await usedBytes(tx, userId)) + inspector.size > quotaBytes)
        throw quotaRefusal(name, quotaBytes);
      return tx.attachment.create({
        data: {
          userId,
          name,
          mediaType,
          size: inspector.size,
          storageKey: key,
          idempotencyKey: file.idempotencyKey ?? null,
        },
      });
    });
    return { ...toAttachmentDTO(row), ...(textChars === undefined ? {} : { textChars }) };
  } catch (error) {
    if (stored) await deps.storage.delete([key]).catch(() => undefined);
    // Two retries with one key raced: the loser answers with the winner's upload.
    if (file.idempotencyKey && isUniqueViolation(error)) {
      const first = await deps.prisma.attachment.findUnique({
        where: { userId_idempotencyKey: { userId, idempotencyKey: file.idempotencyKey } },
      });
      if (first) return toAttachmentDTO(first);
    }
    throw error;
  } finally {
    await fsp.rm(tempPath, { force: true });
  }
}
