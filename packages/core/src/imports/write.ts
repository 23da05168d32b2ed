import { randomUUID } from 'node:crypto';
import type { ModelCatalog } from '@chatbot/ai';
import type { PrismaClient } from '@chatbot/db';
import { isUniqueViolation } from '../errors';
import { providerFamilyOf } from '../schemas/models';
import { defaultChoice } from '../sessions/modelChoice';
import { requireRoomFor } from '../sessions/quotas';
import type { ImportedConversation } from './conversation';

export interface WriteDeps {
  prisma: PrismaClient;
  models: ModelCatalog;
  maxSessionsPerUser?: number;
}

/** Rows per INSERT: big trees go in a few statements, each well under PostgreSQL's bind limit. */
const BATCH = 500;

/**
 * Write one conversation as a new session in one transaction, or find that this user already
 * imported it (same import key): `skipped`. The messages keep their tree, times and statuses;
 * ids are new, made here so children can point at their parents in the same batch.
 */
export async function writeConversation(
  deps: WriteDeps,
  userId: string,
  conversation: ImportedConversation,
): Promise<{ sessionId: string; skipped: boolean }> {
  const { prisma } = deps;
  const existing = await prisma.session.findUnique({
    where: { userId_importKey: { userId, importKey: conversation.importKey } },
    select: { id: true },
  });
  if (existing) return { sessionId: existing.id, skipped: true };
  await requireRoomFor(prisma, 'sessions', userId, deps.maxSessionsPerUser);

  const served = conversation.model ? deps.models.resolve(conversation.model) : undefined;
  const choice =
    served && conversation.model
      ? { model: conversation.model, provider: providerFamilyOf(served.provider.name) }
      : defaultChoice(deps.models);
  const ids = new Map(conversation.messages.map((message) => [message.sourceId, randomUUID()]));
  const leafSource = conversation.activeLeafSourceId ?? conversation.messages.at(-1)?.sourceId;
  const rows = conversation.messages.map((message) => ({
    id: ids.get(message.sourceId)!,
    parentId: message.parentSourceId === null ? null : (ids.get(message.parentSourceId) ?? null),
    role: message.role,
    content: message.content,
    status: message.status,
    model: message.model,
    error: message.error,
    promptTokens: message.promptTokens,
    completionTokens: message.completionTokens,
    createdAt: message.createdAt,
    updatedAt: message.updatedAt,
  }));
  try {
    const session = await prisma.$transaction(async (tx) => {
      const created = await tx.session.create({
        data: {
          userId,
          importKey: conversation.importKey,
          title: conversation.title,
          model: choice.model,
          provider: choice.provider,
          systemPrompt: conversation.systemPrompt,
          createdAt: conversation.createdAt,
          lastMessageAt: conversation.lastMessageAt,
          activeLeafId: leafSource ? (ids.get(leafSource) ?? null) : null,
        },
        select: { id: true },
      });
      // Parents come before children in `rows`, and createMany keeps the order: a parent's
      // sequence number is always lower, as for messages written one by one.
      for (let start = 0; start < rows.length; start += BATCH) {
        await tx.message.createMany({
          data: rows.slice(start, start + BATCH).map((row) => ({ ...row, sessionId: created.id })),
        });
      }
      return created;
    });
    return { sessionId: session.id, skipped: false };
  } catch (error) {
    // The same file imported twice at once: the other import wrote it first.
    if (!isUniqueViolation(error)) throw error;
    const winner = await prisma.session.findUnique({
      where: { userId_importKey: { userId, importKey: conversation.importKey } },
      select: { id: true },
    });
    if (!winner) throw error;
    return { sessionId: winner.id, skipped: true };
  }
}
