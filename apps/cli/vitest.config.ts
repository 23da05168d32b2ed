import { defineProject } from 'vitest/config';

// The terminal tests start their own server on embedded defaults and never touch PostgreSQL or
// Redis: the services pass of CI (TEST_DATABASE_URL set) would only repeat them, slowly.
// (Node loads this file itself, before vitest: it cannot import @chatbot/config's TypeScript.)
// eslint-disable-next-line no-restricted-properties -- see above
const servicesPass = Boolean(process.env.TEST_DATABASE_URL?.trim());

export default defineProject({
  test: {
    name: 'cli',
    include: servicesPass ? ['src/**/*.test.ts'] : ['test/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: servicesPass ? [] : ['test/buildOnce.ts'],
    testTimeout: 480_000,
    hookTimeout: 480_000,
  },
});
