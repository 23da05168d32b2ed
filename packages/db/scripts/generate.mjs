// Runs `prisma generate` with no network. The Prisma CLI tries to download its native schema
// engine before any command, even though `generate` never uses it; pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing executable skips that download.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const prismaCli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build/index.js');
const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
  cwd: path.dirname(new URL(import.meta.url).pathname) + '/..',
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
