import type { Message, PrismaClient } from '@chatbot/db';
import { attachmentsOf, attachToMessage } from '../attachments/attachments';
import type { AttachmentStorage } from '../attachments/storage';
import { kindOf } from '../attachments/types';
import { assertModelCanSee } from '@chatbot/ai';
import { badRequest, conflict, isUniqueViolation, notFound } from '../errors';
import type { GenerationRunner } from './runner';
import type { ChatEvent } from '../realtime/chatEvents';
import type { ControlBus } from '../realtime/controlBus';
import type { EventLog } from '../realtime/eventLog';
import type { MessageDTO, SendResult } from '../schemas/messages';
import { requireMessage, toMessageDTO } from './messages';
import { requireSession } from '../sessions/sessions';
import type { Tx } from './tree';

export interface ChatDeps {
  prisma: PrismaClient;
  generations: GenerationRunner;
  events: EventLog;
  bus: ControlBus;
  /** Where attachment files live; deleting messages removes theirs. */
  storage?: AttachmentStorage;
  /** ATTACHMENT_MAX_PER_MESSAGE. @default 10 */
  maxAttachmentsPerMessage?: number;
}

export const REPLY_IN_PROGRESS =
  'A reply is still being generated in this session; wait for it to finish or cancel it first';

/**
 * Serialises writers of one session: two sends cannot both see "no reply in progress", and the
 * active leaf read here is the one to build on.
 */
export async function lockSession(tx: Tx, sessionId: string) {
  const [row] = await tx.$queryRaw<{ activeLeafId: string | null }[]>`
    SELECT "activeLeafId" FROM "Session" WHERE id = ${sessionId} FOR UPDATE`;
  return row?.activeLeafId ?? null;
}

/**
 * Ownership check and lock in one statement (the send path counts its queries): the user's
 * session, locked for this transaction, or NOT_FOUND. Whether a reply is streaming is asked in
 * the NEXT statement: on PostgreSQL a statement that waited for the lock still reads the data
 * as it was before the wait, so a check inside it would miss the placeholder of the send that
 * held the lock.
 */
async function lockOwnSession(tx: Tx, userId: string, sessionId: string) {
  const [session] = await tx.$queryRaw<
    { id: string; model: string; systemPrompt: string | null; activeLeafId: string | null }[]
  >`
    SELECT s.id, s.model, s."systemPrompt", s."activeLeafId"
    FROM "Session" s
    WHERE s.id = ${sessionId} AND s."userId" = ${userId}
    FOR UPDATE OF s`;
  if (!session) throw notFound('Session', 'sessionId');
  return session;
}

export async function refuseWhileStreaming(tx: Tx, sessionId: string) {
  const streaming = await tx.message.count({ where: { sessionId, status: 'streaming' } });
  if (streaming > 0) throw conflict(REPLY_IN_PROGRESS, 'sessionId');
}

/** The reply placeholder under `parentId`, which becomes the end of the active path. */
export async function createPlaceholder(
  tx: Tx,
  sessionId: string,
  model: string,
  parentId: string | null,
) {
  const placeholder = await tx.message.create({
    data: { sessionId, parentId, role: 'assistant', content: '', status: 'streaming', model },
  });
  await tx.session.update({
    where: { id: sessionId },
    data: { lastMessageAt: placeholder.createdAt, activeLeafId: placeholder.id },
  });
  return placeholder;
}

/** The first reply to `message` (a retried send returns it). */
async function replyAfter(tx: Tx, message: Message) {
  return tx.message.findFirst({
    where: { parentId: message.id, role: 'assistant' },
    orderBy: { seq: 'asc' },
  });
}

/**
 * Announce what was stored. Best effort: the database holds the truth, so a realtime store that
 * is down (Redis restarting) costs live updates, never the message; clients resync after.
 */
export async function publishAll(events: EventLog, sessionId: string, list: ChatEvent[]) {
  try {
    for (const event of list) await events.append(sessionId, event);
  } catch {
    // Subscribers that missed these get a resync (gap) when the store is back.
  }
}

/**
 * The chat action: store the user's message and an assistant placeholder (status `streaming`),
 * start the reply in the background and return at once. A repeated `clientId` (a network retry)
 * returns what the first call created.
 */
