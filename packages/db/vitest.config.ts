import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'db',
    // Migrations replay on a fresh database (PGlite boots in ~1 s on 2 cores).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
