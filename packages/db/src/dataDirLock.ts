import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const LOCK_FILE = 'chatbot.lock';

interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  command: string;
}

/** Thrown when another live process holds the embedded data directory. */
export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner | undefined,
  ) {
    const who = owner
      ? `process ${owner.pid} on ${owner.hostname} (${owner.command})`
      : 'another process';
    super(
      `The embedded database in ${dataDir} is already in use by ${who}. ` +
        'Only one process can open an embedded data directory. Stop that process, choose another ' +
        'DATA_DIR, or set DATABASE_URL (PostgreSQL) and REDIS_URL to run several processes.',
    );
    this.name = 'DataDirLockedError';
  }
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  // A lock from another machine (a shared network folder) can't be checked: treat it as held.
  if (owner.hostname !== os.hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/**
 * Take the data directory for this process, or throw `DataDirLockedError` at once. A lock left
 * by a process that died (kill -9, power loss) is taken over: its pid no longer runs.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const me: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    command:
      process.argv
        .slice(1, 3)
        .map((arg) => path.basename(arg))
        .join(' ') || 'node',
  };

  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      // 'wx' creates the file only if it does not exist: atomic on local file systems.
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx' });
      return createHandle(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(lockPath);
    if (owner && owner.pid === process.pid && owner.hostname === me.hostname) {
      throw new DataDirLockedError(dataDir, owner); // this process opened it already
    }
    if (owner && isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
    // Stale (or half-written by a process that died while writing): remove and try again.
    fs.rmSync(lockPath, { force: true });
  }
  throw new DataDirLockedError(dataDir, readOwner(lockPath));
}

function createHandle(lockPath: string): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const owner = readOwner(lockPath);
    if (owner?.pid === process.pid) fs.rmSync(lockPath, { force: true });
  };
  // If the process ends without close(), leave no lock behind (the stale check would cope, but
  // a clean directory is friendlier).
  process.on('exit', release);
  return { path: lockPath, release };
}
