import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { environmentWith } from '@chatbot/config';
import { browserAvailable } from './browser';

const webDir = path.resolve(import.meta.dirname, '..');
const root = path.resolve(webDir, '../..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.next', 'generated', 'test-results'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** `next build` once before the end-to-end files, unless the last build is newer than every source. */
export default function buildOnce() {
  if (!browserAvailable()) return;
  const buildId = path.join(webDir, '.next/BUILD_ID');
  const sources = [
    path.join(webDir, 'src'),
    ...fs
      .readdirSync(path.join(root, 'packages'))
      .map((name) => path.join(root, 'packages', name, 'src')),
  ];
  const newest = Math.max(...sources.filter((dir) => fs.existsSync(dir)).map(newestSource));
  if (fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs > newest) return;
  const next = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const result = spawnSync(process.execPath, [next, 'build'], {
    cwd: webDir,
    stdio: 'inherit',
    // A build validates configuration like production does; these secrets exist only for it.
    env: environmentWith({
      NEXT_TELEMETRY_DISABLED: '1',
      JWT_SECRET: 'e2e-build-only-jwt-secret-0123456789abcdefghij',
      AUTH_SECRET: 'e2e-build-only-auth-secret-0123456789abcdefghi',
    }),
  });
  if (result.status !== 0) throw new Error('next build failed');
}
