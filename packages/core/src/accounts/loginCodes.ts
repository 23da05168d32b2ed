import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '@chatbot/db';
import { unauthorized } from '../errors';
import { hashRefreshToken as hashSecret } from './refreshTokens';

/** Long enough to follow a redirect and POST the code; short enough to be worthless later. */
export const LOGIN_CODE_TTL_SECONDS = 60;

/** PKCE's S256: the challenge a code verifier answers. */
export const pkceChallenge = (verifier: string) =>
  createHash('sha256').update(verifier).digest('base64url');

/**
 * What is stored of a code: its hash, bound to the PKCE challenge of the client that started the
 * sign-in when there is one, so that only the holder of the verifier can redeem it (a code sent
 * to someone else, to sign them in as the sender, is worthless to them).
 */
const storedHash = (code: string, challenge: string | undefined) =>
  hashSecret(challenge === undefined ? code : `${code}:${challenge}`);

/** A one-time code standing for a finished external sign-in; only its hash is stored. */
export async function issueLoginCode(
  prisma: PrismaClient,
  userId: string,
  challenge?: string,
): Promise<string> {
  const code = randomBytes(32).toString('base64url');
  await prisma.loginCode.create({
    data: {
      userId,
      codeHash: storedHash(code, challenge),
      expiresAt: new Date(Date.now() + LOGIN_CODE_TTL_SECONDS * 1000),
    },
  });
  return code;
}

/**
 * The user the code was issued to. The row is deleted in the same statement that reads it, so
 * two racing exchanges of one code cannot both succeed.
 */
export async function redeemLoginCode(
  prisma: PrismaClient,
  code: string,
  verifier?: string,
): Promise<string> {
  const hash = storedHash(code, verifier === undefined ? undefined : pkceChallenge(verifier));
  const rows = await prisma.$queryRaw<{ userId: string; expiresAt: Date }[]>`
    DELETE FROM "LoginCode" WHERE "codeHash" = ${hash}
    RETURNING "userId", "expiresAt"`;
  const row = rows[0];
  if (!row || row.expiresAt.getTime() < Date.now()) {
    throw unauthorized('Invalid or expired sign-in code');
  }
  return row.userId;
}
