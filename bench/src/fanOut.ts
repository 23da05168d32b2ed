// B1, fan-out streaming: replies from the provider to many subscribers, through our server
// (tRPC WS, tRPC SSE, the Socket.IO gateway) and through bare relays (`ws`, Socket.IO) that
// batch deltas with the server's own DeltaBatcher. Frames per subscriber are alike on every
// side, so the ratios compare stacks, not frames avoided.
import type { Collected } from './collected';
import { startWorker, type Worker } from './rpc';
import { judged, type ScenarioResult } from './stats';

export interface FanOutSizes {
  /** Subscribers of the burst reply. */
  fanout: number;
  /** Deltas in the burst reply (all written by the provider in one macrotask). */
  deltas: number;
  /** Concurrent replies (sessions) in the paced variant. */
  pacedStreams: number;
  /** Subscribers in the paced variant, spread evenly over its sessions. */
  pacedSubscribers: number;
  /** Deltas per paced reply, one per millisecond. */
  pacedDeltas: number;
  /** Runs of every row, interleaved; each row reports its median run. */
  rounds: number;
}

interface Variant {
  name: 'burst' | 'paced';
  subscribers: number;
  streams: number;
  deltas: number;
  chunkDelayMs: number;
}

type SystemKey = 'bare-ws' | 'bare-socketio' | 'trpc-ws' | 'trpc-sse' | 'trpc-socketio';

interface System {
  key: SystemKey;
  label: string;
  kind: 'bare-ws' | 'socketio' | 'trpc-ws' | 'trpc-sse';
  /** The bare relay's mode; none for our server. */
  relay?: 'ws' | 'socketio';
}

const systems: System[] = [
  { key: 'bare-ws', label: 'bare ws (batched)', kind: 'bare-ws', relay: 'ws' },
  { key: 'bare-socketio', label: 'bare Socket.IO (batched)', kind: 'socketio', relay: 'socketio' },
  { key: 'trpc-ws', label: 'tRPC WS', kind: 'trpc-ws' },
  { key: 'trpc-sse', label: 'tRPC SSE', kind: 'trpc-sse' },
  { key: 'trpc-socketio', label: 'tRPC Socket.IO gateway', kind: 'socketio' },
];

/** Our rows, each against its floor (issues 13 and 14), with the minimum ratio of deltas/s. */
const comparisons: { row: string; ours: SystemKey; floor: SystemKey; target: number }[] = [
  { row: 'tRPC WS', ours: 'trpc-ws', floor: 'bare-ws', target: 0.8 },
  { row: 'tRPC SSE', ours: 'trpc-sse', floor: 'bare-ws', target: 0.5 },
  { row: 'tRPC WS vs Socket.IO', ours: 'trpc-ws', floor: 'bare-socketio', target: 1.5 },
  // The gateway is an adapter and must not be the slow path; issue 14 names no figure.
  { row: 'tRPC Socket.IO gateway', ours: 'trpc-socketio', floor: 'bare-socketio', target: 0.8 },
];

interface Measured {
  deltasPerS: number;
  framesPerS: number;
  bytesPerS: number;
  framesPerSubscriber: number;
  lost: number;
  p50: number;
  p99: number;
  serverCpuMs: number;
  loadBusy: number;
}

/** Rates over one window: the provider's first delta to the last subscriber's `message:done`. */
function measured(collected: Collected, serverCpuMs: number): Measured {
  const seconds = Math.max(collected.lastDoneAt - collected.firstEmit, 1) / 1000;
  return {
    deltasPerS: collected.delivered / seconds,
    framesPerS: collected.frames / seconds,
    bytesPerS: collected.bytes / seconds,
    framesPerSubscriber: collected.frames / Math.max(collected.subscribers, 1),
    lost: collected.lost,
    p50: collected.p50,
    p99: collected.p99,
    serverCpuMs,
    loadBusy: collected.loadBusy,
  };
}

export interface FanOutContext {
  load: Worker;
  providerUrl: string;
  /** Our server, and a token of the user who owns the sessions. */
  server: { url: string; token: string; worker: Worker };
  sizes: FanOutSizes;
  log: (line: string) => void;
  /** Sample our server during one row: `trpc-ws`, `trpc-sse-paced`, ... */
  profile?: string;
}

