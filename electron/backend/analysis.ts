import type { Kpi } from '../../shared/domain/kpi';
import { monthKey, parseMonthKey, periodMonths, type Period } from '../../shared/domain/periods';
import { aggregate, HEADLINE, isHeadline, type AggregationContext, type BreakdownKey } from '../../shared/domain/series';
import { judgeSeries, type MonthValue, type SeriesVerdict, type Sensitivity } from '../../shared/analysis/verdict';
import { emergingStep, proposeStep, type EmergingLevel, type StepProposal } from '../../shared/analysis/steps';
import { allSpcBreaks, spcBaselines } from '../../db/analysisSettings';
import { getMeta } from '../../db/meta';
import { monthlyObservationsBetween, monthlyObservationsOfKpis, monthlyRange, type ObservationRow } from '../../db/observations';
import { listStepDecisions, type StepDecision } from '../../db/stepDecisions';
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

/** Every monthly figure behind one KPI (its own and its inputs'), ready for aggregation, and the rows read. */
export function kpiContext(workspace: Workspace, kpi: Kpi): AggregationContext & { rows: ObservationRow[] } {
  const rows = monthlyObservationsOfKpis(workspace.db, [...new Set([kpi.id, ...inputsOf(kpi)])]);
  return { series: seriesFromRows(rows), kpisById: kpiIndex(workspace).byId, rows };
}

/** The workspace's sensitivity: Making Data Count's standard rules unless the analyst chose the conservative bar. */
export function workspaceSensitivity(workspace: Workspace): Sensitivity {
  return getMeta(workspace.db, 'sensitivity') === 'conservative' ? 'conservative' : 'standard';
}

/**
 * What one request needs to judge a period, read once and passed down: the KPIs, every monthly figure up
 * to the period's end, the step changes accepted and dismissed, the sensitivity; and each series' verdict
 * and step proposal, worked out on first asking and kept. The table, the dashboard, the KPI page, the
 * inbox, the report and the command line all judge through one of these, so they cannot disagree.
 */
export interface AnalysisContext {
  workspace: Workspace;
  period: Period;
  /** The period's months. */
  months: number[];
  kpis: Kpi[];
  byId: Map<string, Kpi>;
  sensitivity: Sensitivity;
  /** Every monthly figure of the force from its first month to the period's end. */
  figures: AggregationContext;
  firstMonth: number | null;
  lastMonth: number;
  breaksOf(kpiId: string): number[];
  decisions: StepDecision[];
  points(kpi: Kpi, key?: BreakdownKey): MonthValue[];
  verdict(kpi: Kpi, key?: BreakdownKey): SeriesVerdict;
  /** The step change proposed for a KPI's headline figure as at the period's end, if any. */
  step(kpi: Kpi): StepProposal | null;
  /** Where none is proposed: a new level too recent to tell from a spike, if the series is at one. */
  emerging(kpi: Kpi): EmergingLevel | null;
  breakdowns(kpi: Kpi): BreakdownKey[];
}

/** A 12-month rolling figure: consecutive months share eleven, so neither month rules nor steps apply. */
const isRolling = (kpi: Kpi) => kpi.aggregation.type === 'latest' && kpi.aggregation.rolling === true;

export function analysisContext(workspace: Workspace, period: Period, sensitivity: Sensitivity = workspaceSensitivity(workspace)): AnalysisContext {
  const months = periodMonths(period);
  const lastMonth = months[months.length - 1];
  const { first } = monthlyRange(workspace.db);
  const firstMonth = first ? parseMonthKey(first) : null;
  const { kpis, byId } = kpiIndex(workspace);
  const figures: AggregationContext = {
    series: seriesFromRows(first ? monthlyObservationsBetween(workspace.db, first, monthKey(lastMonth)) : []),
    kpisById: byId,
  };
  const breaks = allSpcBreaks(workspace.db);
  const decisions = listStepDecisions(workspace.db);
  const baselines = spcBaselines(workspace.db);
  const breaksOf = (kpiId: string) => (breaks.get(kpiId) ?? []).map(parseMonthKey);
  const dismissedOf = (kpiId: string) => decisions.filter((d) => d.kpiId === kpiId && d.status === 'dismissed').map((d) => parseMonthKey(d.month));
  const pointCache = new Map<string, MonthValue[]>();
  const verdictCache = new Map<string, SeriesVerdict>();
  const stepCache = new Map<string, StepProposal | null>();
  const step = (kpi: Kpi): StepProposal | null => {
    if (stepCache.has(kpi.id)) return stepCache.get(kpi.id)!;
    const found = isRolling(kpi) ? null : proposeStep(points(kpi), lastMonth, breaksOf(kpi.id), dismissedOf(kpi.id));
    stepCache.set(kpi.id, found);
    return found;
  };
  const keyOf = (kpi: Kpi, key: BreakdownKey) => `${kpi.id}\u0000${key.dimension}\u0000${key.category}`;
  const points = (kpi: Kpi, key: BreakdownKey = HEADLINE) => {
    const k = keyOf(kpi, key);
    let found = pointCache.get(k);
    if (!found) {
      found = firstMonth === null ? [] : monthlyValues(kpi, key, firstMonth, lastMonth, figures);
      pointCache.set(k, found);
    }
    return found;
  };
  return {
    workspace,
    period,
    months,
    kpis,
    byId,
    sensitivity,
    figures,
    firstMonth,
    lastMonth,
    breaksOf,
    decisions,
    points,
    verdict(kpi, key = HEADLINE) {
      const k = keyOf(kpi, key);
      let found = verdictCache.get(k);
      if (!found) {
        found = judgeSeries(points(kpi, key), months, {
          direction: kpi.direction,
          standard: isHeadline(key) ? kpi.standard : undefined,
          count: kpi.unit === 'count',
          breaks: breaksOf(kpi.id),
          baselinePoints: baselines.get(kpi.id),
          sensitivity,
          rolling: isRolling(kpi),
        });
        verdictCache.set(k, found);
      }
      return found;
    },
    step,
    emerging: (kpi) => (isRolling(kpi) || step(kpi) ? null : emergingStep(points(kpi), lastMonth, breaksOf(kpi.id))),
    breakdowns: (kpi) => breakdownsOfKpi(kpi, figures),
  };
}
