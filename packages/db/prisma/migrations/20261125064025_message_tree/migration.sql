-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "parentId" TEXT;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "activeLeafId" TEXT;

-- CreateIndex
CREATE INDEX "Message_parentId_seq_idx" ON "Message"("parentId", "seq");

-- CreateIndex
CREATE INDEX "Message_sessionId_parentId_idx" ON "Message"("sessionId", "parentId");

-- Existing chats were linear: each message's parent is the one before it in its session, in the
-- order history has always been listed (seq, the insertion order, since timestamps can tie), and the
-- active leaf is the last message. So every chat reads exactly as it did before.
UPDATE "Message" AS m SET "parentId" = ordered."previousId"
FROM (
  SELECT "id", LAG("id") OVER (PARTITION BY "sessionId" ORDER BY "seq") AS "previousId"
  FROM "Message"
) AS ordered
WHERE m."id" = ordered."id" AND ordered."previousId" IS NOT NULL;

UPDATE "Session" AS s SET "activeLeafId" = (
  SELECT m."id" FROM "Message" AS m WHERE m."sessionId" = s."id" ORDER BY m."seq" DESC LIMIT 1
);

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;
