-- AlterTable
ALTER TABLE "RefreshToken" ADD COLUMN     "successorCiphertext" TEXT;
