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
    .prepare<unknown[], AreaFigureRow>(`SELECT kpi_id, period_start, area, dimension, category, value FROM observations WHERE period_kind = 'quarter' AND area <> '' AND source = '' AND kpi_id = ? ORDER BY month, series_id`)
    .all(kpiId);
}
