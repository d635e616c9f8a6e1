import type { Kpi } from '../../shared/domain/kpi';
import { monthKey, parseMonthKey, periodMonths, type Period } from '../../shared/domain/periods';
import { aggregate, HEADLINE, type AggregationContext, type BreakdownKey } from '../../shared/domain/series';
import type { MonthValue } from '../../shared/analysis/anomalies';
import { scanForAnomalies, type Scan, type SeriesToScan } from '../../shared/analysis/inbox';
import { allSpcBreaks } from '../../db/analysisSettings';
import { monthlyObservationsBetween, monthlyObservationsOfKpis, monthlyRange, type ObservationRow } from '../../db/observations';
import { inputsOf, kpiIndex, seriesFromRows } from './figures';
import type { Workspace } from './workspace';

/** The breakdowns a KPI's value exists for: its own, or those its inputs (a ratio's parts) share. */
export function breakdownsOfKpi(kpi: Kpi, context: AggregationContext): BreakdownKey[] {
  const seen = new Map<string, BreakdownKey>();
  for (const id of [kpi.id, ...inputsOf(kpi)]) {
    for (const key of context.series.breakdownsOf(id)) seen.set(`${key.dimension}\u0000${key.category}`, key);
  }
  return [...seen.values()];
}

/** A KPI's monthly values from `first` to `last`, as its aggregation rule gives them, months without a figure left out. */
export function monthlyValues(kpi: Kpi, key: BreakdownKey, first: number, last: number, context: AggregationContext): MonthValue[] {
  const points: MonthValue[] = [];
  for (let m = first; m <= last; m++) {
    const { value } = aggregate(kpi, key, [m], context);
    if (value !== null) points.push({ month: m, value });
  }
  return points;
}

/** Every monthly series (each KPI's headline and breakdowns) that has figures between two months. */
export function seriesForScan(kpis: readonly Kpi[], context: AggregationContext, from: number, last: number): SeriesToScan[] {
  const series: SeriesToScan[] = [];
  for (const kpi of kpis) {
    for (const key of [HEADLINE, ...breakdownsOfKpi(kpi, context)]) {
      const points = monthlyValues(kpi, key, from, last, context);
      if (points.length) series.push({ kpi, dimension: key.dimension, category: key.category, points });
    }
  }
  return series;
}

/** Every monthly series of the workspace's own force up to a month. */
export function forceSeries(workspace: Workspace, last: number): SeriesToScan[] {
  const { first } = monthlyRange(workspace.db);
  if (!first) return [];
  const { kpis, byId } = kpiIndex(workspace);
  const context = { series: seriesFromRows(monthlyObservationsBetween(workspace.db, first, monthKey(last))), kpisById: byId };
  return seriesForScan(kpis, context, parseMonthKey(first), last);
}

export function breakIndices(workspace: Workspace): (kpiId: string) => number[] {
  const breaks = allSpcBreaks(workspace.db);
  return (kpiId) => (breaks.get(kpiId) ?? []).map(parseMonthKey);
}

/** Every flagged figure of the period, largest first. */
export function scanPeriod(workspace: Workspace, period: Period): Scan {
  const months = periodMonths(period);
  return scanForAnomalies(forceSeries(workspace, months[months.length - 1]), months, breakIndices(workspace));
}

/** Every monthly figure behind one KPI (its own and its inputs'), ready for aggregation, and the rows read. */
export function kpiContext(workspace: Workspace, kpi: Kpi): AggregationContext & { rows: ObservationRow[] } {
  const rows = monthlyObservationsOfKpis(workspace.db, [...new Set([kpi.id, ...inputsOf(kpi)])]);
  return { series: seriesFromRows(rows), kpisById: kpiIndex(workspace).byId, rows };
}
