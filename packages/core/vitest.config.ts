import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'core',
    // Each file opens its own migrated database (PGlite boots in about a second on 2 cores).
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
