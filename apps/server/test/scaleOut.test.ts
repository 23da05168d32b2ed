import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import { createChatClient } from '@chatbot/client';
import { readTestEnvironment } from '@chatbot/config';
import { createDatabase, type Database } from '@chatbot/db';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembledText, collectEvents, endOf, sleep } from './events';
import { startTestServer, type TestServer } from './harness';

const { databaseUrl, redisUrl } = readTestEnvironment();
const enabled = Boolean(databaseUrl && redisUrl);

let fake: FakeOpenAI;
let a: TestServer;
let b: TestServer;
let bDatabase: Database;

const METRICS_TOKEN = 'metrics-token-for-the-scale-out-suite';

beforeAll(async () => {
  if (!enabled) return;
  fake = await startFakeOpenAI();
  const env = {
    OPENAI_BASE_URL: fake.url,
    OPENAI_MODELS: 'fake-model',
    REDIS_URL: redisUrl!,
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_SENDS_PER_MINUTE: '1000',
    RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    METRICS_TOKEN,
  };
  const redisPrefix = `scale:${randomUUID()}:`;
  a = await startTestServer(env, { redisPrefix });
  // Instance B: its own process state and database connection, the same PostgreSQL and Redis.
  bDatabase = await createDatabase({ kind: 'postgres', url: a.database.url! });
  b = await startTestServer(env, {
    redisPrefix,
    database: Object.assign(bDatabase, { label: 'postgres' }),
  });
});
afterAll(async () => {
  await b?.close();
  await bDatabase?.close();
  await a?.close();
  await fake?.close();
});

const tokens = (count: number) => Array.from({ length: count }, (_, index) => `s${index} `);

/** The same user, signed in on both instances (a token from one is valid on the other). */
async function userOnBoth(transportOnB: 'sse' | 'ws' = 'ws') {
  const user = await a.signUp({ transport: 'sse' });
  const pair = await b
    .anonymous()
    .auth.login.mutate({ email: user.email, password: user.password });
  const onB = createChatClient({
    url: b.trpcUrl,
    transport: transportOnB,
    token: pair.accessToken,
  });
  const session = await user.client.sessions.create.mutate({ title: 'Scaled' });
  return { onA: user.client, onB, session };
}

/** Two instances with their own settings, sharing this test's PostgreSQL database and a Redis prefix. */
async function twoInstances(env: Record<string, string>) {
  const prefix = `pair:${randomUUID()}:`;
  const one = await startTestServer({ REDIS_URL: redisUrl!, ...env }, { redisPrefix: prefix });
  const twoDatabase = await createDatabase({ kind: 'postgres', url: one.database.url! });
  const two = await startTestServer(
    { REDIS_URL: redisUrl!, ...env },
    { redisPrefix: prefix, database: Object.assign(twoDatabase, { label: 'postgres' }) },
  );
  return {
    one,
    two,
    async close() {
      await two.close();
      await twoDatabase.close();
      await one.close();
    },
  };
}

