import { closeChatClient, createChatClient } from '@chatbot/client';
import { DEVELOPMENT_SECRETS } from '@chatbot/config';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, uniqueEmail, type TestServer } from '../harness';
import { registerOverRest, restClient } from '../rest/restClient';

/** Hardening the issue lists beyond auth.test.ts: algorithms, timing, limits and caps. */
let t: TestServer;
let limited: TestServer;
beforeAll(async () => {
  t = await startTestServer({ MAX_SUBSCRIPTIONS_PER_USER: '3' });
  limited = await startTestServer({
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_AUTH_PER_MINUTE: '3',
    RATE_LIMIT_SENDS_PER_MINUTE: '2',
  });
});
afterAll(async () => {
  await limited?.close();
  await t?.close();
});

const key = new TextEncoder().encode(DEVELOPMENT_SECRETS.JWT_SECRET);

describe('access tokens', () => {
  it('refuses a token signed with another HMAC algorithm, even with the right secret', async () => {
    const { userId } = await t.signUp();
    for (const alg of ['HS384', 'HS512']) {
      const token = await new SignJWT({})
        .setProtectedHeader({ alg })
        .setSubject(userId)
        .setIssuer('chatbot-ai')
        .setAudience('chatbot-ai:api')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key);
      const call = createChatClient({ url: t.trpcUrl, token }).auth.me.query();
      expect([alg, (await errorOf(call)).code]).toEqual([alg, 'UNAUTHORIZED']);
    }
  });

  it('a stream ticket is not an access token, and an access token is not a ticket', async () => {
    const { api, tokens } = await registerOverRest(t.server.url);
    const session = (await api.post('/sessions', { title: 'Tickets' })).body;
    const { ticket } = (await api.post(`/sse/sessions/${session.id}/ticket`)).body;
    expect((await restClient(t.server.url, ticket).get('/auth/me')).status).toBe(401);
    const withToken = await fetch(
      `${t.server.url}/sse/sessions/${session.id}/stream?ticket=${tokens.accessToken}`,
    );
    expect(withToken.status).toBe(401);
  });
});

describe('sign-in does not reveal whether an email is registered', () => {
  it('answers an unknown email and a wrong password alike, in words and in time', async () => {
    const { email } = await registerOverRest(t.server.url);
    const anonymous = restClient(t.server.url);
    const attempt = async (address: string) => {
      const started = performance.now();
      const answer = await anonymous.post('/auth/login', { email: address, password: 'not it!!' });
      return { ms: performance.now() - started, status: answer.status, body: answer.body };
    };
    const known = [];
    const unknown = [];
    for (let round = 0; round < 6; round += 1) {
      known.push(await attempt(email));
      unknown.push(await attempt(uniqueEmail('nobody')));
    }
    expect(
      new Set([...known, ...unknown].map((answer) => JSON.stringify([answer.status, answer.body]))),
    ).toEqual(new Set([JSON.stringify([401, known[0]!.body])]));
    // Both run one argon2id verification (an unknown email checks a dummy hash). Skipping the
    // hash would be ~100x faster; a factor of ten leaves room for a busy machine.
    const median = (answers: { ms: number }[]) =>
      answers.map((answer) => answer.ms).sort((a, b) => a - b)[answers.length >> 1]!;
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.1);
    expect(ratio).toBeLessThan(10);
  });
});

describe('rate limits', () => {
  it('register and login share a per-IP budget, refresh one per token family; past it, 429 with Retry-After', async () => {
    const anonymous = restClient(limited.server.url);
    const registered = await anonymous.post('/auth/register', {
      email: uniqueEmail('limited'),
      password: 'correct horse battery',
    });
    expect(registered.status).toBe(201);
    // Refreshes spend the family's budget, not the address's (a frontend proxy refreshes all).
    let refreshToken = registered.body.refreshToken as string;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const refreshed = await anonymous.post('/auth/refresh', undefined, { token: refreshToken });
      expect(refreshed.status).toBe(200);
      refreshToken = refreshed.body.refreshToken;
    }
    expect(
      (await anonymous.post('/auth/login', { email: 'x@example.com', password: 'wrong one' }))
        .status,
    ).toBe(401);
    expect(
      (
        await anonymous.post('/auth/register', {
          email: uniqueEmail('third'),
          password: 'correct horse battery',
        })
      ).status,
    ).toBe(201);
    for (const refused of [
      await anonymous.post('/auth/register', {
        email: uniqueEmail('more'),
        password: 'correct horse battery',
      }),
      await anonymous.post('/auth/refresh', undefined, { token: refreshToken }),
      await anonymous.post('/auth/login', { email: 'x@example.com', password: 'wrong one' }),
    ]) {
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('sends are limited per user: the third in a minute is 429 and stores nothing', async () => {
    const { userId } = await limited.database.prisma.user
      .create({ data: { email: uniqueEmail('sender') } })
      .then((user) => ({ userId: user.id }));
    const token = await limited.app.accessTokens.sign({ userId });
    const api = restClient(limited.server.url, token);
    const session = (await api.post('/sessions', { title: 'Limited' })).body;
    const send = (content: string) =>
      api.post('/messages', { sessionId: session.id, role: 'user', content });
    expect((await send('one')).status).toBe(201);
    await waitForReplies(limited, session.id);
    expect((await send('two')).status).toBe(201);
    await waitForReplies(limited, session.id);
    const third = await send('three');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    const stored = await limited.database.prisma.message.count({
      where: { sessionId: session.id, role: 'user' },
    });
    expect(stored).toBe(2);
  });
});

async function waitForReplies(server: TestServer, sessionId: string) {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const streaming = await server.database.prisma.message.count({
      where: { sessionId, status: 'streaming' },
    });
    if (streaming === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('open event streams per user', () => {
  it('refuses one stream past the cap with 429, and frees the slot when a stream closes', async () => {
    const { api, tokens } = await registerOverRest(t.server.url);
    const session = (await api.post('/sessions', { title: 'Streams' })).body;
    const url = `${t.server.url}/sse/sessions/${session.id}/stream`;
    const headers = { authorization: `Bearer ${tokens.accessToken}` };
    const open = [];
    for (let index = 0; index < 3; index += 1) {
      const controller = new AbortController();
      const response = await fetch(url, { headers, signal: controller.signal });
      expect(response.status).toBe(200);
      open.push({ controller, response });
    }
    const refused = await fetch(url, { headers });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' });

    // Over tRPC (WebSocket) the same cap holds, with the same code.
    const client = createChatClient({ url: t.trpcUrl, token: tokens.accessToken, transport: 'ws' });
    const code = await new Promise<string | undefined>((resolve) => {
      client.messages.onEvent.subscribe(
        { sessionId: session.id },
        { onError: (error) => resolve((error as { data?: { code?: string } }).data?.code) },
      );
    });
    expect(code).toBe('TOO_MANY_REQUESTS');
    closeChatClient(client);

    open[0]!.controller.abort();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const again = await fetch(url, { headers, signal: AbortSignal.timeout(2_000) }).catch(
        () => undefined,
      );
      status = again?.status ?? 0;
      if (status === 200) await again!.body?.cancel();
    }
    expect(status).toBe(200);
    for (const stream of open.slice(1)) stream.controller.abort();
  });
});
