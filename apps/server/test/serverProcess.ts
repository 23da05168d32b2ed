import readline from 'node:readline';
import path from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { environmentWith } from '@chatbot/config';
import { spawnTypeScript } from '@chatbot/db/testing';
import { inspectorUrlIn } from './heapProbe';

const entry = path.join(import.meta.dirname, '../src/main.ts');

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  /** The last lines the process wrote (stdout and stderr), to explain a failure. */
  lastOutput(): string;
  /** The inspector's WebSocket URL, when started with NODE_OPTIONS=--inspect=127.0.0.1:0. */
  inspectorUrl(): string | undefined;
  url: string;
  trpcUrl: string;
  exited: Promise<number | null>;
}

const spawned = new Set<ChildProcessWithoutNullStreams>();
// A test that times out before its cleanup runs must not leave a server behind.
process.once('exit', () => {
  for (const child of spawned) child.kill('SIGKILL');
});

/** `src/main.ts` as a real process; resolves with its URL once it listens. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawnTypeScript(entry, [], {
    env: environmentWith({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }),
  });
  spawned.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      spawned.delete(child);
      resolve(code);
    }),
  );
  const tail: string[] = [];
  let inspector: string | undefined;
  const remember = (line: string) => {
    inspector ??= inspectorUrlIn(line);
    tail.push(line);
    if (tail.length > 200) tail.shift();
  };
  readline.createInterface({ input: child.stderr }).on('line', remember);
  const lastOutput = () => tail.join('\n');
  const lines = readline.createInterface({ input: child.stdout });
  for await (const line of lines) {
    remember(line);
    const url = (JSON.parse(line) as { url?: string }).url;
    if (url) {
      lines.on('line', remember); // keep reading its log so the pipe never fills
      const inspectorUrl = () => inspector;
      return { child, url, trpcUrl: `${url}/trpc`, exited, lastOutput, inspectorUrl };
    }
  }
  throw new Error('server exited before listening');
}
