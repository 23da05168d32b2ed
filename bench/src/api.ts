// B4, the API over HTTP: sessions.list and messages.list through our server against a bare
// node:http handler running the same query, on the same seeded PGlite directory. A/B
// interleaved `apiRounds` times (the order alternating), each side in a fresh process; each
// side reports its median round, and the ratio is of the medians.
import fs from 'node:fs';
import { startWorker } from './rpc';
import { judged, percentile, type ScenarioResult } from './stats';
import { startServerWorker, stopServerWorker, tempDataDir, type ScenarioContext } from './target';

interface Load {
  rps: number;
  p99: number;
  failures: number;
}
type Endpoints = { list: Load; messages: Load };

export async function runApi(context: ScenarioContext): Promise<ScenarioResult[]> {
  const { load, sizes, log } = context;
  log(
    `B4: sessions.list and messages.list (${sizes.messages} messages), ${sizes.apiRounds} ` +
      `A/B rounds, each side a fresh process`,
  );
  const dataDir = tempDataDir();
  const measure = (url: string, headers: Record<string, string> = {}) =>
    load.call<Load>('httpLoad', { url, headers, concurrency: 16, durationMs: sizes.httpMs });
  try {
    // The first of our processes signs the user up and seeds the data; every later one (ours
    // and the baseline's) reads that directory.
    let seeded: { userId: string; longSessionId: string; token: string; email: string } | undefined;
    const ours = async (round: number): Promise<Endpoints> => {
      const target = await startServerWorker(context, { dataDir, user: seeded });
      try {
        seeded ??= {
          ...(await target.server.call<{ userId: string; longSessionId: string }>('seed', {
            email: target.email,
            sessions: 50,
            messages: sizes.messages,
          })),
          token: target.token,
          email: target.email,
        };
        const { longSessionId, token } = seeded;
        const get = (procedure: string, input: unknown) =>
          `${target.url}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
        const auth = { authorization: `Bearer ${token}` };
        if (context.profile === 'B4' && round === 0) {
          void target.server
            .call('cpuProfile', { ms: sizes.httpMs * 2, file: '/tmp/B4.cpuprofile' })
            .catch(() => {});
        }
        return {
          list: await measure(get('sessions.list', { limit: 50 }), auth),
          messages: await measure(
            get('messages.list', { sessionId: longSessionId, limit: 50 }),
            auth,
          ),
        };
      } finally {
        await stopServerWorker(target);
      }
    };
    const bare = async (): Promise<Endpoints> => {
      const { userId, longSessionId } = seeded!;
      const worker = await startWorker('baselines.ts');
      try {
        const { url } = await worker.call<{ url: string }>('start', {
          dataDir,
          userId,
        });
        return {
          list: await measure(`${url}/sessions`),
          messages: await measure(`${url}/messages?sessionId=${longSessionId}`),
        };
      } finally {
        await worker.call('stop').catch(() => {});
        await worker.stop();
      }
    };

    const oursRuns: Endpoints[] = [];
    const bareRuns: Endpoints[] = [];
    for (let round = 0; round < sizes.apiRounds; round += 1) {
      // Alternate which side goes first, so neither always meets the warmer machine.
      if (round % 2 === 0) {
        oursRuns.push(await ours(round));
        bareRuns.push(await bare());
      } else {
        bareRuns.push(await bare());
        oursRuns.push(await ours(round));
      }
      log(
        `  round ${round + 1}: sessions.list ${oursRuns.at(-1)!.list.rps.toFixed(0)} vs ` +
          `${bareRuns.at(-1)!.list.rps.toFixed(0)} req/s, messages.list ` +
          `${oursRuns.at(-1)!.messages.rps.toFixed(0)} vs ${bareRuns.at(-1)!.messages.rps.toFixed(0)}`,
      );
    }
    const median = (runs: Endpoints[], endpoint: keyof Endpoints, field: 'rps' | 'p99') =>
      percentile(
        runs.map((run) => run[endpoint][field]),
        50,
      );
    const failures = (runs: Endpoints[]) =>
      runs.reduce((sum, run) => sum + run.list.failures + run.messages.failures, 0);
    const rows: ScenarioResult[] = [];
    for (const [name, endpoint] of [
      ['B4 sessions.list', 'list'],
      ['B4 messages.list', 'messages'],
    ] as const) {
      rows.push(
        judged({
          name,
          metric: `requests_per_s (median of ${sizes.apiRounds})`,
          value: median(oursRuns, endpoint, 'rps'),
          baseline: { name: 'bare node:http', value: median(bareRuns, endpoint, 'rps') },
          target: 0.7,
          targetKind: 'min-ratio',
          details: Object.fromEntries(
            oursRuns.flatMap((run, round) => [
              [`ours_round${round + 1}`, run[endpoint].rps],
              [`bare_round${round + 1}`, bareRuns[round]![endpoint].rps],
            ]),
          ),
        }),
        judged({
          name,
          metric: `p99_ms (median of ${sizes.apiRounds})`,
          value: median(oursRuns, endpoint, 'p99'),
          unit: 'ms',
          baseline: { name: 'bare node:http', value: median(bareRuns, endpoint, 'p99') },
        }),
      );
    }
    rows.push(
      judged({
        name: 'B4 failed requests (both sides, every round)',
        metric: 'failures',
        value: failures(oursRuns) + failures(bareRuns),
        target: 0,
        targetKind: 'max-value',
      }),
    );
    return rows;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
