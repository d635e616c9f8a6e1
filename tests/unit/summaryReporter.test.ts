import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

it('counts a test file that throws as it loads as failed in the closing line, and the run exits non-zero', () => {
  const vitest = path.resolve('node_modules/vitest/vitest.mjs');
  const run = spawnSync(process.execPath, [vitest, 'run', '--config', 'tests/fixtures/failing-suite/vitest.config.ts'], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    timeout: 60_000,
  });
  const lines = run.stdout.trim().split('\n');
  expect(lines[lines.length - 1]).toBe('1 passed, 1 failed, 0 skipped (1 test file failed outside a test)');
  expect(run.status).not.toBe(0);
});
