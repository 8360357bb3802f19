import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // e2e tests run the built CLI and the real checkers (ansible-lint takes seconds).
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The user cache (iacgen's results, ansible-lint's) of the CLIs the tests run: never the real one.
    env: { XDG_CACHE_HOME: path.join(os.tmpdir(), `iacgen-test-cache-${process.pid}`) },
  },
});
