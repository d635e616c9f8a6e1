import { HOME_OFFICE } from '../../shared/domain/sources';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { figureHistory, undoImportChanges, type FigureEvent } from '../../db/imports';

// A workspace as format 9 wrote it, with what format 9's code would have written for each step (figures with
// their provenance in `observations`, every creation, change and undo in `observation_revisions`), migrated to
// format 10 and compared figure by figure, revision by revision and table by table with what format 9 said.

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-migration-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const FORMAT_9 = 9;

interface Key {
  kpi: string;
  kind?: 'month' | 'quarter';
  month: string;
  area?: string;
  dimension?: string;
  category?: string;
}

/** Writes as format 9 did: a figure is a row of observations, every change a row of observation_revisions. */
class Format9Writer {
  private clock = 0;
  constructor(private readonly db: Database.Database) {}

  private now(): string {
    return new Date(Date.UTC(2019, 6, 1) + ++this.clock * 60_000).toISOString();
  }

  import(kind: 'file' | 'manual' | 'demo', label: string): number {
    return Number(this.db.prepare('INSERT INTO imports (kind, label, file_name, created_at, summary) VALUES (?, ?, ?, ?, ?)').run(kind, label, kind === 'file' ? label : null, this.now(), '{"added":1}').lastInsertRowid);
  }

  private keyOf(k: Key) {
    return { kpi_id: k.kpi, period_kind: k.kind ?? 'month', period_start: k.month, area: k.area ?? '', dimension: k.dimension ?? '', category: k.category ?? '' };
  }

  private current(k: Key) {
    return this.db
      .prepare('SELECT * FROM observations WHERE kpi_id = @kpi_id AND period_kind = @period_kind AND period_start = @period_start AND area = @area AND dimension = @dimension AND category = @category')
      .get(this.keyOf(k)) as { id: number; value: number; import_id: number; source_file: string | null; source_sheet: string | null; source_cell: string | null } | undefined;
  }

  write(importId: number, k: Key, value: number, file: string | null = null, sheet: string | null = null, cell: string | null = null): void {
    const key = this.keyOf(k);
    const had = this.current(k);
    const now = this.now();
    if (had) {
      this.db.prepare('UPDATE observations SET value = ?, import_id = ?, source_file = ?, source_sheet = ?, source_cell = ?, updated_at = ? WHERE id = ?').run(value, importId, file, sheet, cell, now, had.id);
    } else {
      this.db
        .prepare(
          `INSERT INTO observations (kpi_id, period_kind, period_start, area, dimension, category, value, import_id, source_file, source_sheet, source_cell, updated_at)
           VALUES (@kpi_id, @period_kind, @period_start, @area, @dimension, @category, @value, @importId, @file, @sheet, @cell, @now)`,
        )
        .run({ ...key, value, importId, file, sheet, cell, now });
    }
    this.db
      .prepare(
        `INSERT INTO observation_revisions (kpi_id, period_kind, period_start, area, dimension, category, old_value, new_value, old_import_id, old_source_file, old_source_sheet, old_source_cell, import_id, changed_at, reason)
         VALUES (@kpi_id, @period_kind, @period_start, @area, @dimension, @category, @old, @value, @oldImport, @oldFile, @oldSheet, @oldCell, @importId, @now, 'import')`,
      )
      .run({ ...key, old: had?.value ?? null, value, oldImport: had?.import_id ?? null, oldFile: had?.source_file ?? null, oldSheet: had?.source_sheet ?? null, oldCell: had?.source_cell ?? null, importId, now });
  }

