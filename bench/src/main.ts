// `pnpm bench` (about 3 minutes on 2 cores) or `pnpm bench --quick` (under a minute): every
// scenario runs its baselines in the same run, load comes from a separate process, and the
// results are ratios. Prints a table and writes bench/results/latest.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTestEnvironment } from '@chatbot/config';
import { formatTable, type ScenarioResult } from './stats';
import { runScenarios, type BenchSizes } from './scenarios';

const HELP = `pnpm bench [options]

  --quick            smaller sizes (under a minute on 2 cores); what CI runs, report only
  --only=B1,B3       run just these scenarios
  --fanout=N         the B1 subscriber count
  --profile=NAME     write a CPU profile of one side (e.g. trpc-ws, B2-pglite, B4)
  --help             this text

TEST_DATABASE_URL=postgresql://... adds the PostgreSQL rows (B2, B3).
Prints a table and writes bench/results/latest.json.`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}

const quick = process.argv.includes('--quick');
/** `--only B3,B4`: run just these scenarios (for profiling one of them). */
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const fanout = process.argv.find((arg) => arg.startsWith('--fanout='))?.slice('--fanout='.length);
const chosen: BenchSizes = quick
  ? {
      fanout: 200,
      deltas: 2_000,
      concurrent: 50,
      tokens: 100,
      ttftSends: 50,
      idle: 200,
      httpMs: 1_500,
      messages: 10_000,
    }
  : {
      fanout: 1_000,
      deltas: 2_000,
      concurrent: 200,
      tokens: 300,
      ttftSends: 200,
      idle: 1_000,
      httpMs: 5_000,
      messages: 10_000,
    };

/** `--fanout=N` overrides the B1 subscriber count (to see how it scales). */
const sizes: BenchSizes = fanout ? { ...chosen, fanout: Number(fanout) } : chosen;

const started = performance.now();
const results: ScenarioResult[] = await runScenarios(sizes, {
  postgresServerUrl: readTestEnvironment().databaseUrl,
  log: (line) => process.stderr.write(`${line}\n`),
  only,
  profile: process.argv.find((arg) => arg.startsWith('--profile='))?.slice('--profile='.length),
});
const seconds = (performance.now() - started) / 1000;

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
const output = {
  mode: quick ? 'quick' : 'full',
  date: new Date().toISOString(),
  durationSeconds: Number(seconds.toFixed(1)),
  machine,
  sizes,
  scenarios: results,
};
const file = fileURLToPath(new URL('../results/latest.json', import.meta.url));
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);

process.stdout.write(`\n${formatTable(results)}\n\n`);
process.stdout.write(
  `${quick ? 'quick' : 'full'} run, ${seconds.toFixed(0)} s on ${machine.cpus} x ${machine.cpuModel}; ` +
    `${results.filter((result) => result.pass === false).length} target(s) missed; wrote ${path.relative(process.cwd(), file)}\n`,
);
// Report only: a missed target is a finding for docs/PERFORMANCE.md, not a crash.
process.exit(0);
