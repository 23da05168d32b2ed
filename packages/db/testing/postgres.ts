import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestPostgres {
  /** Connection string of a new, empty database that only this test run uses. */
  url: string;
  drop(): Promise<void>;
}

/**
 * Create a database with a random name on the server behind `serverUrl` (for example
 * TEST_DATABASE_URL), so no run sees another's data. `drop()` removes it.
 */
export async function createTestPostgres(serverUrl: string): Promise<TestPostgres> {
  const name = `chatbot_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
