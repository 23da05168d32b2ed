// B3, time to first token added by the server: send -> the first delta at the session's
// subscriber, minus the provider's own time to its first chunk. Idle (one send at a time),
// under load (`ttftUsers` users sending at once, `ttftRounds` times) and during a burst
// (`ttftBurst` sends at once). Failed samples are counted and reported, never skipped. The
// server's CPU per send is its process.cpuUsage() over all of a variant's sends, divided by
// their number: everything a send causes (the send, its 5-chunk reply, the session's title).
import { judged, type ScenarioResult } from './stats';
import { databases, withServer, type ScenarioContext } from './target';

interface Variant {
  name: string;
  sessions: number;
  rounds: number;
  p50Target?: number;
  p99Target: number;
}

interface Measured {
  p50: number;
  p99: number;
  samples: number;
  failed: number;
}

export async function runTtft(context: ScenarioContext): Promise<ScenarioResult[]> {
  const { load, sizes, log } = context;
  const variants: Variant[] = [
    { name: 'idle', sessions: 1, rounds: sizes.ttftSends, p50Target: 8, p99Target: 20 },
    {
      name: `${sizes.ttftUsers} users at once`,
      sessions: sizes.ttftUsers,
      rounds: sizes.ttftRounds,
      p99Target: 100,
    },
    { name: `burst of ${sizes.ttftBurst}`, sessions: sizes.ttftBurst, rounds: 1, p99Target: 250 },
  ];
  log(`B3: ${variants.map((variant) => `${variant.name} x ${variant.rounds}`).join('; ')}`);
  await load.call('configureProvider', { chunks: 5, chunkDelayMs: 0 });
  const rows: ScenarioResult[] = [];
  for (const database of databases(context)) {
    await withServer(context, database, async (target) => {
      // A few sends first, unmeasured, so no variant pays for the JIT warming up.
      const [warmUp] = await load.call<string[]>('createSessions', {
        url: target.url,
        token: target.token,
        count: 1,
      });
      await load.call('timeToFirstToken', {
        target: { url: target.url, token: target.token },
        kind: 'trpc-ws',
        sessionIds: [warmUp],
        rounds: 5,
        timeoutMs: 60_000,
      });
      await load.call('closeSubscribers');
      for (const variant of variants) {
        const sessionIds = await load.call<string[]>('createSessions', {
          url: target.url,
          token: target.token,
          count: variant.sessions,
        });
        const before = await target.server.call<{ cpuMicros: number }>('usage');
        const measured = await load.call<Measured>('timeToFirstToken', {
          target: { url: target.url, token: target.token },
          kind: 'trpc-ws',
          sessionIds,
          rounds: variant.rounds,
          timeoutMs: 60_000,
        });
        const after = await target.server.call<{ cpuMicros: number }>('usage');
        await load.call('closeSubscribers');
        const sends = variant.sessions * variant.rounds;
        const cpuPerSend = (after.cpuMicros - before.cpuMicros) / 1000 / sends;
        log(
          `  ${database} ${variant.name}: p50 ${measured.p50.toFixed(1)} ms, p99 ` +
            `${measured.p99.toFixed(1)} ms, ${measured.failed} failed, ${cpuPerSend.toFixed(1)} ms CPU/send`,
        );
        const name = `B3 TTFT added, ${variant.name} (${database})`;
        const details = { samples: measured.samples, failed: measured.failed };
        rows.push(
          judged({
            name,
            metric: 'p50_ms',
            value: measured.p50,
            unit: 'ms',
            ...(variant.p50Target !== undefined
              ? { target: variant.p50Target, targetKind: 'max-value' as const }
              : {}),
            details,
          }),
          judged({
            name,
            metric: 'p99_ms',
            value: measured.p99,
            unit: 'ms',
            target: variant.p99Target,
            targetKind: 'max-value',
            details,
          }),
          judged({
            name,
            metric: 'failed_samples',
            value: measured.failed,
            target: 0,
            targetKind: 'max-value',
          }),
          judged({
            name,
            metric: 'server_cpu_ms_per_send',
            value: cpuPerSend,
            unit: 'ms',
            target: 2,
            targetKind: 'max-value',
            details: { sends },
          }),
        );
      }
    });
  }
  return rows;
}
