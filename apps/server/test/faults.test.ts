import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import { createChatClient, createChatSession } from '@chatbot/client';
import { readTestEnvironment } from '@chatbot/config';
import { createDatabase } from '@chatbot/db';
import { createTestPostgres } from '@chatbot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectEvents, sleep } from './events';
import { startTestServer } from './harness';
import { startServerProcess } from './serverProcess';
import {
  postgresServerAvailable,
  redisServerAvailable,
  startOwnPostgres,
  startOwnRedis,
} from './ownServices';

const { databaseUrl, redisUrl } = readTestEnvironment();
const children: ChildProcessWithoutNullStreams[] = [];
let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await fake?.close();
});

/** `src/main.ts` as a real process, on the fake provider. */
async function startProcess(env: Record<string, string>) {
  const started = await startServerProcess({
    OPENAI_BASE_URL: fake.url,
    OPENAI_MODELS: 'fake-model',
    ...env,
  });
  children.push(started.child);
  return started;
}

/** Poll /ready until it answers 200 (or 5 s pass); returns the last status. */
async function readyAgain(url: string) {
  let status = 0;
  for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
    status = (await fetch(`${url}/ready`)).status;
    if (status !== 200) await sleep(100);
  }
  return status;
}

const tokens = (count: number) => Array.from({ length: count }, (_, index) => `f${index} `);

describe.runIf(databaseUrl && redisUrl)('an instance killed mid-stream', () => {
  it('its reply reaches the subscriber on another instance as interrupted once the lease expires', async () => {
    const postgres = await createTestPostgres(databaseUrl!);
    const { applyMigrations } = await import('@chatbot/db/migrate');
    await applyMigrations({ postgresUrl: postgres.url });
    const shared = {
      DATABASE_URL: postgres.url,
      REDIS_URL: redisUrl!,
      REDIS_PREFIX: `kill-${randomUUID()}:`,
      GENERATION_LEASE_MS: '1500',
      CHECKPOINT_INTERVAL_MS: '200',
    };
    const a = await startProcess(shared);
    const bDatabase = await createDatabase({ kind: 'postgres', url: postgres.url });
    const b = await startTestServer(shared, {
      redisPrefix: shared.REDIS_PREFIX,
      database: Object.assign(bDatabase, { label: 'postgres' }),
    });
    try {
      const chat = createChatSession({ url: a.trpcUrl });
      await chat.register({ email: 'killed@example.com', password: 'a long password' });
      const session = await chat.client.sessions.create.mutate({ title: 'Doomed' });
      const pair = await b
        .anonymous()
        .auth.login.mutate({ email: 'killed@example.com', password: 'a long password' });
      const onB = createChatClient({ url: b.trpcUrl, transport: 'ws', token: pair.accessToken });
      fake.enqueue({ chunks: tokens(300), chunkDelayMs: 10 });
      const events = collectEvents(onB, session.id, {
        until: (event) => event.data.type === 'message:error',
        timeoutMs: 20_000,
      });
      await events.ready;
      const sent = await chat.client.messages.send.mutate({ sessionId: session.id, content: 'go' });
      await sleep(700);
      a.child.kill('SIGKILL');
      const received = await events.done;
      const update = received.findLast((event) => event.data.type === 'message:update');
      expect(update?.data).toMatchObject({
        type: 'message:update',
        message: { id: sent.assistantMessage!.id, status: 'interrupted' },
      });
      const stored = await bDatabase.prisma.message.findUniqueOrThrow({
        where: { id: sent.assistantMessage!.id },
      });
      expect(stored.status).toBe('interrupted');
      expect(stored.content.length).toBeGreaterThan(0);
      expect(tokens(300).join('').startsWith(stored.content)).toBe(true);
      chat.close();
    } finally {
      await b.close();
      await bDatabase.close();
      await postgres.drop();
    }
  });
});

