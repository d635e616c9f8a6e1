import type { Db } from './open';
import type { FigureKeyColumns } from './observations';

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
  return db.prepare('SELECT * FROM imports ORDER BY id DESC').all() as ImportRow[];
}

export function getImport(db: Db, importId: number): ImportRow | undefined {
  return db.prepare('SELECT * FROM imports WHERE id = ?').get(importId) as ImportRow | undefined;
}

export interface UndoResult {
  restored: number;
  removed: number;
}

/** Figures the import wrote that a later import has changed again: undoing it would lose that change. */
export function figuresChangedSince(db: Db, importId: number): { importId: number; count: number }[] {
  return db
    .prepare(
      `SELECT o.import_id AS importId, count(*) AS count
       FROM observation_revisions r
       JOIN observations o ON o.kpi_id = r.kpi_id AND o.period_kind = r.period_kind AND o.period_start = r.period_start
         AND o.area = r.area AND o.dimension = r.dimension AND o.category = r.category
       WHERE r.import_id = ? AND r.reason = 'import' AND o.import_id <> r.import_id
       GROUP BY o.import_id`,
    )
    .all(importId) as { importId: number; count: number }[];
}

/**
 * Puts back what an import replaced: changed figures get their old value and provenance, new figures go.
 * Each step is itself recorded as a revision. Runs inside the caller's transaction.
 */
export function undoImportChanges(db: Db, importId: number, now = new Date().toISOString()): UndoResult {
  const revisions = db
    .prepare("SELECT * FROM observation_revisions WHERE import_id = ? AND reason = 'import' ORDER BY id DESC")
    .all(importId) as (FigureKeyColumns & {
    old_value: number | null;
    new_value: number | null;
    old_import_id: number | null;
    old_source_file: string | null;
    old_source_sheet: string | null;
    old_source_cell: string | null;
  })[];
  const where = 'kpi_id = @kpi_id AND period_kind = @period_kind AND period_start = @period_start AND area = @area AND dimension = @dimension AND category = @category';
  const remove = db.prepare(`DELETE FROM observations WHERE ${where}`);
  const restore = db.prepare(
    `UPDATE observations SET value = @old_value, import_id = @old_import_id, source_file = @old_source_file, source_sheet = @old_source_sheet,
       source_cell = @old_source_cell, updated_at = @now WHERE ${where}`,
  );
  const record = db.prepare(`
    INSERT INTO observation_revisions (kpi_id, period_kind, period_start, area, dimension, category, old_value, new_value, import_id, changed_at, reason)
    VALUES (@kpi_id, @period_kind, @period_start, @area, @dimension, @category, @new_value, @old_value, @importId, @now, 'undo')`);
  const result: UndoResult = { restored: 0, removed: 0 };
  for (const revision of revisions) {
    const params = { ...revision, importId, now };
    if (revision.old_value === null) {
      remove.run(params);
      result.removed++;
    } else {
      restore.run(params);
      result.restored++;
    }
    record.run(params);
  }
  db.prepare('UPDATE imports SET undone_at = ? WHERE id = ?').run(now, importId);
  return result;
}