  /** Format 9's undo, as db/imports.ts had it. */
  undo(importId: number): void {
    const revisions = this.db.prepare("SELECT * FROM observation_revisions WHERE import_id = ? AND reason = 'import' ORDER BY id DESC").all(importId) as Record<string, unknown>[];
    const where = 'kpi_id = @kpi_id AND period_kind = @period_kind AND period_start = @period_start AND area = @area AND dimension = @dimension AND category = @category';
    const now = this.now();
    for (const r of revisions) {
      const params = { ...r, importId, now };
      if (r.old_value === null) this.db.prepare(`DELETE FROM observations WHERE ${where}`).run(params);
      else
        this.db
          .prepare(`UPDATE observations SET value = @old_value, import_id = @old_import_id, source_file = @old_source_file, source_sheet = @old_source_sheet, source_cell = @old_source_cell, updated_at = @now WHERE ${where}`)
          .run(params);
      this.db
        .prepare(
          `INSERT INTO observation_revisions (kpi_id, period_kind, period_start, area, dimension, category, old_value, new_value, import_id, changed_at, reason)
           VALUES (@kpi_id, @period_kind, @period_start, @area, @dimension, @category, @new_value, @old_value, @importId, @now, 'undo')`,
        )
        .run(params);
    }
    this.db.prepare('UPDATE imports SET undone_at = ? WHERE id = ?').run(now, importId);
  }
}

const FIGURE_COLUMNS = 'kpi_id, period_kind, period_start, area, dimension, category, value, import_id, source_file, source_sheet, source_cell';

function figuresOf(db: Database.Database) {
  return db.prepare(`SELECT ${FIGURE_COLUMNS} FROM observations ORDER BY kpi_id, period_kind, period_start, area, dimension, category`).all();
}

/** A figure's history as format 9's revisions tell it, in the shape figureHistory gives. */
function format9History(db: Database.Database, k: Record<string, string>): Omit<FigureEvent, 'oldImportId' | 'oldCell' | 'changedAt'>[] {
  return (
    db
      .prepare(
        `SELECT old_value AS oldValue, new_value AS newValue, import_id AS importId, reason FROM observation_revisions
         WHERE kpi_id = @kpi_id AND period_kind = @period_kind AND period_start = @period_start AND area = @area AND dimension = @dimension AND category = @category ORDER BY id`,
      )
      .all(k) as Omit<FigureEvent, 'oldImportId' | 'oldCell' | 'changedAt'>[]
  ).map((r) => ({ ...r }));
}

/** Every row of the tables migration 010 leaves as they were. */
function otherTables(db: Database.Database): Record<string, unknown[]> {
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('observations', 'observation_revisions', 'series', 'figures', 'import_sheets', 'figure_revisions') ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
}

