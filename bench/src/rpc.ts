import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tsxNodeArguments } from '@chatbot/db/testing';

/**
 * Benchmark processes talk over Node's IPC channel: the orchestrator calls a named handler in a
 * worker and awaits its answer. Load and servers live in separate processes, so neither one's
 * CPU time is counted against the other's event loop.
 */
type Handlers = Record<string, (payload: never) => unknown>;

interface Call {
  id: number;
  name: string;
  payload: unknown;
}

export interface Worker {
  readonly pid: number;
  call<T = unknown>(name: string, payload?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export function startWorker(
  file: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<Worker> {
  // BENCH_PROFILE=chatServer.ts writes a CPU profile of that worker to bench/results/profiles.
  const profile =
    process.env.BENCH_PROFILE === file
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${fileURLToPath(new URL('../results/profiles', import.meta.url))}`,
        ]
      : [];
  const child: ChildProcess = fork(
    fileURLToPath(new URL(`./workers/${file}`, import.meta.url)),
    args,
    {
      execArgv: [...tsxNodeArguments(), '--expose-gc', ...profile],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  let next = 0;
  const pending = new Map<
    number,
    { resolve: (value: never) => void; reject: (error: Error) => void }
  >();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(`${file}: ${message.error}`));
    else waiter.resolve(message.result as never);
  });
  child.once('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${file} exited (${code})`));
    pending.clear();
  });
  const worker: Worker = {
    pid: child.pid ?? 0,
    call(name, payload) {
      return new Promise((resolve, reject) => {
        const id = (next += 1);
        pending.set(id, { resolve: resolve as (value: never) => void, reject });
        child.send({ id, name, payload } satisfies Call);
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  return worker.call('ready').then(() => worker);
}

/** In a worker: answer the orchestrator's calls with these handlers. */
export function serveCalls(handlers: Handlers) {
  const all: Handlers = { ready: () => true, ...handlers };
  process.on('message', (message: Call) => {
    const handler = all[message.name];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no handler ${message.name}`);
        return handler(message.payload as never);
      })
      .then(
        (result) => process.send?.({ id: message.id, result }),
        (error: Error) => process.send?.({ id: message.id, error: error.stack ?? String(error) }),
      );
  });
  process.on('SIGTERM', () => process.exit(0));
}

/** Resident memory of this process after a full collection (workers run with --expose-gc). */
export function settledRss(): number {
  for (let i = 0; i < 3; i += 1) globalThis.gc?.();
  return process.memoryUsage().rss;
}

/**
 * RSS once it stops moving (up to 5 collections 300 ms apart, until two readings are within
 * 1 MiB: freed pages go back to the system late), and the live JS heap after the last one.
 */
export async function settledMemory() {
  let previous = settledRss();
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const rss = settledRss();
    if (Math.abs(rss - previous) < 2 ** 20) break;
    previous = rss;
  }
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}
