import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffMigrationsToSchema, isEmptyMigration, packagePaths } from './index';

describe('schema drift', () => {
  it('schema.prisma matches the migrations folder (run `pnpm db:migration <name>` if not)', async () => {
    const sql = await diffMigrationsToSchema();
    expect(isEmptyMigration(sql), `schema.prisma has changes no migration holds:\n${sql}`).toBe(
      true,
    );
  });

  it('notices a schema change that has no migration', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-drift-'));
    const schema = path.join(folder, 'schema.prisma');
    fs.writeFileSync(
      schema,
      fs
        .readFileSync(packagePaths.schema, 'utf8')
        .replace('  image        String?\n', '  image        String?\n  nickname     String?\n'),
    );
    try {
      const sql = await diffMigrationsToSchema({ schema, migrations: packagePaths.migrations });
      expect(sql).toContain('ALTER TABLE "User" ADD COLUMN     "nickname" TEXT');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
