import { defineConfig } from 'vitest/config';

// One run for the whole repository, so the closing line counts every test.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
