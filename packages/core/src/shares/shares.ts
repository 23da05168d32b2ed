import type { PrismaClient } from '@chatbot/db';
import { attachmentsOf } from '../attachments/attachments';
import { notFound } from '../errors';
import type { ShareDTO, ShareSnapshot } from '../schemas/shares';
import { requireSession } from '../sessions/sessions';
import { activePathOf } from './activePath';
import { toStoredAttachment } from './sharedFiles';
import { newShareToken } from './tokens';

/**
 * What the public sees: the title, the model and the messages' words, never an id, an email or
 * the system prompt. A reply still streaming is frozen as `interrupted`: the copy never goes on.
 * Files are described (name, type, size) and referred to by position; the stored snapshot also
 * keeps each file's id so its image can be served, and `shareSnapshot` drops it on every read.
 */
async function takeSnapshot(
  prisma: PrismaClient,
  session: { id: string; title: string; model: string },
) {
  const messages = await activePathOf(prisma, session.id);
  const files = await attachmentsOf(
    prisma,
    messages.map((message) => message.id),
  );
  const snapshot: ShareSnapshot = {
    title: session.title,
    model: session.model,
    messages: messages.map((message, index) => ({
      role: message.role,
      content: message.content,
      status: message.status === 'streaming' ? 'interrupted' : message.status,
      createdAt: message.createdAt,
      attachments: (files.get(message.id) ?? []).map((file, position) =>
        toStoredAttachment(file, index, position),
      ),
    })),
  };
  // Dates become ISO strings in the JSON column; `shareSnapshot` turns them back on read.
  return JSON.parse(JSON.stringify(snapshot)) as object;
}

const toShareDTO = (row: {
  token: string;
  sessionId: string;
  createdAt: Date;
  updatedAt: Date;
  session: { title: string };
}): ShareDTO => ({
  token: row.token,
  sessionId: row.sessionId,
  title: row.session.title,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/**
 * Share the user's session: a new link, or the existing one (same token) with a fresh snapshot.
 * One link per session; an upsert so two racing shares end with one link.
 */
export async function shareSession(
  prisma: PrismaClient,
  userId: string,
  sessionId: string,
): Promise<ShareDTO> {
  const session = await requireSession(prisma, userId, sessionId);
  const snapshot = await takeSnapshot(prisma, session);
  const row = await prisma.sharedLink.upsert({
    where: { sessionId },
    create: { token: newShareToken(), userId, sessionId, snapshot },
    update: { snapshot },
    include: { session: { select: { title: true } } },
  });
  return toShareDTO(row);
}

/** Revoke the link of the user's session; the token is dead from now on. */
export async function unshareSession(prisma: PrismaClient, userId: string, sessionId: string) {
  await requireSession(prisma, userId, sessionId);
  const { count } = await prisma.sharedLink.deleteMany({ where: { sessionId, userId } });
  if (count === 0) throw notFound('Shared link', 'id');
  return { id: sessionId };
}

/** The user's links, newest first (bounded by the sessions quota: one link per session). */
export async function listShares(prisma: PrismaClient, userId: string): Promise<ShareDTO[]> {
  const rows = await prisma.sharedLink.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    include: { session: { select: { title: true } } },
  });
  return rows.map(toShareDTO);
}
