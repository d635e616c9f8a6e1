import type { Api } from '../../shared/api/contract';
import { PeerGroupSchema, type PeerGroup } from '../../shared/api/analysisSchemas';
import { WorkbenchError } from '../../shared/api/errors';
import type { Kpi } from '../../shared/domain/kpi';
import { areaKey, DEFAULT_PEER_GROUP, rankPeers } from '../../shared/analysis/peers';
import { formatCount } from '../../shared/domain/format';
import { formatPeriod, fyStart, monthKey, parseMonthKey, periodBounds, quarterOf, financialYearOf, type Period } from '../../shared/domain/periods';
import { areaPopulations, setAreaPopulation } from '../../db/analysisSettings';
import { areaFigureOrigins, quarterlyAreaFigures, type AreaFigureRow } from '../../db/areaFigures';
import { aggregate, HEADLINE } from '../../shared/domain/series';
import { formatChange, formatPercentChange, formatValue } from '../../shared/domain/format';
import { HOME_OFFICE, sourceName } from '../../shared/domain/sources';
import { aggregationContext, kpiIndex } from './figures';
import { getMeta, setMeta } from '../../db/meta';
import { readPeriod } from './figures';
import { currentAuthor } from './author';
import type { Session } from './session';
import type { Workspace } from './workspace';
import { workspaceSettings } from './workspaceSettings';

type PeerMethods = Pick<Api, 'peers.get' | 'peers.group' | 'peers.setGroup' | 'peers.populations' | 'peers.setPopulation'>;

/** The KPI the Home Office tables by force are read into (shared/import/forceTableLayout.ts). */
export const PEER_KPI = 'all-crime';
export const ALL_OFFENCES = 'All crime';

export function peerGroup(workspace: Workspace): PeerGroup {
  const stored = getMeta(workspace.db, 'peer_group');
  if (stored) {
    const parsed = PeerGroupSchema.safeParse(JSON.parse(stored));
    if (parsed.success) return parsed.data;
  }
  // Until a group is saved, the force is the one named in Settings, and the peers are the example group's.
  return { ...DEFAULT_PEER_GROUP, force: workspaceSettings(workspace).forceName ?? DEFAULT_PEER_GROUP.force };
}

/** The quarters (first months) a period covers; the Home Office tables are quarterly. */
function quartersOf(period: Period): string[] {
  if (period.kind !== 'quarter' && period.kind !== 'year') {
    throw new WorkbenchError('bad_period', 'Peer comparison is by quarter or financial year, as the Home Office tables are quarterly: e.g. "Q1 2019/20" or "2019/20".');
  }
  const [first, last] = periodBounds(period);
  const out: string[] = [];
  for (let m = first; m <= last; m += 3) out.push(monthKey(m));
  return out;
}

/** An area's figure in the tables for the quarters (all offences, or one group); null unless every quarter is there. */
function areaTotal(rows: readonly AreaFigureRow[], area: string, quarters: readonly string[], offence: string | null): number | null {
  const matching = rows.filter((r) => areaKey(r.area) === areaKey(area) && (offence ? r.category === offence : r.dimension === '') && quarters.includes(r.period_start));
  return new Set(matching.map((r) => r.period_start)).size === quarters.length ? matching.reduce((sum, r) => sum + r.value, 0) : null;
}

/**
 * The force's own "All crime" as the Home Office tables count it, and as the dashboard's 3.1 does (its
 * reporting source, months added up), for one period: the two never stand in for each other, and the
 * reconciliation lists how far they differ.
 */
export function forceInTables(
  workspace: Workspace,
  period: Period,
  rows: readonly AreaFigureRow[] = quarterlyAreaFigures(workspace.db, PEER_KPI),
  byId: ReadonlyMap<string, Kpi> = kpiIndex(workspace).byId,
): { area: string; tables: number; dashboard: number | null; offences: string[] } | null {
  if (period.kind !== 'quarter' && period.kind !== 'year') return null;
  const quarters = quartersOf(period);
  const area = peerGroup(workspace).force;
  const tables = areaTotal(rows, area, quarters, null);
  if (tables === null) return null;
  const kpi = byId.get(PEER_KPI);
  const [first, last] = periodBounds(period);
  const months = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const dashboard = kpi ? aggregate(kpi, HEADLINE, months, aggregationContext(workspace, first, last, byId)).value : null;
  const offences = [...new Set(rows.filter((r) => areaKey(r.area) === areaKey(area) && r.category && quarters.includes(r.period_start)).map((r) => r.category))].sort((a, b) => a.localeCompare(b));
  return { area, tables, dashboard, offences };
}

function describeQuarters(first: string, last: string): string {
  const name = (m: string) => formatPeriod({ kind: 'quarter', fy: financialYearOf(parseMonthKey(m)), quarter: quarterOf(parseMonthKey(m)) });
  return first === last ? name(first) : `${name(first)} to ${name(last)}`;
}

