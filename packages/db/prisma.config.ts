// Configuration for the Prisma CLI (`prisma generate`). Migrations do not go through the CLI
// here: see src/migrate (the CLI's native engine cannot be downloaded on every machine).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
