import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // e2e tests run the built CLI and the real checkers (ansible-lint takes seconds).
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
