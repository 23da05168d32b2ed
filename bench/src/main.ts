// `pnpm bench` or `pnpm bench --quick` (what CI runs, report only, in 180 s): every scenario
// starts its own server, runs its baselines in the same run, load comes from a separate process.
// Prints the machine, then a table; writes bench/results/latest.json (a run of some scenarios:
// <names>.json; a quick run: -quick.json), so no run overwrites another kind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTestEnvironment } from '@chatbot/config';
import { describeMachine } from './machine';
import { formatTable, type ScenarioResult } from './stats';
import { runScenarios, scenarioNames } from './scenarios';
import type { BenchSizes } from './sizes';

const HELP = `pnpm bench [options]

  --quick            smaller sizes; what CI runs, report only
  --only B1,B3       run just these scenarios (also --only=B1,B3)
  --fanout=N         the B1 burst's subscriber count
  --profile=NAME     write a CPU profile of the server during one row: trpc-ws, trpc-sse,
                     trpc-socketio (B1 burst; add -paced for B1 paced), B2-pglite,
                     B2-postgresql, B2-floor (B2's steady streaming window), B4
  --help             this text

Prints the machine and load average first; a scenario started while the 1-minute load
average exceeds the core count is marked "under load" in the table and the JSON.
TEST_DATABASE_URL=postgresql://... adds the PostgreSQL rows (B2, B3).
Prints a table and writes bench/results/latest.json; with --only, bench/results/<B1-B6>.json;
a quick run writes the same names ending -quick.json. Result files are committed.`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}
const known = ['--quick', '--only', '--fanout', '--profile'];
const unknown = process.argv
  .slice(2)
  .filter((arg, index, args) => arg.startsWith('-') || !args[index - 1]?.startsWith('--'))
  .filter((arg) => !known.includes(arg.split('=')[0]!));
if (unknown.length) {
  console.error(`unknown option(s): ${unknown.join(' ')}\n\n${HELP}`);
  process.exit(2);
}

const quick = process.argv.includes('--quick');
/** `--name=value` or `--name value`. */
function option(name: string): string | undefined {
  const index = process.argv.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  if (index < 0) return undefined;
  const arg = process.argv[index]!;
  return arg === name ? process.argv[index + 1] : arg.slice(name.length + 1);
}

/** `--only B3,B4`: run just these scenarios (for profiling one of them). */
const only = option('--only')
  ?.split(',')
  .map((name) => name.trim().toUpperCase())
  .filter(Boolean);
const unknownScenarios = only?.filter((name) => !scenarioNames.includes(name));
if (unknownScenarios?.length) {
  console.error(`no scenario ${unknownScenarios.join(', ')}: B1 to B6\n\n${HELP}`);
  process.exit(2);
}
const fanout = option('--fanout');
const chosen: BenchSizes = quick
  ? {
      fanout: 200,
      deltas: 2_000,
      pacedStreams: 4,
      pacedSubscribers: 40,
      pacedDeltas: 1_000,
      rounds: 1,
      concurrent: 30,
      tokens: 60,
      sendWindowMs: 500,
      ttftSends: 20,
      ttftUsers: 20,
      ttftRounds: 1,
      ttftBurst: 50,
      idleBase: 100,
      idleAdded: 200,
      httpMs: 1_000,
      messages: 2_000,
      apiRounds: 1,
      uploads: 2,
    }
  : {
      fanout: 1_000,
      deltas: 2_000,
      pacedStreams: 10,
      pacedSubscribers: 100,
      pacedDeltas: 2_000,
      rounds: 5,
      concurrent: 200,
      tokens: 300,
      sendWindowMs: 2_000,
      ttftSends: 100,
      ttftUsers: 50,
      ttftRounds: 3,
      ttftBurst: 200,
      idleBase: 500,
      idleAdded: 1_000,
      httpMs: 5_000,
      messages: 10_000,
      apiRounds: 3,
      uploads: 5,
    };

/** `--fanout=N` overrides the B1 subscriber count (to see how it scales). */
const sizes: BenchSizes = fanout ? { ...chosen, fanout: Number(fanout) } : chosen;

// Other work on the machine skews every figure: the run prints and records how busy it was.
const machine = describeMachine();
const loadBefore = os.loadavg()[0]!;
process.stderr.write(
  `${quick ? 'quick' : 'full'} run on ${machine.cpus} x ${machine.cpuModel}, ` +
    `${machine.memoryGiB} GiB, node ${machine.node}; load average ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}` +
    `${loadBefore > machine.cpus ? ` (above ${machine.cpus} cores: figures are measured under load)` : ''}\n`,
);
const started = performance.now();
const results: ScenarioResult[] = await runScenarios(sizes, {
  postgresServerUrl: readTestEnvironment().databaseUrl,
  log: (line) => process.stderr.write(`${line}\n`),
  only,
  profile: option('--profile'),
});
const seconds = (performance.now() - started) / 1000;

const output = {
  mode: quick ? 'quick' : 'full',
  date: new Date().toISOString(),
  durationSeconds: Number(seconds.toFixed(1)),
  machine: { ...machine, loadAverage1m: { before: loadBefore, after: os.loadavg()[0]! } },
  scenariosUnderLoad: [
    ...new Set(
      results
        .filter((result) => result.loadAtStart?.underLoad)
        .map((result) => result.name.split(' ')[0]!),
    ),
  ],
  sizes,
  scenarios: results,
};
// A quick run never overwrites the full run's file, which docs/PERFORMANCE.md cites.
const name = `${only?.length ? only.join('-') : 'latest'}${quick ? '-quick' : ''}`;
const file = fileURLToPath(new URL(`../results/${name}.json`, import.meta.url));
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);

process.stdout.write(`\n${formatTable(results)}\n\n`);
process.stdout.write(
  `${quick ? 'quick' : 'full'} run, ${seconds.toFixed(0)} s on ${machine.cpus} x ${machine.cpuModel}; ` +
    `${results.filter((result) => result.pass === false).length} target(s) missed; wrote ${path.relative(process.cwd(), file)}\n`,
);
// Report only: a missed target is a finding for docs/PERFORMANCE.md, not a crash.
process.exit(0);
