import { createChatClient, createChatSession, memoryTokenStore } from '@chatbot/client';
import { DEVELOPMENT_SECRETS } from '@chatbot/config';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, uniqueEmail, type TestServer } from './harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const password = 'correct horse battery';

function tokenWith(
  claims: { sub: string; exp?: number; iss?: string; aud?: string },
  secret: string = DEVELOPMENT_SECRETS.JWT_SECRET,
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(claims.iss ?? 'chatbot-ai')
    .setAudience(claims.aud ?? 'chatbot-ai:api')
    .setIssuedAt(now - 60)
    .setExpirationTime(claims.exp ?? now + 600)
    .sign(new TextEncoder().encode(secret));
}

describe('auth', () => {
  it('registers, returns a token pair, and knows the user', async () => {
    const anonymous = t.anonymous();
    const email = uniqueEmail('Reg');
    const pair = await anonymous.auth.register.mutate({ email, password, name: 'Ada' });
    expect(pair.user).toMatchObject({ email: email.toLowerCase(), name: 'Ada' });
    expect(pair.expiresIn).toBe(900);
    expect(pair.refreshToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const client = createChatClient({ url: t.trpcUrl, token: pair.accessToken });
    expect(await client.auth.me.query()).toEqual(pair.user);
    // The password is stored as an argon2id hash, never as given.
    const stored = await t.database.prisma.user.findUniqueOrThrow({ where: { id: pair.user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a duplicate email with CONFLICT on the email field (case-insensitively)', async () => {
    const email = uniqueEmail();
    await t.anonymous().auth.register.mutate({ email, password });
    expect(
      await errorOf(t.anonymous().auth.register.mutate({ email: email.toUpperCase(), password })),
    ).toMatchObject({
      code: 'CONFLICT',
      field: 'email',
    });
  });

  it.each([
    [{ email: 'not-an-email', password }, 'email'],
    [{ email: 'a@example.com', password: 'short' }, 'password'],
    [{ email: 'a@example.com', password: 'x'.repeat(257) }, 'password'],
    [{ email: 'a@example.com', password: 'aaaaaaaa' }, 'password'],
    [{ email: 'a@example.com', password: '12345678' }, 'password'],
    [{ email: 'a@example.com', password: 'password' }, 'password'],
    [{ email: 'a@example.com', password: '        ' }, 'password'],
    [{ email: `${'a'.repeat(250)}@example.com`, password }, 'email'],
  ])('rejects bad registration input %j naming %s', async (input, field) => {
    const error = await errorOf(t.anonymous().auth.register.mutate(input));
    expect(error).toMatchObject({ code: 'BAD_REQUEST', field });
    expect(error.fieldErrors?.[field]?.length).toBeGreaterThan(0);
  });

  it('gives the same UNAUTHORIZED message for a wrong password and an unknown email', async () => {
    const email = uniqueEmail();
    await t.anonymous().auth.register.mutate({ email, password });
    const wrongPassword = await errorOf(
      t.anonymous().auth.login.mutate({ email, password: 'wrong password!' }),
    );
    const unknownEmail = await errorOf(
      t.anonymous().auth.login.mutate({ email: uniqueEmail('nobody'), password }),
    );
    expect(wrongPassword).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'Invalid email or password',
    });
    expect(unknownEmail).toEqual(wrongPassword);
    const pair = await t.anonymous().auth.login.mutate({ email, password });
    expect(pair.user.email).toBe(email);
  });

  it('refuses protected calls without, or with an expired, tampered or foreign token', async () => {
    const { userId } = await t.signUp();
    const call = (token?: string) => createChatClient({ url: t.trpcUrl, token }).auth.me.query();
    expect(await errorOf(call())).toMatchObject({ code: 'UNAUTHORIZED', message: 'Sign in first' });
    const expired = await tokenWith({ sub: userId, exp: Math.floor(Date.now() / 1000) - 5 });
    expect(await errorOf(call(expired))).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'Invalid or expired access token',
    });
    const valid = await tokenWith({ sub: userId });
    expect((await call(valid)).id).toBe(userId);
    const tampered = `${valid.slice(0, -4)}${valid.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect(await errorOf(call(tampered))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(
      await errorOf(call(await tokenWith({ sub: userId, iss: 'someone-else' }))),
    ).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await errorOf(call(await tokenWith({ sub: userId, aud: 'other-api' })))).toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect(
      await errorOf(
        call(await tokenWith({ sub: userId }, 'another-secret-of-sufficient-length!!')),
      ),
    ).toMatchObject({
      code: 'UNAUTHORIZED',
    });
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${valid.split('.')[1]}.`;
    expect(await errorOf(call(unsigned))).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('logout ends the refresh token', async () => {
    const pair = await t.anonymous().auth.register.mutate({ email: uniqueEmail(), password });
    await t.anonymous().auth.logout.mutate({ refreshToken: pair.refreshToken });
    expect(
      await errorOf(t.anonymous().auth.refresh.mutate({ refreshToken: pair.refreshToken })),
    ).toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('the client session refreshes an expired access token once, transparently', async () => {
    const pair = await t.anonymous().auth.register.mutate({ email: uniqueEmail(), password });
    const expired = await tokenWith({ sub: pair.user.id, exp: Math.floor(Date.now() / 1000) - 5 });
    // Stored as if still valid for 10 minutes: the server's UNAUTHORIZED triggers the refresh.
    const store = memoryTokenStore({
      accessToken: expired,
      refreshToken: pair.refreshToken,
      accessTokenExpiresAt: Date.now() + 600_000,
      user: pair.user,
    });
    const session = createChatSession({ url: t.trpcUrl, store });
    try {
      const [a, b] = await Promise.all([
        session.client.auth.me.query(),
        session.client.groups.list.query(),
      ]);
      expect(a.id).toBe(pair.user.id);
      expect(b).toEqual([]);
      const stored = await store.load();
      expect(stored?.accessToken).not.toBe(expired);
      expect(stored?.refreshToken).not.toBe(pair.refreshToken);
      // One refresh for both calls: the family has exactly two tokens (the first, rotated once).
      expect(await t.database.prisma.refreshToken.count({ where: { userId: pair.user.id } })).toBe(
        2,
      );
    } finally {
      session.close();
    }
  });

  it('the client session refreshes shortly before expiry, and signs out when refresh is refused', async () => {
    const pair = await t.anonymous().auth.register.mutate({ email: uniqueEmail(), password });
    const store = memoryTokenStore({
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      accessTokenExpiresAt: Date.now() + 1_000, // inside the 30 s margin
      user: pair.user,
    });
    const session = createChatSession({ url: t.trpcUrl, store });
    try {
      await session.client.auth.me.query();
      expect((await store.load())?.refreshToken).not.toBe(pair.refreshToken);

      await t.database.prisma.refreshToken.updateMany({
        where: { userId: pair.user.id },
        data: { revokedAt: new Date() },
      });
      await store.save({ ...(await store.load())!, accessTokenExpiresAt: Date.now() });
      expect(await session.refresh()).toBe(false);
      expect(await store.load()).toBeUndefined();
    } finally {
      session.close();
    }
  });
});
