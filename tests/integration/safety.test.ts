import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import zlib from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApi } from '../checkedApi';
import { dispatch } from '../../electron/backend/dispatch';
import { createSession } from '../../electron/backend/session';
import { closeWorkspace, openWorkspace } from '../../electron/backend/workspace';
import { commitSteps, type ImportStep } from '../../electron/backend/import/importService';
import { classifyLocation, lockPath } from '../../electron/backend/location';
import { backupFolder, listBackups, pruneBackups } from '../../db/backups';
import { writeWorkbook, type Row } from '../fixtures/spreadsheets';
import { cli } from './cliHarness';
import { dumpDatabase, sourceReportWorkspace, tempDir } from './workspaceFixtures';

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A folder of its own for each test, so that backups and locks beside a workspace are that test's. */
function folder(name: string): string {
  const f = path.join(dir, `${++counter}-${name}`);
  fs.mkdirSync(f, { recursive: true });
  return f;
}

/** A small KPI workbook: 999 calls for the months given, as the force sends them. */
function callsWorkbook(file: string, months: [string, number][]): string {
  const rows: Row[] = [['KPI', ...months.map(([m]) => m)], ['999 calls', ...months.map(([, v]) => v)]];
  return writeWorkbook(file, { KPIs: { rows } });
}

const count = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM observations').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('backups', () => {
  it('backs up before an import and restores it from the command line; the restore is itself undone the same way', async () => {
    const where = folder('roundtrip');
    const db = path.join(where, 'force.sqlite');
    await cli('new', '--db', db);
    expect((await cli('import', '--db', db, callsWorkbook(path.join(where, 'april.xlsx'), [['Apr-19', 100]]))).status).toBe(0);
    // An empty workspace has nothing to lose: the first import takes no backup; the second does.
    expect(JSON.parse((await cli('backups', '--db', db, '--json')).out)).toEqual([]);
    expect((await cli('import', '--db', db, callsWorkbook(path.join(where, 'may.xlsx'), [['May-19', 150], ['Jun-19', 160]]))).status).toBe(0);
    expect(count(db)).toBe(3);
    const listed = JSON.parse((await cli('backups', '--db', db, '--json')).out) as { id: string; path: string; createdAt: string; reason: string; observationCount: number; bytes: number }[];
    // That day's first opening was backed up too, by the second import's command.
    expect(listed.map((b) => [b.reason, b.observationCount])).toEqual([
      ['import', 1],
      ['first open of the day', 1],
    ]);
    expect(Object.keys(listed[0]).sort()).toEqual(['bytes', 'createdAt', 'id', 'observationCount', 'path', 'reason']);
    expect(path.dirname(listed[0].path)).toBe(path.join(where, 'force backups'));
    expect(listed[0].bytes).toBe(fs.statSync(listed[0].path).size);
    expect(new Date(listed[0].createdAt).toISOString()).toBe(listed[0].createdAt);
    // Kept compressed; decompressed, a sound workspace file of its own.
    expect(listed[0].path.endsWith('.sqlite.gz')).toBe(true);
    const plain = path.join(where, 'backup.sqlite');
    fs.writeFileSync(plain, zlib.gunzipSync(fs.readFileSync(listed[0].path)));
    const checked = new Database(plain, { readonly: true });
    expect(checked.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(checked.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(checked.prepare('SELECT count(*) AS n FROM figures').get()).toEqual({ n: 1 });
    checked.close();

    const restored = await cli('restore', '--db', db, listed[0].id);
    expect(restored.status).toBe(0);
    expect(restored.out).toMatch(/^Restored .*force\.sqlite to its backup of \d{4}-\d\d-\d\d \d\d:\d\d \(import, 1 figures\); as it was before, it is kept as backup "(.+)" \(restore that to undo this\)\.\n$/);
    expect(count(db)).toBe(1);
    const undoId = /kept as backup "(.+)"/.exec(restored.out)![1];
    const after = JSON.parse((await cli('backups', '--db', db, '--json')).out) as { id: string; reason: string; observationCount: number }[];
    expect(after.find((b) => b.id === undoId)).toMatchObject({ observationCount: 3 });
    expect(after.find((b) => b.id === undoId)!.reason).toMatch(/^before restoring \d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect((await cli('restore', '--db', db, undoId)).status).toBe(0);
    expect(count(db)).toBe(3);
    expect(JSON.parse((await cli('info', '--db', db, '--json')).out)).toMatchObject({ observationCount: 3, damaged: null, readOnly: null });
  });

  it('refuses to restore a damaged or foreign file, saying so in one line, and leaves the workspace as it was', async () => {
    const where = folder('refuse');
    const db = sourceReportWorkspace(where);
    const before = dumpDatabase(db);
    const notes = path.join(where, 'notes.sqlite');
    new Database(notes).exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    const foreign = await cli('restore', '--db', db, notes);
    expect(foreign).toMatchObject({ status: 2, out: '' });
    expect(foreign.err).toBe(`workbench: ${notes}: is not a Performance Workbench workspace; nothing was restored.\n`);
    expect((await cli('restore', '--db', db, 'no-such-backup')).err).toMatch(/^workbench: There is no backup "no-such-backup": `workbench backups` lists them, in .*source-report backups\.\n$/);
    expect(dumpDatabase(db)).toBe(before);
  });

  it('takes one backup at the first opening of a day, and one before a batch of figures entered by hand', async () => {
    const where = folder('daily');
    const db = sourceReportWorkspace(where);
    await cli('kpis', '--db', db);
    await cli('table', '--db', db, '--period', 'Q1 2019/20');
    expect(listBackups(db).map((b) => b.reason)).toEqual(['first open of the day']);
    const session = createSession(openWorkspace(db));
    const api = createApi(session);
    const enter = (month: string, value: number) => api['figures.enter']({ kpiId: 'surge-patrol-hours', month, value, dimension: '', category: '' });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await enter('2019-04', 1250);
      await enter('2019-05', 1300);
      // The day's backup is minutes old: the two entries are one batch behind it, with no backup of their own.
      expect(listBackups(db).map((b) => b.reason)).toEqual(['first open of the day']);
      vi.setSystemTime(Date.now() + 16 * 60_000);
      await enter('2019-06', 1350);
      await enter('2019-07', 1400);
      expect(listBackups(db).map((b) => [b.reason, b.observationCount])).toEqual([
        ['hand entry', count(db) - 2],
        ['first open of the day', count(db) - 4],
      ]);
    } finally {
      vi.useRealTimers();
      session.close();
    }
  });

  it('keeps the last 20, and the newest of each of the last 30 days', () => {
    const where = folder('prune');
    const workspace = path.join(where, 'w.sqlite');
    const backups = backupFolder(workspace);
    fs.mkdirSync(backups);
    const now = new Date('2026-11-30T12:00:00Z');
    // Three a day for 60 days.
    for (let day = 0; day < 60; day++) {
      for (const hour of [9, 13, 17]) {
        const at = new Date(now.getTime() - day * 86_400_000);
        at.setUTCHours(hour, 0, 0, 0);
        const id = `${at.toISOString().replace(/[:.]/g, '-')} import`;
        fs.writeFileSync(path.join(backups, `${id}.sqlite`), 'x');
        fs.writeFileSync(path.join(backups, `${id}.json`), JSON.stringify({ reason: 'import', createdAt: at.toISOString(), observationCount: 1, workspace: 'w.sqlite' }));
      }
    }
    fs.writeFileSync(path.join(backups, '.partial-1-old.sqlite'), 'left by a killed process');
    fs.utimesSync(path.join(backups, '.partial-1-old.sqlite'), new Date('2026-11-29'), new Date('2026-11-29'));
    pruneBackups(workspace, now);
    const kept = listBackups(workspace).map((b) => b.createdAt);
    const latest20 = kept.slice(0, 20);
    expect(latest20[0]).toBe('2026-11-30T17:00:00.000Z');
    const days = new Set(kept.map((k) => k.slice(0, 10)));
    // The latest 20 reach back 7 days; beyond them, one a day (the newest) back to 30 days ago.
    expect(kept.length).toBe(20 + (31 - 7));
    expect(days.size).toBe(31);
    expect(kept.filter((k) => k < '2026-11-24').every((k) => k.endsWith('T17:00:00.000Z'))).toBe(true);
    expect(fs.existsSync(path.join(backups, '.partial-1-old.sqlite'))).toBe(false);
  });
});

