import { defineProject } from 'vitest/config';

export default defineProject({
  // Next keeps JSX for its own compiler (tsconfig `preserve`); the component tests need it compiled.
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    name: 'web',
    include: ['e2e/**/*.test.ts', 'src/**/*.test.tsx'],
    // One production build for every end-to-end file.
    globalSetup: ['e2e/buildOnce.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    // Browsers and Next servers are heavy on 2 cores: one file at a time.
    fileParallelism: false,
    // A page on a loaded machine takes seconds, not expect.poll's default 1 s (a chat's title, a
    // reply's end): every poll in the browser journeys waits like the locators do.
    expect: { poll: { timeout: 20_000 } },
  },
});
