import type { Db } from './open';

/** A figure as stored: one KPI, one month (or quarter/year), one breakdown, one area. */
export interface ObservationInput {
  kpiId: string;
  periodKind?: 'month' | 'quarter' | 'year';
  periodStart: string; // YYYY-MM
  area?: string;
  dimension?: string;
  category?: string;
  value: number;
  sourceFile?: string | null;
  sourceSheet?: string | null;
  sourceCell?: string | null;
}

/** The columns that identify a figure, as observations and observation_revisions both store them. */
export interface FigureKeyColumns {
  kpi_id: string;
  period_kind: string;
  period_start: string;
  area: string;
  dimension: string;
  category: string;
}

export interface ObservationRow extends FigureKeyColumns {
  id: number;
  value: number;
  import_id: number;
  source_file: string | null;
  source_sheet: string | null;
  source_cell: string | null;
  import_kind: string;
  import_label: string;
}

/** Writes figures that are all new (the demo, test fixtures), through the same path as an import. */
export function insertObservations(db: Db, importId: number, rows: Iterable<ObservationInput>, now = new Date().toISOString()): number {
  let count = 0;
  function* asChanges(): Generator<FigureChange> {
    for (const row of rows) {
      count++;
      yield {
        kpiId: row.kpiId,
        periodKind: row.periodKind ?? 'month',
        periodStart: row.periodStart,
        area: row.area ?? '',
        dimension: row.dimension ?? '',
        category: row.category ?? '',
        value: row.value,
        oldValue: null,
        sourceFile: row.sourceFile ?? null,
        sourceSheet: row.sourceSheet ?? null,
        sourceCell: row.sourceCell ?? null,
      };
    }
  }
  for (const _ of applyChanges(db, importId, asChanges(), now)) {
    // applyChanges reports progress; nobody is watching here.
  }
  return count;
}

const SELECT_WITH_IMPORT = `
  SELECT o.*, i.kind AS import_kind, i.label AS import_label
  FROM observations o JOIN imports i ON i.id = o.import_id`;

/** The workspace's own monthly figures between two months (inclusive), for every KPI and breakdown. */
export function monthlyObservationsBetween(db: Db, fromMonth: string, toMonth: string): ObservationRow[] {
  return db
    .prepare(`${SELECT_WITH_IMPORT} WHERE o.period_kind = 'month' AND o.area = '' AND o.period_start BETWEEN ? AND ? ORDER BY o.id`)
    .all(fromMonth, toMonth) as ObservationRow[];
}

/** Every monthly figure of one KPI (all breakdowns), oldest first. */
export function monthlyObservationsOfKpis(db: Db, kpiIds: readonly string[]): ObservationRow[] {
  const placeholders = kpiIds.map(() => '?').join(', ');
  return db
    .prepare(`${SELECT_WITH_IMPORT} WHERE o.period_kind = 'month' AND o.area = '' AND o.kpi_id IN (${placeholders}) ORDER BY o.period_start, o.id`)
    .all(...kpiIds) as ObservationRow[];
}

/** How many figures the workspace holds. */
export function countFigures(db: Db): number {
  return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM observations').get()!.n;
}

/** Whether the workspace holds any figure at all. */
export function hasFigures(db: Db): boolean {
  return db.prepare<[], { any: number }>('SELECT EXISTS (SELECT 1 FROM observations) AS any').get()!.any === 1;
}

/** The force's own monthly figure of a KPI (or one breakdown of it), if the workspace holds one. */
export function monthlyFigure(db: Db, kpiId: string, month: string, dimension = '', category = ''): number | undefined {
  return db
    .prepare<[string, string, string, string], { value: number }>("SELECT value FROM observations WHERE kpi_id = ? AND period_kind = 'month' AND period_start = ? AND area = '' AND dimension = ? AND category = ?")
    .get(kpiId, month, dimension, category)?.value;
}

export interface MonthRange {
  first: string | null;
  last: string | null;
  count: number;
}

export function monthlyRange(db: Db): MonthRange {
  return db
    .prepare(`SELECT min(period_start) AS first, max(period_start) AS last, count(*) AS count FROM observations WHERE period_kind = 'month' AND area = ''`)
    .get() as MonthRange;
}

export interface FigureKeyFields {
  kpiId: string;
  periodKind: 'month' | 'quarter' | 'year';
  periodStart: string;
  area: string;
  dimension: string;
  category: string;
}

/** Every figure of the given KPIs, keyed as the import planner keys them. */
export function figuresOfKpis(db: Db, kpiIds: readonly string[]): { key: FigureKeyFields; value: number }[] {
  if (!kpiIds.length) return [];
  const select = db.prepare('SELECT kpi_id, period_kind, period_start, area, dimension, category, value FROM observations WHERE kpi_id = ?');
  return kpiIds.flatMap((id) =>
    (select.all(id) as { kpi_id: string; period_kind: 'month' | 'quarter' | 'year'; period_start: string; area: string; dimension: string; category: string; value: number }[]).map((r) => ({
      key: { kpiId: r.kpi_id, periodKind: r.period_kind, periodStart: r.period_start, area: r.area, dimension: r.dimension, category: r.category },
      value: r.value,
    })),
  );
}

