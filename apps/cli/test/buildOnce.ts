import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Vitest global setup: the tests drive the built command, exactly as users run it. */
export default function buildCli() {
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../scripts/build.mjs')], {
    stdio: 'inherit',
  });
}
