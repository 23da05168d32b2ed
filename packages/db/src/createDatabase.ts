import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { lockDataDir } from './dataDirLock';
import { PrismaClient } from './generated/prisma/client';
import { applyMigrations, hasPendingMigrations } from './migrate/index';

export type DatabaseConfig =
  { kind: 'embedded'; dataDir: string } | { kind: 'postgres'; url: string };

export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly prisma: PrismaClient;
  /** Resolves when the database answers a query; rejects otherwise. */
  ping(): Promise<void>;
  /** Disconnect, close the embedded database and release its lock. Safe to call twice. */
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /**
   * Apply pending migrations before returning. Embedded databases migrate on open by default;
   * for PostgreSQL production runs `pnpm db:migrate` as a deployment step, and so does the web
   * app (its bundle does not carry the migrations folder).
   * @default true for embedded, false for PostgreSQL
   */
  migrate?: boolean;
  /** Wraps the driver adapter, e.g. to count queries in tests and benchmarks. */
  wrapAdapter?: (factory: SqlDriverAdapterFactory) => SqlDriverAdapterFactory;
  /** Maximum PostgreSQL pool size. @default 10 */
  poolSize?: number;
}

/** The embedded PGlite files live in a subfolder, so DATA_DIR can hold other state too. */
export function embeddedDatabasePath(dataDir: string) {
  return path.join(dataDir, 'pglite');
}

/**
 * A ready Prisma client: embedded PGlite under `dataDir` (locked to this process, migrated on
 * open), or PostgreSQL through node-postgres.
 */
export async function createDatabase(
  config: DatabaseConfig,
  options: CreateDatabaseOptions = {},
): Promise<Database> {
  const wrap = options.wrapAdapter ?? ((factory) => factory);

  if (config.kind === 'postgres') {
    if (options.migrate) await applyMigrations({ postgresUrl: config.url });
    const pool = new pg.Pool({ connectionString: config.url, max: options.poolSize ?? 10 });
    // When PostgreSQL closes a connection (a restart), pg emits 'error' on its client. pg's pool
    // listens only while a client is idle; one checked out at that moment (inside a
    // transaction) has no listener, and an unhandled 'error' event ends the process. The query
    // in flight still fails (a 503 to its caller) and the pool replaces the connection.
    pool.on('connect', (client) => client.on('error', () => {}));
    pool.on('error', () => {});
    const prisma = new PrismaClient({
      adapter: wrap(new PrismaPg(pool, { disposeExternalPool: true })),
    });
    return databaseHandle('postgres', prisma, async () => {
      await prisma.$disconnect();
    });
  }

  const lock = lockDataDir(config.dataDir);
  let pglite: PGlite | undefined;
  try {
    pglite = await PGlite.create({ dataDir: embeddedDatabasePath(config.dataDir) });
    const embedded = pglite;
    if (options.migrate ?? true) {
      const query = async (sql: string) =>
        (await embedded.query<{ migration_name: string }>(sql)).rows;
      if (await hasPendingMigrations(query)) await applyMigrations({ pglite });
    }
  } catch (error) {
    await pglite?.close().catch(() => {});
    lock.release();
    throw error;
  }
  const embedded = pglite;
  const prisma = new PrismaClient({ adapter: wrap(new PrismaPGlite(embedded)) });
  return databaseHandle('embedded', prisma, async () => {
    await prisma.$disconnect();
    // $disconnect() leaves PGlite open, which keeps the process alive.
    if (!embedded.closed) await embedded.close();
    lock.release();
  });
}

function databaseHandle(
  kind: Database['kind'],
  prisma: PrismaClient,
  release: () => Promise<void>,
): Database {
  let closing: Promise<void> | undefined;
  return {
    kind,
    prisma,
    async ping() {
      await prisma.$queryRaw`SELECT 1`;
    },
    close() {
      closing ??= release();
      return closing;
    },
  };
}
