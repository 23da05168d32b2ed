import type { PrismaClient } from '@chatbot/db';
import { activePathIds } from '../chat/tree';

/** The messages a share freezes: the session's active path (root -> leaf), nothing off it. */
export async function activePathOf(prisma: PrismaClient, sessionId: string) {
  const session = await prisma.session.findUniqueOrThrow({
    where: { id: sessionId },
    select: { activeLeafId: true },
  });
  const ids = await activePathIds(prisma, session.activeLeafId);
  const rows = await prisma.message.findMany({
    where: { id: { in: ids } },
    select: { id: true, role: true, content: true, status: true, createdAt: true },
  });
  const byId = new Map(rows.map((message) => [message.id, message]));
  return ids.flatMap((id) => {
    const message = byId.get(id);
    return message ? [message] : [];
  });
}
