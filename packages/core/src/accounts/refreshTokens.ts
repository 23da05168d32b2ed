import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
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

/** A reuse this soon after the rotation is the same client racing itself, not a theft. */
export const REFRESH_REUSE_GRACE_MS = 30_000;
/** How many rotations within the grace a late reuse may follow to the live token. */
const MAX_GRACE_HOPS = 4;

/**
 * Exchange a refresh token for a new one in the same family. The old one dies, but for
 * REFRESH_REUSE_GRACE_MS presenting it again answers the same successor (concurrent refreshes
 * of a proxy, a client that kept the old token). A reuse after the grace means it leaked: the
 * whole family is revoked, so the thief and the owner must both sign in again.
 */
export async function rotateRefreshToken(prisma: PrismaClient, token: string, ttlDays: number) {
  const current = await prisma.refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(token) },
  });
  if (!current) throw unauthorized(INVALID);
  if (current.revokedAt) return successorWithinGrace(prisma, token, current.familyId);
  if (current.expiresAt.getTime() <= Date.now()) throw unauthorized(INVALID);

  const next = newToken();
  const rotated = await prisma
    .$transaction(async (tx) => {
      // Conditional on "not yet revoked": of two concurrent rotations only one wins; the other
      // rolls back and takes the winner's successor through the grace.
      const { count } = await tx.refreshToken.updateMany({
        where: { id: current.id, revokedAt: null },
        data: { revokedAt: new Date(), successorCiphertext: sealSuccessor(token, next.token) },
      });
      if (count !== 1) throw new LostRotation();
      const created = await tx.refreshToken.create({
        data: {
          userId: current.userId,
          tokenHash: next.tokenHash,
          familyId: current.familyId,
          expiresAt: new Date(Date.now() + ttlDays * 86_400_000),
        },
      });
      await tx.refreshToken.update({
        where: { id: current.id },
        data: { replacedById: created.id },
      });
      return true;
    })
    .catch((error: unknown) => {
      if (error instanceof LostRotation) return false;
      throw error;
    });
  if (!rotated) return successorWithinGrace(prisma, token, current.familyId);
  return {
    userId: current.userId,
    refreshToken: next.token,
    signedInAt: await signedInAt(prisma, current.familyId),
  };
}

class LostRotation extends Error {}

/** The family began at a sign-in: new access tokens keep that time as their auth_time. */
async function signedInAt(prisma: PrismaClient, familyId: string) {
  const first = await prisma.refreshToken.findFirst({
    where: { familyId },
    orderBy: { createdAt: 'asc' },
    select: { createdAt: true },
  });
  return first?.createdAt ?? new Date();
}

/**
 * A rotated token presented again: within the grace, the live successor it was rotated into
 * (following later rotations that are themselves within the grace); otherwise a reuse, and the
 * family is revoked.
 */
async function successorWithinGrace(prisma: PrismaClient, token: string, familyId: string) {
  let presented = token;
  for (let hop = 0; hop < MAX_GRACE_HOPS; hop++) {
    const row = await prisma.refreshToken.findUnique({
      where: { tokenHash: hashRefreshToken(presented) },
    });
    if (!row || row.familyId !== familyId) break;
    if (!row.revokedAt) {
      if (row.expiresAt.getTime() <= Date.now()) break;
      return {
        userId: row.userId,
        refreshToken: presented,
        signedInAt: await signedInAt(prisma, familyId),
      };
    }
    const rotatedRecently = Date.now() - row.revokedAt.getTime() <= REFRESH_REUSE_GRACE_MS;
    const successor = row.successorCiphertext && openSuccessor(presented, row.successorCiphertext);
    // Revoked without a successor is a sign-out or a revoked family: never revived.
    if (!rotatedRecently || !successor) break;
    presented = successor;
  }
  await revokeFamily(prisma, familyId);
  throw unauthorized(INVALID);
}

/**
 * The successor is stored encrypted under a key only the presented (predecessor) token yields:
 * the database alone does not give out live tokens, and nobody can derive one offline.
 */
function successorKey(token: string) {
  return createHash('sha256').update(`refresh-successor:${token}`).digest();
}

function sealSuccessor(token: string, successor: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', successorKey(token), iv);
  const sealed = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
}

function openSuccessor(token: string, ciphertext: string): string | undefined {
  try {
    const [iv, tag, sealed] = ciphertext.split('.').map((part) => Buffer.from(part, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', successorKey(token), iv!);
    decipher.setAuthTag(tag!);
    return Buffer.concat([decipher.update(sealed!), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** The family of a stored token, to limit refreshes per family rather than per address. */
export async function refreshTokenFamily(prisma: PrismaClient, token: string) {
  const row = await prisma.refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(token) },
    select: { familyId: true },
  });
  return row?.familyId;
}

/** Sign out: the token's whole family stops working. Unknown tokens are ignored. */
export async function revokeRefreshToken(prisma: PrismaClient, token: string) {
  const current = await prisma.refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(token) },
  });
  if (current) await revokeFamily(prisma, current.familyId);
}