export async function runFanOut(context: FanOutContext): Promise<ScenarioResult[]> {
  const { load, providerUrl, server, sizes, log } = context;
  const variants: Variant[] = [
    { name: 'burst', subscribers: sizes.fanout, streams: 1, deltas: sizes.deltas, chunkDelayMs: 0 },
    {
      name: 'paced',
      subscribers: sizes.pacedSubscribers,
      streams: sizes.pacedStreams,
      deltas: sizes.pacedDeltas,
      chunkDelayMs: 1,
    },
  ];
  const warmUp: Variant = {
    name: 'burst',
    subscribers: Math.min(100, Math.ceil(sizes.fanout / 4)),
    streams: 1,
    deltas: 200,
    chunkDelayMs: 0,
  };
  log(
    `B1 burst: 1 reply of ${sizes.deltas} deltas at once to ${sizes.fanout} subscribers; ` +
      `paced: ${sizes.pacedStreams} replies of ${sizes.pacedDeltas} deltas at 1/ms to ` +
      `${sizes.pacedSubscribers} subscribers; ${sizes.rounds} round(s)`,
  );

  /** One reply per session of the variant, to `subscribers` spread evenly over the sessions. */
  const run = async (
    system: System,
    variant: Variant,
    relay: { worker: Worker; url: string } | undefined,
    profile = false,
  ) => {
    const startedAt = performance.now();
    const sessionIds = relay
      ? Array.from({ length: variant.streams }, (_, index) => `relay-${index}`)
      : await load.call<string[]>('createSessions', {
          url: server.url,
          token: server.token,
          count: variant.streams,
        });
    await load.call('configureProvider', {
      chunks: variant.deltas,
      chunkDelayMs: variant.chunkDelayMs,
    });
    await load.call('subscribe', {
      kind: system.kind,
      url: relay?.url ?? server.url,
      token: server.token,
      sessionIds: Array.from(
        { length: variant.subscribers },
        (_, index) => sessionIds[index % variant.streams],
      ),
    });
    const profileName = `${system.key}${variant.name === 'paced' ? '-paced' : ''}`;
    const profiling = !relay && profile && context.profile === profileName;
    if (profiling) await server.worker.call('startCpuProfile');
    const serving = relay?.worker ?? server.worker;
    const cpuBefore = await serving.call<{ cpuMicros: number }>('usage');
    if (relay) await relay.worker.call('broadcast', { providerUrl, sessionIds });
    else await load.call('send', { url: server.url, token: server.token, sessionIds });
    const collected = await load.call<Collected>('collect', {
      expectedPerSubscriber: variant.deltas,
      timeoutMs: 120_000,
      streams: variant.streams,
    });
    const cpuAfter = await serving.call<{ cpuMicros: number }>('usage');
    if (profiling) {
      const file = `/tmp/${profileName}.cpuprofile`;
      log(`  wrote ${await server.worker.call<string>('stopCpuProfile', { file })}`);
    }
    await load.call('closeSubscribers');
    return {
      ...measured(collected, (cpuAfter.cpuMicros - cpuBefore.cpuMicros) / 1000),
      runSeconds: (performance.now() - startedAt) / 1000,
    };
  };

  // The relays stay up through all rounds; rounds interleave the rows, so a noisy moment on
  // the machine does not land on one row only.
  const relays = new Map<SystemKey, { worker: Worker; url: string }>();
  const samples = new Map<string, Measured[]>();
  try {
    for (const system of systems.filter((candidate) => candidate.relay)) {
      const worker = await startWorker('relay.ts', [system.relay!]);
      const started = worker.call<{ url: string }>('start');
      await started.catch(() => worker.stop());
      relays.set(system.key, { worker, url: (await started).url });
    }
    // A small reply first, so no side is measured while its JIT warms up.
    for (const system of systems) {
      await run(system, warmUp, relays.get(system.key));
    }
    for (let round = 1; round <= sizes.rounds; round += 1) {
      for (const variant of variants) {
        for (const system of systems) {
          const result = await run(system, variant, relays.get(system.key), round === 1);
          const key = `${variant.name}/${system.key}`;
          samples.set(key, [...(samples.get(key) ?? []), result]);
          log(
            `  ${variant.name} ${system.label}: ${Math.round(result.deltasPerS)} deltas/s, ` +
              `${Math.round(result.framesPerS)} frames/s, ${result.lost} lost ` +
              `(${result.runSeconds.toFixed(1)} s)`,
          );
        }
      }
    }
  } finally {
    for (const relay of relays.values()) await relay.worker.stop();
  }
  /** The median run by deltas/s (the upper one of two), and the spread of all runs. */
  const results = new Map(
    [...samples].map(([key, runs]) => {
      const sorted = [...runs].sort((a, b) => a.deltasPerS - b.deltasPerS);
      const spread =
        sorted.length > 1
          ? { min: sorted[0]!.deltasPerS, max: sorted.at(-1)!.deltasPerS }
          : undefined;
      return [key, { ...sorted[Math.floor(sorted.length / 2)]!, spread }];
    }),
  );

  const rows: ScenarioResult[] = [];
  for (const variant of variants) {
    const of = (key: SystemKey) => results.get(`${variant.name}/${key}`)!;
    const labelOf = (key: SystemKey) => systems.find((system) => system.key === key)!.label;
    const details = (result: Measured & { spread?: { min: number; max: number } }) => ({
      frames_per_s: result.framesPerS,
      bytes_per_s: result.bytesPerS,
      frames_per_subscriber: result.framesPerSubscriber,
      lost: result.lost,
      p50_ms: result.p50,
      p99_ms: result.p99,
      server_cpu_ms: result.serverCpuMs,
      load_busy_pct: result.loadBusy * 100,
      ...(result.spread
        ? { deltas_per_s_min: result.spread.min, deltas_per_s_max: result.spread.max }
        : {}),
    });
    for (const system of systems.filter((candidate) => candidate.relay)) {
      rows.push(
        judged({
          name: `B1 ${variant.name}: ${system.label}`,
          metric: 'deltas_per_s',
          value: of(system.key).deltasPerS,
          details: details(of(system.key)),
        }),
      );
    }
    for (const { row, ours, floor, target } of comparisons) {
      rows.push(
        judged({
          name: `B1 ${variant.name}: ${row}`,
          metric: 'deltas_per_s',
          value: of(ours).deltasPerS,
          baseline: { name: labelOf(floor), value: of(floor).deltasPerS },
          target,
          targetKind: 'min-ratio',
          details: details(of(ours)),
        }),
      );
    }
    rows.push(
      judged({
        name: `B1 ${variant.name}: lost deltas (every run of every row)`,
        metric: 'deltas_lost',
        value: systems
          .flatMap((system) => samples.get(`${variant.name}/${system.key}`)!)
          .reduce((sum, run) => sum + run.lost, 0),
        target: 0,
        targetKind: 'max-value',
      }),
    );
  }
  return rows;
}
