import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longCsv, type Row } from '../fixtures/spreadsheets';
import { sourceReportWorkspace, tempDir } from './workspaceFixtures';

/**
 * The installed command (bin/workbench.js) importing a large file, killed with SIGKILL at moments chosen by
 * a seeded generator across the whole import — reading, backing up, writing, committing. Every time, the
 * workspace must open sound (integrity_check) and hold either all of the import or none of it.
 */

const BIN = path.resolve('bin/workbench.js');
const KILLS = 24;

let dir: string;
let base: string;
let bigCsv: string;

function figures(file: string): { digest: string; integrity: string } {
  const db = new Database(file);
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const rows = db.prepare('SELECT kpi_id, period_kind, period_start, area, dimension, category, value FROM observations ORDER BY 1, 2, 3, 4, 5, 6').all();
    return { digest: crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex'), integrity };
  } finally {
    db.close();
  }
}

function runImport(workspace: string, killAfterMs: number | null): Promise<{ killed: boolean; status: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'import', '--db', workspace, bigCsv], { stdio: 'ignore' });
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (status, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', status, ms: Date.now() - started });
    });
  });
}

beforeAll(() => {
  dir = tempDir();
  base = sourceReportWorkspace(dir);
  // Forty thousand figures the workspace does not hold: the write is long enough to be killed inside.
  const months = Array.from({ length: 400 }, (_, i) => `${2030 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  const areas = Array.from({ length: 100 }, (_, i) => `Area ${i + 1}`);
  const rows: Row[] = [['Month', 'Measure', 'Area', 'Value'], ...areas.flatMap((area, a) => months.map((m, i) => [m, '999 calls', area, 1000 + a * 7 + i] as Row))];
  bigCsv = longCsv(path.join(dir, 'big.csv'), rows);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('an import killed at any moment', () => {
  it(`leaves the workspace sound, with all of the import or none of it (${KILLS} SIGKILLs)`, async () => {
    const before = figures(base).digest;
    // The whole import once, uninterrupted: what "all of it" is, and how long it takes.
    const whole = path.join(dir, 'whole.sqlite');
    fs.copyFileSync(base, whole);
    const complete = await runImport(whole, null);
    expect(complete.status).toBe(0);
    const after = figures(whole).digest;
    expect(after).not.toBe(before);

    let seed = 0x5eed;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const outcomes = { none: 0, all: 0, finished: 0 };
    for (let i = 0; i < KILLS; i++) {
      const workspace = path.join(dir, `killed-${i}.sqlite`);
      fs.copyFileSync(base, workspace);
      // Spread over the whole import and a little past its end, each at a seeded point of its own slot.
      const at = Math.round(50 + ((i + next()) / KILLS) * complete.ms * 1.2);
      const run = await runImport(workspace, at);
      const { digest, integrity } = figures(workspace);
      expect(integrity, `kill ${i} at ${at} ms`).toBe('ok');
      expect([before, after], `kill ${i} at ${at} ms: all or nothing`).toContain(digest);
      if (!run.killed) outcomes.finished++;
      else outcomes[digest === after ? 'all' : 'none']++;
      fs.rmSync(workspace, { force: true });
    }
    console.log(`${KILLS} kills over a ${complete.ms} ms import: ${outcomes.none} left nothing, ${outcomes.all} landed after the commit, ${outcomes.finished} came too late to kill`);
    // The kills fell across the import: some before its commit, some after.
    expect(outcomes.none).toBeGreaterThan(0);
    expect(outcomes.all + outcomes.finished).toBeGreaterThan(0);
  }, 600_000);
});