function buildFormat9(file: string): { keys: Record<string, string>[]; importIds: Record<string, number> } {
  openDatabase(file, { create: true, targetVersion: FORMAT_9 }).db.close();
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  const kpi = db.prepare("INSERT INTO kpis (id, section, number, name, unit, direction, aggregation, breakdowns) VALUES (?, 1, ?, ?, 'count', 'up', '{\"type\":\"sum\"}', ?)");
  kpi.run('calls-999', '1.1', 'Number of 999 Calls', '[]');
  kpi.run('stop-searches', '5.1', 'Number of Stop and Searches', '["Gender"]');
  kpi.run('all-crime', '3.1', 'All Crime', '["Offence Group"]');
  const w = new Format9Writer(db);
  const ids: Record<string, number> = {};
  // The force's April and May workbook: headline figures, a breakdown in the file's order, far columns.
  ids.april = w.import('file', 'force-april.xlsx');
  w.write(ids.april, { kpi: 'calls-999', month: '2019-04' }, 100, 'force-april.xlsx', 'KPI Summary', 'B4');
  w.write(ids.april, { kpi: 'calls-999', month: '2019-05' }, 200, 'force-april.xlsx', 'KPI Summary', 'AX4');
  for (const [category, value, cell] of [['Male', 180, 'C9'], ['Female', 30, 'C10'], ['Unspecified', 1, 'C11']] as const) {
    w.write(ids.april, { kpi: 'stop-searches', month: '2019-04', dimension: 'Gender', category }, value, 'force-april.xlsx', 'Stop and Search', cell);
  }
  // Counted from records: the cell names the rows counted.
  ids.records = w.import('file', '2019-04-stop-and-search.csv');
  w.write(ids.records, { kpi: 'stop-searches', month: '2019-04' }, 211, '2019-04-stop-and-search.csv', '2019-04-stop-and-search', 'B2:B212 (211 rows)');
  // A Home Office table by force: quarterly figures of other areas.
  ids.peers = w.import('file', 'prc-pfa.ods');
  w.write(ids.peers, { kpi: 'all-crime', kind: 'quarter', month: '2019-04', area: 'Kent', dimension: 'Offence Group', category: 'Theft' }, 4947, 'prc-pfa.ods', 'Table', 'XFD70');
  // June's workbook changes May and adds June; a change of a change, then undone.
  ids.june = w.import('file', 'force-june.xlsx');
  w.write(ids.june, { kpi: 'calls-999', month: '2019-05' }, 210, 'force-june.xlsx', 'KPI Summary', 'C4');
  w.write(ids.june, { kpi: 'calls-999', month: '2019-06' }, 300, 'force-june.xlsx', 'KPI Summary', 'D4');
  ids.revised = w.import('file', 'force-june-revised.xlsx');
  w.write(ids.revised, { kpi: 'calls-999', month: '2019-05' }, 215, 'force-june-revised.xlsx', 'KPI Summary', 'C4');
  w.undo(ids.revised);
  // A figure entered by hand, and an import undone whole (its figure removed, its history kept).
  ids.hand = w.import('manual', 'Entered by the performance team: Number of 999 Calls, 2019-07');
  w.write(ids.hand, { kpi: 'calls-999', month: '2019-07' }, 320);
  ids.mistake = w.import('file', 'wrong-force.xlsx');
  w.write(ids.mistake, { kpi: 'calls-999', month: '2019-08' }, 999, 'wrong-force.xlsx', 'Sheet1', 'B2');
  w.undo(ids.mistake);
  // Everything else a workspace holds.
  db.prepare("INSERT INTO workspace_meta (key, value) VALUES ('force_name', 'Leicestershire Police'), ('author', 'Performance team')").run();
  const annotation = Number(
    db.prepare("INSERT INTO annotations (scope, month_from, month_to, category, text, author, created_at, updated_at) VALUES ('kpis', '2019-05', '2019-05', 'operational', 'Call handler shortage', 'team', 'now', 'now')").run().lastInsertRowid,
  );
  db.prepare("INSERT INTO annotation_kpis (annotation_id, kpi_id) VALUES (?, 'calls-999')").run(annotation);
  db.prepare("INSERT INTO anomaly_reviews (kpi_id, month, status, rule, annotation_id, author, reviewed_at) VALUES ('calls-999', '2019-05', 'explained', 'astronomical', ?, 'team', 'now')").run(annotation);
  const report = Number(
    db.prepare("INSERT INTO reports (period, title, author, marking, template, paragraphs, glossary, created_at, updated_at) VALUES ('Q1 2019/20', 'Force Performance Report', 'team', 'OFFICIAL', '{}', '[]', '[]', 'now', 'now')").run().lastInsertRowid,
  );
  db.prepare("INSERT INTO report_exports (report_id, version, format, file_path, sha256, author, created_at, document) VALUES (?, 'final', 'docx', '/r.docx', 'ab', 'team', 'now', '{}')").run(report);
  db.prepare("INSERT INTO return_marks (template_id, period, cell, reason, author, marked_at) VALUES ('surge', 'Q1 2019/20', 'F17', 'not collected', 'team', 'now')").run();
  db.prepare("INSERT INTO data_exports (kind, name, period, format, file_path, sha256, author, created_at, contents) VALUES ('return', 'surge', 'Q1 2019/20', 'xlsx', '/s.xlsx', 'cd', 'team', 'now', '{}')").run();
  db.prepare("INSERT INTO step_decisions (kpi_id, month, status, level_before, level_after, author, decided_at) VALUES ('calls-999', '2019-06', 'dismissed', 150, 300, 'team', 'now')").run();
  db.prepare("INSERT INTO kpi_direction_choices (kpi_id, direction, chosen_by, chosen_at) VALUES ('stop-searches', 'neutral', 'team', 'now')").run();
  const keys = db.prepare('SELECT DISTINCT kpi_id, period_kind, period_start, area, dimension, category FROM observation_revisions ORDER BY 1, 2, 3, 4, 5, 6').all() as Record<string, string>[];
  db.close();
  return { keys, importIds: ids };
}

