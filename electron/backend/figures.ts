import { WorkbenchError } from '../../shared/api/errors';
import { compareKpiNumbers, type Kpi } from '../../shared/domain/kpi';
import { latestCompleteQuarter, monthKey, parseMonthKey, parsePeriod, PeriodError, type Period } from '../../shared/domain/periods';
import { MonthlySeriesSet, type AggregationContext } from '../../shared/domain/series';
import { listKpis } from '../../db/kpis';
import { monthlyObservationsBetween, monthlyRange, type ObservationRow } from '../../db/observations';
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
  }
  return series;
}

/** Everything the aggregation rules need for months first..last. */
export function aggregationContext(workspace: Workspace, first: number, last: number): AggregationContext {
  return {
    series: seriesFromRows(monthlyObservationsBetween(workspace.db, monthKey(first), monthKey(last))),
    kpisById: kpiIndex(workspace).byId,
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
