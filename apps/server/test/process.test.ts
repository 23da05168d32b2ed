import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { environmentWith } from '@chatbot/config';
import { spawnTypeScript } from '@chatbot/db/testing';
import { afterEach, describe, expect, it } from 'vitest';

const entry = path.join(import.meta.dirname, '../src/main.ts');
const children: ChildProcessWithoutNullStreams[] = [];
const folders: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-server-'));
  folders.push(dir);
  return dir;
}

/** Start `src/main.ts` the way `pnpm start` does, and wait for its "listening" log line. */
async function startProcess(dataDir: string) {
  const child = spawnTypeScript(entry, [], {
    env: environmentWith({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
    }),
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  for await (const line of readline.createInterface({ input: child.stdout })) {
    const entryLine = JSON.parse(line) as { url?: string; msg: string };
    if (entryLine.url) return { child, url: entryLine.url, exited, stderr: () => stderr };
  }
  throw new Error(`server exited before listening: ${stderr}`);
}

describe('the server process', () => {
  it('starts on embedded defaults, serves, and exits 0 on SIGTERM, releasing the data directory', async () => {
    const dataDir = tempDir();
    const server = await startProcess(dataDir);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(fs.existsSync(path.join(dataDir, 'chatbot.lock'))).toBe(true);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'chatbot.lock'))).toBe(false);
  });

  it('a second server on the same data directory exits 1 with the lock message', async () => {
    const dataDir = tempDir();
    const first = await startProcess(dataDir);
    const second = spawnTypeScript(entry, [], {
      env: environmentWith({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: '' }),
    });
    children.push(second);
    let stderr = '';
    second.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => second.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(
      `The embedded database in ${dataDir} is already in use by process ${first.child.pid}`,
    );
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
  });

  it('a bad configuration value stops the process with a message naming the variable', async () => {
    const child = spawnTypeScript(entry, [], {
      env: environmentWith({ PORT: 'eighty', DATA_DIR: tempDir() }),
    });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
    expect(stderr).toContain('PORT must be a number');
  });

  it('refuses to start in production with the built-in secrets', async () => {
    const child = spawnTypeScript(entry, [], {
      env: environmentWith({
        NODE_ENV: 'production',
        DATA_DIR: tempDir(),
        JWT_SECRET: '',
        AUTH_SECRET: '',
      }),
    });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
    expect(stderr).toContain('JWT_SECRET is required when NODE_ENV=production');
    expect(stderr).toContain('AUTH_SECRET is required when NODE_ENV=production');
  });
});
