import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { environmentWith } from '@chatbot/config';
import { createDatabase, type Database } from '@chatbot/db';
import { tsxNodeArguments } from '@chatbot/db/testing';

const webDir = path.resolve(import.meta.dirname, '..');
const root = path.resolve(webDir, '../..');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface WebServer {
  url: string;
  dataDir: string;
  /** What the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The production build (scripts/server.mjs, as `pnpm start` runs it) on a free port, on a fresh embedded database, exactly as
 * `pnpm start` runs it: migrations first, then the server.
 */
export async function startWebServer(
  env: Record<string, string> = {},
  /** Runs on the migrated database before the server opens it (it then owns the folder). */
  seed?: (database: Database) => Promise<void>,
): Promise<WebServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-web-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serverEnv = environmentWith({
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    JWT_SECRET: 'e2e-only-jwt-secret-abcdefghijklmnopqrstuvwxyz012',
    AUTH_SECRET: 'e2e-only-auth-secret-abcdefghijklmnopqrstuvwxyz01',
    PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
    // A test file registers a dozen users from 127.0.0.1 within a minute, and each registration
    // spends two attempts (register, then sign in) of the per-IP budget. signInLimits.test.ts and
    // edge.test.ts set their own small budget to test the limit itself.
    RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    ...env,
  });
  const migrated = spawnSync(
    process.execPath,
    [...tsxNodeArguments(), path.join(root, 'packages/db/scripts/migrate.ts')],
    {
      env: serverEnv,
      encoding: 'utf8',
    },
  );
  if (migrated.status !== 0) throw new Error(`migrations failed: ${migrated.stderr}`);
  if (seed) {
    const database = await createDatabase({ kind: 'embedded', dataDir }, { migrate: false });
    try {
      await seed(database);
    } finally {
      await database.close();
    }
  }

  // The same server `pnpm start` runs (scripts/server.mjs: Next behind a socket that knows the
  // client's address).
  const child: ChildProcess = spawn(process.execPath, [path.join(webDir, 'scripts/server.mjs')], {
    cwd: webDir,
    env: { ...serverEnv, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the web server exited: ${output}`);
    try {
      const response = await fetch(`${url}/api/trpc/health.check`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the web server did not answer: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    url,
    dataDir,
    output: () => output,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
