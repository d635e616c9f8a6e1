import type { Db } from './open';
import { deleteMeta, getMeta, metaWithPrefix, setMeta } from './meta';

/** Step changes set for a KPI's SPC limits, as months YYYY-MM, oldest first. */
export function spcBreaks(db: Db, kpiId: string): string[] {
  return (db.prepare<unknown[], { month: string }>('SELECT month FROM spc_breaks WHERE kpi_id = ? ORDER BY month').all(kpiId)).map((r) => r.month);
}

export function allSpcBreaks(db: Db): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of db.prepare<unknown[], { kpi_id: string; month: string }>('SELECT kpi_id, month FROM spc_breaks ORDER BY month').all()) {
    out.set(r.kpi_id, [...(out.get(r.kpi_id) ?? []), r.month]);
  }
  return out;
}

export function setSpcBreaks(db: Db, kpiId: string, months: readonly string[], now = new Date().toISOString()): void {
  db.transaction(() => {
    db.prepare('DELETE FROM spc_breaks WHERE kpi_id = ?').run(kpiId);
    const insert = db.prepare('INSERT INTO spc_breaks (kpi_id, month, created_at) VALUES (?, ?, ?)');
    for (const month of new Set(months)) insert.run(kpiId, month, now);
  })();
}

/** How many months at the start of each segment a KPI's SPC limits come from; undefined: all of them. */
export function spcBaseline(db: Db, kpiId: string): number | undefined {
  const stored = getMeta(db, `spc_baseline:${kpiId}`);
  return stored ? Number(stored) : undefined;
}

/** Every KPI's SPC baseline, read at once for a request that judges many series. */
export function spcBaselines(db: Db): Map<string, number> {
  return new Map([...metaWithPrefix(db, 'spc_baseline:')].map(([kpiId, value]) => [kpiId, Number(value)]));
}

export function setSpcBaseline(db: Db, kpiId: string, points: number | null): void {
  if (points === null) deleteMeta(db, `spc_baseline:${kpiId}`);
  else setMeta(db, `spc_baseline:${kpiId}`, String(points));
}

export interface AreaPopulation {
  area: string;
  population: number;
  asOf: string;
  source: string;
  enteredBy: string;
  enteredAt: string;
}

export function areaPopulations(db: Db): AreaPopulation[] {
  return (
    db.prepare<unknown[], {
      area: string;
      population: number;
      as_of: string;
      source: string;
      entered_by: string;
      entered_at: string;
    }>('SELECT area, population, as_of, source, entered_by, entered_at FROM area_populations ORDER BY area').all()
  ).map((r) => ({ area: r.area, population: r.population, asOf: r.as_of, source: r.source, enteredBy: r.entered_by, enteredAt: r.entered_at }));
}

export function setAreaPopulation(db: Db, p: Omit<AreaPopulation, 'enteredAt'>, now = new Date().toISOString()): void {
  db.prepare(
    `INSERT INTO area_populations (area, population, as_of, source, entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (area) DO UPDATE SET population = excluded.population, as_of = excluded.as_of, source = excluded.source,
       entered_by = excluded.entered_by, entered_at = excluded.entered_at`,
  ).run(p.area, p.population, p.asOf, p.source, p.enteredBy, now);
}
