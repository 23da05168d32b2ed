import { randomUUID } from 'node:crypto';
import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import { closeChatClient, createChatClient, type ChatClient } from '@chatbot/client';
import { applyMigrations } from '@chatbot/db/migrate';
import { readTestEnvironment } from '@chatbot/config';
import { createDatabase } from '@chatbot/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../events';
import {
  postgresServerAvailable,
  redisServerAvailable,
  startOwnPostgres,
  startOwnRedis,
} from '../ownServices';
import { heapAfterGc } from '../heapProbe';
import { startServerProcess, type ServerProcess } from '../serverProcess';

/**
 * Soak: 100 simulated users for a bounded time against a real server process on its own
 * PostgreSQL and Redis, with a provider that fails 10% of requests and drops 5% of streams.
 * Phase 1 has no infrastructure faults: no 5xx at all. Phase 2 restarts PostgreSQL once and
 * Redis once: the service recovers by itself. After both, every message a client saw accepted
 * is stored exactly once, and every completed reply holds exactly what the provider sent.
 */
const USERS = 100;
const CLEAN_MS = 35_000;
const FAULTS_MS = 25_000;
const METRICS_TOKEN = 'metrics-token-for-the-soak-suite';

// Once per CI run (the PostgreSQL + Redis pass); it starts its own servers of both.
const enabled =
  Boolean(readTestEnvironment().redisUrl) && postgresServerAvailable() && redisServerAvailable();
let fake: FakeOpenAI;
let postgres: Awaited<ReturnType<typeof startOwnPostgres>>;
let redis: Awaited<ReturnType<typeof startOwnRedis>>;
let server: ServerProcess;

beforeAll(async () => {
  if (!enabled) return;
  fake = await startFakeOpenAI();
  fake.models = ['fake-model'];
  let served = 0;
  fake.fallback = (body) => {
    if (!body.stream) return { chunks: ['Soak title'] };
    served += 1;
    const label = `r${served}`;
    const roll = Math.random();
    if (roll < 0.1) return { status: 500 };
    const chunks = Array.from({ length: 12 }, (_, index) => `${label}.${index} `);
    return { chunks, chunkDelayMs: 15, ...(roll < 0.15 ? { dropAfterChunks: 4 } : {}) };
  };
  postgres = await startOwnPostgres();
  await applyMigrations({ postgresUrl: postgres.url });
  redis = await startOwnRedis();
  server = await startServerProcess({
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `soak-${randomUUID()}:`,
    OPENAI_BASE_URL: fake.url,
    OPENAI_MODELS: 'fake-model',
    AI_MAX_RETRIES: '1',
    RATE_LIMIT_ENABLED: 'false',
    CHECKPOINT_INTERVAL_MS: '200',
    METRICS_TOKEN,
    // The heap is read after a forced GC through the inspector (loopback, a random port).
    NODE_OPTIONS: '--inspect=127.0.0.1:0',
  });
}, 120_000);

afterAll(async () => {
  if (server && server.child.exitCode !== null) {
    console.error(`the server exited (${server.child.exitCode}):\n${server.lastOutput()}`);
  }
  server?.child.kill('SIGKILL');
  await fake?.close();
  await redis?.stop();
  await postgres?.destroy();
});

interface Ledger {
  /** clientIds the server confirmed, per user. */
  confirmed: Map<string, Set<string>>;
  /** Replies a client watched to `message:done`: their text as assembled from the stream. */
  watched: Map<string, string>;
  /**
   * Whether to record watched replies. Off during the infrastructure faults: an event that could
   * not be published while Redis was down never reaches a live client (the stored reply, and
   * the final message:update, are still right; the client's assembled deltas may not be).
   */
  recordWatched?: boolean;
  failures: number;
}

const random = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

/** messages.send until the server confirms it: a network retry reuses the same clientId. */
async function sendUntilStored(
  client: ChatClient,
  sessionId: string,
  clientId: string,
  ledger: Ledger,
) {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    try {
      const sent = await client.messages.send.mutate({
        sessionId,
        content: `hello ${clientId}`,
        clientId,
      });
      return sent.assistantMessage;
    } catch {
      ledger.failures += 1;
      await sleep(250); // a reply still streaming (409) or an outage (503): try again
    }
  }
  throw new Error(`send ${clientId} never succeeded`);
}

