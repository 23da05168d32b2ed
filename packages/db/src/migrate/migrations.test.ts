import { PGlite } from '@electric-sql/pglite';
import { readTestEnvironment } from '@chatbot/config';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestPostgres, type TestPostgres } from '../../testing/postgres';
import { applyMigrations, packagePaths, readMigrationFolder, type MigrationTarget } from './index';
import pg from 'pg';

const { databaseUrl } = readTestEnvironment();
const migrationNames = readMigrationFolder(packagePaths.migrations).migrationDirectories.map(
  (directory) => directory.path,
);
const expectedTables = [
  'Account',
  'Attachment',
  'Group',
  'LoginCode',
  'Message',
  'RefreshToken',
  'Session',
  'SharedLink',
  'User',
  'WebSession',
];

interface Harness {
  target: MigrationTarget;
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function freshPGlite(): Promise<Harness> {
  const pglite = new PGlite();
  return {
    target: { pglite },
    query: async (sql) => (await pglite.query<Record<string, unknown>>(sql)).rows,
    close: () => pglite.close(),
  };
}

async function freshPostgres(serverUrl: string): Promise<Harness> {
  const database: TestPostgres = await createTestPostgres(serverUrl);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  return {
    target: { postgresUrl: database.url },
    query: async (sql) => (await client.query(sql)).rows as Record<string, unknown>[],
    close: async () => {
      await client.end();
      await database.drop();
    },
  };
}

const targets: [string, () => Promise<Harness>][] = [['PGlite', freshPGlite]];
if (databaseUrl) targets.push(['PostgreSQL', () => freshPostgres(databaseUrl)]);

describe.each(targets)('migrations on %s', (_name, open) => {
  const opened: Harness[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((harness) => harness.close()));
  });

  it('apply every migration to an empty database, then nothing the second time', async () => {
    const harness = await open();
    opened.push(harness);
    expect(migrationNames.length).toBeGreaterThan(0);

    expect(await applyMigrations(harness.target)).toEqual(migrationNames);
    expect(await applyMigrations(harness.target)).toEqual([]);

    const tables = await harness.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.map((row) => row.table_name)).toEqual([...expectedTables, '_prisma_migrations']);

    // Recorded as `prisma migrate deploy` records them: finished, not rolled back.
    const recorded = await harness.query(
      `SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(recorded).toEqual(
      migrationNames.map((name) => ({
        migration_name: name,
        finished: true,
        rolled_back_at: null,
      })),
    );
  });

  it('keep a half-applied database consistent: a failing migration is reported, not skipped', async () => {
    const harness = await open();
    opened.push(harness);
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-migrations-'));
    fs.cpSync(packagePaths.migrations, folder, { recursive: true });
    fs.mkdirSync(path.join(folder, '29991231000000_broken'));
    fs.writeFileSync(
      path.join(folder, '29991231000000_broken', 'migration.sql'),
      'ALTER TABLE "NoSuchTable" ADD COLUMN "x" INTEGER;',
    );
    try {
      await expect(
        applyMigrations(harness.target, { schema: packagePaths.schema, migrations: folder }),
      ).rejects.toThrow(/NoSuchTable/);
      const failed = await harness.query(
        `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NULL`,
      );
      expect(failed).toEqual([{ migration_name: '29991231000000_broken' }]);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
