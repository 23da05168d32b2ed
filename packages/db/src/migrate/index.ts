import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { pgliteMigrationAdapter, postgresMigrationAdapter } from './adapters';
import { packagePaths, readMigrationFolder, writeMigrationFolder } from './migrationFolder';
import { NO_FILTERS, withSchemaEngine } from './schemaEngine';

export { packagePaths, readMigrationFolder, writeMigrationFolder } from './migrationFolder';

/** Where migrations are applied: an open PGlite instance, or a PostgreSQL connection string. */
export type MigrationTarget = { pglite: PGlite } | { postgresUrl: string };

export interface MigrationPaths {
  schema: string;
  migrations: string;
}

function adapterFor(target: MigrationTarget) {
  return 'pglite' in target
    ? pgliteMigrationAdapter(target.pglite)
    : postgresMigrationAdapter(target.postgresUrl);
}

function readSchema(schemaPath: string) {
  return { path: 'schema.prisma', content: fs.readFileSync(schemaPath, 'utf8') };
}

async function withAdapter<T>(
  target: MigrationTarget,
  work: (factory: SqlMigrationAwareDriverAdapterFactory) => Promise<T>,
): Promise<T> {
  const { factory, close } = adapterFor(target);
  try {
    return await work(factory);
  } finally {
    await close();
  }
}

/**
 * Whether any migration in the folder is not yet recorded as applied. Cheap (one query), so an
 * up-to-date database opens without loading the schema engine.
 */
export async function hasPendingMigrations(
  query: (sql: string) => Promise<{ migration_name: string }[]>,
  paths: MigrationPaths = packagePaths,
): Promise<boolean> {
  let applied: Set<string>;
  try {
    const rows = await query(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    applied = new Set(rows.map((row) => row.migration_name));
  } catch {
    return true; // no _prisma_migrations table yet
  }
  return readMigrationFolder(paths.migrations).migrationDirectories.some(
    (directory) => !applied.has(directory.path),
  );
}

/**
 * Apply every pending migration, recording each in `_prisma_migrations` exactly as
 * `prisma migrate deploy` does. Idempotent: returns the names applied this time (often none).
 */
export async function applyMigrations(
  target: MigrationTarget,
  paths: MigrationPaths = packagePaths,
): Promise<string[]> {
  return withAdapter(target, (factory) =>
    withSchemaEngine(factory, readSchema(paths.schema), async (engine) => {
      const result = await engine.applyMigrations({
        migrationsList: readMigrationFolder(paths.migrations),
        filters: NO_FILTERS,
      });
      return result.appliedMigrationNames;
    }),
  );
}

/**
 * The SQL that would bring a database built from the migrations folder to schema.prisma; empty
 * when they agree. Needs no database: the migrations are replayed on an in-memory PGlite.
 */
export async function diffMigrationsToSchema(
  paths: MigrationPaths = packagePaths,
): Promise<string> {
  const pglite = new PGlite();
  try {
    return await withAdapter({ pglite }, (factory) =>
      withSchemaEngine(factory, readSchema(paths.schema), async (engine) => {
        const migrationsList = readMigrationFolder(paths.migrations);
        const from =
          migrationsList.migrationDirectories.length > 0
            ? { tag: 'migrations' as const, ...migrationsList }
            : { tag: 'empty' as const };
        const result = await engine.diff({
          from,
          to: { tag: 'schemaDatamodel', files: [readSchema(paths.schema)] },
          script: true,
          exitCode: null,
          filters: NO_FILTERS,
        });
        return (result.stdout ?? '').trim();
      }),
    );
  } finally {
    await pglite.close();
  }
}

/** An empty diff script still carries this comment; it means "nothing to do". */
export function isEmptyMigration(sql: string): boolean {
  return sql.replace(/--.*$/gm, '').trim() === '';
}

/** Write a migration folder for the difference between the migrations and schema.prisma. */
export async function createMigration(
  name: string,
  paths: MigrationPaths = packagePaths,
): Promise<{ folder: string; sql: string } | undefined> {
  const sql = await diffMigrationsToSchema(paths);
  if (isEmptyMigration(sql)) return undefined;
  return { folder: writeMigrationFolder(paths.migrations, name, `${sql}\n`), sql };
}
