import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The native compose stack has its own command and config (npm run test:stack).
    exclude: ['test/stack/**', '**/node_modules/**'],
    // One real `temporal server start-dev` for the whole run; tests get its address via inject().
    globalSetup: ['test/setup/temporalServer.ts'],
    // Workflow tests start real Workers and wait on real timers.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: more parallel files than that only makes Temporal and the workers fight for CPU.
    maxWorkers: 2,
  },
});
