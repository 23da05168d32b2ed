// The server under test, each scenario its own: a fresh process, so one scenario's peak RSS,
// JIT state or heap never carries into the next. PGlite in a temporary directory, or a fresh
// PostgreSQL database when the run was given a server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestPostgres } from '@chatbot/db/testing';
import { startWorker, type Worker } from './rpc';
import type { BenchSizes } from './sizes';

export interface Target {
  url: string;
  server: Worker;
  token: string;
  email: string;
}

export interface ScenarioContext {
  load: Worker;
  providerUrl: string;
  sizes: BenchSizes;
  log: (line: string) => void;
  /** `--profile=NAME`: the row or scenario to sample. */
  profile?: string;
  /** A PostgreSQL server: B2 and B3 add rows on a fresh database of it. */
  postgresServerUrl?: string;
}

/** Start our server on `dataDir` (PGlite) or `databaseUrl`; sign up a user unless given one. */
export async function startServerWorker(
  context: ScenarioContext,
  options: {
    dataDir: string;
    databaseUrl?: string;
    countQueries?: boolean;
    user?: { token: string; email: string };
  },
): Promise<Target> {
  const server = await startWorker('chatServer.ts');
  const { url } = await server.call<{ url: string }>('start', {
    countQueries: options.countQueries,
    env: {
      DATA_DIR: options.dataDir,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      OPENAI_BASE_URL: context.providerUrl,
      OPENAI_API_KEY: 'bench',
      OPENAI_MODELS: 'fake-model',
      DEFAULT_MODEL: 'fake-model',
      CHECKPOINT_INTERVAL_MS: '1000',
      // The benchmark's thousand subscribers all belong to one user.
      MAX_SUBSCRIPTIONS_PER_USER: '100000',
    },
  });
  const user =
    options.user ?? (await context.load.call<{ token: string; email: string }>('signUp', { url }));
  return { url, server, ...user };
}

export async function stopServerWorker(target: Target) {
  await target.server.call('stop').catch(() => {});
  await target.server.stop();
}

export const tempDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-bench-'));

/** Run `body` against a fresh server on PGlite, or on a fresh PostgreSQL database. */
export async function withServer<T>(
  context: ScenarioContext,
  database: 'pglite' | 'postgresql',
  body: (target: Target) => Promise<T>,
  options: { countQueries?: boolean } = {},
): Promise<T> {
  const dataDir = tempDataDir();
  const postgres =
    database === 'postgresql' && context.postgresServerUrl
      ? await createTestPostgres(context.postgresServerUrl)
      : undefined;
  try {
    const target = await startServerWorker(context, {
      dataDir,
      databaseUrl: postgres?.url,
      countQueries: options.countQueries,
    });
    try {
      return await body(target);
    } finally {
      await context.load.call('closeSubscribers').catch(() => {});
      await stopServerWorker(target);
    }
  } finally {
    await postgres?.drop().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The databases a run covers: PGlite always, PostgreSQL when given a server. */
export const databases = (context: ScenarioContext) =>
  context.postgresServerUrl ? (['pglite', 'postgresql'] as const) : (['pglite'] as const);