describe.runIf(enabled)('several instances on PostgreSQL and Redis', () => {
  it('a message sent through A streams to subscribers on B (WebSocket) and A (SSE), identically', async () => {
    const { onA, onB, session } = await userOnBoth('ws');
    fake.enqueue({ chunks: tokens(30), chunkDelayMs: 5 });
    let assistantId: string | undefined;
    const wsOnB = collectEvents(onB, session.id, { until: endOf(() => assistantId) });
    const sseOnA = collectEvents(onA, session.id, { until: endOf(() => assistantId) });
    await Promise.all([wsOnB.ready, sseOnA.ready]);
    assistantId = (await onA.messages.send.mutate({ sessionId: session.id, content: 'across' }))
      .assistantMessage!.id;
    const [fromB, fromA] = await Promise.all([wsOnB.done, sseOnA.done]);
    expect(fromB).toEqual(fromA);
    expect(assembledText(fromB, assistantId)).toBe(tokens(30).join(''));
  });

  it('resumes on a different instance than the one first connected to: no gap, no duplicate', async () => {
    const { onA, onB, session } = await userOnBoth('sse');
    fake.enqueue({ chunks: tokens(30), chunkDelayMs: 20 });
    let assistantId: string | undefined;
    const witness = collectEvents(onA, session.id, { until: endOf(() => assistantId) });
    const first = collectEvents(onA, session.id, {
      until: (event, all) => event.data.type === 'message:stream' && all.length >= 6,
    });
    await Promise.all([witness.ready, first.ready]);
    assistantId = (await onA.messages.send.mutate({ sessionId: session.id, content: 'move me' }))
      .assistantMessage!.id;
    const beforeDrop = await first.done;
    await sleep(100);
    const resumed = await collectEvents(onB, session.id, {
      lastEventId: beforeDrop.at(-1)!.id,
      until: endOf(() => assistantId),
    }).done;
    const all = await witness.done;
    expect([...beforeDrop, ...resumed].map((event) => event.id)).toEqual(
      all.map((event) => event.id),
    );
    expect(assembledText([...beforeDrop, ...resumed], assistantId)).toBe(tokens(30).join(''));
  });

  it('cancel sent to B stops the generation running on A', async () => {
    const { onA, onB, session } = await userOnBoth();
    fake.enqueue({ chunks: tokens(100), chunkDelayMs: 30 });
    const before = fake.requests.length;
    const sent = await onA.messages.send.mutate({ sessionId: session.id, content: 'long' });
    await sleep(300);
    expect(a.app.generations.isRunning(sent.assistantMessage!.id)).toBe(true);
    const cancelled = await onB.messages.cancel.mutate({ messageId: sent.assistantMessage!.id });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.content.length).toBeGreaterThan(0);
    expect(tokens(100).join('').startsWith(cancelled.content)).toBe(true);
    await sleep(50);
    expect(fake.requests[before]?.aborted).toBe(true);
  });

  it('a rate limit holds across instances: the Nth request on any instance is refused, with Retry-After', async () => {
    const { one, two, close } = await twoInstances({
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_AUTH_PER_MINUTE: '3',
    });
    try {
      const attempt = (server: TestServer) =>
        fetch(`${server.trpcUrl}/auth.login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            json: { email: 'nobody@example.com', password: 'wrong password' },
          }),
        });
      const statuses = [];
      for (const server of [one, two, one]) statuses.push((await attempt(server)).status);
      expect(statuses).toEqual([401, 401, 401]);
      const refused = await attempt(two);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await refused.json()) as { error: { json: { data: { code: string } } } };
      expect(body.error.json.data.code).toBe('TOO_MANY_REQUESTS');
    } finally {
      await close();
    }
  });

  it('the per-user send limit holds across instances too', async () => {
    const { one, two, close } = await twoInstances({
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_SENDS_PER_MINUTE: '2',
    });
    try {
      const user = await one.signUp();
      const pair = await two
        .anonymous()
        .auth.login.mutate({ email: user.email, password: user.password });
      const onTwo = createChatClient({ url: two.trpcUrl, token: pair.accessToken });
      const session = await user.client.sessions.create.mutate({ title: 'Limited' });
      const other = await user.client.sessions.create.mutate({ title: 'Also limited' });
      await user.client.messages.send.mutate({ sessionId: session.id, content: 'one' });
      await onTwo.messages.send.mutate({ sessionId: other.id, content: 'two' });
      const third = await user.client.messages.send
        .mutate({ sessionId: other.id, content: 'three' })
        .catch((error: { data?: { code?: string } }) => error);
      expect(third).toMatchObject({ data: { code: 'TOO_MANY_REQUESTS' } });
      // Nothing was stored for the refused send.
      expect(await one.database.prisma.message.count({ where: { content: 'three' } })).toBe(0);
    } finally {
      await close();
    }
  });

  it('/ready answers 200 when the database and Redis answer', async () => {
    const response = await fetch(`${b.server.url}/ready`);
    expect(response.status).toBe(200);
    const metrics = await (
      await fetch(`${a.server.url}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      })
    ).text();
    expect(metrics).toContain('chatbot_generations_in_flight');
    expect(metrics).toMatch(/chatbot_tokens_streamed_total\{provider="openai"\} \d+/);
    expect(metrics).toMatch(
      /chatbot_http_requests_total\{route="\/trpc\/messages.send",status="200"\} \d+/,
    );
    expect(metrics).toContain('chatbot_event_delivery_lag_seconds_bucket');
  });
});
