// The published manifest comes from `publishConfig` (exports to dist/), which pnpm applies and
// npm does not: an npm-packed tarball would point at src/*.ts. So pack with pnpm, after a build.
import { execFileSync } from 'node:child_process';

if (!process.env.npm_config_user_agent?.startsWith('pnpm/')) {
  console.error(
    'Pack or publish @chatbot/client with pnpm (`pnpm pack`): npm ignores its publishConfig.',
  );
  process.exit(1);
}
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
