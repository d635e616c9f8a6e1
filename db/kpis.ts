import type { Kpi } from '../shared/domain/kpi';
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

/**
 * A stored KPI. Rows are written only from the validated catalogue or from KPIs the import built, so they
 * are read without validating each again (which every command's start would pay for).
 */
function fromRow(row: KpiRow): Kpi {
  return {
    id: row.id,
    section: row.section,
    number: row.number,
    name: row.name,
    aliases: JSON.parse(row.aliases),
    unit: row.unit as Kpi['unit'],
    direction: row.direction as Kpi['direction'],
    aggregation: JSON.parse(row.aggregation),
    ...(row.standard ? { standard: JSON.parse(row.standard) } : {}),
    breakdowns: JSON.parse(row.breakdowns),
    description: row.description,
    headline: row.headline === 1,
  };
}

export function listKpis(db: Db): Kpi[] {
  const rows = db.prepare('SELECT * FROM kpis').all() as KpiRow[];
  return rows.map(fromRow);
}

function toRow(kpi: Kpi) {
  return {
    id: kpi.id,
    section: kpi.section,
    number: kpi.number,
    name: kpi.name,
    aliases: JSON.stringify(kpi.aliases),
    unit: kpi.unit,
    direction: kpi.direction,
    aggregation: JSON.stringify(kpi.aggregation),
    standard: kpi.standard ? JSON.stringify(kpi.standard) : null,
    breakdowns: JSON.stringify(kpi.breakdowns),
    description: kpi.description,
    headline: kpi.headline ? 1 : 0,
  };
}

const COLUMNS = ['section', 'number', 'name', 'aliases', 'unit', 'direction', 'aggregation', 'standard', 'breakdowns', 'description', 'headline'] as const;

/**
 * Brings the catalogue's KPIs into the workspace: new ones are added and existing catalogue KPIs take
 * the catalogue's current definition. KPIs the analyst added are left as they are. Only differences are
 * written, so opening a workspace whose catalogue is current changes nothing in the file.
 */
export function syncCatalogue(db: Db, kpis: readonly Kpi[]): void {
  const current = new Map((db.prepare("SELECT * FROM kpis").all() as (KpiRow & { origin: string })[]).map((r) => [r.id, r]));
  const stale = kpis.map(toRow).filter((row) => {
    const had = current.get(row.id);
    if (!had) return true;
    if (had.origin !== 'catalogue') return false;
    return COLUMNS.some((c) => (had as unknown as Record<string, unknown>)[c] !== row[c]);
  });
  if (!stale.length) return;
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
    for (const row of stale) upsert.run(row);
  })();
}

/** KPIs the analyst adds, e.g. for labels in a file that matched nothing. */
export function addUserKpis(db: Db, kpis: readonly Kpi[]): void {
  const insert = db.prepare(`
    INSERT INTO kpis (id, section, number, name, aliases, unit, direction, aggregation, standard, breakdowns, description, headline, origin)
    VALUES (@id, @section, @number, @name, @aliases, @unit, @direction, @aggregation, @standard, @breakdowns, @description, @headline, 'user')`);
  for (const kpi of kpis) insert.run(toRow(kpi));
}