async function simulateUser(index: number, url: string, until: () => boolean, ledger: Ledger) {
  const anonymous = createChatClient({ url });
  const email = `soak-${index}-${randomUUID()}@example.com`;
  let tokens: { accessToken: string } | undefined;
  while (!tokens) {
    tokens = await anonymous.auth.register
      .mutate({ email, password: 'correct horse battery' })
      .catch(async () => {
        await sleep(250);
        return undefined;
      });
  }
  closeChatClient(anonymous);
  const mine = new Set<string>();
  ledger.confirmed.set(email, mine);
  const client = createChatClient({ url, token: tokens.accessToken });
  let sessionId: string | undefined;
  while (!until()) {
    try {
      if (!sessionId || Math.random() < 0.2) {
        sessionId = (await client.sessions.create.mutate({ title: `Soak ${index}` })).id;
      }
      const watcher = createChatClient({
        url,
        token: tokens.accessToken,
        transport: random(['sse', 'ws'] as const),
      });
      // Events may arrive before the send returns the reply's id: keep them all by message.
      const texts = new Map<string, string>();
      const outcomes = new Map<string, boolean>();
      let resynced = false;
      let changed = () => {};
      const subscription = watcher.messages.onEvent.subscribe(
        { sessionId },
        {
          onData: ({ data }) => {
            if (data.type === 'message:stream') {
              texts.set(data.messageId, (texts.get(data.messageId) ?? '') + data.delta);
            } else if (data.type === 'message:done') {
              outcomes.set(data.messageId, true);
            } else if (data.type === 'message:error' || data.type === 'message:cancelled') {
              outcomes.set(data.messageId, false);
            } else if (data.type === 'session:resync') {
              // Events were lost (Redis restarted without its data): a real client refetches
              // the messages (watchSession does); the text of this exchange is not assembled.
              resynced = true;
            }
            changed();
          },
          onError: () => changed(),
        },
      );
      await sleep(50);
      const clientId = randomUUID();
      const reply = await sendUntilStored(client, sessionId, clientId, ledger);
      mine.add(clientId);
      const replyId = reply?.id;
      // One user in ten drops the connection mid-reply.
      const disconnect = Math.random() < 0.1;
      const deadline = Date.now() + (disconnect ? 60 : 8_000);
      while (replyId && !outcomes.has(replyId) && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          changed = resolve;
          setTimeout(resolve, 50);
        });
      }
      if (
        replyId &&
        outcomes.get(replyId) === true &&
        !resynced &&
        ledger.recordWatched !== false
      ) {
        ledger.watched.set(replyId, texts.get(replyId) ?? '');
      }
      subscription.unsubscribe();
      closeChatClient(watcher);
      await sleep(Math.random() * 300);
    } catch {
      ledger.failures += 1;
      await sleep(250);
    }
  }
  closeChatClient(client);
}

async function serverErrors(): Promise<number> {
  const metrics = await (
    await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  let total = 0;
  for (const match of metrics.matchAll(
    /^chatbot_http_requests_total\{[^}]*status="5\d\d"[^}]*\} (\d+)/gm,
  )) {
    total += Number(match[1]);
  }
  return total;
}

async function runUsers(durationMs: number, ledger: Ledger, during?: () => Promise<void>) {
  const deadline = Date.now() + durationMs;
  const until = () => Date.now() > deadline;
  await Promise.all([
    ...Array.from({ length: USERS }, (_, index) =>
      simulateUser(index, server.trpcUrl, until, ledger),
    ),
    during?.(),
  ]);
}

