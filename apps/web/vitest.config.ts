import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'web',
    include: ['e2e/**/*.test.ts'],
    // One production build for every end-to-end file.
    globalSetup: ['e2e/buildOnce.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    // Browsers and Next servers are heavy on 2 cores: one file at a time.
    fileParallelism: false,
  },
});
