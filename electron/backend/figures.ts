import { WorkbenchError } from '../../shared/api/errors';
import { compareKpiNumbers, type Kpi } from '../../shared/domain/kpi';
import { latestCompleteQuarter, monthKey, parseMonthKey, parsePeriod, PeriodError, type Period } from '../../shared/domain/periods';
import { MonthlySeriesSet, type AggregationContext } from '../../shared/domain/series';
import { listKpis } from '../../db/kpis';
import { monthlyObservationsBetween, monthlyRange, type ObservationRow } from '../../db/observations';
import type { Source } from '../../shared/api/sourceSchemas';
import { HEADLINE, type BreakdownKey } from '../../shared/domain/series';
import type { Workspace } from './workspace';

/** The workspace's KPIs in report order, and by id. */
export function kpiIndex(workspace: Workspace): { kpis: Kpi[]; byId: Map<string, Kpi> } {
  const kpis = listKpis(workspace.db).sort((a, b) => compareKpiNumbers(a.number, b.number));
  return { kpis, byId: new Map(kpis.map((k) => [k.id, k])) };
}

export function findKpi(workspace: Workspace, kpiId: string): Kpi {
  const kpi = kpiIndex(workspace).byId.get(kpiId);
  if (!kpi) throw new WorkbenchError('not_found', `There is no KPI "${kpiId}". \`workbench kpis\` lists them.`);
  return kpi;
}

export function seriesFromRows(rows: Iterable<ObservationRow>): MonthlySeriesSet {
  const series = new MonthlySeriesSet();
  for (const row of rows) {
    series.add(row.kpi_id, { dimension: row.dimension, category: row.category }, parseMonthKey(row.period_start), row.value);
    series.setSource(row.kpi_id, row.source);
  }
  return series;
}

/** Everything the aggregation rules need for months first..last. */
export function aggregationContext(workspace: Workspace, first: number, last: number, kpisById: ReadonlyMap<string, Kpi> = kpiIndex(workspace).byId): AggregationContext {
  return {
    series: seriesFromRows(monthlyObservationsBetween(workspace.db, monthKey(first), monthKey(last))),
    kpisById,
  };
}

export function readPeriod(text: string): Period {
  try {
    return parsePeriod(text);
  } catch (error) {
    if (error instanceof PeriodError) throw new WorkbenchError('bad_period', error.message);
    throw error;
  }
}

/** The period the dashboard opens on: the latest quarter the data covers completely. */
export function defaultPeriod(workspace: Workspace): Period | null {
  const { last } = monthlyRange(workspace.db);
  return last ? latestCompleteQuarter(parseMonthKey(last)) : null;
}

/** The KPIs whose stored figures make up a KPI's value: itself, or the parts of a ratio or weighted mean. */
export function inputsOf(kpi: Kpi): string[] {
  if (kpi.aggregation.type === 'ratio') return [kpi.aggregation.numerator, kpi.aggregation.denominator];
  if (kpi.aggregation.type === 'mean' && kpi.aggregation.weight) return [kpi.id, kpi.aggregation.weight];
  return [kpi.id];
}

/** Where each stored figure behind a KPI's value for these months came from: import, file, sheet, cell. */
export function figureSources(workspace: Workspace, kpi: Kpi, key: BreakdownKey, months: readonly number[]): Source[] {
  const { byId } = kpiIndex(workspace);
  const ids = new Set(inputsOf(kpi));
  const rows = monthlyObservationsBetween(workspace.db, monthKey(months[0]), monthKey(months[months.length - 1]));
  return rows
    .filter((r) => ids.has(r.kpi_id) && r.dimension === key.dimension && r.category === key.category)
    .filter((r) => kpi.aggregation.type !== 'latest' || r.period_start === monthKey(months[months.length - 1]))
    .sort((a, b) => a.period_start.localeCompare(b.period_start) || a.kpi_id.localeCompare(b.kpi_id))
    .map((r) => ({
      month: r.period_start,
      kpiId: r.kpi_id,
      name: byId.get(r.kpi_id)?.name ?? r.kpi_id,
      value: r.value,
      source: r.import_label,
      file: r.source_file,
      sheet: r.source_sheet,
      cell: r.source_cell,
    }));
}

/** The breakdown named by a method's dimension and category arguments; neither is the headline figure. */
export function breakdownKeyOf(args: { dimension?: string; category?: string }): BreakdownKey {
  if (!args.dimension && !args.category) return HEADLINE;
  if (!args.dimension || !args.category) throw new WorkbenchError('bad_arguments', 'A breakdown needs both a dimension and a category.');
  return { dimension: args.dimension, category: args.category };
}
