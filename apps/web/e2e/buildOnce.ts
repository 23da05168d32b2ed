import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { environmentWith } from '@chatbot/config';
import { buildIsStale, buildRecordingSources, webDir } from '../scripts/buildState.mjs';
import { browserAvailable } from './browser';

/** `next build` once before the end-to-end files, unless the last build is newer than every source. */
export default function buildOnce() {
  if (!browserAvailable()) return;
  if (!buildIsStale()) return;
  const next = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const built = buildRecordingSources(
    () =>
      spawnSync(process.execPath, [next, 'build'], {
        cwd: webDir,
        stdio: 'inherit',
        // A build validates configuration like production does; these secrets exist only for it.
        env: environmentWith({
          NEXT_TELEMETRY_DISABLED: '1',
          JWT_SECRET: 'e2e-build-only-jwt-secret-0123456789abcdefghij',
          AUTH_SECRET: 'e2e-build-only-auth-secret-0123456789abcdefghi',
        }),
      }).status === 0,
  );
  if (!built) throw new Error('next build failed');
}
