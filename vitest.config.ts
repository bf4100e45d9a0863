import { defineConfig } from 'vitest/config';

// One test runner for every folder. Engine and reliability tests are CPU-heavy on the
// 2-core CI machine, so files run in forked processes (tfjs and better-sqlite3 are native or
// wasm modules that are safest one per process) with generous timeouts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // Test files already run side by side on the 2 cores: training in tests stays on one engine
    // unless a test asks for more (main/cli/commands/train-workers.ts).
    env: { LONGSHOT_TRAIN_WORKERS: '1' },
  },
});
