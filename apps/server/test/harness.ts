import { createProviders } from '@chatbot/ai';
import { createApp, silentLogger, type App } from '@chatbot/core';
import {
  closeChatClient,
  createChatClient,
  createChatSession,
  type ChatClient,
  type ChatSession,
} from '@chatbot/client';
import { parseConfig, readTestEnvironment, type Config } from '@chatbot/config';
import type { CreateDatabaseOptions } from '@chatbot/db';
import { openTestDatabase, type TestDatabase } from '@chatbot/db/testing';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { ServerLogger } from '../src/logger';
import { startServer, type RunningServer } from '../src/server';

export interface TestServer {
  app: App;
  config: Config;
  database: TestDatabase;
  server: RunningServer;
  /** The tRPC endpoint, e.g. http://127.0.0.1:40123/trpc */
  trpcUrl: string;
  /** A signed-in user with a typed client over the chosen transport. */
  signUp(options?: {
    transport?: 'sse' | 'ws';
    email?: string;
    password?: string;
  }): Promise<TestUser>;
  anonymous(): ChatClient;
  close(): Promise<void>;
}

export interface TestUser {
  email: string;
  password: string;
  userId: string;
  session: ChatSession;
  client: ChatClient;
}

let counter = 0;
export const uniqueEmail = (prefix = 'user') =>
  `${prefix}-${process.pid}-${Date.now()}-${(counter += 1)}@example.com`;

/**
 * A real server on a free port, over a throwaway database: PGlite by default, a fresh
 * PostgreSQL database when TEST_DATABASE_URL is set.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: {
    wrapAdapter?: CreateDatabaseOptions['wrapAdapter'];
    /** Share this database with another test server (several instances, one conversation). */
    database?: TestDatabase;
    /** Redis key prefix; instances that share one see the same events. @default a fresh one */
    redisPrefix?: string;
    /** A PostgreSQL server to make the throwaway database on. @default TEST_DATABASE_URL */
    postgresServerUrl?: string;
    /** The server's request logger (see `capturedLogger`). @default silent */
    logger?: ServerLogger;
    /** @default a free port */
    port?: number;
  } = {},
): Promise<TestServer> {
  const testEnvironment = readTestEnvironment();
  const config = parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    // The suites run on in-process realtime, and again on Redis when CI provides one.
    REDIS_URL: testEnvironment.redisUrl ?? '',
    RATE_LIMIT_ENABLED: 'false',
    // Attachments and upload temp files go to a throwaway folder, never the workspace's .data.
    DATA_DIR: path.join(os.tmpdir(), `chatbot-test-${randomUUID()}`),
    ...env,
  });
  const ownsDatabase = !options.database;
  const database =
    options.database ??
    (await openTestDatabase(options.postgresServerUrl ?? testEnvironment.databaseUrl, {
      wrapAdapter: options.wrapAdapter,
    }));
  // Fast retries and a quick echo, so fault tests take milliseconds, not seconds.
  const models = createProviders(config, {
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    echo: { wordDelayMs: 5 },
  });
  const app = await createApp({
    config,
    database,
    models,
    logger: silentLogger,
    redisPrefix: options.redisPrefix ?? `test:${randomUUID()}:`,
  });
  const server = await startServer({
    app,
    logger: options.logger ?? pino({ level: 'silent' }),
    port: options.port ?? 0,
    host: '127.0.0.1',
  });
  const trpcUrl = `${server.url}/trpc`;
  const closers: (() => void)[] = [];

  return {
    app,
    config,
    database,
    server,
    trpcUrl,
    anonymous() {
      const client = createChatClient({ url: trpcUrl });
      closers.push(() => closeChatClient(client));
      return client;
    },
    async signUp(options = {}) {
      const email = options.email ?? uniqueEmail();
      const password = options.password ?? 'correct horse battery';
      const session = createChatSession({ url: trpcUrl, transport: options.transport ?? 'sse' });
      closers.push(() => session.close());
      const user = await session.register({ email, password });
      return { email, password, userId: user.id, session, client: session.client };
    },
    async close() {
      for (const close of closers) close();
      await server.close();
      if (ownsDatabase) await database.close();
    },
  };
}

/** The tRPC error code and field of a rejected call, for `expect(...).toEqual`. */
export async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    const data = (
      error as { data?: { code?: string; field?: string; fieldErrors?: Record<string, string[]> } }
    ).data;
    return {
      code: data?.code,
      field: data?.field,
      message: (error as Error).message,
      fieldErrors: data?.fieldErrors,
    };
  }
  throw new Error('expected the call to fail');
}

/** A server logger at info level whose JSON lines the test can read. */
export function capturedLogger() {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) },
  );
  return { logger, lines };
}
