import type { PrismaClient } from '@chatbot/db';
import { attachmentsOf } from '../attachments/attachments';
import { notFound } from '../errors';
import { dtoMapper } from '../schemas/dto';
import { attachmentNoticeOutput, messageOutput, type MessageDTO } from '../schemas/messages';
import { requireSession } from '../sessions/sessions';
import { ancestorIds, siblingIdsOf } from './tree';

const messageFields = dtoMapper(messageOutput.omit({ attachmentNotice: true }));

/**
 * The API's view of a stored message (the fields `messageOutput` lists). The notice is a JSON
 * column: it is checked against its schema on the way out, and left out when empty.
 */
export function toMessageDTO(
  row: Parameters<typeof messageFields>[0] & { attachmentNotice?: unknown },
): MessageDTO {
  const notice = attachmentNoticeOutput.safeParse(row.attachmentNotice);
  return { ...messageFields(row), ...(notice.success ? { attachmentNotice: notice.data } : {}) };
}

/**
 * One page of the session's active path (root -> active leaf): the `limit` messages nearest the
 * leaf that come before `cursor`, in chronological order, each with its versions' ids.
 * `nextCursor` points further back toward the root.
 */
export async function listMessages(
  prisma: PrismaClient,
  userId: string,
  query: { sessionId: string; cursor?: string; limit: number },
) {
  const session = await requireSession(prisma, userId, query.sessionId, 'sessionId');
  let start = session.activeLeafId;
  if (query.cursor) {
    const anchor = await prisma.message.findFirst({
      where: { id: query.cursor, sessionId: query.sessionId },
      select: { parentId: true },
    });
    if (!anchor) throw notFound('Message', 'cursor');
    start = anchor.parentId;
  }
  if (!start) return { items: [], nextCursor: null };
  const ids = await ancestorIds(prisma, start, query.limit + 1);
  const pageIds = ids.slice(0, query.limit).reverse();
  const rows = await prisma.message.findMany({ where: { id: { in: pageIds } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const page = pageIds.flatMap((id) => byId.get(id) ?? []);
  const siblings = await siblingIdsOf(prisma, session.id, page);
  const files = await attachmentsOf(
    prisma,
    page.filter((row) => row.role === 'user').map((row) => row.id),
  );
  return {
    items: page.map((row) => ({
      ...toMessageDTO(row),
      ...(row.role === 'user' ? { attachments: files.get(row.id) ?? [] } : {}),
      siblingIds: siblings.get(row.id) ?? [],
    })),
    nextCursor: ids.length > query.limit ? (pageIds[0] ?? null) : null,
  };
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