export function createPeersApi(session: Session): PeerMethods {
  return {
    'peers.group': () => peerGroup(session.current()),
    'peers.setGroup': (group) => {
      setMeta(session.current().db, 'peer_group', JSON.stringify(group));
      return group;
    },
    'peers.populations': () => areaPopulations(session.current().db),
    'peers.setPopulation': (p) => {
      setAreaPopulation(session.current().db, { ...p, enteredBy: currentAuthor(session.current()) });
      return { area: p.area };
    },

    'peers.get': ({ period: text, offence: wanted }) => {
      const workspace = session.current();
      const group = peerGroup(workspace);
      const rows = quarterlyAreaFigures(workspace.db, PEER_KPI);
      if (!rows.length) {
        throw new WorkbenchError('not_found', 'No figures by force yet: import the Home Office police recorded crime tables by force (one row per year, quarter, force and offence).');
      }
      const quarters = [...new Set(rows.map((r) => r.period_start))].sort();
      const latest = parseMonthKey(quarters[quarters.length - 1]);
      const period: Period = text ? readPeriod(text) : { kind: 'quarter', fy: financialYearOf(latest), quarter: quarterOf(latest) };
      const needed = quartersOf(period);
      const offences = [...new Set(rows.filter((r) => r.category).map((r) => r.category))].sort((a, b) => a.localeCompare(b));
      const offence = !wanted || areaKey(wanted) === areaKey(ALL_OFFENCES) ? null : offences.find((o) => areaKey(o) === areaKey(wanted));
      if (wanted && offence === undefined) {
        throw new WorkbenchError('not_found', `No offence group "${wanted}" in the tables by force. They hold: ${[ALL_OFFENCES, ...offences].join('; ')}.`);
      }
      const populations = new Map(areaPopulations(workspace.db).map((p) => [areaKey(p.area), p.population]));
      const figures = [group.force, ...group.peers].map((area, i) => ({
        area,
        isForce: i === 0,
        offences: areaTotal(rows, area, needed, offence ?? null),
        population: populations.get(areaKey(area)) ?? null,
      }));
      const own = offence ? null : forceInTables(workspace, period, rows);
      const kpi = kpiIndex(workspace).byId.get(PEER_KPI);
      const ranking = rankPeers(figures);
      const forceRow = ranking.rows.find((r) => r.isForce)!;
      const offenceName = offence ?? ALL_OFFENCES;
      const measure = ranking.rankedBy === 'per_1000' ? 'offences per 1,000 population' : 'number of offences';
      const ranked = ranking.rows.filter((r) => r.rank !== null).length;
      const statement =
        forceRow.rank === null
          ? `${group.force} has no figure for ${offenceName} in ${formatPeriod(period)}, so it is not ranked.`
          : `${group.force} ranks ${forceRow.rank} of ${ranked} in its Most Similar Forces group for ${offenceName} in ${formatPeriod(period)} (${formatCount(forceRow.offences!)} offences), ranked by ${measure}; rank 1 is the fewest.`;
      const difference = own && own.dashboard !== null ? own.tables - own.dashboard : null;
      return {
        period: formatPeriod(period),
        offence: offenceName,
        force: group.force,
        rankedBy: ranking.rankedBy,
        statement,
        rows: ranking.rows,
        missingFigures: figures.filter((f) => f.offences === null).map((f) => f.area),
        missingPopulations: figures.filter((f) => f.population === null).map((f) => f.area),
        offences: [ALL_OFFENCES, ...offences],
        periods: [
          ...quarters.map((q) => formatPeriod({ kind: 'quarter', fy: financialYearOf(parseMonthKey(q)), quarter: quarterOf(parseMonthKey(q)) })),
          ...[...new Set(quarters.map((q) => financialYearOf(parseMonthKey(q))))]
            .filter((fy) => [0, 3, 6, 9].every((k) => quarters.includes(monthKey(fyStart(fy) + k))))
            .map((fy) => formatPeriod({ kind: 'year', fy })),
        ],
        provenance: {
          source: sourceName(HOME_OFFICE),
          files: areaFigureOrigins(workspace.db, PEER_KPI).map((o) => ({ file: o.file, sheet: o.sheet, title: o.title, importedAt: o.importedAt, quarters: describeQuarters(o.first, o.last) })),
          allCrimeSums: own?.offences ?? [],
        },
        own:
          own && kpi
            ? {
                kpi: `${kpi.number} ${kpi.name}`,
                tables: formatValue(own.tables, 'count'),
                dashboard: formatValue(own.dashboard, 'count'),
                difference: formatChange(difference, 'count'),
                differencePercent: formatPercentChange(difference === null || !own.dashboard ? null : (100 * difference) / own.dashboard),
              }
            : null,
      };
    },
  };
}
