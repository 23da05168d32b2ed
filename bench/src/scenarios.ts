// Runs the chosen scenarios one after another, each against its own fresh server process,
// with one load process (the provider and every client) for the whole run. Each scenario's
// rows record the machine's load when it started.
import { runApi } from './api';
import { runConcurrent } from './concurrent';
import { runFanOut } from './fanOut';
import { runFootprint } from './footprint';
import { describeLoad, loadNow } from './machine';
import { startWorker } from './rpc';
import type { BenchSizes } from './sizes';
import type { ScenarioResult } from './stats';
import { withServer, type ScenarioContext } from './target';
import { runTtft } from './ttft';
import { runUpload } from './upload';

const scenarios: Record<string, (context: ScenarioContext) => Promise<ScenarioResult[]>> = {
  B1: (context) =>
    withServer(context, 'pglite', (target) =>
      runFanOut({
        load: context.load,
        providerUrl: context.providerUrl,
        server: { url: target.url, token: target.token, worker: target.server },
        sizes: context.sizes,
        log: context.log,
        profile: context.profile,
      }),
    ),
  B2: runConcurrent,
  B3: runTtft,
  B4: runApi,
  B5: runFootprint,
  B6: runUpload,
};
export const scenarioNames = Object.keys(scenarios);

export async function runScenarios(
  sizes: BenchSizes,
  options: {
    postgresServerUrl?: string;
    log: (line: string) => void;
    only?: string[];
    /** Sample the server during one B1 row (`--profile=trpc-sse`) or other scenario (`B4`). */
    profile?: string;
  },
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const load = await startWorker('load.ts');
  try {
    const { url: providerUrl } = await load.call<{ url: string }>('startProvider');
    const context: ScenarioContext = {
      load,
      providerUrl,
      sizes,
      log: options.log,
      profile: options.profile,
      postgresServerUrl: options.postgresServerUrl,
    };
    for (const [name, run] of Object.entries(scenarios)) {
      if (options.only?.length && !options.only.includes(name)) continue;
      const loadAtStart = loadNow();
      options.log(`${name}: ${describeLoad(loadAtStart)}`);
      for (const row of await run(context)) results.push({ ...row, loadAtStart });
    }
  } finally {
    await load.stop();
  }
  return results;
}
