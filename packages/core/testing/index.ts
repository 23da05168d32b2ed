import { createProviders, type ProviderOverrides } from '@chatbot/ai';
import { parseConfig, readTestEnvironment, type Config } from '@chatbot/config';
import type { CreateDatabaseOptions } from '@chatbot/db';
import { openTestDatabase, type TestDatabase } from '@chatbot/db/testing';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { createUser } from '../src/accounts/identity';
import { createApp, type App } from '../src/app';
import { DomainError } from '../src/errors';
import { silentLogger } from '../src/logger';

export interface TestCore {
  app: App;
  config: Config;
  database: TestDatabase;
  /** A new user with a unique email; its id is what every domain function takes. */
  createTestUser(name?: string): Promise<{ id: string; email: string; password: string }>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * The domain on a throwaway database, with no transport around it: PGlite by default, a fresh
 * PostgreSQL database when TEST_DATABASE_URL is set, Redis when TEST_REDIS_URL is. Tests call
 * the domain functions with `app.database.prisma` and the app's parts.
 */
export async function openTestCore(
  env: Record<string, string> = {},
  options: {
    wrapAdapter?: CreateDatabaseOptions['wrapAdapter'];
    providers?: ProviderOverrides;
  } = {},
): Promise<TestCore> {
  const testEnvironment = readTestEnvironment();
  const config = parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: testEnvironment.redisUrl ?? '',
    RATE_LIMIT_ENABLED: 'false',
    // Attachments and upload temp files go to a throwaway folder, never the workspace's .data.
    DATA_DIR: path.join(os.tmpdir(), `chatbot-test-${randomUUID()}`),
    ...env,
  });
  const database = await openTestDatabase(testEnvironment.databaseUrl, {
    wrapAdapter: options.wrapAdapter,
  });
  // Fast retries and a quick echo, so fault tests take milliseconds, not seconds.
  const models = createProviders(config, {
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    echo: { wordDelayMs: 5 },
    ...options.providers,
  });
  const app = await createApp({
    config,
    database,
    models,
    logger: silentLogger,
    redisPrefix: `test:${randomUUID()}:`,
  });
  return {
    app,
    config,
    database,
    async createTestUser(name = 'user') {
      const email = `${name}-${process.pid}-${Date.now()}-${(counter += 1)}@example.com`;
      const password = 'correct horse battery';
      const user = await createUser(database.prisma, { email, password });
      return { id: user.id, email, password };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** The kind and field of the DomainError a call rejects with (fails the test if it resolves). */
export async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  const { kind, field } = error as DomainError;
  return { kind, field };
}
export * from './chatgptExport';
export * from './zipFile';
export { startLocalS3, type LocalS3 } from './s3';
