import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestPostgres } from '@chatbot/db/testing';
import { startWorker, type Worker } from './rpc';
import { judged, type ScenarioResult } from './stats';

export interface BenchSizes {
  /** B1 subscribers of one streaming session. */
  fanout: number;
  /** B1 provider deltas in the reply. */
  deltas: number;
  /** B2 concurrent generations, one subscriber each. */
  concurrent: number;
  /** B2 tokens per generation (at 50 tokens/s). */
  tokens: number;
  /** B3 sequential sends. */
  ttftSends: number;
  /** B5 idle subscriptions per transport. */
  idle: number;
  /** B4 measuring time per endpoint. */
  httpMs: number;
  /** B4 messages in the long session. */
  messages: number;
}

interface Collected {
  delivered: number;
  expected: number;
  lost: number;
  finished: number;
  p50: number;
  p99: number;
  firstEmit: number;
  lastReceiptAt: number;
}

const deltasPerSecond = (collected: Collected) =>
  collected.delivered / ((collected.lastReceiptAt - collected.firstEmit) / 1000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Target {
  url: string;
  server: Worker;
  token: string;
  email: string;
  dataDir: string;
}

async function startTarget(
  load: Worker,
  providerUrl: string,
  databaseUrl?: string,
): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-bench-'));
  const server = await startWorker('chatServer.ts');
  const { url } = await server.call<{ url: string }>('start', {
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    OPENAI_BASE_URL: providerUrl,
    OPENAI_API_KEY: 'bench',
    OPENAI_MODELS: 'fake-model',
    DEFAULT_MODEL: 'fake-model',
    CHECKPOINT_INTERVAL_MS: '1000',
    // The benchmark's thousand subscribers all belong to one user.
    MAX_SUBSCRIPTIONS_PER_USER: '100000',
  });
  const { token, email } = await load.call<{ token: string; email: string }>('signUp', { url });
  return { url, server, token, email, dataDir };
}

/** B1 on one transport: one session, `fanout` subscribers, `deltas` deltas as fast as they come. */
async function fanOut(
  load: Worker,
  sizes: BenchSizes,
  subscribeTo: { kind: string; url: string; token: string; sessionId: string },
  start: () => Promise<unknown>,
): Promise<Collected> {
  await load.call('configureProvider', { chunks: sizes.deltas, chunkDelayMs: 0 });
  await load.call('subscribe', {
    kind: subscribeTo.kind,
    url: subscribeTo.url,
    token: subscribeTo.token,
    sessionIds: Array(sizes.fanout).fill(subscribeTo.sessionId),
  });
  await start();
  const collected = await load.call<Collected>('collect', {
    expectedPerSubscriber: sizes.deltas,
    timeoutMs: 120_000,
  });
  await load.call('closeSubscribers');
  return collected;
}

async function baselineFanOut(
  load: Worker,
  sizes: BenchSizes,
  mode: 'ws' | 'socketio',
  providerUrl: string,
) {
  const baseline = await startWorker('baselines.ts', [mode]);
  try {
    const { url } = await baseline.call<{ url: string }>('start', {});
    return await fanOut(
      load,
      sizes,
      { kind: mode === 'ws' ? 'bare-ws' : 'socketio', url, token: '', sessionId: 'baseline' },
      () => baseline.call('broadcast', { providerUrl }),
    );
  } finally {
    await baseline.stop();
  }
}

