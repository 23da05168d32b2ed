-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "attachmentNotice" JSONB;
