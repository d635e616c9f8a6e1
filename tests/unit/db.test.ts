import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, openDatabase, schemaVersion } from '../../db/open';
import { loadMigrations } from '../../db/migrations';
import { WorkbenchError } from '../../shared/api/errors';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-db-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const migrations = loadMigrations();
const latest = migrations.length;

function schemaOf(db: Database.Database): string[] {
  return (db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string; sql: string }[]).map(
    (r) => `${r.type} ${r.name}: ${(r.sql ?? '').replace(/\s+/g, ' ')}`,
  );
}

function expectRefused(file: string, code: string): void {
  const before = fs.readFileSync(file);
  let error: unknown;
  try {
    openDatabase(file).db.close();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(WorkbenchError);
  expect((error as WorkbenchError).code).toBe(code);
  expect(fs.readFileSync(file).equals(before)).toBe(true);
}

describe('opening a workspace file', () => {
  it('creates a new file at the latest format, with WAL and foreign keys on', () => {
    const { db, previousVersion, backupPath } = openDatabase(path.join(dir, 'new.sqlite'), { create: true });
    expect(previousVersion).toBe(0);
    expect(backupPath).toBeUndefined();
    expect(schemaVersion(db)).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    const tables = schemaOf(db).filter((s) => s.startsWith('table')).map((s) => s.split(':')[0]);
    expect(tables).toEqual(expect.arrayContaining(['table kpis', 'table series', 'table figures', 'table import_sheets', 'table figure_revisions', 'table imports', 'table annotations']));
    db.close();
  });

  it('does not create a missing file unless asked', () => {
    expect(() => openDatabase(path.join(dir, 'missing.sqlite'))).toThrow(/There is no workspace/);
    expect(fs.existsSync(path.join(dir, 'missing.sqlite'))).toBe(false);
  });

  it.each(Array.from({ length: latest }, (_, v) => v))('migrates from format %i to the latest, keeping data, after a backup', (from) => {
    const file = path.join(dir, `from-${from}.sqlite`);
    if (from > 0) {
      const { db } = openDatabase(file, { create: true, targetVersion: from });
      db.prepare("INSERT INTO workspace_meta (key, value) VALUES ('marker', ?)").run(`written at ${from}`);
      db.close();
    }
    const { db, previousVersion, backupPath } = openDatabase(file, { create: true });
    expect(previousVersion).toBe(from);
    expect(schemaVersion(db)).toBe(latest);
    const fresh = openDatabase(path.join(dir, 'fresh.sqlite'), { create: true }).db;
    expect(schemaOf(db)).toEqual(schemaOf(fresh));
    fresh.close();
    if (from > 0) {
      expect(db.prepare("SELECT value FROM workspace_meta WHERE key = 'marker'").get()).toEqual({ value: `written at ${from}` });
      if (from < latest) {
        expect(backupPath && fs.existsSync(backupPath)).toBeTruthy();
        const backup = new Database(backupPath!, { readonly: true });
        expect(backup.pragma('user_version', { simple: true })).toBe(from);
        backup.close();
      }
    }
    db.close();
  });

  it('applies a failing migration not at all', () => {
    const file = path.join(dir, 'broken.sqlite');
    const broken = [...migrations, { version: latest + 1, name: 'broken', sql: 'CREATE TABLE half_done (x); SELECT nonsense FROM nowhere;' }];
    openDatabase(file, { create: true }).db.close();
    expect(() => openDatabase(file, { migrations: broken })).toThrow();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a workspace saved by a newer version, and leaves it untouched', () => {
    const file = path.join(dir, 'newer.sqlite');
    const { db } = openDatabase(file, { create: true });
    db.pragma(`user_version = ${latest + 3}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    expectRefused(file, 'workspace_newer');
    expect(() => openDatabase(file)).toThrow(`was saved by a newer version of Performance Workbench (workspace format ${latest + 3}; this version reads up to ${latest})`);
  });

  it('refuses a file that is not a database, and a database that is not a workspace', () => {
    const text = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(text, 'these are not the figures you are looking for');
    expectRefused(text, 'not_a_workspace');

    const other = path.join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY)');
    db.close();
    expectRefused(other, 'not_a_workspace');
  });

  it('enforces one value per KPI, month, area and breakdown', () => {
    const { db } = openDatabase(path.join(dir, 'unique.sqlite'), { create: true });
    db.prepare("INSERT INTO kpis (id, section, number, name, unit, direction, aggregation) VALUES ('k', 1, '1.1', 'K', 'count', 'up', '{\"type\":\"sum\"}')").run();
    db.prepare("INSERT INTO imports (id, kind, label, created_at) VALUES (1, 'manual', 't', 'now')").run();
    db.prepare('INSERT INTO import_sheets (id, import_id) VALUES (1, 1)').run();
    db.prepare("INSERT INTO series (id, kpi_id) VALUES (1, 'k')").run();
    expect(() => db.prepare("INSERT INTO series (kpi_id) VALUES ('k')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO series (kpi_id) VALUES ('nope')").run()).toThrow(/FOREIGN KEY/);
    const insert = db.prepare('INSERT INTO figures (series_id, month, value, sheet_id) VALUES (1, 24231, ?, 1)');
    insert.run(1);
    expect(() => insert.run(2)).toThrow(/UNIQUE/);
    expect(() => db.prepare('INSERT INTO figures (series_id, month, value, sheet_id) VALUES (2, 24231, 1, 1)').run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare('INSERT INTO figures (series_id, month, value, sheet_id) VALUES (1, -1, 1, 1)').run()).toThrow(/CHECK/);
    expect(db.prepare('SELECT kpi_id, period_start, value, import_id FROM observations').all()).toEqual([{ kpi_id: 'k', period_start: '2019-04', value: 1, import_id: 1 }]);
    db.close();
  });
});
