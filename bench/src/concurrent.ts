// B2, concurrent conversations: `concurrent` users send at random moments over a window, each
// its own HTTP request, and each reply (50 tokens/s from the provider) streams to the sender's
// subscriber. The floor is a bare relay in the same harness doing the same work (a send over
// HTTP, the provider's deltas batched by our DeltaBatcher to a bare `ws` subscriber, nothing
// stored); our server's latency is reported against it, on PGlite and on PostgreSQL.
import type { Collected } from './collected';
import { startWorker, type Worker } from './rpc';
import { judged, round, type ScenarioResult } from './stats';
import { databases, withServer, type ScenarioContext } from './target';
import type { Kind } from './workers/subscribers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Streamed extends Collected {
  failedSends: number;
  maxRssMiB: number;
  /** Server CPU over the steady window (every send answered, replies still streaming). */
  steadyCpuPercent: number;
}

async function streamReplies(
  context: ScenarioContext,
  side: {
    serving: Worker;
    kind: Kind;
    url: string;
    token: string;
    relay?: boolean;
    sessionIds: string[];
    profileName: string;
  },
): Promise<Streamed> {
  const { load, sizes, log } = context;
  await load.call('subscribe', {
    kind: side.kind,
    url: side.url,
    token: side.token,
    sessionIds: side.sessionIds,
  });
  const { failed } = await load.call<{ failed: number }>('sendSpread', {
    target: { url: side.url, token: side.token, relay: side.relay },
    sessionIds: side.sessionIds,
    windowMs: sizes.sendWindowMs,
  });
  // The steady window: every send answered, the replies streaming, until the earliest could end.
  const steadyMs = Math.max(500, sizes.tokens * 20 - sizes.sendWindowMs - 500);
  const before = await side.serving.call<{ cpuMicros: number }>('usage');
  const steadyStart = performance.now();
  if (context.profile === side.profileName) {
    const file = `/tmp/${side.profileName}.cpuprofile`;
    await side.serving.call('cpuProfile', { ms: steadyMs, file });
    log(`  wrote ${file} (${steadyMs} ms of steady streaming)`);
  } else {
    await sleep(steadyMs);
  }
  const after = await side.serving.call<{ cpuMicros: number }>('usage');
  const steadyCpuPercent =
    ((after.cpuMicros - before.cpuMicros) / 1000 / (performance.now() - steadyStart)) * 100;
  const collected = await load.call<Collected>('collect', {
    expectedPerSubscriber: sizes.tokens,
    timeoutMs: 120_000,
    streams: side.sessionIds.length,
  });
  const { maxRssBytes } = await side.serving.call<{ maxRssBytes: number }>('usage');
  await load.call('closeSubscribers');
  return { ...collected, failedSends: failed, steadyCpuPercent, maxRssMiB: maxRssBytes / 2 ** 20 };
}

const detailsOf = (run: Streamed) => ({
  lost: run.lost,
  failed_sends: run.failedSends,
  min_rate_ratio: run.minRatio,
  p5_rate_ratio: run.p5Ratio,
  steady_cpu_pct: run.steadyCpuPercent,
  peak_rss_mib: run.maxRssMiB,
  load_busy_pct: run.loadBusy * 100,
});

async function floorRun(context: ScenarioContext): Promise<Streamed> {
  const relay = await startWorker('relay.ts', ['ws']);
  try {
    const { url } = await relay.call<{ url: string }>('start', {
      providerUrl: context.providerUrl,
    });
    return await streamReplies(context, {
      serving: relay,
      kind: 'bare-ws',
      url,
      token: 'bench',
      relay: true,
      sessionIds: Array.from({ length: context.sizes.concurrent }, (_, index) => `floor-${index}`),
      profileName: 'B2-floor',
    });
  } finally {
    await relay.stop();
  }
}

export async function runConcurrent(context: ScenarioContext): Promise<ScenarioResult[]> {
  const { load, sizes, log } = context;
  log(
    `B2: ${sizes.concurrent} replies x ${sizes.tokens} tokens at 50/s, sends spread over ` +
      `${sizes.sendWindowMs} ms, one subscriber each; the bare relay floor first`,
  );
  await load.call('configureProvider', { chunks: sizes.tokens, chunkDelayMs: 20 });
  const floor = await floorRun(context);
  log(
    `  floor: p50 ${floor.p50.toFixed(1)} ms, p99 ${floor.p99.toFixed(1)} ms, ${floor.lost} lost`,
  );
  const rows: ScenarioResult[] = [
    judged({
      name: 'B2 floor: bare relay',
      metric: 'p50_ms',
      value: floor.p50,
      unit: 'ms',
      details: detailsOf(floor),
    }),
    judged({ name: 'B2 floor: bare relay', metric: 'p99_ms', value: floor.p99, unit: 'ms' }),
  ];
  for (const database of databases(context)) {
    const ours = await withServer(context, database, async (target) => {
      const sessionIds = await load.call<string[]>('createSessions', {
        url: target.url,
        token: target.token,
        count: sizes.concurrent,
      });
      return streamReplies(context, {
        serving: target.server,
        kind: 'trpc-ws',
        url: target.url,
        token: target.token,
        sessionIds,
        profileName: `B2-${database}`,
      });
    });
    log(
      `  ${database}: p50 ${ours.p50.toFixed(1)} ms, p99 ${ours.p99.toFixed(1)} ms, ` +
        `${ours.lost} lost, peak RSS ${ours.maxRssMiB.toFixed(0)} MiB`,
    );
    const name = `B2 tRPC WS (${database})`;
    const baseline = (value: number) => ({ name: 'bare relay', value });
    rows.push(
      judged({
        name,
        metric: 'p50_ms',
        value: ours.p50,
        unit: 'ms',
        baseline: baseline(floor.p50),
        target: round(floor.p50 + 5, 1),
        targetKind: 'max-value',
        details: { added_ms: ours.p50 - floor.p50 },
      }),
      judged({
        name,
        metric: 'p99_ms',
        value: ours.p99,
        unit: 'ms',
        baseline: baseline(floor.p99),
        target: round(floor.p99 + 25, 1),
        targetKind: 'max-value',
        details: { added_ms: ours.p99 - floor.p99 },
      }),
      judged({
        name,
        metric: 'tokens_lost',
        // Every subscriber expects every token, so a failed send's tokens are already lost here.
        value: ours.lost,
        target: 0,
        targetKind: 'max-value',
        details: { failed_sends: ours.failedSends },
      }),
      judged({
        name,
        metric: 'min_stream_rate_vs_provider',
        value: ours.minRatio,
        unit: 'x',
        baseline: { name: 'bare relay', value: floor.minRatio },
        target: 0.95,
        targetKind: 'min-value',
        details: { p5: ours.p5Ratio, p50: ours.p50Ratio, streams: ours.streams },
      }),
      judged({
        name,
        metric: `peak_rss_at_${sizes.concurrent}_replies`,
        value: ours.maxRssMiB,
        unit: 'MiB',
        baseline: { name: 'bare relay', value: floor.maxRssMiB },
        target: 500,
        targetKind: 'max-value',
      }),
      judged({
        name,
        metric: 'steady_cpu_pct_of_one_core',
        value: ours.steadyCpuPercent,
        unit: '%',
        baseline: { name: 'bare relay', value: floor.steadyCpuPercent },
        details: detailsOf(ours),
      }),
    );
  }
  return rows;
}