export async function sendMessage(
  deps: ChatDeps,
  userId: string,
  input: { sessionId: string; content: string; clientId?: string; attachmentIds?: string[] },
): Promise<SendResult> {
  const attachmentIds = input.attachmentIds ?? [];
  const maxAttachments = deps.maxAttachmentsPerMessage ?? 10;
  if (attachmentIds.length > maxAttachments)
    throw badRequest(`A message may carry at most ${maxAttachments} files`, 'attachmentIds');
  const run = () =>
    deps.prisma.$transaction(async (tx) => {
      const session = await lockOwnSession(tx, userId, input.sessionId);
      if (input.clientId) {
        const first = await tx.message.findUnique({
          where: { sessionId_clientId: { sessionId: session.id, clientId: input.clientId } },
        });
        if (first)
          return {
            session,
            userMessage: first,
            assistantMessage: await replyAfter(tx, first),
            started: false,
          };
      }
      await refuseWhileStreaming(tx, session.id);
      const userMessage = await tx.message.create({
        data: {
          sessionId: session.id,
          parentId: session.activeLeafId,
          role: 'user',
          content: input.content,
          clientId: input.clientId ?? null,
        },
      });
      if (attachmentIds.length > 0) {
        const attached = await attachToMessage(tx, userId, userMessage.id, attachmentIds);
        // Before anything is committed: an image for a model that cannot see is a 400.
        assertModelCanSee(
          deps.generations.models,
          session.model,
          attached.map((row) => ({ name: row.name, kind: kindOf(row.mediaType) })),
        );
      }
      const assistantMessage = await createPlaceholder(
        tx,
        session.id,
        session.model,
        userMessage.id,
      );
      return { session, userMessage, assistantMessage, started: true };
    });

  let result;
  try {
    result = await run();
  } catch (error) {
    // Two retries raced past the lookup before either committed: the loser reads the winner's.
    if (input.clientId && isUniqueViolation(error)) result = await run();
    else throw error;
  }
  const { session } = result;
  const attached =
    attachmentIds.length > 0 || !result.started
      ? ((await attachmentsOf(deps.prisma, [result.userMessage.id])).get(result.userMessage.id) ??
        [])
      : [];
  const userMessage = { ...toMessageDTO(result.userMessage), attachments: attached };
  const assistantMessage = result.assistantMessage ? toMessageDTO(result.assistantMessage) : null;
  if (result.started && assistantMessage) {
    await publishAll(deps.events, session.id, [
      { type: 'message:new', message: userMessage },
      { type: 'message:new', message: assistantMessage },
    ]);
    deps.generations.start({
      sessionId: session.id,
      messageId: assistantMessage.id,
      model: session.model,
      systemPrompt: session.systemPrompt,
    });
  }
  return { userMessage, assistantMessage };
}

/**
 * The original REST contract: POST /messages. A user message starts the assistant reply (and
 * returns the user message); an assistant message is stored as given (imports, scripts).
 */
export async function createMessage(
  deps: ChatDeps,
  userId: string,
  input: { sessionId: string; role: 'user' | 'assistant'; content: string },
): Promise<MessageDTO> {
  if (input.role === 'user') {
    return (await sendMessage(deps, userId, { sessionId: input.sessionId, content: input.content }))
      .userMessage;
  }
  const session = await requireSession(deps.prisma, userId, input.sessionId, 'sessionId');
  const message = await deps.prisma.$transaction(async (tx) => {
    const leafId = await lockSession(tx, session.id);
    await refuseWhileStreaming(tx, session.id);
    const created = await tx.message.create({
      data: {
        sessionId: session.id,
        parentId: leafId,
        role: 'assistant',
        content: input.content,
        status: 'complete',
      },
    });
    await tx.session.update({
      where: { id: session.id },
      data: { lastMessageAt: created.createdAt, activeLeafId: created.id },
    });
    return created;
  });
  const dto = toMessageDTO(message);
  await publishAll(deps.events, session.id, [{ type: 'message:new', message: dto }]);
  return dto;
}

/**
 * Stop a streaming reply wherever it runs, keeping its partial text (status `cancelled`).
 * Cancelling a reply that already ended returns it unchanged.
 */
export async function cancelReply(
  deps: ChatDeps,
  userId: string,
  messageId: string,
): Promise<MessageDTO> {
  const message = await requireMessage(deps.prisma, userId, messageId);
  if (message.role !== 'assistant')
    throw badRequest('Only an assistant reply can be cancelled', 'messageId');
  if (message.status === 'streaming') {
    const stoppedHere = await deps.generations.cancel(messageId);
    if (!stoppedHere) {
      // Another instance runs it: ask it to stop, and wait (briefly) for the stored result.
      await deps.bus.publishCancel(messageId);
      for (let waited = 0; waited < 5_000; waited += 50) {
        const current = await deps.prisma.message.findUniqueOrThrow({ where: { id: messageId } });
        if (current.status !== 'streaming') return toMessageDTO(current);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
  return toMessageDTO(await deps.prisma.message.findUniqueOrThrow({ where: { id: messageId } }));
}
