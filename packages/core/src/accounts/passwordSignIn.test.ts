import { openTestCore, type TestCore } from '@chatbot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { INVALID_CREDENTIALS, passwordSignIn, registerWithPassword } from './passwordSignIn';

/** Ten attempts per IP per minute: the budget OWASP's advice is measured against here. */
let core: TestCore;
beforeAll(async () => {
  core = await openTestCore({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_AUTH_PER_MINUTE: '10' });
});
afterAll(async () => {
  await core?.close();
});

const deps = () => ({ prisma: core.app.database.prisma, rateLimits: core.app.rateLimits });

async function outcome(input: { email: string; password: string; ip: string }) {
  try {
    await passwordSignIn(deps(), input);
    return { kind: 'SIGNED_IN' };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { kind: error.kind, message: error.message, retryAfter: error.retryAfterSeconds };
  }
}

describe('password sign-in limits', () => {
  it("an attacker's wrong passwords from ten IPs do not keep the owner out", async () => {
    const owner = await core.createTestUser();
    for (let ip = 1; ip <= 10; ip += 1) {
      expect(
        await outcome({ email: owner.email, password: 'wrong guess', ip: `10.0.0.${ip}` }),
      ).toMatchObject({ kind: 'UNAUTHORIZED', message: INVALID_CREDENTIALS });
    }
    expect(
      await outcome({ email: owner.email, password: owner.password, ip: '192.168.1.1' }),
    ).toEqual({ kind: 'SIGNED_IN' });
  });

  it('a distributed guess at one account slows every failing client, not the owner', async () => {
    const owner = await core.createTestUser();
    // A hundred failures from a hundred IPs spend the account's failure budget...
    for (let ip = 1; ip <= 100; ip += 1) {
      await outcome({ email: owner.email, password: 'wrong guess', ip: `10.1.${ip}.1` });
    }
    // ...so a client that failed waits, even with the right password...
    expect(
      await outcome({ email: owner.email, password: owner.password, ip: '10.1.7.1' }),
    ).toMatchObject({ kind: 'TOO_MANY_REQUESTS', retryAfter: expect.any(Number) });
    // ...while one that has not been failing signs in.
    expect(
      await outcome({ email: owner.email, password: owner.password, ip: '192.168.2.2' }),
    ).toEqual({ kind: 'SIGNED_IN' });
  });

  it('one IP guessing is slowed down with TOO_MANY_REQUESTS and a retry delay', async () => {
    const owner = await core.createTestUser();
    const answers = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      answers.push(await outcome({ email: owner.email, password: 'wrong guess', ip: '10.2.0.1' }));
    }
    expect(answers.slice(0, 10).every((answer) => answer.kind === 'UNAUTHORIZED')).toBe(true);
    expect(answers[10]).toMatchObject({ kind: 'TOO_MANY_REQUESTS' });
    expect(answers[10]!.retryAfter).toBeGreaterThan(0);
  });

  it('a right password ends a run of failures from that client', async () => {
    const owner = await core.createTestUser();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await outcome({ email: owner.email, password: 'wrong guess', ip: '10.3.0.1' });
    }
    expect(await outcome({ email: owner.email, password: owner.password, ip: '10.3.0.1' })).toEqual(
      { kind: 'SIGNED_IN' },
    );
    expect(
      await core.app.rateLimits.get('signInFailures', `account:${owner.email}|ip:10.3.0.1`),
    ).toMatchObject({ spent: 0 });
  });

  it('registrations spend the same per-IP budget, and a refused one creates nothing', async () => {
    const ip = '10.4.0.1';
    const emails = Array.from(
      { length: 11 },
      (_, index) => `budget-${index}-${Date.now()}@example.com`,
    );
    const answers = [];
    for (const email of emails) {
      try {
        await registerWithPassword(deps(), { email, password: 'a long enough password', ip });
        answers.push('CREATED');
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        answers.push(error.kind);
      }
    }
    expect(answers.slice(0, 10)).toEqual(Array(10).fill('CREATED'));
    expect(answers[10]).toBe('TOO_MANY_REQUESTS');
    const refused = await core.app.database.prisma.user.findUnique({
      where: { email: emails[10] },
    });
    expect(refused).toBeNull();
    // A sign-in from that address waits too: one budget for every auth attempt.
    const owner = await core.createTestUser();
    expect(await outcome({ email: owner.email, password: owner.password, ip })).toMatchObject({
      kind: 'TOO_MANY_REQUESTS',
    });
  });
});
