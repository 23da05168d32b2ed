import type { PrismaClient } from '@chatbot/db';

/** A transaction's client (the argument of `$transaction`'s callback). */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
type Db = PrismaClient | Tx;

/**
 * `fromId` and its ancestors, nearest first (leaf -> root), at most `limit`. The recursive query
 * produces one level per step, so the LIMIT stops the walk early on a long path.
 */
export async function ancestorIds(db: Db, fromId: string, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE path AS (
      SELECT id, "parentId" FROM "Message" WHERE id = ${fromId}
      UNION ALL
      SELECT m.id, m."parentId" FROM "Message" m JOIN path ON m.id = path."parentId"
    )
    SELECT id FROM path LIMIT ${limit}`;
  return rows.map((row) => row.id);
}

export interface PathTurn {
  id: string;
  role: 'user' | 'assistant' | 'system';
  content: string;
  status: string;
}

/**
 * What the model is answering: the ancestors of `messageId` (not itself), oldest first, at most
 * `limit` of the nearest. One query, read while the reply starts.
 */
export async function turnsBefore(db: Db, messageId: string, limit: number): Promise<PathTurn[]> {
  const rows = await db.$queryRaw<PathTurn[]>`
    WITH RECURSIVE path AS (
      SELECT id, "parentId", role, content, status, 0 AS depth FROM "Message" WHERE id = ${messageId}
      UNION ALL
      SELECT m.id, m."parentId", m.role, m.content, m.status, path.depth + 1
      FROM "Message" m JOIN path ON m.id = path."parentId"
    )
    SELECT id, role::text AS role, content, status::text AS status FROM path
    WHERE depth > 0 LIMIT ${limit}`;
  return rows.reverse();
}

/**
 * The newest message in the subtree of `messageId` (itself included). A child is always
 * written after its parent, so the newest message of a subtree has no children: it is the most
 * recent leaf below, where switching to this branch continues.
 */
export async function newestLeafBelow(db: Db, messageId: string): Promise<string> {
  const [row] = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE sub AS (
      SELECT id, seq FROM "Message" WHERE id = ${messageId}
      UNION ALL
      SELECT m.id, m.seq FROM "Message" m JOIN sub ON m."parentId" = sub.id
    )
    SELECT id FROM sub ORDER BY seq DESC LIMIT 1`;
  return row?.id ?? messageId;
}

/** `messageId` and every message below it. */
export async function subtreeIds(db: Db, messageId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE sub AS (
      SELECT id FROM "Message" WHERE id = ${messageId}
      UNION ALL
      SELECT m.id FROM "Message" m JOIN sub ON m."parentId" = sub.id
    )
    SELECT id FROM sub`;
  return rows.map((row) => row.id);
}

/**
 * Each message's versions: the ids of the messages sharing its parent (itself included), oldest
 * first. One query for a whole page.
 */
export async function siblingIdsOf(
  db: Db,
  sessionId: string,
  messages: { id: string; parentId: string | null }[],
): Promise<Map<string, string[]>> {
  const parents = [...new Set(messages.flatMap((m) => (m.parentId === null ? [] : [m.parentId])))];
  const hasRoot = messages.some((message) => message.parentId === null);
  if (messages.length === 0) return new Map();
  const rows = await db.message.findMany({
    where: {
      sessionId,
      OR: [{ parentId: { in: parents } }, ...(hasRoot ? [{ parentId: null }] : [])],
    },
    select: { id: true, parentId: true },
    orderBy: { seq: 'asc' },
  });
  const byParent = new Map<string | null, string[]>();
  for (const row of rows) {
    const list = byParent.get(row.parentId) ?? [];
    list.push(row.id);
    byParent.set(row.parentId, list);
  }
  return new Map(messages.map((m) => [m.id, byParent.get(m.parentId) ?? [m.id]]));
}

/** The session's active path, root first: the leaf's ancestors, at most `limit`. */
export async function activePathIds(
  db: Db,
  activeLeafId: string | null,
  limit = 1_000_000,
): Promise<string[]> {
  if (activeLeafId === null) return [];
  return (await ancestorIds(db, activeLeafId, limit)).reverse();
}
