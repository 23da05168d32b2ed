// Whether the web app's production build is missing or older than its sources (the web app's
// own and every workspace package's). Shared by `pnpm start` and the end-to-end setup.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(webDir, '../..');
const SKIPPED = new Set(['node_modules', '.next', 'generated', 'test-results']);

function newestIn(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** The newest modification time among the sources a build reads. */
function newestSource() {
  const sources = [
    path.join(webDir, 'src'),
    ...fs
      .readdirSync(path.join(root, 'packages'))
      .map((name) => path.join(root, 'packages', name, 'src')),
  ].filter((dir) => fs.existsSync(dir));
  return Math.max(...sources.map(newestIn));
}

// The sources' newest time as a build STARTED: a file saved while `next build` runs is newer than
// it (so the next check rebuilds), though older than the BUILD_ID the build writes at its end.
const builtFrom = path.join(webDir, '.next/SOURCES_MTIME');

/** @returns {boolean} */
export function buildIsStale() {
  const buildId = path.join(webDir, '.next/BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const built = fs.existsSync(builtFrom)
    ? Number(fs.readFileSync(builtFrom, 'utf8'))
    : fs.statSync(buildId).mtimeMs;
  return newestSource() > built;
}

/**
 * Run `build` (a synchronous `next build`) and remember which sources it saw.
 * @param {() => boolean} build returns whether the build succeeded
 */
export function buildRecordingSources(build) {
  const sources = newestSource();
  if (!build()) return false;
  fs.writeFileSync(builtFrom, String(sources));
  return true;
}
