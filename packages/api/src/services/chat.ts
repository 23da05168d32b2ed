import type { Message, PrismaClient } from '@chatbot/db';
import { conflict, isUniqueViolation } from '../errors';
import type { GenerationRunner } from '../generation/runner';
import type { SendResult } from '../schemas/messages';
import { toMessageDTO } from './messages';
import { requireSession } from './sessions';

export interface ChatDeps {
  prisma: PrismaClient;
  generations: GenerationRunner;
}

export const REPLY_IN_PROGRESS =
  'A reply is still being generated in this session; wait for it to finish or cancel it first';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Serialises writers of one session: two sends cannot both see "no reply in progress". */
async function lockSession(tx: Tx, sessionId: string) {
  await tx.$queryRaw`SELECT id FROM "Session" WHERE id = ${sessionId} FOR UPDATE`;
}

async function replyAfter(tx: Tx, message: Message) {
  return tx.message.findFirst({
    where: { sessionId: message.sessionId, role: 'assistant', seq: { gt: message.seq } },
    orderBy: { seq: 'asc' },
  });
}

/**
 * The chat action: store the user's message and an assistant placeholder (status `streaming`),
 * start the reply in the background and return at once. A repeated `clientId` (a network retry)
 * returns what the first call created.
 */
export async function sendMessage(
  deps: ChatDeps,
  userId: string,
  input: { sessionId: string; content: string; clientId?: string },
): Promise<SendResult> {
  const session = await requireSession(deps.prisma, userId, input.sessionId, 'sessionId');
  const run = () =>
    deps.prisma.$transaction(async (tx) => {
      await lockSession(tx, session.id);
      if (input.clientId) {
        const first = await tx.message.findUnique({
          where: { sessionId_clientId: { sessionId: session.id, clientId: input.clientId } },
        });
        if (first)
          return {
            userMessage: first,
            assistantMessage: await replyAfter(tx, first),
            started: false,
          };
      }
      const streaming = await tx.message.count({
        where: { sessionId: session.id, status: 'streaming' },
      });
      if (streaming > 0) throw conflict(REPLY_IN_PROGRESS, 'sessionId');

      const userMessage = await tx.message.create({
        data: {
          sessionId: session.id,
          role: 'user',
          content: input.content,
          clientId: input.clientId ?? null,
        },
      });
      const assistantMessage = await tx.message.create({
        data: {
          sessionId: session.id,
          role: 'assistant',
          content: '',
          status: 'streaming',
          model: session.model,
        },
      });
      await tx.session.update({
        where: { id: session.id },
        data: { lastMessageAt: assistantMessage.createdAt },
      });
      return { userMessage, assistantMessage, started: true };
    });

  let result;
  try {
    result = await run();
  } catch (error) {
    // Two retries raced past the lookup before either committed: the loser reads the winner's.
    if (input.clientId && isUniqueViolation(error)) result = await run();
    else throw error;
  }
  if (result.started && result.assistantMessage) {
    deps.generations.start({
      sessionId: session.id,
      messageId: result.assistantMessage.id,
      model: session.model,
    });
  }
  return {
    userMessage: toMessageDTO(result.userMessage),
    assistantMessage: result.assistantMessage ? toMessageDTO(result.assistantMessage) : null,
  };
}

/**
 * The original REST contract: POST /messages. A user message starts the assistant reply (and
 * returns the user message); an assistant message is stored as given (imports, scripts).
 */
export async function createMessage(
  deps: ChatDeps,
  userId: string,
  input: { sessionId: string; role: 'user' | 'assistant'; content: string },
) {
  if (input.role === 'user') {
    return (await sendMessage(deps, userId, { sessionId: input.sessionId, content: input.content }))
      .userMessage;
  }
  const session = await requireSession(deps.prisma, userId, input.sessionId, 'sessionId');
  const message = await deps.prisma.$transaction(async (tx) => {
    const created = await tx.message.create({
      data: {
        sessionId: session.id,
        role: 'assistant',
        content: input.content,
        status: 'complete',
      },
    });
    await tx.session.update({
      where: { id: session.id },
      data: { lastMessageAt: created.createdAt },
    });
    return created;
  });
  return toMessageDTO(message);
}
