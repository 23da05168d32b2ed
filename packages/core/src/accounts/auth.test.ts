import { openTestCore, type TestCore } from '@chatbot/core/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import {
  exchangeLoginCode,
  externalSignIn,
  getUser,
  INVALID_CREDENTIALS,
  login,
  logout,
  refresh,
  register,
  type AuthDeps,
} from './auth';
import { signInWithIdentity } from './identity';
import { hashRefreshToken, REFRESH_REUSE_GRACE_MS } from './refreshTokens';
import { createRateLimits } from '../rateLimits';

let core: TestCore;
beforeAll(async () => {
  core = await openTestCore();
});
afterAll(async () => {
  await core?.close();
});

const password = 'correct horse battery';
const uniqueEmail = (name = 'user') => `${name}-${randomUUID()}@example.com`;
const prisma = () => core.app.database.prisma;
const deps = (): AuthDeps => ({
  prisma: prisma(),
  rateLimits: core.app.rateLimits,
  accessTokens: core.app.accessTokens,
  refreshTokenTtlDays: core.config.auth.refreshTokenTtlDays,
});

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  const { kind, field, message } = error as DomainError;
  return { kind, field, message };
}

describe('register', () => {
  it('creates the user and returns a token pair for it', async () => {
    const email = uniqueEmail();
    const pair = await register(deps(), { email, password, name: 'Ada' });
    expect(pair.user).toMatchObject({ email, name: 'Ada', image: null });
    expect(pair.expiresIn).toBe(core.app.accessTokens.ttlSeconds);
    expect(await core.app.accessTokens.verify(pair.accessToken)).toEqual({ userId: pair.user.id });
    expect(pair.refreshToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(await getUser(prisma(), pair.user.id)).toEqual(pair.user);
  });

  it('stores an argon2id hash of the password, never the password', async () => {
    const pair = await register(deps(), { email: uniqueEmail(), password });
    const stored = await prisma().user.findUniqueOrThrow({ where: { id: pair.user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain(password);
  });

  it('stores only a hash of the refresh token', async () => {
    const pair = await register(deps(), { email: uniqueEmail(), password });
    const [stored] = await prisma().refreshToken.findMany({ where: { userId: pair.user.id } });
    expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.tokenHash).not.toBe(pair.refreshToken);
  });

  it('refuses a taken email as CONFLICT on the email field', async () => {
    const email = uniqueEmail();
    await register(deps(), { email, password });
    expect(await failureOf(register(deps(), { email, password: 'another password' }))).toEqual({
      kind: 'CONFLICT',
      field: 'email',
      message: 'An account with this email already exists',
    });
    expect(await prisma().user.count({ where: { email } })).toBe(1);
  });
});

describe('login', () => {
  it('returns a token pair for the right password', async () => {
    const email = uniqueEmail();
    const registered = await register(deps(), { email, password });
    const pair = await login(deps(), { email, password });
    expect(pair.user).toEqual(registered.user);
    expect(await core.app.accessTokens.verify(pair.accessToken)).toEqual({
      userId: registered.user.id,
    });
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    const email = uniqueEmail();
    const registered = await register(deps(), { email, password });
    const pair = await login(deps(), { email: `  ${email.toUpperCase()} `, password });
    expect(pair.user.id).toBe(registered.user.id);
  });

  it('starts a new refresh token family on each sign-in', async () => {
    const email = uniqueEmail();
    const registered = await register(deps(), { email, password });
    await login(deps(), { email, password });
    const families = await prisma().refreshToken.findMany({
      where: { userId: registered.user.id },
      select: { familyId: true },
    });
    expect(new Set(families.map((row) => row.familyId)).size).toBe(2);
  });

  it('refuses a wrong password and an unknown email with the same UNAUTHORIZED message', async () => {
    const email = uniqueEmail();
    await register(deps(), { email, password });
    const wrongPassword = await failureOf(login(deps(), { email, password: 'wrong password!' }));
    const unknownEmail = await failureOf(login(deps(), { email: uniqueEmail('nobody'), password }));
    expect(wrongPassword).toEqual({
      kind: 'UNAUTHORIZED',
      field: undefined,
      message: INVALID_CREDENTIALS,
    });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  it('refuses a password sign-in for a user who has no password', async () => {
    const { user } = await signInWithIdentity(prisma(), {
      provider: 'google',
      providerAccountId: randomUUID(),
      email: uniqueEmail('google'),
      emailVerified: true,
    });
    expect(
      await failureOf(login(deps(), { email: user.email, password: 'any password at all' })),
    ).toMatchObject({
      kind: 'UNAUTHORIZED',
      message: INVALID_CREDENTIALS,
    });
  });
});

/** Moves a rotation back in time, past the reuse grace. */
const rotatedLongAgo = (token: string) =>
  core.app.database.prisma.refreshToken.update({
    where: { tokenHash: hashRefreshToken(token) },
    data: { revokedAt: new Date(Date.now() - REFRESH_REUSE_GRACE_MS - 1000) },
  });

describe('refresh', () => {
  it('answers concurrent refreshes of one token with the same refresh token', async () => {
    const first = await register(deps(), { email: uniqueEmail(), password });
    const pairs = await Promise.all(
      Array.from({ length: 4 }, () => refresh(deps(), first.refreshToken)),
    );
    expect(new Set(pairs.map((pair) => pair.refreshToken)).size).toBe(1);
    for (const pair of pairs) {
      expect(await core.app.accessTokens.verify(pair.accessToken)).toEqual({
        userId: first.user.id,
      });
    }
    await expect(refresh(deps(), pairs[0]!.refreshToken)).resolves.toMatchObject({
      user: first.user,
    });
  });

  it('limits refreshes per token family, not per address', async () => {
    const limits = createRateLimits({ enabled: true, sendsPerMinute: 10, authPerMinute: 2 });
    const limited = () => ({ ...deps(), rateLimits: limits });
    const a = await register(deps(), { email: uniqueEmail(), password });
    const b = await register(deps(), { email: uniqueEmail(), password });
    const a2 = await refresh(limited(), a.refreshToken, '10.0.0.1');
    await refresh(limited(), a2.refreshToken, '10.0.0.1');
    expect(await failureOf(refresh(limited(), a2.refreshToken, '10.0.0.1'))).toMatchObject({
      kind: 'TOO_MANY_REQUESTS',
    });
    // Another user behind the same address (a frontend's proxy) is not held up.
    await expect(refresh(limited(), b.refreshToken, '10.0.0.1')).resolves.toMatchObject({
      user: b.user,
    });
  });

  it('rotates: a new pair for the same user, with a different refresh token', async () => {
    const first = await register(deps(), { email: uniqueEmail(), password });
    const second = await refresh(deps(), first.refreshToken);
    expect(second.user).toEqual(first.user);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(await core.app.accessTokens.verify(second.accessToken)).toEqual({
      userId: first.user.id,
    });
    await expect(refresh(deps(), second.refreshToken)).resolves.toMatchObject({
      user: first.user,
    });
  });

  it('revokes the whole family when a rotated token is presented again', async () => {
    const first = await register(deps(), { email: uniqueEmail(), password });
    const second = await refresh(deps(), first.refreshToken);
    await rotatedLongAgo(first.refreshToken);

    expect(await failureOf(refresh(deps(), first.refreshToken))).toMatchObject({
      kind: 'UNAUTHORIZED',
    });
    // The reuse means the token leaked: the live token dies with it.
    expect(await failureOf(refresh(deps(), second.refreshToken))).toMatchObject({
      kind: 'UNAUTHORIZED',
    });
  });

  it('leaves other sign-ins of the same user working after a reuse', async () => {
    const email = uniqueEmail();
    const first = await register(deps(), { email, password });
    const other = await login(deps(), { email, password });
    await refresh(deps(), first.refreshToken);
    await rotatedLongAgo(first.refreshToken);
    await failureOf(refresh(deps(), first.refreshToken));
    await expect(refresh(deps(), other.refreshToken)).resolves.toMatchObject({
      user: first.user,
    });
  });

  it('refuses an unknown refresh token', async () => {
    expect(await failureOf(refresh(deps(), 'made-up'))).toEqual({
      kind: 'UNAUTHORIZED',
      field: undefined,
      message: 'Invalid or expired refresh token',
    });
  });

  it('refuses an expired refresh token', async () => {
    const pair = await register(deps(), { email: uniqueEmail(), password });
    await prisma().refreshToken.updateMany({
      where: { userId: pair.user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await failureOf(refresh(deps(), pair.refreshToken))).toMatchObject({
      kind: 'UNAUTHORIZED',
    });
  });
});

describe('logout', () => {
  it('ends the refresh token and the family it belongs to', async () => {
    const first = await register(deps(), { email: uniqueEmail(), password });
    const second = await refresh(deps(), first.refreshToken);
    await logout(deps(), second.refreshToken);
    expect(await failureOf(refresh(deps(), second.refreshToken))).toMatchObject({
      kind: 'UNAUTHORIZED',
    });
  });

  it("leaves the same user's other sign-ins working", async () => {
    const email = uniqueEmail();
    const first = await register(deps(), { email, password });
    const other = await login(deps(), { email, password });
    await logout(deps(), first.refreshToken);
    await expect(refresh(deps(), other.refreshToken)).resolves.toBeDefined();
  });

  it('ignores a token it does not know', async () => {
    await expect(logout(deps(), 'made-up')).resolves.toBeUndefined();
  });
});

describe('getUser', () => {
  it('returns the user without the password hash', async () => {
    const pair = await register(deps(), { email: uniqueEmail(), password, name: 'Ada' });
    const user = await getUser(prisma(), pair.user.id);
    expect(user).toEqual({
      id: pair.user.id,
      email: pair.user.email,
      name: 'Ada',
      image: null,
      createdAt: expect.any(Date),
    });
  });

  it('refuses an unknown user as NOT_FOUND', async () => {
    expect(await failureOf(getUser(prisma(), 'cnotthereatall0000000000'))).toMatchObject({
      kind: 'NOT_FOUND',
    });
  });
});

describe('externalSignIn and exchangeLoginCode', () => {
  const identity = () => ({
    provider: 'google',
    providerAccountId: randomUUID(),
    email: uniqueEmail('google'),
    emailVerified: true,
    name: 'Grace',
  });

  it('trades the one-time code for tokens of the user it signed in', async () => {
    const signedIn = await externalSignIn(prisma(), identity());
    expect(signedIn).toMatchObject({ outcome: 'created', expiresIn: 60 });
    const pair = await exchangeLoginCode(deps(), signedIn.code);
    expect(pair.user).toMatchObject({ name: 'Grace' });
    expect(await core.app.accessTokens.verify(pair.accessToken)).toEqual({
      userId: pair.user.id,
    });
    await expect(refresh(deps(), pair.refreshToken)).resolves.toMatchObject({ user: pair.user });
  });

  it('signs the same identity in to the same user again', async () => {
    const google = identity();
    const first = await exchangeLoginCode(deps(), (await externalSignIn(prisma(), google)).code);
    const again = await externalSignIn(prisma(), google);
    expect(again.outcome).toBe('returning');
    expect((await exchangeLoginCode(deps(), again.code)).user.id).toBe(first.user.id);
  });

  it('accepts a code once', async () => {
    const { code } = await externalSignIn(prisma(), identity());
    await exchangeLoginCode(deps(), code);
    expect(await failureOf(exchangeLoginCode(deps(), code))).toEqual({
      kind: 'UNAUTHORIZED',
      field: undefined,
      message: 'Invalid or expired sign-in code',
    });
  });

  it('refuses a made-up code', async () => {
    expect(await failureOf(exchangeLoginCode(deps(), 'made-up'))).toMatchObject({
      kind: 'UNAUTHORIZED',
    });
  });
});
