// B5, footprint: the database writes one reply causes, counted on every table, and the memory
// an idle subscription holds, measured at the margin: with `idleBase` open, open `idleAdded`
// more and divide the growth.
import type { Collected } from './collected';
import { judged, type ScenarioResult } from './stats';
import { withServer, type ScenarioContext, type Target } from './target';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CHECKPOINT_MS = 1_000;
interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

async function writesPerReply(context: ScenarioContext, target: Target): Promise<ScenarioResult> {
  const { load } = context;
  const [sessionId] = await load.call<string[]>('createSessions', {
    url: target.url,
    token: target.token,
    count: 1,
  });
  await load.call('configureProvider', { chunks: 100, chunkDelayMs: 30 });
  await load.call('subscribe', {
    kind: 'trpc-ws',
    url: target.url,
    token: target.token,
    sessionIds: [sessionId],
  });
  const mark = await target.server.call<number>('mark');
  await load.call('sendSpread', {
    target: { url: target.url, token: target.token },
    sessionIds: [sessionId],
    windowMs: 0,
  });
  const reply = await load.call<Collected>('collect', {
    expectedPerSubscriber: 100,
    timeoutMs: 60_000,
  });
  await load.call('closeSubscribers');
  // Writes after the reply (the session's title, its updatedAt) are the send's too.
  await sleep(1_500);
  const byTable = await target.server.call<Record<string, number>>('writesByTable', mark);
  const writes = Object.values(byTable).reduce((sum, count) => sum + count, 0);
  const seconds = (reply.lastReceiptAt - reply.firstEmit) / 1000;
  return judged({
    name: 'B5 writes per send and its reply, every table',
    metric: `writes (${seconds.toFixed(1)} s reply, ${CHECKPOINT_MS / 1000} s checkpoints)`,
    value: writes,
    target: 3 + Math.ceil((seconds * 1000) / CHECKPOINT_MS),
    targetKind: 'max-value',
    details: byTable,
  });
}

async function rssPerIdleSubscription(
  context: ScenarioContext,
  target: Target,
  kind: 'trpc-ws' | 'trpc-sse',
): Promise<ScenarioResult> {
  const { load, sizes } = context;
  const [sessionId] = await load.call<string[]>('createSessions', {
    url: target.url,
    token: target.token,
    count: 1,
  });
  const open = async (count: number) => {
    await load.call('subscribe', {
      kind,
      url: target.url,
      token: target.token,
      sessionIds: Array<string>(count).fill(sessionId!),
    });
    await sleep(1_000);
  };
  await open(sizes.idleBase);
  const before = await target.server.call<Memory>('settledMemory');
  await open(sizes.idleAdded);
  const after = await target.server.call<Memory>('settledMemory');
  const perAdded = (field: keyof Memory) => (after[field] - before[field]) / sizes.idleAdded / 1024;
  const value = perAdded('rss');
  const row = judged({
    name: `B5 RSS per idle ${kind === 'trpc-ws' ? 'WS' : 'SSE'} subscription`,
    metric: `KiB (${sizes.idleBase} open, ${sizes.idleAdded} added)`,
    value,
    unit: 'KiB',
    target: 30,
    targetKind: 'max-value',
    details: {
      heap_kib_per_added: perAdded('heapUsed'),
      external_kib_per_added: perAdded('external'),
      rss_before_mib: before.rss / 2 ** 20,
      rss_after_mib: after.rss / 2 ** 20,
    },
  });
  // RSS that shrank while connections were added is the allocator returning pages, not a
  // subscription costing nothing: no verdict from it.
  if (value >= 0) return row;
  const { pass: _noVerdict, ...rest } = row;
  return { ...rest, notes: 'RSS shrank while adding subscriptions (noise): no verdict' };
}

export async function runFootprint(context: ScenarioContext): Promise<ScenarioResult[]> {
  context.log(
    `B5: writes per reply; RSS per idle subscription (${context.sizes.idleBase} open, ` +
      `${context.sizes.idleAdded} added)`,
  );
  // WS after the reply on the same server (its margin is measured on top of 100s already
  // open); SSE on a fresh one, so it never reopens into memory the WS connections freed.
  const first = await withServer(
    context,
    'pglite',
    async (target) => [
      await writesPerReply(context, target),
      await rssPerIdleSubscription(context, target, 'trpc-ws'),
    ],
    { countQueries: true },
  );
  const sse = await withServer(context, 'pglite', (target) =>
    rssPerIdleSubscription(context, target, 'trpc-sse'),
  );
  return [...first, sse];
}