describe('migrating a format 9 workspace to figures by integer keys', () => {
  it('keeps every figure, its provenance and its history, and every other table as it was', () => {
    const file = path.join(dir, 'format9.sqlite');
    const { keys, importIds } = buildFormat9(file);
    const before = new Database(file, { readonly: true });
    const figures = figuresOf(before);
    const histories = keys.map((k) => format9History(before, k));
    const others = otherTables(before);
    before.close();
    expect(figures).toHaveLength(9);

    const { db, previousVersion } = openDatabase(file);
    expect(previousVersion).toBe(FORMAT_9);
    expect(figuresOf(db)).toEqual(figures);
    // Every table format 9 had is as it was (later formats add tables of their own, empty, and columns with
    // their defaults: format 14's reports.left_out).
    const after = otherTables(db);
    const asBefore = (t: string) => after[t].map((row, i) => Object.fromEntries(Object.keys((others[t][i] ?? row) as object).map((c) => [c, (row as Record<string, unknown>)[c]])));
    expect(Object.fromEntries(Object.keys(others).map((t) => [t, asBefore(t)]))).toEqual(others);
    expect(after.reports.map((r) => (r as { left_out: string }).left_out)).toEqual(['[]']);
    for (const [i, k] of keys.entries()) {
      // Format 13 gives other areas' figures (the Home Office tables by force) a source of their own.
      const source = k.area ? HOME_OFFICE : '';
      const history = figureHistory(db, { kpiId: k.kpi_id, periodKind: k.period_kind as 'month', month: k.period_start, area: k.area, dimension: k.dimension, category: k.category, source });
      expect(history.map(({ oldValue, newValue, importId, reason }) => ({ oldValue, newValue, importId, reason })), JSON.stringify(k)).toEqual(histories[i]);
    }
    // What a change replaced keeps its provenance; so does what an undo removed, once migrated.
    expect(figureHistory(db, { kpiId: 'calls-999', month: '2019-05' }).map((e) => [e.oldImportId, e.oldCell])).toEqual([
      [null, null],
      [importIds.april, 'AX4'],
      [importIds.june, 'C4'],
      [importIds.revised, null],
    ]);
    // Breakdown categories keep the order their file gave them.
    expect(db.prepare("SELECT category FROM series WHERE kpi_id = 'stop-searches' AND dimension = 'Gender' ORDER BY id").all()).toEqual([{ category: 'Male' }, { category: 'Female' }, { category: 'Unspecified' }]);
    // A created figure has no revision of its own any more: only changes and removals are kept.
    expect(db.prepare('SELECT count(*) AS n FROM figure_revisions').get()).toEqual({ n: 4 });
    db.close();
  });

  it('undoes an import written before the migration as format 9 would have', () => {
    const file = path.join(dir, 'format9.sqlite');
    const { importIds } = buildFormat9(file);
    const copy = path.join(dir, 'format9-undone.sqlite');
    fs.copyFileSync(file, copy);
    const old = new Database(copy);
    new Format9Writer(old).undo(importIds.june);
    const expected = figuresOf(old);
    old.close();

    const { db } = openDatabase(file);
    db.transaction(() => undoImportChanges(db, importIds.june))();
    expect(figuresOf(db)).toEqual(expected);
    db.close();
  });
});
