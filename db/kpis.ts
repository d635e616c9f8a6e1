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
  direction_note: string;
}

interface ChoiceColumns {
  chosen_direction: string | null;
  chosen_by: string | null;
  chosen_at: string | null;
}

/**
 * A stored KPI. Rows are written only from the validated catalogue or from KPIs the import built, so they
 * are read without validating each again (which every command's start would pay for).
 */
function fromRow(row: KpiRow & ChoiceColumns): Kpi {
  const chosen = row.chosen_direction !== null && row.chosen_direction !== row.direction;
  return {
    id: row.id,
    section: row.section,
    number: row.number,
    name: row.name,
    aliases: JSON.parse(row.aliases),
    unit: row.unit as Kpi['unit'],
    direction: (chosen ? row.chosen_direction : row.direction) as Kpi['direction'],
    ...(row.direction_note ? { directionNote: row.direction_note } : {}),
    ...(chosen ? { directionChoice: { catalogue: row.direction as Kpi['direction'], by: row.chosen_by!, at: row.chosen_at! } } : {}),
    aggregation: JSON.parse(row.aggregation),
    ...(row.standard ? { standard: JSON.parse(row.standard) } : {}),
    breakdowns: JSON.parse(row.breakdowns),
    description: row.description,
    headline: row.headline === 1,
  };
}

export function listKpis(db: Db): Kpi[] {
  const rows = db
    .prepare<[], KpiRow & ChoiceColumns>(
      `SELECT kpis.*, c.direction AS chosen_direction, c.chosen_by, c.chosen_at
       FROM kpis LEFT JOIN kpi_direction_choices c ON c.kpi_id = kpis.id`,
    )
    .all();
  return rows.map(fromRow);
}

/**
 * The analyst's direction of good for a KPI, kept with who chose it and when; choosing the catalogue's own
 * direction again takes the choice away.
 */
export function chooseDirection(db: Db, kpiId: string, direction: Kpi['direction'], by: string, at: string): void {
  const own = db.prepare<[string], { direction: string }>('SELECT direction FROM kpis WHERE id = ?').get(kpiId);
  if (!own) throw new Error(`no KPI ${kpiId}`);
  if (own.direction === direction) db.prepare('DELETE FROM kpi_direction_choices WHERE kpi_id = ?').run(kpiId);
  else
    db.prepare(
      `INSERT INTO kpi_direction_choices (kpi_id, direction, chosen_by, chosen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (kpi_id) DO UPDATE SET direction = excluded.direction, chosen_by = excluded.chosen_by, chosen_at = excluded.chosen_at`,
    ).run(kpiId, direction, by, at);
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
    direction_note: kpi.directionNote ?? '',
  };
}

const COLUMNS = ['section', 'number', 'name', 'aliases', 'unit', 'direction', 'aggregation', 'standard', 'breakdowns', 'description', 'headline', 'direction_note'] as const;

/**
 * Brings the catalogue's KPIs into the workspace: new ones are added and existing catalogue KPIs take
 * the catalogue's current definition. KPIs the analyst added are left as they are. Only differences are
 * written, so opening a workspace whose catalogue is current changes nothing in the file.
 */
export function syncCatalogue(db: Db, kpis: readonly Kpi[]): void {
  const current = new Map((db.prepare<unknown[], KpiRow & { origin: string }>("SELECT * FROM kpis").all()).map((r) => [r.id, r]));
  const stale = kpis.map(toRow).filter((row) => {
    const had = current.get(row.id);
    if (!had) return true;
    if (had.origin !== 'catalogue') return false;
    return COLUMNS.some((c) => (had as unknown as Record<string, unknown>)[c] !== row[c]);
  });
  if (!stale.length) return;
  const upsert = db.prepare(`
    INSERT INTO kpis (id, section, number, name, aliases, unit, direction, aggregation, standard, breakdowns, description, headline, direction_note, origin)
    VALUES (@id, @section, @number, @name, @aliases, @unit, @direction, @aggregation, @standard, @breakdowns, @description, @headline, @direction_note, 'catalogue')
    ON CONFLICT (id) DO UPDATE SET
      section = excluded.section, number = excluded.number, name = excluded.name, aliases = excluded.aliases,
      unit = excluded.unit, direction = excluded.direction, aggregation = excluded.aggregation,
      standard = excluded.standard, breakdowns = excluded.breakdowns, description = excluded.description,
      headline = excluded.headline, direction_note = excluded.direction_note
    WHERE kpis.origin = 'catalogue'`);
  db.transaction(() => {
    for (const row of stale) upsert.run(row);
  })();
}

/** KPIs the analyst adds, e.g. for labels in a file that matched nothing. */
export function addUserKpis(db: Db, kpis: readonly Kpi[]): void {
  const insert = db.prepare(`
    INSERT INTO kpis (id, section, number, name, aliases, unit, direction, aggregation, standard, breakdowns, description, headline, direction_note, origin)
    VALUES (@id, @section, @number, @name, @aliases, @unit, @direction, @aggregation, @standard, @breakdowns, @description, @headline, @direction_note, 'user')`);
  for (const kpi of kpis) insert.run(toRow(kpi));
}
