import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { environmentWith } from '@chatbot/config';
import { spawnTypeScript } from '@chatbot/db/testing';

const serverEntry = path.resolve(import.meta.dirname, '../../server/src/main.ts');

export interface TestServer {
  process: ChildProcessWithoutNullStreams;
  /** The base address (`http://127.0.0.1:port`); its API is at `${url}/trpc`. */
  url: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * The real server, as a process on a free port with its own embedded database in `dataDir`:
 * the CLI talks to it exactly as on a user's machine, and a test can kill it.
 */
export async function startServer(dataDir: string): Promise<TestServer> {
  const child = spawnTypeScript(serverEntry, [], {
    env: environmentWith({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
    }),
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let url: string | undefined;
  for await (const line of readline.createInterface({ input: child.stdout })) {
    url = (JSON.parse(line) as { url?: string }).url;
    if (url) break;
  }
  if (!url) throw new Error('The server exited before it listened');
  child.stdout.resume(); // keep reading its log so it never blocks on a full pipe
  return {
    process: child,
    url,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
