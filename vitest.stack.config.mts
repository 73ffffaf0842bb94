import { defineConfig } from 'vitest/config';

// `npm run test:stack` (scripts/test-stack.sh): the compose stack run natively, one file, in order.
export default defineConfig({
  test: {
    include: ['test/stack/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
