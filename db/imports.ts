import type { Db } from './open';
import { parseMonthKey } from '../shared/domain/periods';
import { formatCellRef } from './cellRef';

export type ImportKind = 'demo' | 'file' | 'manual';

export interface NewImport {
  kind: ImportKind;
  label: string;
  fileName?: string;
  fileSha256?: string;
}

export function createImport(db: Db, entry: NewImport, now = new Date().toISOString()): number {
  const result = db
    .prepare('INSERT INTO imports (kind, label, file_name, file_sha256, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(entry.kind, entry.label, entry.fileName ?? null, entry.fileSha256 ?? null, now);
  return Number(result.lastInsertRowid);
}

export function setImportSummary(db: Db, importId: number, summary: unknown): void {
  db.prepare('UPDATE imports SET summary = ? WHERE id = ?').run(JSON.stringify(summary), importId);
}

export interface ImportRow {
  id: number;
  kind: ImportKind;
  label: string;
  file_name: string | null;
  file_sha256: string | null;
  created_at: string;
  undone_at: string | null;
  summary: string;
}

export function listImports(db: Db): ImportRow[] {
  return db.prepare<unknown[], ImportRow>('SELECT * FROM imports ORDER BY id DESC').all();
}

export function getImport(db: Db, importId: number): ImportRow | undefined {
  return db.prepare<unknown[], ImportRow>('SELECT * FROM imports WHERE id = ?').get(importId);
}

export interface UndoResult {
  restored: number;
  removed: number;
}

/** Figures the import wrote that a later import has changed again: undoing it would lose that change. */
export function figuresChangedSince(db: Db, importId: number): { importId: number; count: number }[] {
  return db
    .prepare<{ importId: number }, { importId: number; count: number }>(
      `WITH touched AS (
         SELECT series_id, month FROM figure_revisions WHERE import_id = @importId AND reason = 'import'
         UNION
         SELECT series_id, month FROM figure_revisions
         WHERE reason = 'import' AND old_sheet_id IN (SELECT id FROM import_sheets WHERE import_id = @importId)
       )
       SELECT sh.import_id AS importId, count(*) AS count
       FROM touched t JOIN figures f ON f.series_id = t.series_id AND f.month = t.month JOIN import_sheets sh ON sh.id = f.sheet_id
       WHERE sh.import_id <> @importId
       GROUP BY sh.import_id`,
    )
    .all({ importId });
}

interface Revision {
  series_id: number;
  month: number;
  old_value: number;
  old_sheet_id: number | null;
  old_cell_row: number | null;
  old_cell_column: number | null;
  old_last_row: number | null;
  old_row_count: number | null;
}

const FIGURE_STATE = 'value, sheet_id, cell_row, cell_column, last_row, row_count';

/**
 * Puts back what an import replaced: changed figures get their old value and provenance, new figures go.
 * Each step is itself recorded as a revision holding what it replaced. Runs inside the caller's transaction,
 * after figuresChangedSince has found nothing: every figure the import wrote still holds what it wrote.
 */
export function undoImportChanges(db: Db, importId: number, now = new Date().toISOString()): UndoResult {
  const revisions = db
    .prepare<[number], Revision>(
      `SELECT series_id, month, old_value, old_sheet_id, old_cell_row, old_cell_column, old_last_row, old_row_count
       FROM figure_revisions WHERE import_id = ? AND reason = 'import' ORDER BY id DESC`,
    )
    .all(importId);
  const recordUndo = db.prepare<{ importId: number; now: string; series_id: number; month: number; new_value: number | null }>(`
    INSERT INTO figure_revisions (series_id, month, import_id, reason, old_value, old_sheet_id, old_cell_row, old_cell_column, old_last_row, old_row_count, new_value, changed_at)
    SELECT series_id, month, @importId, 'undo', ${FIGURE_STATE}, @new_value, @now FROM figures WHERE series_id = @series_id AND month = @month`);
  const restore = db.prepare<Revision>(`
    INSERT INTO figures (series_id, month, ${FIGURE_STATE})
    VALUES (@series_id, @month, @old_value, @old_sheet_id, @old_cell_row, @old_cell_column, @old_last_row, @old_row_count)
    ON CONFLICT (series_id, month) DO UPDATE SET value = excluded.value, sheet_id = excluded.sheet_id, cell_row = excluded.cell_row,
      cell_column = excluded.cell_column, last_row = excluded.last_row, row_count = excluded.row_count`);
  const result: UndoResult = { restored: 0, removed: 0 };
  for (const revision of revisions) {
    recordUndo.run({ importId, now, series_id: revision.series_id, month: revision.month, new_value: revision.old_value });
    restore.run(revision);
    result.restored++;
  }
  // What is left on the import's own sheets now is what it created.
  const sheets = 'SELECT id FROM import_sheets WHERE import_id = @importId';
  db.prepare(`
    INSERT INTO figure_revisions (series_id, month, import_id, reason, old_value, old_sheet_id, old_cell_row, old_cell_column, old_last_row, old_row_count, new_value, changed_at)
    SELECT series_id, month, @importId, 'undo', ${FIGURE_STATE}, NULL, @now FROM figures WHERE sheet_id IN (${sheets})`).run({ importId, now });
  result.removed = db.prepare(`DELETE FROM figures WHERE sheet_id IN (${sheets})`).run({ importId }).changes;
  db.prepare('UPDATE imports SET undone_at = ? WHERE id = ?').run(now, importId);
  return result;
}

/** A figure an import wrote that still holds what it wrote: what can be undone on its own. */
export interface ImportFigure {
  seriesId: number;
  month: number;
  kpiId: string;
  dimension: string;
  category: string;
  value: number;
}

export function importFigures(db: Db, importId: number): ImportFigure[] {
  return db
    .prepare<[number], ImportFigure>(
      `SELECT f.series_id AS seriesId, f.month, s.kpi_id AS kpiId, s.dimension, s.category, f.value
       FROM figures f JOIN import_sheets sh ON sh.id = f.sheet_id JOIN series s ON s.id = f.series_id
       WHERE sh.import_id = ? ORDER BY s.kpi_id, s.dimension, s.category, f.month`,
    )
    .all(importId);
}

/**
 * Undoes one figure of an import, as undoing the import would: a figure it changed gets back what it
 * replaced, one it created goes; recorded as a revision like any undo. The import is undone once none of
 * its figures is left. Runs inside the caller's transaction; the caller has checked the figure is still the
 * import's (importFigures).
 */
export function undoImportFigure(db: Db, importId: number, seriesId: number, month: number, now = new Date().toISOString()): 'restored' | 'removed' {
  const revision = db
    .prepare<[number, number, number], Revision>(
      `SELECT series_id, month, old_value, old_sheet_id, old_cell_row, old_cell_column, old_last_row, old_row_count
       FROM figure_revisions WHERE import_id = ? AND reason = 'import' AND series_id = ? AND month = ? ORDER BY id DESC LIMIT 1`,
    )
    .get(importId, seriesId, month);
  db.prepare(`
    INSERT INTO figure_revisions (series_id, month, import_id, reason, old_value, old_sheet_id, old_cell_row, old_cell_column, old_last_row, old_row_count, new_value, changed_at)
    SELECT series_id, month, ?, 'undo', ${FIGURE_STATE}, ?, ? FROM figures WHERE series_id = ? AND month = ?`).run(importId, revision ? revision.old_value : null, now, seriesId, month);
  if (revision) {
    db.prepare(`UPDATE figures SET value = @old_value, sheet_id = @old_sheet_id, cell_row = @old_cell_row, cell_column = @old_cell_column, last_row = @old_last_row, row_count = @old_row_count
       WHERE series_id = @series_id AND month = @month`).run(revision);
  } else {
    db.prepare('DELETE FROM figures WHERE series_id = ? AND month = ?').run(seriesId, month);
  }
  const left = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM figures WHERE sheet_id IN (SELECT id FROM import_sheets WHERE import_id = ?)').get(importId)!.n;
  if (left === 0) db.prepare('UPDATE imports SET undone_at = ? WHERE id = ?').run(now, importId);
  return revision ? 'restored' : 'removed';
}

/** One change in a figure's history, as format 9 recorded it: a creation has no old value. */
export interface FigureEvent {
  oldValue: number | null;
  newValue: number | null;
  oldImportId: number | null;
  oldCell: string | null;
  importId: number;
  reason: 'import' | 'undo';
  changedAt: string;
}

export interface FigureKey {
  kpiId: string;
  periodKind?: 'month' | 'quarter' | 'year';
  month: string;
  area?: string;
  dimension?: string;
  category?: string;
  /** '' (the force's own) when absent. */
  source?: string;
}

/**
 * Everything that happened to one figure, oldest first: its creation (known from the import that wrote it,
 * or from what the first change replaced), then each change and removal its revisions record.
 */
export function figureHistory(db: Db, key: FigureKey): FigureEvent[] {
  const series = db
    .prepare<[string, string, string, string, string, string], { id: number }>('SELECT id FROM series WHERE kpi_id = ? AND period_kind = ? AND area = ? AND dimension = ? AND category = ? AND source = ?')
    .get(key.kpiId, key.periodKind ?? 'month', key.area ?? '', key.dimension ?? '', key.category ?? '', key.source ?? '');
  if (!series) return [];
  const month = parseMonthKey(key.month);
  const revisions = db
    .prepare<[number, number], Revision & { import_id: number; reason: 'import' | 'undo'; new_value: number | null; changed_at: string; old_import_id: number | null }>(
      `SELECT r.*, sh.import_id AS old_import_id FROM figure_revisions r LEFT JOIN import_sheets sh ON sh.id = r.old_sheet_id
       WHERE r.series_id = ? AND r.month = ? ORDER BY r.id`,
    )
    .all(series.id, month);
  const current = db
    .prepare<[number, number], { value: number; import_id: number }>('SELECT f.value, sh.import_id FROM figures f JOIN import_sheets sh ON sh.id = f.sheet_id WHERE f.series_id = ? AND f.month = ?')
    .get(series.id, month);
  const createdAt = db.prepare<[number], { created_at: string }>('SELECT created_at FROM imports WHERE id = ?');
  const created = (value: number, importId: number): FigureEvent => ({
    oldValue: null,
    newValue: value,
    oldImportId: null,
    oldCell: null,
    importId,
    reason: 'import',
    changedAt: createdAt.get(importId)!.created_at,
  });
  const events: FigureEvent[] = [];
  // A figure comes into being only by an import creating it: whenever one is there that was not, that happened.
  let present = false;
  for (const r of revisions) {
    const oldImportId = r.old_import_id ?? r.import_id;
    if (!present) events.push(created(r.old_value, oldImportId));
    events.push({
      oldValue: r.old_value,
      newValue: r.new_value,
      oldImportId,
      oldCell: formatCellRef(r.old_cell_row, r.old_cell_column, r.old_last_row, r.old_row_count),
      importId: r.import_id,
      reason: r.reason,
      changedAt: r.changed_at,
    });
    present = r.new_value !== null;
  }
  if (current && !present) events.push(created(current.value, current.import_id));
  return events;
}
