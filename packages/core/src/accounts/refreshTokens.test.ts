import { openTestCore, type TestCore } from '@chatbot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import {
  hashRefreshToken,
  issueRefreshToken,
  REFRESH_REUSE_GRACE_MS,
  revokeRefreshToken,
  rotateRefreshToken,
} from './refreshTokens';

let core: TestCore;
let user: { id: string };
beforeAll(async () => {
  core = await openTestCore();
  user = await core.createTestUser();
});
afterAll(async () => {
  await core?.close();
});

const ttlDays = 30;
const prisma = () => core.app.database.prisma;
const rotate = (token: string) => rotateRefreshToken(prisma(), token, ttlDays);

async function kindOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).kind;
}

const stored = (token: string) =>
  prisma().refreshToken.findUniqueOrThrow({ where: { tokenHash: hashRefreshToken(token) } });

describe('refresh tokens', () => {
  it('are stored as their SHA-256 hash, expiring after the given days', async () => {
    const token = await issueRefreshToken(prisma(), user.id, ttlDays);
    const row = await stored(token);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(token);
    const days = (row.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(ttlDays - 0.01);
    expect(days).toBeLessThanOrEqual(ttlDays);
  });

  it('rotate to a new token in the same family, recording the replacement', async () => {
    const first = await issueRefreshToken(prisma(), user.id, ttlDays);
    const rotated = await rotate(first);
    expect(rotated.userId).toBe(user.id);
    const [old, next] = [await stored(first), await stored(rotated.refreshToken)];
    expect(next.familyId).toBe(old.familyId);
    expect(old.revokedAt).not.toBeNull();
    expect(old.replacedById).toBe(next.id);
    expect(next.revokedAt).toBeNull();
  });

  /** Moves a rotation back in time, past the reuse grace. */
  const rotatedLongAgo = (token: string) =>
    prisma().refreshToken.update({
      where: { tokenHash: hashRefreshToken(token) },
      data: { revokedAt: new Date(Date.now() - REFRESH_REUSE_GRACE_MS - 1000) },
    });

  it('revoke the whole family when a rotated one is presented again after the grace', async () => {
    const first = await issueRefreshToken(prisma(), user.id, ttlDays);
    const second = (await rotate(first)).refreshToken;
    const third = (await rotate(second)).refreshToken;
    await rotatedLongAgo(first);
    expect(await kindOf(rotate(first))).toBe('UNAUTHORIZED');
    expect((await stored(third)).revokedAt).not.toBeNull();
    expect(await kindOf(rotate(third))).toBe('UNAUTHORIZED');
  });

  it('give concurrent rotations of one token the same successor', async () => {
    const token = await issueRefreshToken(prisma(), user.id, ttlDays);
    const results = await Promise.all([rotate(token), rotate(token), rotate(token), rotate(token)]);
    const successors = new Set(results.map((result) => result.refreshToken));
    expect(successors.size).toBe(1);
    const [successor] = [...successors];
    expect((await stored(successor!)).revokedAt).toBeNull();
    // The family lives on: the successor rotates normally.
    await expect(rotate(successor!)).resolves.toMatchObject({ userId: user.id });
  });

  it('answer a client that kept the old token, within the grace, with the live token', async () => {
    const first = await issueRefreshToken(prisma(), user.id, ttlDays);
    const second = (await rotate(first)).refreshToken;
    expect((await rotate(first)).refreshToken).toBe(second);
    const third = (await rotate(second)).refreshToken;
    expect((await rotate(first)).refreshToken).toBe(third);
  });

  it('never revive a family revoked by a sign-out, even within the grace', async () => {
    const first = await issueRefreshToken(prisma(), user.id, ttlDays);
    const second = (await rotate(first)).refreshToken;
    await revokeRefreshToken(prisma(), second);
    expect(await kindOf(rotate(first))).toBe('UNAUTHORIZED');
  });

  it('do not store the successor in the clear', async () => {
    const first = await issueRefreshToken(prisma(), user.id, ttlDays);
    const second = (await rotate(first)).refreshToken;
    const row = await stored(first);
    expect(row.successorCiphertext).toBeTruthy();
    expect(row.successorCiphertext).not.toContain(second);
  });

  it('are refused once expired, without revoking the family', async () => {
    const token = await issueRefreshToken(prisma(), user.id, ttlDays);
    await prisma().refreshToken.update({
      where: { tokenHash: hashRefreshToken(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await kindOf(rotate(token))).toBe('UNAUTHORIZED');
    expect((await stored(token)).revokedAt).toBeNull();
  });

  it('on revocation take their family with them, and no other', async () => {
    const first = await issueRefreshToken(prisma(), user.id, ttlDays);
    const second = (await rotate(first)).refreshToken;
    const otherFamily = await issueRefreshToken(prisma(), user.id, ttlDays);
    await revokeRefreshToken(prisma(), first);
    expect(await kindOf(rotate(second))).toBe('UNAUTHORIZED');
    expect((await stored(otherFamily)).revokedAt).toBeNull();
  });
});