/** Overwrites a page in the middle of the figures table with noise: damage SQLite can see. */
function damagePages(file: string): void {
  const db = new Database(file);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const root = (db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'figures'").get() as { rootpage: number }).rootpage;
  db.close();
  const fd = fs.openSync(file, 'r+');
  // The table's root page: every read of the table passes through it.
  fs.writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (root - 1) * pageSize);
  fs.closeSync(fd);
}

describe('integrity at open', () => {
  it('opens a damaged workspace read-only, refuses to write to it in one line, and restores its latest good backup', async () => {
    const where = folder('damaged');
    const db = sourceReportWorkspace(where);
    await cli('info', '--db', db);
    const good = listBackups(db)[0];
    expect(good.reason).toBe('first open of the day');
    damagePages(db);
    const info = JSON.parse((await cli('info', '--db', db, '--json')).out);
    expect(info.damaged).toEqual(expect.any(String));
    expect(info.readOnly).toMatch(/^it is damaged \(.+\); restore its latest good backup$/);
    const refused = await cli('import', '--db', db, callsWorkbook(path.join(where, 'more.xlsx'), [['Jul-19', 10]]));
    expect(refused.status).toBe(2);
    expect(refused.err).toMatch(/^workbench: .*source-report\.sqlite: the workspace is open read-only: it is damaged \(.+\); restore its latest good backup\. Nothing was imported\.\n$/);
    const restored = await cli('restore', '--db', db, good.id);
    expect(restored.status).toBe(0);
    expect(JSON.parse((await cli('info', '--db', db, '--json')).out)).toMatchObject({ damaged: null, readOnly: null, observationCount: good.observationCount });
    // The damaged file is kept too, as it was.
    expect(listBackups(db).some((b) => b.reason === 'damaged, before restore')).toBe(true);
  });
});

