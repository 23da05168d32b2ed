import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createDatabase, type CreateDatabaseOptions, type Database } from '../src/createDatabase';
import { packagePaths, readMigrationFolder } from '../src/migrate/index';
import { createTestPostgres } from './postgres';

export interface TestDatabase extends Database {
  /** 'embedded' for a throwaway PGlite directory, 'postgres' for a throwaway database. */
  readonly label: string;
  /** The throwaway PostgreSQL database's connection string (other instances may open it too). */
  readonly url?: string;
}

/**
 * A migrated, empty database for one test file: PGlite in a temporary directory, or a new
 * database on `postgresServerUrl` when given. Closing it deletes everything it made.
 */
export async function openTestDatabase(
  postgresServerUrl?: string,
  options: Omit<CreateDatabaseOptions, 'migrate'> = {},
): Promise<TestDatabase> {
  if (postgresServerUrl) {
    const server = await createTestPostgres(postgresServerUrl);
    const database = await createDatabase(
      { kind: 'postgres', url: server.url },
      { ...options, migrate: true },
    );
    return {
      ...database,
      label: 'postgres',
      url: server.url,
      async close() {
        await database.close();
        await server.drop();
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-test-'));
  fs.cpSync(await migratedTemplate(), dataDir, { recursive: true });
  const database = await createDatabase({ kind: 'embedded', dataDir }, options);
  return {
    ...database,
    label: 'embedded',
    async close() {
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let template: Promise<string> | undefined;

/**
 * A migrated, empty embedded data directory to copy: copying takes a fraction of a second,
 * migrating a fresh PGlite takes seconds. Keyed by the migrations' content, shared by test
 * workers (built in a private folder, then renamed into place atomically).
 */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const hash = createHash('sha256')
      .update(JSON.stringify(readMigrationFolder(packagePaths.migrations).migrationDirectories))
      .digest('hex')
      .slice(0, 16);
    const finalDir = path.join(os.tmpdir(), `chatbot-template-${hash}`);
    if (fs.existsSync(path.join(finalDir, 'ready'))) return finalDir;
    const building = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-template-build-'));
    const database = await createDatabase({ kind: 'embedded', dataDir: building });
    await database.close();
    fs.writeFileSync(path.join(building, 'ready'), '');
    try {
      fs.renameSync(building, finalDir);
    } catch {
      fs.rmSync(building, { recursive: true, force: true }); // another worker won the race
    }
    return finalDir;
  })();
  return template;
}
