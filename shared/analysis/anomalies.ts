import type { Direction } from '../domain/kpi';
import { judgeMonths, MIN_HISTORY_MONTHS, seasonalPattern } from './seasonal';
import { SPC_RULES, xmrChart, type Side } from './spc';

/**
 * Which months of a series deserve an explanation. Each month is judged against what the months before it
 * lead one to expect (shared/analysis/seasonal.ts): for a seasonal series the recent level times the
 * month's seasonal index, so that summer peaks are not flagged; for any other series the recent level. The
 * level is a median of the last twelve months, so a steady trend is not mistaken for a departure, as fixed
 * control limits would. Where a month departs, the XmR rules of shared/analysis/spc.ts that also fire at it,
 * against limits from the two years before the period, are named with it.
 */

export const FLAG_RULES = {
  ...SPC_RULES,
  seasonal: { name: 'Departure from the seasonal expectation', runLength: 1 },
  level: { name: 'Departure from the recent level', runLength: 1 },
} as const;
export type FlagRule = keyof typeof FLAG_RULES;

/** The most telling rule is named first when several fire at one point. */
const RULE_ORDER: FlagRule[] = ['seasonal', 'outside_limits', 'two_of_three', 'shift', 'trend', 'level'];

/** Months before the period the SPC limits come from: recent enough to describe today's process. */
export const SPC_BASELINE_MONTHS = 24;
/** Months needed before a series can be told seasonal or not: two full years. */
export const MIN_MONTHS_TO_TELL_SEASONALITY = 24;

export interface MonthValue {
  month: number;
  value: number;
}

export type Variation = 'improving' | 'deteriorating' | 'neither';

export interface Flag {
  month: number;
  value: number;
  /** The seasonal expectation, or the mean of the SPC baseline. */
  expected: number;
  rule: FlagRule;
  rules: FlagRule[];
  side: Side;
  /** Distance from expectation in standard deviations (robust ones for a seasonal judgement). */
  size: number;
  variation: Variation;
}

export type SeriesVerdict =
  | { method: 'insufficient'; reason: string; flags: Flag[] }
  | { method: 'seasonal' | 'spc'; seasonalStrength: number | null; flags: Flag[] };

export interface JudgeOptions {
  direction: Direction;
  /** A count of events, whose chance variation is at least Poisson's. */
  count?: boolean;
  /** Months (indices) from which a new process begins, e.g. a recording-practice change. */
  breaks?: readonly number[];
}

export function variationOfSide(side: Side, direction: Direction): Variation {
  if (direction === 'neutral') return 'neither';
  return (side === 'high') === (direction === 'up') ? 'improving' : 'deteriorating';
}

/** The unbroken run of months that ends at `last`: gaps end a series' usable history. */
function runEndingAt(points: readonly MonthValue[], last: number): MonthValue[] {
  const end = points.findIndex((p) => p.month === last);
  if (end === -1) return [];
  let start = end;
  while (start > 0 && points[start - 1].month === points[start].month - 1) start--;
  return points.slice(start, end + 1);
}

/**
 * Judges the target months of one monthly series (sorted by month) from what came before them.
 * Too little history is said, not guessed at.
 */
export function judgeSeries(points: readonly MonthValue[], targetMonths: readonly number[], options: JudgeOptions): SeriesVerdict {
  const last = Math.max(...targetMonths);
  const first = Math.min(...targetMonths);
  const lastBreak = Math.max(-Infinity, ...(options.breaks ?? []).filter((b) => b <= first));
  // A period whose last months have no figure yet is judged on the months it has.
  const lastPresent = Math.max(-Infinity, ...points.filter((p) => p.month >= first && p.month <= last).map((p) => p.month));
  const run = runEndingAt(points, lastPresent).filter((p) => p.month >= lastBreak);
  const targets = run.filter((p) => p.month >= first);
  if (!targets.length) return { method: 'insufficient', reason: 'no figures for the period', flags: [] };
  const history = run.filter((p) => p.month < first);
  const since = Number.isFinite(lastBreak) ? ' since the step change' : '';
  if (history.length < MIN_MONTHS_TO_TELL_SEASONALITY) {
    return {
      method: 'insufficient',
      reason: `${history.length} unbroken months before the period${since}; ${MIN_MONTHS_TO_TELL_SEASONALITY} are needed to tell whether the series is seasonal`,
      flags: [],
    };
  }
  const values = run.map((p) => p.value);
  const pattern = seasonalPattern(history.map((p) => p.value));
  const seasonal = pattern?.seasonal ?? false;
  if (seasonal && history.length < MIN_HISTORY_MONTHS) {
    return {
      method: 'insufficient',
      reason: `seasonal, with ${history.length} months before the period${since}; ${MIN_HISTORY_MONTHS} are needed to judge a month against its season`,
      flags: [],
    };
  }
  // Control limits describe a process without seasons; for a seasonal series they would flag every peak.
  const spcSignals = seasonal ? undefined : recentSpcSignals(run, history.length, options.direction);
  const flags: Flag[] = [];
  const judgements = judgeMonths(
    values,
    targets.map((target) => run.indexOf(target)),
    { seasonal, count: options.count },
  );
  for (const [i, judgement] of judgements.entries()) {
    if (judgement.kind === 'insufficient') return { method: 'insufficient', reason: judgement.reason, flags: [] };
    if (judgement.kind !== 'departure') continue;
    const target = targets[i];
    const spc = (spcSignals?.[i] ?? []).filter((s) => s.side === judgement.side).map((s) => s.rule);
    const rules = [...new Set<FlagRule>([seasonal ? 'seasonal' : 'level', ...spc])].sort((a, b) => RULE_ORDER.indexOf(a) - RULE_ORDER.indexOf(b));
    flags.push({
      month: target.month,
      value: target.value,
      expected: judgement.expected,
      rule: rules[0],
      rules,
      side: judgement.side,
      size: judgement.size,
      variation: variationOfSide(judgement.side, options.direction),
    });
  }
  return { method: seasonal ? 'seasonal' : 'spc', seasonalStrength: pattern?.strength ?? null, flags };
}

/** XmR signals at the period's points, against limits from the two years before it (a fixed baseline). */
function recentSpcSignals(run: readonly MonthValue[], historyLength: number, direction: Direction) {
  const start = Math.max(0, historyLength - SPC_BASELINE_MONTHS);
  const chart = xmrChart(
    run.slice(start).map((p) => p.value),
    direction,
    { baselinePoints: historyLength - start },
  );
  return chart.points.slice(historyLength - start).map((p) => p.signals);
}

