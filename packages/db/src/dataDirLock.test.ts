import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase } from './createDatabase';
import { DataDirLockedError } from './dataDirLock';
import { spawnTypeScript } from '../testing/spawnTypeScript';

const holder = path.join(import.meta.dirname, '../testing/holdDatabase.ts');
const children: ChildProcessWithoutNullStreams[] = [];
const folders: string[] = [];

function tempDataDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-lock-'));
  folders.push(dir);
  return dir;
}

/** A second process holding the database, driven line by line. */
function startHolder(dataDir: string) {
  const child = spawnTypeScript(holder, [dataDir]);
  children.push(child);
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    async next(): Promise<string> {
      const line = await lines.next();
      if (line.done) throw new Error('holder exited');
      return line.value;
    },
    send(command: string) {
      child.stdin.write(`${command}\n`);
    },
  };
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the embedded data directory lock', () => {
  it('refuses a second process at once with the documented message; the first keeps working', async () => {
    const dataDir = tempDataDir();
    const first = startHolder(dataDir);
    expect(await first.next()).toBe('ready');

    const started = Date.now();
    const attempt = createDatabase({ kind: 'embedded', dataDir });
    await expect(attempt).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `The embedded database in ${dataDir} is already in use by process ${first.child.pid} .*` +
          'Only one process can open an embedded data directory.*set DATABASE_URL \\(PostgreSQL\\) and REDIS_URL',
      ),
    );
    expect(Date.now() - started).toBeLessThan(2_000); // fails fast, no waiting on the holder

    first.send('ping');
    expect(await first.next()).toBe('pong 0');
    first.send('close');
    expect(await first.next()).toBe('closed');

    // Released on close: the directory opens now, with its data intact.
    const database = await createDatabase({ kind: 'embedded', dataDir });
    await database.prisma.user.create({ data: { email: 'after@example.com' } });
    expect(await database.prisma.user.count()).toBe(1);
    await database.close();
  });

  it('refuses a second opener inside the same process', async () => {
    const dataDir = tempDataDir();
    const database = await createDatabase({ kind: 'embedded', dataDir });
    try {
      await expect(createDatabase({ kind: 'embedded', dataDir })).rejects.toBeInstanceOf(
        DataDirLockedError,
      );
      await database.ping();
    } finally {
      await database.close();
    }
  });

  it('takes over the lock of a process that was killed (kill -9), keeping the data', async () => {
    const dataDir = tempDataDir();
    const seeded = await createDatabase({ kind: 'embedded', dataDir });
    await seeded.prisma.user.create({ data: { email: 'kept@example.com' } });
    await seeded.close();

    const crashed = startHolder(dataDir);
    expect(await crashed.next()).toBe('ready');
    const exited = new Promise((resolve) => crashed.child.once('exit', resolve));
    crashed.child.kill('SIGKILL');
    await exited;
    expect(fs.existsSync(path.join(dataDir, 'chatbot.lock'))).toBe(true);

    const database = await createDatabase({ kind: 'embedded', dataDir });
    try {
      expect(await database.prisma.user.findMany({ select: { email: true } })).toEqual([
        { email: 'kept@example.com' },
      ]);
    } finally {
      await database.close();
    }
  });
});
