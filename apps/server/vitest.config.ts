import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'server',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Safety nets, not speed targets: on a busy 2-core machine a test that spawns server
    // processes (crash, faults, process) took over 30 s and failed while doing nothing wrong.
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
