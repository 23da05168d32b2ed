import 'server-only';
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@chatbot/db';

/**
 * The web app's signed-in browsers. next-auth's JWT cannot be taken back once issued, so each
 * one names a row here (`sid`); a session counts only while its row is live, and signing out
 * (or a password change) ends the row, whatever copies of the cookie exist.
 */
export async function startWebSession(
  prisma: PrismaClient,
  userId: string,
  maxAgeSeconds: number,
): Promise<string> {
  const id = randomBytes(24).toString('base64url');
  await prisma.webSession.create({
    data: { id, userId, expiresAt: new Date(Date.now() + maxAgeSeconds * 1000) },
  });
  return id;
}

/** The user id of a live session: not revoked, not expired, and still that user's. */
export async function liveWebSessionUser(
  prisma: PrismaClient,
  sid: unknown,
): Promise<string | undefined> {
  if (typeof sid !== 'string' || sid.length === 0 || sid.length > 100) return undefined;
  const session = await prisma.webSession.findUnique({ where: { id: sid } });
  if (!session || session.revokedAt || session.expiresAt <= new Date()) return undefined;
  return session.userId;
}

export async function endWebSession(prisma: PrismaClient, sid: unknown): Promise<void> {
  if (typeof sid !== 'string' || sid.length === 0) return;
  await prisma.webSession.updateMany({
    where: { id: sid, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/** Every browser of a user signs out (a password change, an account that was taken over). */
export async function endAllWebSessions(prisma: PrismaClient, userId: string): Promise<void> {
  await prisma.webSession.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}
