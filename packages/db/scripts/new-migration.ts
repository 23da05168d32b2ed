// `pnpm db:migration <name>`: write a migration folder from the difference between the
// existing migrations and prisma/schema.prisma. Needs no database and no download.
import { createMigration } from '../src/migrate/index';

const name = process.argv.slice(2).join(' ').trim();
if (!name) {
  console.error(
    'Usage: pnpm db:migration <name>   (for example: pnpm db:migration add_message_tags)',
  );
  process.exit(2);
}
const created = await createMigration(name);
if (!created) {
  console.log('schema.prisma matches the migrations: nothing to write.');
} else {
  console.log(`Wrote ${created.folder}/migration.sql:\n\n${created.sql}`);
}