/** Compare the clients' ledger with what PostgreSQL holds. */
async function checkCounts(ledger: Ledger) {
  const database = await createDatabase({ kind: 'postgres', url: postgres.url });
  try {
    const stored = await database.prisma.message.findMany({
      where: { role: 'user', session: { user: { email: { startsWith: 'soak-' } } } },
      select: { clientId: true, session: { select: { user: { select: { email: true } } } } },
    });
    const storedByUser = new Map<string, (string | null)[]>();
    for (const row of stored) {
      const email = row.session.user.email;
      storedByUser.set(email, [...(storedByUser.get(email) ?? []), row.clientId]);
    }
    for (const [email, confirmed] of ledger.confirmed) {
      const rows = storedByUser.get(email) ?? [];
      // Exactly once: as many rows as confirmed sends, and the same client ids.
      expect([email, rows.length]).toEqual([email, confirmed.size]);
      expect(new Set(rows)).toEqual(confirmed);
    }
    // A completed reply holds exactly the twelve chunks its provider request sent, in order.
    const replies = await database.prisma.message.findMany({
      where: { role: 'assistant' },
      select: { id: true, content: true, status: true },
    });
    const complete = replies.filter((reply) => reply.status === 'complete');
    for (const reply of complete) {
      const label = /^(r\d+)\.0 /.exec(reply.content)?.[1];
      const sent = Array.from({ length: 12 }, (_, index) => `${label}.${index} `).join('');
      expect([reply.id, reply.content]).toEqual([reply.id, sent]);
      const watched = ledger.watched.get(reply.id);
      if (watched !== undefined) expect([reply.id, watched]).toEqual([reply.id, reply.content]);
    }
    const streaming = replies.filter((reply) => reply.status === 'streaming');
    return { stored: stored.length, complete: complete.length, streaming: streaming.length };
  } finally {
    await database.close();
  }
}

async function settledReplies() {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    const { streaming } = await checkCounts({
      confirmed: new Map(),
      watched: new Map(),
      failures: 0,
    });
    if (streaming === 0) return 0;
    await sleep(200);
  }
  return -1;
}

describe.runIf(enabled)(
  'soak: 100 users, provider faults, then a PostgreSQL and a Redis restart',
  () => {
    it('serves everyone, loses and duplicates nothing, and recovers without a restart', async () => {
      const ledger: Ledger = { confirmed: new Map(), watched: new Map(), failures: 0 };

      // Phase 1: provider faults only. Warm-up is its first quarter; then the live heap after a
      // full GC is read under load, and again after the run, idle. A leak grows with the work
      // done in between; the program's working set does not. (Heap after GC, not RSS: RSS
      // depends on the allocator and on how busy the machine is.)
      const inspectorUrl = server.inspectorUrl();
      if (!inspectorUrl) throw new Error(`no inspector URL in:\n${server.lastOutput()}`);
      let warmedHeap = 0;
      await runUsers(CLEAN_MS, ledger, async () => {
        await sleep(CLEAN_MS / 4);
        warmedHeap = await heapAfterGc(inspectorUrl);
      });
      await sleep(1_000);
      const afterHeap = await heapAfterGc(inspectorUrl);
      expect(await serverErrors()).toBe(0);
      expect(await settledReplies()).toBe(0);
      const clean = await checkCounts(ledger);
      expect(clean.complete).toBeGreaterThan(USERS);
      expect(ledger.watched.size).toBeGreaterThan(USERS);
      expect(afterHeap).toBeLessThan(warmedHeap * 1.1 + 8 * 2 ** 20);

      // Phase 2: PostgreSQL restarts, later Redis restarts, under the same load.
      ledger.recordWatched = false;
      await runUsers(FAULTS_MS, ledger, async () => {
        await sleep(4_000);
        await postgres.stop();
        await sleep(2_000);
        await postgres.start();
        await sleep(6_000);
        await redis.stop();
        await sleep(2_000);
        await redis.start();
      });
      let ready = 0;
      for (let attempt = 0; attempt < 100 && ready !== 200; attempt += 1) {
        ready = (await fetch(`${server.url}/ready`)).status;
        if (ready !== 200) await sleep(100);
      }
      expect(ready).toBe(200);
      // Replies cut by the restarts settle (stored as they ended) before the final count.
      expect(await settledReplies()).toBe(0);
      const total = await checkCounts(ledger);
      expect(total.stored).toBeGreaterThan(clean.stored);
      console.info(
        `soak: ${USERS} users, ${total.stored} messages stored exactly once, ` +
          `${total.complete} complete replies as sent, ${ledger.watched.size} watched live, ` +
          `${ledger.failures} client retries; heap after GC ${Math.round(warmedHeap / 2 ** 20)} -> ` +
          `${Math.round(afterHeap / 2 ** 20)} MiB`,
      );
    }, 180_000);
  },
);
