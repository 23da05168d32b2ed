// `pnpm db:migrate`: apply pending migrations to the configured database (PostgreSQL when
// DATABASE_URL is set, otherwise the embedded one under DATA_DIR). The production deployment
// step; with the native Prisma engine, `prisma migrate deploy` on the same folder is equivalent.
import { loadConfig } from '@chatbot/config';
import { DataDirLockedError, lockDataDir } from '../src/dataDirLock';
import { embeddedDatabasePath } from '../src/createDatabase';
import { applyMigrations } from '../src/migrate/index';
import { PGlite } from '@electric-sql/pglite';

const { database } = loadConfig();

async function run(): Promise<string[]> {
  if (database.kind === 'postgres') return applyMigrations({ postgresUrl: database.url });
  const lock = lockDataDir(database.dataDir);
  const pglite = await PGlite.create({ dataDir: embeddedDatabasePath(database.dataDir) });
  try {
    return await applyMigrations({ pglite });
  } finally {
    await pglite.close();
    lock.release();
  }
}

try {
  const target =
    database.kind === 'postgres' ? 'PostgreSQL' : `the embedded database in ${database.dataDir}`;
  const applied = await run();
  console.log(
    applied.length === 0
      ? `${target} is up to date.`
      : `Applied to ${target}:\n${applied.map((name) => `  - ${name}`).join('\n')}`,
  );
} catch (error) {
  console.error(error instanceof DataDirLockedError ? error.message : error);
  process.exit(1);
}