describe('where the workspace lies', () => {
  it('tells network paths and synced folders from the local disk', () => {
    const windows = { platform: 'win32' as const, env: {} };
    expect(classifyLocation('\\\\fileserver\\opcc\\force.sqlite', windows)).toEqual({ kind: 'network', detail: 'network path (UNC)' });
    expect(classifyLocation('Z:\\force.sqlite', { ...windows, realPath: '\\\\?\\UNC\\fileserver\\opcc\\force.sqlite' }).kind).toBe('network');
    expect(classifyLocation('C:\\Users\\analyst\\OneDrive - Police\\Documents\\force.sqlite', windows)).toEqual({ kind: 'sync-folder', detail: 'OneDrive folder' });
    expect(classifyLocation('C:\\Users\\analyst\\Work Files\\force.sqlite', { ...windows, env: { OneDriveCommercial: 'C:\\Users\\analyst\\Work Files' } })).toEqual({ kind: 'sync-folder', detail: 'OneDrive folder' });
    expect(classifyLocation('C:\\Users\\analyst\\Documents\\force.sqlite', windows)).toEqual({ kind: 'local', detail: 'local disk' });
    expect(classifyLocation('\\\\?\\C:\\Users\\analyst\\force.sqlite', windows).kind).toBe('local');
    const linux = { platform: 'linux' as const, env: {} };
    expect(classifyLocation('/home/analyst/Dropbox/force.sqlite', linux).detail).toBe('Dropbox folder');
    expect(classifyLocation('/Users/analyst/Library/Mobile Documents/com~apple~CloudDocs/force.sqlite', { ...linux, platform: 'darwin' }).detail).toBe('iCloud Drive folder');
    expect(classifyLocation('/home/analyst/Google Drive/force.sqlite', linux).detail).toBe('Google Drive folder');
    expect(classifyLocation('/home/analyst/Box/force.sqlite', linux).detail).toBe('Box folder');
    expect(classifyLocation('/mnt/share/force.sqlite', { ...linux, fileSystemType: 0x6969 })).toEqual({ kind: 'network', detail: 'NFS' });
    expect(classifyLocation('/mnt/share/force.sqlite', { ...linux, fileSystemType: 0xff534d42 }).detail).toBe('CIFS');
    expect(classifyLocation('/mnt/share/force.sqlite', { ...linux, fileSystemType: 0xfe534d42 }).detail).toBe('SMB2');
    expect(classifyLocation('/home/analyst/force.sqlite', { ...linux, fileSystemType: 0xef53 })).toEqual({ kind: 'local', detail: 'local disk' });
    expect(classifyLocation('/home/analyst/Boxes/force.sqlite', linux).kind).toBe('local');
  });

  it('on a synced folder uses the rollback journal and a lock file naming who has it open; a second opener reads only', async () => {
    const where = path.join(folder('sync'), 'Dropbox');
    fs.mkdirSync(where);
    const db = sourceReportWorkspace(where);
    const workspace = openWorkspace(db);
    try {
      expect(workspace.db.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(JSON.parse(fs.readFileSync(lockPath(db), 'utf8'))).toMatchObject({ user: expect.any(String), machine: os.hostname(), pid: process.pid, since: expect.any(String) });
    } finally {
      closeWorkspace(workspace);
    }
    expect(fs.existsSync(lockPath(db))).toBe(false);
    expect(fs.existsSync(`${db}-wal`)).toBe(false);
    expect(JSON.parse((await cli('info', '--db', db, '--json')).out)).toMatchObject({ journalMode: 'delete', location: 'sync-folder', locationDetail: 'Dropbox folder', lockedBy: null, readOnly: null });

    // Open on another laptop: this one is told who has it, and may read but not write.
    fs.writeFileSync(lockPath(db), JSON.stringify({ user: 'analyst', machine: 'OPCC-LAPTOP-7', pid: 4242, since: '2026-11-30T09:05:00.000Z' }));
    const info = JSON.parse((await cli('info', '--db', db, '--json')).out);
    expect(info).toMatchObject({ lockedBy: { user: 'analyst', machine: 'OPCC-LAPTOP-7', since: '2026-11-30T09:05:00.000Z' }, readOnly: 'it is open on OPCC-LAPTOP-7 by analyst since 2026-11-30 09:05' });
    expect((await cli('table', '--db', db, '--period', 'Q1 2019/20', '--section', '3')).out).toContain('23,871');
    const refused = await cli('enter', '--db', db, '--kpi', 'patrol hours', '--month', '2019-04', '--value', '1');
    expect(refused).toMatchObject({ status: 2, out: '' });
    expect(refused.err).toMatch(/^workbench: .*source-report\.sqlite: the workspace is open read-only: it is open on OPCC-LAPTOP-7 by analyst since 2026-11-30 09:05\. Nothing was entered\.\n$/);
    // A lock left by a process of this machine that has ended is taken over.
    fs.writeFileSync(lockPath(db), JSON.stringify({ user: 'analyst', machine: os.hostname(), pid: 2 ** 22 + 7, since: '2026-11-30T09:05:00.000Z' }));
    expect(JSON.parse((await cli('info', '--db', db, '--json')).out)).toMatchObject({ lockedBy: null, readOnly: null });
  });
});

/** Runs an import's steps until it is about to write: the plan is made, the write lock not yet taken. */
async function untilWriting(steps: AsyncGenerator<ImportStep, unknown>): Promise<void> {
  for (;;) {
    const next = await steps.next();
    if (next.done) throw new Error('the import ended before writing');
    if (next.value.phase === 'Writing') return;
  }
}

describe('two writers at once', () => {
  it('an import planned before another committed is worked out again inside its transaction: the result is as if one ran after the other', async () => {
    const where = folder('race');
    const db = sourceReportWorkspace(where);
    const a = callsWorkbook(path.join(where, 'a.xlsx'), [['Jul-19', 500], ['Aug-19', 510]]);
    const b = callsWorkbook(path.join(where, 'b.xlsx'), [['Aug-19', 520], ['Sep-19', 530]]);
    // One after the other, for comparison.
    const sequential = path.join(where, 'sequential.sqlite');
    fs.copyFileSync(db, sequential);
    expect((await cli('import', '--db', sequential, a)).status).toBe(0);
    expect((await cli('import', '--db', sequential, b)).status).toBe(0);

    const second = openWorkspace(db);
    try {
      const stepsB = commitSteps(second, [b]);
      await untilWriting(stepsB);
      // A commits in full while B's plan (made against the workspace without A) waits.
      expect((await cli('import', '--db', db, a)).status).toBe(0);
      let next = await stepsB.next();
      while (!next.done) next = await stepsB.next();
      expect(next.value).toMatchObject({ status: 'committed', totals: { added: 1, changed: 1, unchanged: 0 } });
    } finally {
      closeWorkspace(second);
    }
    const figures = (file: string) => new Database(file, { readonly: true }).prepare("SELECT kpi_id, period_start, value FROM observations WHERE period_start >= '2019-07' ORDER BY 1, 2").all();
    expect(figures(db)).toEqual(figures(sequential));
  });

  it('a writer that meets another’s transaction waits, then says the workspace is busy in one line; nothing is lost', async () => {
    const where = folder('busy');
    const db = sourceReportWorkspace(where);
    const before = dumpDatabase(db);
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    process.env.WORKBENCH_BUSY_TIMEOUT_MS = '300';
    try {
      const busy = await cli('import', '--db', db, callsWorkbook(path.join(where, 'busy.xlsx'), [['Jul-19', 10]]));
      expect(busy).toEqual({
        status: 2,
        out: expect.any(String),
        err: 'workbench: the workspace is busy: an import is running in another window or command; try again when it has finished. Nothing was written.\n',
      });
    } finally {
      delete process.env.WORKBENCH_BUSY_TIMEOUT_MS;
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(dumpDatabase(db)).toBe(before);
    expect((await cli('import', '--db', db, path.join(where, 'busy.xlsx'))).status).toBe(0);
  });
});

describe('a disk that cannot take the import', () => {
  it('full: one line saying so, and the workspace exactly as it was', async () => {
    const where = folder('full');
    const db = sourceReportWorkspace(where);
    // Eighty years of four KPIs the workspace does not hold yet: more than the disk has room for.
    const months = Array.from({ length: 960 }, (_, i) => `${2030 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    const rows: Row[] = [['KPI', ...months], ...['999 calls', '101 calls', 'Number of Incidents', 'All Crime'].map((kpi, k) => [kpi, ...months.map((_, i) => 1000 + i + k)])];
    const big = writeWorkbook(path.join(where, 'big.xlsx'), { KPIs: { rows } });
    const session = createSession(openWorkspace(db));
    const before = dumpDatabase(db);
    try {
      // The disk has room for a few more pages of the workspace and no more.
      const pages = session.current().db.pragma('page_count', { simple: true }) as number;
      session.current().db.pragma(`max_page_count = ${pages + 2}`);
      const result = await dispatch(createApi(session), 'import.commit', { paths: [big], addUnknown: false, mappings: {}, layouts: {} });
      expect(result).toEqual({ ok: false, error: { code: 'conflict', message: 'the disk is full: nothing was written, and the workspace is as it was. Free some space and try again.' } });
    } finally {
      session.close();
    }
    expect(dumpDatabase(db)).toBe(before);
  });

  it('read-only: opened for reading, and an import refused in one line before anything is read', async () => {
    const where = folder('readonly');
    const db = sourceReportWorkspace(where);
    const mount = path.join(where, 'mount');
    fs.mkdirSync(mount);
    const canMount = (() => {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mount], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })();
    const file = path.join(mount, 'force.sqlite');
    fs.copyFileSync(db, file);
    if (canMount) execFileSync('mount', ['-o', 'remount,ro', mount]);
    else fs.chmodSync(file, 0o444), fs.chmodSync(mount, 0o555);
    try {
      // Root ignores file modes: where the suite cannot mount a read-only disk, only a non-root run proves this.
      if (!canMount && process.getuid?.() === 0) return expect(canMount, 'a read-only disk to test on (mount, or a non-root user)').toBe(true);
      const bytes = () => fs.readFileSync(file).toString('base64');
      const before = bytes();
      const info = JSON.parse((await cli('info', '--db', file, '--json')).out);
      expect(info.readOnly).toBe('the workspace file or its folder is read-only');
      const refused = await cli('import', '--db', file, callsWorkbook(path.join(where, 'x.xlsx'), [['Jul-19', 1]]));
      expect(refused.status).toBe(2);
      expect(refused.err).toBe(`workbench: ${file}: the workspace is open read-only: the workspace file or its folder is read-only. Nothing was imported.\n`);
      expect(bytes()).toBe(before);
    } finally {
      if (canMount) execFileSync('umount', [mount]);
      else fs.chmodSync(mount, 0o755);
    }
  });
});
