import type { PrismaClient } from './generated/prisma/client';

/**
 * Make a session's messages, written in order without tree links (a copy's or a seed's
 * createMany), one path in insertion order, the last message the active leaf: what the tree
 * migration did to chats written before the tree. Works inside a transaction too.
 */
export async function linkAsLinearPath(
  db: Pick<PrismaClient, '$executeRaw'>,
  sessionId: string,
): Promise<void> {
  await db.$executeRaw`
    UPDATE "Message" AS m SET "parentId" = ordered."previousId"
    FROM (
      SELECT "id", LAG("id") OVER (ORDER BY "seq") AS "previousId"
      FROM "Message" WHERE "sessionId" = ${sessionId}
    ) AS ordered
    WHERE m."id" = ordered."id"`;
  await db.$executeRaw`
    UPDATE "Session" SET "activeLeafId" = (
      SELECT "id" FROM "Message" WHERE "sessionId" = ${sessionId} ORDER BY "seq" DESC LIMIT 1
    ) WHERE "id" = ${sessionId}`;
}
