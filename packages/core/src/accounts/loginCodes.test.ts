import { openTestCore, type TestCore } from '@chatbot/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../errors';
import { issueLoginCode, LOGIN_CODE_TTL_SECONDS, redeemLoginCode } from './loginCodes';

let core: TestCore;
let user: { id: string };
beforeAll(async () => {
  core = await openTestCore();
  user = await core.createTestUser();
});
afterAll(async () => {
  await core?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

const prisma = () => core.app.database.prisma;

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  const { kind, message } = error as DomainError;
  return { kind, message };
}

const refused = { kind: 'UNAUTHORIZED', message: 'Invalid or expired sign-in code' };

describe('login codes', () => {
  it('redeem to the user they were issued to', async () => {
    const code = await issueLoginCode(prisma(), user.id);
    expect(await redeemLoginCode(prisma(), code)).toBe(user.id);
  });

  it('are stored only as a hash', async () => {
    const code = await issueLoginCode(prisma(), user.id);
    expect(code).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(await prisma().loginCode.count({ where: { codeHash: code } })).toBe(0);
    const stored = await prisma().loginCode.findMany({ where: { userId: user.id } });
    expect(stored.every((row) => !row.codeHash.includes(code))).toBe(true);
  });

  it('redeem once only', async () => {
    const code = await issueLoginCode(prisma(), user.id);
    await redeemLoginCode(prisma(), code);
    expect(await failureOf(redeemLoginCode(prisma(), code))).toEqual(refused);
  });

  it('redeem once only, even when two exchanges race', async () => {
    const code = await issueLoginCode(prisma(), user.id);
    const results = await Promise.allSettled([
      redeemLoginCode(prisma(), code),
      redeemLoginCode(prisma(), code),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('are refused when made up', async () => {
    expect(await failureOf(redeemLoginCode(prisma(), 'made-up'))).toEqual(refused);
  });

  it('are accepted within their lifetime', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const code = await issueLoginCode(prisma(), user.id);
    vi.setSystemTime(Date.now() + (LOGIN_CODE_TTL_SECONDS - 1) * 1000);
    expect(await redeemLoginCode(prisma(), code)).toBe(user.id);
  });

  it('are refused once their lifetime is over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const code = await issueLoginCode(prisma(), user.id);
    vi.setSystemTime(Date.now() + (LOGIN_CODE_TTL_SECONDS + 1) * 1000);
    expect(await failureOf(redeemLoginCode(prisma(), code))).toEqual(refused);
  });
});
