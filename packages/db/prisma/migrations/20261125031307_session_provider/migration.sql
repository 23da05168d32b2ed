-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "provider" TEXT NOT NULL DEFAULT 'OPENAI';

-- Existing chats: the family their model's name points to (the rule `providerFamilyOf` applies).
UPDATE "Session" SET "provider" = CASE
  WHEN "model" ~* '(anthropic|claude)' THEN 'ANTHROPIC'
  WHEN "model" ~* '(gemini|google)' THEN 'GOOGLE'
  ELSE 'OPENAI'
END;
