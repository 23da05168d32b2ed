import { buffer } from 'node:stream/consumers';
import { prepareTurns, toModelAttachment, type ChatTurn, type ModelAttachment } from '@chatbot/ai';
import type { PrismaClient } from '@chatbot/db';
import type { AttachmentNotice } from '../schemas/messages';
import type { AttachmentStorage } from './storage';

/**
 * The turns the model gets, with the files of their user messages: read from storage and
 * turned into what providers take (image bytes, or document text). Only turns that made it
 * into the history are read.
 */
export async function withAttachments(
  deps: { prisma: PrismaClient; storage: AttachmentStorage },
  turns: (ChatTurn & { id?: string })[],
): Promise<ChatTurn[]> {
  const ids = turns.flatMap((turn) => (turn.role === 'user' && turn.id ? [turn.id] : []));
  const rows =
    ids.length === 0
      ? []
      : await deps.prisma.attachment.findMany({
          where: { messageId: { in: ids } },
          orderBy: { position: 'asc' },
        });
  const files = new Map<string, Promise<ModelAttachment>[]>();
  for (const row of rows) {
    const list = files.get(row.messageId!) ?? [];
    list.push(
      deps.storage.get(row.storageKey).then(async (stream) =>
        toModelAttachment({
          name: row.name,
          mediaType: row.mediaType,
          bytes: new Uint8Array(await buffer(stream)),
        }),
      ),
    );
    files.set(row.messageId!, list);
  }
  return Promise.all(
    turns.map(async ({ id, ...turn }) => {
      const loading = id ? files.get(id) : undefined;
      return loading ? { ...turn, attachments: await Promise.all(loading) } : turn;
    }),
  );
}

/**
 * The request's turns with their files prepared within the budgets (see prepareTurns), and the
 * notice to store on the reply when a file did not reach the model whole. Without storage, the
 * turns go as they are.
 */
export async function turnsForModel(
  deps: { prisma: PrismaClient; storage?: AttachmentStorage },
  turns: (ChatTurn & { id?: string })[],
  options: { budgetTokens: number; vision: boolean | undefined },
): Promise<{ turns: ChatTurn[]; notice?: AttachmentNotice }> {
  const { storage } = deps;
  if (!storage) return { turns: turns.map(({ id: _id, ...turn }) => turn) };
  const prepared = prepareTurns(await withAttachments({ ...deps, storage }, turns), options);
  const whole = prepared.truncated.length === 0 && prepared.omittedImages.length === 0;
  return {
    turns: prepared.turns,
    ...(whole
      ? {}
      : { notice: { truncated: prepared.truncated, omittedImages: prepared.omittedImages } }),
  };
}
