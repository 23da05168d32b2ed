-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "importKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Session_userId_importKey_key" ON "Session"("userId", "importKey");
