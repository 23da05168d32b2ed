import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PrismaClient } from '@chatbot/db';
import { unauthorized } from '../errors';

const INVALID = 'Invalid or expired refresh token';

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new opaque token; only its hash is stored. */
function newToken() {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashRefreshToken(token) };
}

export async function issueRefreshToken(
  prisma: PrismaClient,
  userId: string,
  ttlDays: number,
  familyId: string = randomUUID(),
): Promise<string> {
  const { token, tokenHash } = newToken();
  await prisma.refreshToken.create({
    data: { userId, tokenHash, familyId, expiresAt: new Date(Date.now() + ttlDays * 86_400_000) },
  });
  return token;
}

async function revokeFamily(prisma: PrismaClient, familyId: string) {
  await prisma.refreshToken.updateMany({
    where: { familyId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/**
 * Exchange a refresh token for a new one in the same family. The old one dies. Presenting a
 * token that was already rotated means it leaked (or a client raced itself): the whole family is
 * revoked, so the thief and the owner must both sign in again.
 */
export async function rotateRefreshToken(prisma: PrismaClient, token: string, ttlDays: number) {
  const current = await prisma.refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(token) },
  });
  if (!current) throw unauthorized(INVALID);
  if (current.revokedAt) {
    await revokeFamily(prisma, current.familyId);
    throw unauthorized(INVALID);
  }
  if (current.expiresAt.getTime() <= Date.now()) throw unauthorized(INVALID);

  const next = newToken();
  const rotated = await prisma.$transaction(async (tx) => {
    const created = await tx.refreshToken.create({
      data: {
        userId: current.userId,
        tokenHash: next.tokenHash,
        familyId: current.familyId,
        expiresAt: new Date(Date.now() + ttlDays * 86_400_000),
      },
    });
    // Conditional on "not yet revoked": of two concurrent rotations only one wins.
    const { count } = await tx.refreshToken.updateMany({
      where: { id: current.id, revokedAt: null },
      data: { revokedAt: new Date(), replacedById: created.id },
    });
    return count === 1;
  });
  if (!rotated) {
    await revokeFamily(prisma, current.familyId);
    throw unauthorized(INVALID);
  }
  // The family began at a sign-in: new access tokens keep that time as their auth_time.
  const first = await prisma.refreshToken.findFirst({
    where: { familyId: current.familyId },
    orderBy: { createdAt: 'asc' },
    select: { createdAt: true },
  });
  const signedInAt = first?.createdAt ?? current.createdAt;
  return { userId: current.userId, refreshToken: next.token, signedInAt };
}

/** Sign out: the token's whole family stops working. Unknown tokens are ignored. */
export async function revokeRefreshToken(prisma: PrismaClient, token: string) {
  const current = await prisma.refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(token) },
  });
  if (current) await revokeFamily(prisma, current.familyId);
}