/** How many figures are written between two progress reports. */
export const WRITE_STEP = 5000;

export interface FigureChange extends FigureKeyFields {
  value: number;
  /** The value it replaces; null for a new figure. */
  oldValue: number | null;
  sourceFile: string | null;
  sourceSheet: string | null;
  sourceCell: string | null;
}

/**
 * Nearly the order of the figures' unique index: inserting in it keeps SQLite's B-tree writes together. The
 * breakdowns of one figure keep the order the file gave them (the sort is stable), which is the order
 * tables and charts list categories in (Male, Female, Unspecified).
 */
function compareKeys(a: FigureChange, b: FigureChange): number {
  if (a.kpiId !== b.kpiId) return a.kpiId < b.kpiId ? -1 : 1;
  if (a.periodKind !== b.periodKind) return a.periodKind < b.periodKind ? -1 : 1;
  if (a.periodStart !== b.periodStart) return a.periodStart < b.periodStart ? -1 : 1;
  if (a.area !== b.area) return a.area < b.area ? -1 : 1;
  return 0;
}

/** New figures per INSERT: passed as one JSON array, so a statement runs once per batch, not per figure. */
const INSERT_BATCH = 2000;

/**
 * Writes an import's new and changed figures, each with a revision holding what it replaced (value and
 * provenance). Runs inside the caller's transaction. New figures, usually nearly all of a monthly file,
 * are inserted first, in the order of the figures' unique index and in batches (a third faster than one
 * statement per figure), and their revisions written by one INSERT … SELECT. A generator: it reports how
 * many figures it has written as it goes, and must be run to its end.
 */
export function* applyChanges(db: Db, importId: number, changes: Iterable<FigureChange>, now = new Date().toISOString()): Generator<number, void> {
  const insertBatch = db.prepare(`
    INSERT INTO observations (kpi_id, period_kind, period_start, area, dimension, category, value, import_id, source_file, source_sheet, source_cell, updated_at)
    SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, @importId, j.value ->> 7, j.value ->> 8, j.value ->> 9, @now
    FROM json_each(@figures) AS j`);
  const insert = db.prepare(`
    INSERT INTO observations (kpi_id, period_kind, period_start, area, dimension, category, value, import_id, source_file, source_sheet, source_cell, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const current = db.prepare(`
    SELECT id, value, import_id, source_file, source_sheet, source_cell FROM observations
    WHERE kpi_id = ? AND period_kind = ? AND period_start = ? AND area = ? AND dimension = ? AND category = ?`);
  const update = db.prepare(`
    UPDATE observations SET value = ?, import_id = ?, source_file = ?, source_sheet = ?, source_cell = ?, updated_at = ? WHERE id = ?`);
  const revision = db.prepare(`
    INSERT INTO observation_revisions (kpi_id, period_kind, period_start, area, dimension, category, old_value, new_value,
      old_import_id, old_source_file, old_source_sheet, old_source_cell, import_id, changed_at, reason)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import')`);
  const added: FigureChange[] = [];
  const changed: FigureChange[] = [];
  for (const c of changes) (c.oldValue === null ? added : changed).push(c);
  added.sort(compareKeys);
  let written = 0;
  for (let i = 0; i < added.length; i += INSERT_BATCH) {
    const batch = added.slice(i, i + INSERT_BATCH).map((c) => [c.kpiId, c.periodKind, c.periodStart, c.area, c.dimension, c.category, c.value, c.sourceFile, c.sourceSheet, c.sourceCell]);
    // A figure the plan found new is inserted straight away: were it there after all, UNIQUE stops the import.
    insertBatch.run({ figures: JSON.stringify(batch), importId, now });
    written += batch.length;
    yield written;
  }
  // Until the changes below are applied, the figures carrying this import's id are exactly those it created.
  db.prepare(`
    INSERT INTO observation_revisions (kpi_id, period_kind, period_start, area, dimension, category, old_value, new_value, import_id, changed_at, reason)
    SELECT kpi_id, period_kind, period_start, area, dimension, category, NULL, value, import_id, ?, 'import' FROM observations WHERE import_id = ?`).run(now, importId);
  for (const c of changed) {
    if (++written % WRITE_STEP === 0) yield written;
    const key = [c.kpiId, c.periodKind, c.periodStart, c.area, c.dimension, c.category] as const;
    const had = current.get(...key) as
      | { id: number; value: number; import_id: number; source_file: string | null; source_sheet: string | null; source_cell: string | null }
      | undefined;
    if (!had) {
      insert.run(...key, c.value, importId, c.sourceFile, c.sourceSheet, c.sourceCell, now);
      revision.run(...key, null, c.value, null, null, null, null, importId, now);
      continue;
    }
    update.run(c.value, importId, c.sourceFile, c.sourceSheet, c.sourceCell, now, had.id);
    revision.run(...key, had.value, c.value, had.import_id, had.source_file, had.source_sheet, had.source_cell, importId, now);
  }
}
