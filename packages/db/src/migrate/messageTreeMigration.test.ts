import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { readTestEnvironment } from '@chatbot/config';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestPostgres } from '../../testing/postgres';
import { applyMigrations, packagePaths, type MigrationTarget } from './index';

const TREE_MIGRATION = '20261125064025_message_tree';
const { databaseUrl } = readTestEnvironment();

/** The migrations folder as it was before the tree: every migration older than it. */
function previousMigrations(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-before-tree-'));
  for (const entry of fs.readdirSync(packagePaths.migrations)) {
    if (entry.localeCompare(TREE_MIGRATION) >= 0) continue;
    fs.cpSync(path.join(packagePaths.migrations, entry), path.join(folder, entry), {
      recursive: true,
    });
  }
  return folder;
}

interface Harness {
  target: MigrationTarget;
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const targets: [string, () => Promise<Harness>][] = [
  [
    'PGlite',
    async () => {
      const pglite = new PGlite();
      return {
        target: { pglite },
        query: async (sql) => (await pglite.query<Record<string, unknown>>(sql)).rows,
        close: () => pglite.close(),
      };
    },
  ],
];
if (databaseUrl)
  targets.push([
    'PostgreSQL',
    async () => {
      const database = await createTestPostgres(databaseUrl);
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
    },
  ]);

describe.each(targets)('the message tree migration on %s', (_name, open) => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('turns linear chats written by the previous schema into paths, the last message the leaf', async () => {
    const harness = await open();
    cleanup.push(() => harness.close());
    const before = previousMigrations();
    cleanup.push(() => fs.rmSync(before, { recursive: true, force: true }));
    await applyMigrations(harness.target, { schema: packagePaths.schema, migrations: before });

    // Data as the previous schema wrote it: a user message and its reply placeholder share a
    // timestamp (one transaction), so only insertion order (seq) tells them apart.
    await harness.query(
      `INSERT INTO "User" (id, email, "updatedAt") VALUES ('u1', 'a@example.com', now())`,
    );
    await harness.query(`
      INSERT INTO "Session" (id, "userId", title, model, "updatedAt") VALUES
        ('s1', 'u1', 'Two turns', 'echo', now()),
        ('s2', 'u1', 'Empty', 'echo', now()),
        ('s3', 'u1', 'One message', 'echo', now())`);
    await harness.query(`
      INSERT INTO "Message" (id, "sessionId", role, content, "createdAt", "updatedAt") VALUES
        ('zz-first', 's1', 'user', 'hello', '2026-01-01T00:00:00Z', now()),
        ('aa-reply', 's1', 'assistant', 'hi', '2026-01-01T00:00:00Z', now()),
        ('m-solo', 's3', 'user', 'alone', '2026-01-01T00:00:00Z', now()),
        ('mm-second', 's1', 'user', 'again', '2026-01-01T00:01:00Z', now()),
        ('bb-reply2', 's1', 'assistant', 'yes', '2026-01-01T00:01:00Z', now())`);

    // The tree migration first; any later migration after it.
    expect((await applyMigrations(harness.target))[0]).toBe(TREE_MIGRATION);

    const messages = await harness.query(
      `SELECT id, "parentId" FROM "Message" WHERE "sessionId" = 's1' ORDER BY seq`,
    );
    expect(messages).toEqual([
      { id: 'zz-first', parentId: null },
      { id: 'aa-reply', parentId: 'zz-first' },
      { id: 'mm-second', parentId: 'aa-reply' },
      { id: 'bb-reply2', parentId: 'mm-second' },
    ]);
    expect(
      await harness.query(`SELECT id, "parentId" FROM "Message" WHERE "sessionId" = 's3'`),
    ).toEqual([{ id: 'm-solo', parentId: null }]);
    expect(await harness.query(`SELECT id, "activeLeafId" FROM "Session" ORDER BY id`)).toEqual([
      { id: 's1', activeLeafId: 'bb-reply2' },
      { id: 's2', activeLeafId: null },
      { id: 's3', activeLeafId: 'm-solo' },
    ]);

    // The parent link is a real foreign key: deleting a message deletes its subtree.
    await harness.query(`DELETE FROM "Message" WHERE id = 'aa-reply'`);
    expect(await harness.query(`SELECT id FROM "Message" WHERE "sessionId" = 's1'`)).toEqual([
      { id: 'zz-first' },
    ]);
  });
});
