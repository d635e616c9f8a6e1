import { monthKey } from '../shared/domain/periods';
import { HOME_OFFICE } from '../shared/domain/sources';
import type { Db } from './open';

export interface AreaFigureRow {
  kpi_id: string;
  period_start: string;
  area: string;
  dimension: string;
  category: string;
  value: number;
}

/** Quarterly figures of other areas (the Home Office tables by force) for one KPI. */
export function quarterlyAreaFigures(db: Db, kpiId: string): AreaFigureRow[] {
  return db
    .prepare<[string, string], AreaFigureRow>(`SELECT kpi_id, period_start, area, dimension, category, value FROM observations WHERE period_kind = 'quarter' AND area <> '' AND source = ? AND kpi_id = ? ORDER BY month, series_id`)
    .all(HOME_OFFICE, kpiId);
}

/** Where the tables by force came from: each file and sheet that wrote one of the KPI's area figures still held, newest first. */
export interface AreaFigureOrigin {
  importId: number;
  file: string | null;
  sheet: string | null;
  /** The sheet's own title above its header, where it has one (the publication it is from). */
  title: string | null;
  importedAt: string;
  figures: number;
  first: string;
  last: string;
}

export function areaFigureOrigins(db: Db, kpiId: string): AreaFigureOrigin[] {
  const rows = db
    .prepare<[string, string], Omit<AreaFigureOrigin, 'first' | 'last'> & { first: number; last: number }>(
      `SELECT sh.import_id AS importId, sh.file, sh.sheet, sh.title, i.created_at AS importedAt, count(*) AS figures, min(f.month) AS first, max(f.month) AS last
       FROM series s JOIN figures f ON f.series_id = s.id JOIN import_sheets sh ON sh.id = f.sheet_id JOIN imports i ON i.id = sh.import_id
       WHERE s.period_kind = 'quarter' AND s.area <> '' AND s.source = ? AND s.kpi_id = ?
       GROUP BY sh.id ORDER BY i.created_at DESC, sh.id`,
    )
    .all(HOME_OFFICE, kpiId);
  return rows.map((r) => ({ ...r, first: monthKey(r.first), last: monthKey(r.last) }));
}

/** Records the title a sheet carries above its header, for the figures' provenance. */
export function setSheetTitle(db: Db, importId: number, file: string, sheet: string, title: string): void {
  db.prepare('UPDATE import_sheets SET title = ? WHERE import_id = ? AND file = ? AND sheet = ?').run(title, importId, file, sheet);
}