export async function runScenarios(
  sizes: BenchSizes,
  options: {
    postgresServerUrl?: string;
    log: (line: string) => void;
    only?: string[];
    /** Sample the server during this B1 transport's run (`--profile=trpc-sse`). */
    profile?: string;
  },
): Promise<ScenarioResult[]> {
  const { log } = options;
  const runs = (scenario: string) => !options.only?.length || options.only.includes(scenario);
  const results: ScenarioResult[] = [];
  const load = await startWorker('load.ts');
  const { url: providerUrl } = await load.call<{ url: string }>('startProvider');
  const target = await startTarget(load, providerUrl);
  const { url, token, server } = target;
  // The same scenarios on PostgreSQL when TEST_DATABASE_URL names a server (B2, B3).
  let onPostgres: { target: Target; drop: () => Promise<void> } | undefined;
  const postgresTarget = async () => {
    if (!options.postgresServerUrl) return undefined;
    if (!onPostgres) {
      const database = await createTestPostgres(options.postgresServerUrl);
      onPostgres = {
        target: await startTarget(load, providerUrl, database.url),
        drop: () => database.drop(),
      };
    }
    return onPostgres.target;
  };
  const newSession = async () =>
    (await load.call<string[]>('createSessions', { url, token, count: 1 }))[0]!;

  try {
    // --- B1: fan-out -------------------------------------------------------------------------
    if (runs('B1')) {
      log(`B1: ${sizes.fanout} subscribers x ${sizes.deltas} deltas`);
      const bareWs = await baselineFanOut(load, sizes, 'ws', providerUrl);
      log(`  bare ws: ${Math.round(deltasPerSecond(bareWs))} deltas/s`);
      const socketIo = await baselineFanOut(load, sizes, 'socketio', providerUrl);
      log(`  socket.io: ${Math.round(deltasPerSecond(socketIo))} deltas/s`);
      const ours: Record<string, Collected> = {};
      for (const kind of ['trpc-ws', 'trpc-sse'] as const) {
        const sessionId = await newSession();
        if (options.profile === kind) {
          void server
            .call('cpuProfile', { ms: 25_000, file: `/tmp/${kind}.cpuprofile` })
            .catch(() => {}); // the server may stop first
        }
        ours[kind] = await fanOut(load, sizes, { kind, url, token, sessionId }, () =>
          load.call('send', { url, token, sessionIds: [sessionId] }),
        );
        log(`  ${kind}: ${Math.round(deltasPerSecond(ours[kind]))} deltas/s`);
      }
      const bare = { name: 'bare-ws', value: deltasPerSecond(bareWs) };
      results.push(
        judged({
          name: 'B1-ws',
          metric: 'deltas_per_s',
          value: deltasPerSecond(ours['trpc-ws']!),
          baseline: bare,
          target: 0.6,
          targetKind: 'min-ratio',
        }),
        judged({
          name: 'B1-ws-vs-socketio',
          metric: 'deltas_per_s',
          value: deltasPerSecond(ours['trpc-ws']!),
          baseline: { name: 'socket.io', value: deltasPerSecond(socketIo) },
          target: 1.5,
          targetKind: 'min-ratio',
        }),
        judged({
          name: 'B1-sse',
          metric: 'deltas_per_s',
          value: deltasPerSecond(ours['trpc-sse']!),
          baseline: bare,
          target: 0.5,
          targetKind: 'min-ratio',
        }),
      );
      for (const [name, collected] of [
        ['B1-ws', ours['trpc-ws']!],
        ['B1-sse', ours['trpc-sse']!],
        ['bare-ws', bareWs],
        ['socket.io', socketIo],
      ] as const) {
        results.push(
          judged({ name: `${name} latency`, metric: 'p50_ms', value: collected.p50, unit: 'ms' }),
          judged({ name: `${name} latency`, metric: 'p99_ms', value: collected.p99, unit: 'ms' }),
          judged({
            name: `${name} lost`,
            metric: 'deltas_lost',
            value: collected.lost,
            target: 0,
            targetKind: 'max-value',
          }),
        );
      }
    }

    // --- B2: concurrent conversations --------------------------------------------------------
    if (runs('B2')) {
      log(`B2: ${sizes.concurrent} concurrent generations x ${sizes.tokens} tokens at 50/s`);
      const concurrently = async (label: string, on: Target) => {
        const sessionIds = await load.call<string[]>('createSessions', {
          url: on.url,
          token: on.token,
          count: sizes.concurrent,
        });
        await load.call('configureProvider', { chunks: sizes.tokens, chunkDelayMs: 20 });
        await load.call('subscribe', { kind: 'trpc-ws', url: on.url, token: on.token, sessionIds });
        const before = await on.server.call<{ cpuMicros: number }>('usage');
        const wallStart = performance.now();
        if (options.profile === `B2-${label}`) {
          void on.server
            .call('cpuProfile', { ms: 5_000, file: `/tmp/B2-${label}.cpuprofile` })
            .catch(() => {});
        }
        await load.call('send', { url: on.url, token: on.token, sessionIds });
        const concurrent = await load.call<Collected>('collect', {
          expectedPerSubscriber: sizes.tokens,
          timeoutMs: 120_000,
        });
        const after = await on.server.call<{ cpuMicros: number; maxRssBytes: number }>('usage');
        const wallMs = performance.now() - wallStart;
        await load.call('closeSubscribers');
        const p99Target =
          label === 'pglite' ? { target: 25, targetKind: 'max-value' as const } : {};
        results.push(
          judged({
            name: `B2 added latency (${label})`,
            metric: 'p50_ms',
            value: concurrent.p50,
            unit: 'ms',
          }),
          judged({
            name: `B2 added latency (${label})`,
            metric: 'p99_ms',
            value: concurrent.p99,
            unit: 'ms',
            ...p99Target,
          }),
          judged({
            name: `B2 events lost (${label})`,
            metric: 'deltas_lost',
            value: concurrent.lost,
            target: 0,
            targetKind: 'max-value',
          }),
          judged({
            name: `B2 server CPU (${label})`,
            metric: 'percent_of_one_core',
            value: ((after.cpuMicros - before.cpuMicros) / 1000 / wallMs) * 100,
            unit: '%',
          }),
          judged({
            name: `B2 server peak RSS (${label})`,
            metric: 'MiB',
            value: after.maxRssBytes / 2 ** 20,
            unit: 'MiB',
          }),
        );
      };
      await concurrently('pglite', target);
      const onPostgres = await postgresTarget();
      if (onPostgres) await concurrently('postgresql', onPostgres);
    }

    // --- B3: time to first token -------------------------------------------------------------
    if (runs('B3')) {
      log(`B3: ${sizes.ttftSends} sends`);
      await load.call('configureProvider', { chunks: 5, chunkDelayMs: 0 });
      const ttft = async (label: string, on: Target) => {
        const sessionId = (
          await load.call<string[]>('createSessions', { url: on.url, token: on.token, count: 1 })
        )[0]!;
        const measured = await load.call<{
          p50: number;
          p99: number;
          beforeProviderP50: number;
          afterProviderP50: number;
        }>('timeToFirstToken', {
          url: on.url,
          token: on.token,
          sessionId,
          sends: sizes.ttftSends,
        });
        await load.call('closeSubscribers');
        results.push(
          judged({
            name: `B3 TTFT added (${label})`,
            metric: 'p50_ms',
            value: measured.p50,
            unit: 'ms',
            ...(label === 'pglite' ? { target: 5, targetKind: 'max-value' as const } : {}),
          }),
          judged({
            name: `B3 TTFT added (${label})`,
            metric: 'p99_ms',
            value: measured.p99,
            unit: 'ms',
            ...(label === 'pglite' ? { target: 20, targetKind: 'max-value' as const } : {}),
          }),
          judged({
            name: `B3 send->provider (${label})`,
            metric: 'p50_ms',
            value: measured.beforeProviderP50,
            unit: 'ms',
          }),
          judged({
            name: `B3 provider->client (${label})`,
            metric: 'p50_ms',
            value: measured.afterProviderP50,
            unit: 'ms',
          }),
        );
      };
      await ttft('pglite', target);
      const onPostgres = await postgresTarget();
      if (onPostgres) await ttft('postgresql', onPostgres);
    }

    // --- B5: footprint -----------------------------------------------------------------------
    if (runs('B5')) {
      log('B5: writes per reply, RSS per idle subscription');
      const replySession = await newSession();
      await load.call('configureProvider', { chunks: 100, chunkDelayMs: 30 });
      await load.call('subscribe', { kind: 'trpc-ws', url, token, sessionIds: [replySession] });
      const mark = await server.call<number>('mark');
      await load.call('send', { url, token, sessionIds: [replySession] });
      const reply = await load.call<Collected>('collect', {
        expectedPerSubscriber: 100,
        timeoutMs: 60_000,
      });
      await load.call('closeSubscribers');
      // The user's message is one INSERT; the rest are the reply's (placeholder, checkpoints, end).
      const replyWrites = (await server.call<number>('messageWrites', mark)) - 1;
      const replySeconds = (reply.lastReceiptAt - reply.firstEmit) / 1000;
      results.push(
        judged({
          name: 'B5 writes per reply',
          metric: `writes (${replySeconds.toFixed(1)} s reply, 1 s checkpoints)`,
          value: replyWrites,
          target: 2 + Math.ceil(replySeconds),
          targetKind: 'max-value',
        }),
      );
      const idleSession = await newSession();
      const openIdle = async (kind: 'trpc-sse' | 'trpc-ws') => {
        await load.call('subscribe', {
          kind,
          url,
          token,
          sessionIds: Array(sizes.idle).fill(idleSession),
        });
        await sleep(1_000);
      };
      for (const kind of ['trpc-sse', 'trpc-ws'] as const) {
        // A first round warms the allocator and the JIT, so the second measures only what
        // the open subscriptions hold.
        await openIdle(kind);
        await load.call('closeSubscribers');
        await sleep(500);
        const rssBefore = await server.call<number>('settledRss');
        await openIdle(kind);
        const rssAfter = await server.call<number>('settledRss');
        await load.call('closeSubscribers');
        await sleep(500);
        results.push(
          judged({
            name: `B5 RSS per idle ${kind === 'trpc-ws' ? 'WS' : 'SSE'} subscription`,
            metric: 'KiB',
            value: (rssAfter - rssBefore) / sizes.idle / 1024,
            unit: 'KiB',
            target: 30,
            targetKind: 'max-value',
          }),
        );
      }
    }

    // --- B4: API over HTTP (last: it stops the server to hand its database to the baseline) --
    if (runs('B4')) {
      log(`B4: sessions.list and messages.list (${sizes.messages} messages)`);
      const seeded = await server.call<{ userId: string; longSessionId: string }>('seed', {
        email: target.email,
        sessions: 50,
        messages: sizes.messages,
      });
      const trpcGet = (procedure: string, input: unknown) =>
        `${url}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
      const measure = (requestUrl: string, headers: Record<string, string> = {}) =>
        load.call<{ rps: number; p99: number; failures: number }>('httpLoad', {
          url: requestUrl,
          headers,
          concurrency: 16,
          durationMs: sizes.httpMs,
        });
      const auth = { authorization: `Bearer ${token}` };
      if (options.profile === 'B4') {
        void server
          .call('cpuProfile', { ms: sizes.httpMs * 2, file: '/tmp/B4.cpuprofile' })
          .catch(() => {});
      }
      const oursList = await measure(trpcGet('sessions.list', { limit: 50 }), auth);
      const oursMessages = await measure(
        trpcGet('messages.list', { sessionId: seeded.longSessionId, limit: 50 }),
        auth,
      );
      await server.call('stop');
      await server.stop();
      const bareHttp = await startWorker('baselines.ts', ['http']);
      try {
        const { url: bareUrl } = await bareHttp.call<{ url: string }>('start', {
          dataDir: target.dataDir,
          userId: seeded.userId,
        });
        const bareList = await measure(`${bareUrl}/sessions`);
        const bareMessages = await measure(`${bareUrl}/messages?sessionId=${seeded.longSessionId}`);
        for (const [name, mine, theirs] of [
          ['B4 sessions.list', oursList, bareList],
          ['B4 messages.list', oursMessages, bareMessages],
        ] as const) {
          results.push(
            judged({
              name,
              metric: 'requests_per_s',
              value: mine.rps,
              baseline: { name: 'bare node:http', value: theirs.rps },
              target: 0.7,
              targetKind: 'min-ratio',
            }),
            judged({
              name,
              metric: 'p99_ms',
              value: mine.p99,
              unit: 'ms',
              baseline: { name: 'bare node:http', value: theirs.p99 },
            }),
          );
        }
      } finally {
        await bareHttp.call('stop');
        await bareHttp.stop();
      }
    }
  } finally {
    if (onPostgres) {
      await onPostgres.target.server.call('stop').catch(() => {});
      await onPostgres.target.server.stop();
      await onPostgres.drop().catch(() => {});
    }
    await server.stop().catch(() => {});
    await load.stop();
    fs.rmSync(target.dataDir, { recursive: true, force: true });
  }
  return results;
}