describe.runIf(redisServerAvailable())('Redis stopped mid-run (an own redis-server)', () => {
  it('/ready turns 503 and calls fail clearly, then everything recovers without a restart', async () => {
    const redis = await startOwnRedis();
    const t = await startTestServer({ REDIS_URL: redis.url });
    try {
      const user = await t.signUp();
      const session = await user.client.sessions.create.mutate({ title: 'Flaky Redis' });
      const { accessToken } = await t
        .anonymous()
        .auth.login.mutate({ email: user.email, password: user.password });
      expect((await fetch(`${t.server.url}/ready`)).status).toBe(200);

      await redis.stop();
      const notReady = await fetch(`${t.server.url}/ready`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ status: 'unavailable', reason: 'redis unreachable' });
      // The database still serves; a subscription, which needs Redis, gets a clear 503 error.
      expect((await user.client.sessions.list.query()).items).toHaveLength(1);
      const input = encodeURIComponent(JSON.stringify({ json: { sessionId: session.id } }));
      const stream = await fetch(`${t.trpcUrl}/messages.onEvent?input=${input}`, {
        headers: { authorization: `Bearer ${accessToken}` },
        signal: AbortSignal.timeout(3_000),
      });
      const body = await stream.text();
      expect(body).toContain('event: serialized-error');
      expect(body).toContain('"code":"SERVICE_UNAVAILABLE"');
      expect(body).toContain('The realtime store is unavailable; try again shortly');
      // A client that keeps subscribing (as the typed client does) gets through once Redis is back.
      let assistantId: string | undefined;
      const events = collectEvents(user.client, session.id, {
        until: (event) =>
          event.data.type === 'message:done' && event.data.messageId === assistantId,
        timeoutMs: 25_000,
      });

      await redis.start();
      expect(await readyAgain(t.server.url)).toBe(200);
      await events.ready;
      await sleep(3_500); // the client retries its subscription every 3 s
      assistantId = (
        await user.client.messages.send.mutate({ sessionId: session.id, content: 'back again' })
      ).assistantMessage!.id;
      expect((await events.done).at(-1)?.data.type).toBe('message:done');
    } finally {
      await redis.start().catch(() => {}); // a clean close needs it
      await t.close();
      await redis.stop();
    }
  });
});

describe.runIf(postgresServerAvailable())('PostgreSQL restarted mid-run (an own cluster)', () => {
  it('/ready turns 503 and calls fail clearly, then everything recovers without a restart', async () => {
    const postgres = await startOwnPostgres();
    const t = await startTestServer({ REDIS_URL: '' }, { postgresServerUrl: postgres.url });
    try {
      const user = await t.signUp();
      await user.client.sessions.create.mutate({ title: 'Before the restart' });
      expect((await fetch(`${t.server.url}/ready`)).status).toBe(200);

      await postgres.stop();
      const notReady = await fetch(`${t.server.url}/ready`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({
        status: 'unavailable',
        reason: 'database unreachable',
      });
      const failure = await fetch(`${t.trpcUrl}/health.check`);
      expect(failure.status).toBe(503);
      const listed = await user.client.sessions.list
        .query()
        .catch((error: { data?: { code?: string }; message: string }) => error);
      expect(listed).toMatchObject({
        data: { code: 'SERVICE_UNAVAILABLE' },
        message: 'The database is unavailable; try again shortly',
      });

      await postgres.start();
      expect(await readyAgain(t.server.url)).toBe(200);
      const sessions = await user.client.sessions.list.query();
      expect(sessions.items.map((session) => session.title)).toEqual(['Before the restart']);
      const sent = await user.client.messages.send.mutate({
        sessionId: sessions.items[0]!.id,
        content: 'still here?',
      });
      expect(sent.userMessage.content).toBe('still here?');
    } finally {
      await t.close().catch(() => {});
      await postgres.destroy();
    }
  });
});

describe('SIGTERM mid-stream', () => {
  async function runAndTerminate(graceMs: number, chunkCount: number) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-sigterm-'));
    const server = await startProcess({
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      REDIS_URL: '',
      SHUTDOWN_GRACE_MS: String(graceMs),
    });
    const chat = createChatSession({ url: server.trpcUrl });
    await chat.register({ email: 'term@example.com', password: 'a long password' });
    const session = await chat.client.sessions.create.mutate({ title: 'Terminated' });
    fake.enqueue({ chunks: tokens(chunkCount), chunkDelayMs: 20 });
    const sent = await chat.client.messages.send.mutate({ sessionId: session.id, content: 'go' });
    await sleep(300);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    chat.close();
    const database = await createDatabase({ kind: 'embedded', dataDir });
    try {
      return await database.prisma.message.findUniqueOrThrow({
        where: { id: sent.assistantMessage!.id },
      });
    } finally {
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  it('lets a reply finish within the grace period', async () => {
    const reply = await runAndTerminate(5_000, 50); // ~1 s of text
    expect(reply.status).toBe('complete');
    expect(reply.content).toBe(tokens(50).join(''));
  });

  it('stores a reply that outlasts the grace period with its partial text', async () => {
    const reply = await runAndTerminate(500, 200); // ~4 s of text, 0.5 s of grace
    expect(reply.status).toBe('interrupted');
    expect(reply.content.length).toBeGreaterThan(0);
    expect(tokens(200).join('').startsWith(reply.content)).toBe(true);
    expect(reply.error).toContain('shut down');
  });
});
