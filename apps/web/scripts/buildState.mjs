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

/** @returns {boolean} */
export function buildIsStale() {
  const buildId = path.join(webDir, '.next/BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const sources = [
    path.join(webDir, 'src'),
    ...fs
      .readdirSync(path.join(root, 'packages'))
      .map((name) => path.join(root, 'packages', name, 'src')),
  ].filter((dir) => fs.existsSync(dir));
  return Math.max(...sources.map(newestIn)) > fs.statSync(buildId).mtimeMs;
}
