import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Browser tests start Chromium; give them room on a two-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A page under a loaded two-core machine can take more than expect.poll's default second to settle.
    expect: { poll: { timeout: 10_000 } },
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', './tests/summaryReporter.ts'],
  },
});
