import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longCsv, type Row } from '../fixtures/spreadsheets';
import { sourceReportWorkspace, tempDir } from './workspaceFixtures';

/**
 * The installed command (bin/workbench.js) importing a large file, killed with SIGKILL at chosen points of the
 * import (electron/backend/crashPoint.ts): before its backup, before its write transaction, after each of
 * several batches inside it, just before and just after the commit. Every time, the workspace must open
 * sound (integrity_check) and hold none of the import before the commit and all of it after. The points
 * are the process's own, so the outcome does not depend on how fast or loaded the machine is.
 */

const BIN = path.resolve('bin/workbench.js');

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

function runImport(workspace: string, crashAt: string | null): Promise<{ killed: boolean; status: number | null }> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...(crashAt ? { WORKBENCH_CRASH_AT: crashAt } : {}) };
    const child = spawn(process.execPath, [BIN, 'import', '--db', workspace, bigCsv], { stdio: 'ignore', env });
    child.on('exit', (status, signal) => resolve({ killed: signal === 'SIGKILL', status }));
  });
}

/** Where the import is killed, and what the workspace must then hold. */
const POINTS: [string, 'none' | 'all'][] = [
  ['before-backup', 'none'],
  ['before-write', 'none'],
  ['inside-write:1', 'none'],
  ['inside-write:4', 'none'],
  ['inside-write:8', 'none'],
  ['before-commit', 'none'],
  ['after-commit', 'all'],
];

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
  it(`leaves the workspace sound, with all of the import or none of it (${POINTS.length} SIGKILLs at chosen points)`, async () => {
    const before = figures(base).digest;
    // The whole import once, uninterrupted: what "all of it" is.
    const whole = path.join(dir, 'whole.sqlite');
    fs.copyFileSync(base, whole);
    const complete = await runImport(whole, null);
    expect(complete.status).toBe(0);
    const after = figures(whole).digest;
    expect(after).not.toBe(before);
    for (const [point, holds] of POINTS) {
      const workspace = path.join(dir, `killed-${point.replace(':', '-')}.sqlite`);
      fs.copyFileSync(base, workspace);
      const run = await runImport(workspace, point);
      expect(run.killed, `killed ${point}`).toBe(true);
      const { digest, integrity } = figures(workspace);
      expect(integrity, `killed ${point}`).toBe('ok');
      expect(digest, `killed ${point}: ${holds} of the import`).toBe(holds === 'all' ? after : before);
      fs.rmSync(workspace, { force: true });
    }
  }, 600_000);
});
