import { KpiSchema, type Kpi } from '../shared/domain/kpi';
import type { Db } from './open';

interface KpiRow {
  id: string;
  section: number;
  number: string;
  name: string;
  aliases: string;
  unit: string;
  direction: string;
  aggregation: string;
  standard: string | null;
  breakdowns: string;
  description: string;
  headline: number;
}

function fromRow(row: KpiRow): Kpi {
  return KpiSchema.parse({
    ...row,
    aliases: JSON.parse(row.aliases),
    aggregation: JSON.parse(row.aggregation),
    standard: row.standard ? JSON.parse(row.standard) : undefined,
    breakdowns: JSON.parse(row.breakdowns),
    headline: row.headline === 1,
  });
}

export function listKpis(db: Db): Kpi[] {
  const rows = db.prepare('SELECT * FROM kpis').all() as KpiRow[];
  return rows.map(fromRow);
}

/**
 * Brings the catalogue's KPIs into the workspace: new ones are added and existing catalogue KPIs take
 * the catalogue's current definition. KPIs the analyst added are left as they are.
 */
export function syncCatalogue(db: Db, kpis: readonly Kpi[]): void {
  const upsert = db.prepare(`
    INSERT INTO kpis (id, section, number, name, aliases, unit, direction, aggregation, standard, breakdowns, description, headline, origin)
    VALUES (@id, @section, @number, @name, @aliases, @unit, @direction, @aggregation, @standard, @breakdowns, @description, @headline, 'catalogue')
    ON CONFLICT (id) DO UPDATE SET
      section = excluded.section, number = excluded.number, name = excluded.name, aliases = excluded.aliases,
      unit = excluded.unit, direction = excluded.direction, aggregation = excluded.aggregation,
      standard = excluded.standard, breakdowns = excluded.breakdowns, description = excluded.description,
      headline = excluded.headline
    WHERE kpis.origin = 'catalogue'`);
  db.transaction(() => {
    for (const kpi of kpis) {
      upsert.run({
        ...kpi,
        aliases: JSON.stringify(kpi.aliases),
        aggregation: JSON.stringify(kpi.aggregation),
        standard: kpi.standard ? JSON.stringify(kpi.standard) : null,
        breakdowns: JSON.stringify(kpi.breakdowns),
        headline: kpi.headline ? 1 : 0,
      });
    }
  })();
}
