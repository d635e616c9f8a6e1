import type { Direction, Standard } from '../domain/kpi';
import { expectationModel, MIN_HISTORY_MONTHS, MIN_SEASONAL_TEST_MONTHS, seasonalPattern, spreadFor, type SeasonalPattern } from './seasonal';
import { capability, MIN_BASELINE_POINTS, xmrChart, type Side, type SpcRule, type XmrLimits } from './spc';

/**
 * One judgement of a series for a period, computed here and shown the same way everywhere: the KPI table,
 * the dashboard, the KPI page and its control chart, the anomaly inbox, the report and the command line.
 * It has the two parts NHS England's Making Data Count gives it:
 *
 * - variation: whether the months of the period show only common-cause variation, or a special cause,
 *   improving or concerning against the KPI's direction of good (or neither, where no direction is better);
 * - assurance, for a KPI with a standard: whether the process limits lie on the right side of it (it will
 *   consistently meet it), the wrong side (it will consistently fail), or either side (hit and miss).
 *
 * The verdict of a period is that of its latest month with a special cause, or common cause where none
 * has one; every point of the chart carries its own, so the chart, the table and the inbox agree.
 *
 * Two sensitivities, chosen per workspace:
 * - standard (the default): Making Data Count's XmR chart. Limits at the mean ± 2.66 mean moving ranges
 *   (three sigma) of a baseline, the 24 months before the period (or as many as the analyst chooses, and
 *   never before the last accepted step change), fixed and carried across the period; its four rules (a
 *   point beyond a limit; seven on one side of the mean; seven rising or falling; two of three near a limit)
 *   run over the baseline and the period together. A recent baseline describes today's process: limits
 *   from twelve years of a trending series would call every recent month special;
 * - conservative: each month against the recent level (the median of the last twelve months) and its
 *   season, beyond four robust standard deviations (3.5 without seasons) of past departures, with a Poisson
 *   floor for counts. A steady trend is not a departure; fewer months are flagged.
 * A seasonal series (month-of-year effects found by seasonalityTest, at a stated false-positive rate) is
 * judged on its seasonally adjusted values in both, so its limits follow the season: summer peaks in 999
 * calls are not special causes. A series of fewer than 24 months cannot yet be tested, and is judged as it is.
 */

export type Variation = 'common_cause' | 'special_improving' | 'special_concerning' | 'special_neither';
export type Assurance = 'meets' | 'fails' | 'hit_and_miss';
export type Sensitivity = 'standard' | 'conservative';

/** Why a point is a special cause: Making Data Count's rules, the conservative bar, or an accepted step. */
export type VerdictRule = SpcRule | 'beyond_usual_range' | 'step';

export const VERDICT_RULES: Record<VerdictRule, { words: string; detail: string }> = {
  outside_limits: { words: 'outside its usual range', detail: 'a point beyond a process limit (mean ± 3 sigma)' },
  shift: { words: 'on one side of its average for seven months or more', detail: 'a shift: seven or more points in a row on one side of the mean' },
  trend: { words: 'rising or falling for seven months in a row', detail: 'a trend: seven points in a row each higher (or each lower) than the last' },
  two_of_three: { words: 'close to the edge of its usual range', detail: 'two of three points in a row beyond two sigma on the same side' },
  beyond_usual_range: { words: 'far from what the recent level and season lead one to expect', detail: 'beyond four robust standard deviations of past departures (3.5 without seasons), with a Poisson floor for counts' },
  step: { words: 'at a new level since an accepted step change', detail: 'a step change accepted by the analyst: too few months since it to set new limits' },
};

/** Rules in the order they explain a point best, as Making Data Count ranks them. */
const RULE_ORDER: VerdictRule[] = ['step', 'outside_limits', 'beyond_usual_range', 'trend', 'two_of_three', 'shift'];

/** A segment needs this many months of its own before its limits judge it; until then the step is the verdict. */
export const MIN_SEGMENT_MONTHS = 12;

export interface MonthValue {
  month: number;
  value: number;
}

export interface JudgedPoint {
  month: number;
  value: number;
  /** What the point was judged against, on the series' own scale (seasonal limits follow the season). */
  centre: number | null;
  lower: number | null;
  upper: number | null;
  variation: Variation;
  rules: VerdictRule[];
  side: Side | null;
  /** Departure from the centre in standard deviations (sigma), for sorting and detail. */
  size: number;
  segment: number;
}

export interface Segment {
  from: number;
  to: number;
  /** Mean of the segment on the adjusted scale (before seasonal indices are applied). */
  mean: number;
  upper: number;
  lower: number;
  baselinePoints: number;
  provisional: boolean;
}

interface Judged {
  judged: true;
  sensitivity: Sensitivity;
  seasonal: { strength: number; seasonal: boolean } | null;
  points: JudgedPoint[];
  segments: Segment[];
  variation: Variation;
  assurance: Assurance | null;
  /** The latest point of the period with a special cause, if any. */
  deciding: JudgedPoint | null;
}

/** Why a series is not judged, for logic to test; `reason` says it in words. */
export type NotJudgedCode = 'no_figures' | 'rolling' | 'too_few_months';

interface NotJudged {
  judged: false;
  reason: string;
  reasonCode: NotJudgedCode;
  points: JudgedPoint[];
  segments: Segment[];
  variation: null;
  assurance: null;
  seasonal: { strength: number; seasonal: boolean } | null;
}

export type SeriesVerdict = Judged | NotJudged;

export interface VerdictOptions {
  direction: Direction;
  /** The KPI's standard, for assurance (headline figures only). */
  standard?: Standard;
  /** A count of events, whose chance variation is at least Poisson's (conservative method). */
  count?: boolean;
  /** Accepted step changes, as month indices: each begins a segment of its own. */
  breaks?: readonly number[];
  /** How many months before the period the limits come from (BASELINE_MONTHS unless chosen). */
  baselinePoints?: number;
  sensitivity?: Sensitivity;
  /** A 12-month rolling figure: consecutive months share eleven, so month-by-month rules would mislead. */
  rolling?: boolean;
}

export function variationOfSide(side: Side, direction: Direction): Variation {
  if (direction === 'neutral') return 'special_neither';
  return (side === 'high') === (direction === 'up') ? 'special_improving' : 'special_concerning';
}

/** The unbroken run of months that ends at `last`: a gap ends a series' usable history. */
export function runEndingAt(points: readonly MonthValue[], last: number): MonthValue[] {
  const end = points.findIndex((p) => p.month === last);
  if (end === -1) return [];
  let start = end;
  while (start > 0 && points[start - 1].month === points[start].month - 1) start--;
  return points.slice(start, end + 1);
}

function notJudged(reasonCode: NotJudgedCode, reason: string, points: JudgedPoint[] = [], seasonal: NotJudged['seasonal'] = null): NotJudged {
  return { judged: false, reason, reasonCode, points, segments: [], variation: null, assurance: null, seasonal };
}

function plainPoints(run: readonly MonthValue[]): JudgedPoint[] {
  return run.map((p) => ({ month: p.month, value: p.value, centre: null, lower: null, upper: null, variation: 'common_cause', rules: [], side: null, size: 0, segment: 0 }));
}

/** The calendar-month index of a month's seasonal effect: indices are by position from the run's first month. */
function seasonalIndexOf(pattern: SeasonalPattern, runStart: number) {
  return (month: number) => pattern.indices[(((month - runStart) % 12) + 12) % 12];
}

/**
 * A run's values with the season taken out, where it has one (seasonal strength ≥ 0.5 over at least three
 * years): what the step detector and the limits of a seasonal series work on.
 */
export function seasonallyAdjusted(run: readonly MonthValue[]): { points: MonthValue[]; seasonal: boolean } {
  const pattern = run.length >= MIN_HISTORY_MONTHS ? seasonalPattern(run.map((p) => p.value)) : null;
  if (!pattern?.seasonal) return { points: [...run], seasonal: false };
  const index = seasonalIndexOf(pattern, run[0].month);
  return { points: run.map((p) => ({ month: p.month, value: p.value / index(p.month) })), seasonal: true };
}

/**
 * Judges a monthly series (sorted by month) for a period: every point up to the period's last month, and
 * the verdict of the period's months. Too little history is said, not guessed at.
 */
export function judgeSeries(points: readonly MonthValue[], periodMonths: readonly number[], options: VerdictOptions): SeriesVerdict {
  const first = Math.min(...periodMonths);
  const last = Math.max(...periodMonths);
  // A period whose last months have no figure yet is judged on the months it has.
  const lastPresent = Math.max(-Infinity, ...points.filter((p) => p.month >= first && p.month <= last).map((p) => p.month));
  const run = runEndingAt(points, lastPresent);
  if (!run.length) return notJudged('no_figures', 'no figures for the period');
  if (options.rolling) return notJudged('rolling', 'a 12-month rolling figure: each month shares eleven months with the one before, so month-by-month rules would mislead', plainPoints(run));
  const values = run.map((p) => p.value);
  // Seasonality is tested on the whole run up to the period, once there are two years of it; with fewer the
  // series is judged on its figures as they are (the verdict says seasonality could not yet be judged).
  const pattern = run.length >= MIN_SEASONAL_TEST_MONTHS ? seasonalPattern(values) : null;
  const seasonal = pattern ? { strength: pattern.strength, seasonal: pattern.seasonal } : null;
  return (options.sensitivity ?? 'standard') === 'conservative'
    ? judgeConservative(run, first, pattern?.seasonal ? pattern : null, seasonal, options)
    : judgeStandard(run, first, pattern?.seasonal ? pattern : null, seasonal, options);
}

/** Months before the period that its limits come from, unless the analyst chooses another baseline. */
export const BASELINE_MONTHS = 24;

function judgeStandard(run: readonly MonthValue[], first: number, pattern: SeasonalPattern | null, seasonal: Judged['seasonal'], options: VerdictOptions): SeriesVerdict {
  const index = pattern ? seasonalIndexOf(pattern, run[0].month) : () => 1;
  const adjusted = run.map((p) => p.value / index(p.month));
  const judged = plainPoints(run);
  const at = (month: number) => run.findIndex((p) => p.month >= month);
  const periodStart = at(first);
  // The process the period belongs to begins at the last accepted step before the period's end.
  const lastBreak = Math.max(-Infinity, ...(options.breaks ?? []).filter((b) => b > run[0].month && b <= run[run.length - 1].month));
  const segmentStart = Number.isFinite(lastBreak) ? at(lastBreak) : 0;
  // Fewer than a year of months since an accepted step: too few to set limits of their own, and the step
  // itself is the special cause of those months.
  if (segmentStart > 0 && run.length - segmentStart < MIN_SEGMENT_MONTHS) {
    const previousBreak = Math.max(-Infinity, ...(options.breaks ?? []).filter((b) => b < lastBreak && b > run[0].month));
    const previousStart = Number.isFinite(previousBreak) ? at(previousBreak) : Math.max(0, segmentStart - BASELINE_MONTHS);
    const mean = (from: number, to: number) => adjusted.slice(from, to).reduce((a, b) => a + b, 0) / Math.max(1, to - from);
    const side: Side = mean(segmentStart, run.length) >= mean(previousStart, segmentStart) ? 'high' : 'low';
    for (let i = segmentStart; i < run.length; i++) judged[i] = { ...judged[i], variation: variationOfSide(side, options.direction), rules: ['step'], side, segment: 1 };
    return finish(judged, [], first, seasonal, 'standard', options, null, 1);
  }
  // Limits come from the baseline, the months before the period (within the process), fixed and carried
  // across the period; the rules run over the baseline and the period together.
  const baselineStart = Math.max(segmentStart, periodStart - (options.baselinePoints ?? BASELINE_MONTHS));
  const baselineLength = periodStart - baselineStart;
  if (baselineLength < MIN_BASELINE_POINTS && !(segmentStart > 0 && baselineLength >= MIN_SEGMENT_MONTHS)) {
    const since = segmentStart > 0 ? ' since the step change' : '';
    return notJudged('too_few_months', `${baselineLength} unbroken months before the period${since}; ${segmentStart > 0 ? MIN_SEGMENT_MONTHS : MIN_BASELINE_POINTS} are needed to set process limits`, judged, seasonal);
  }
  const window = adjusted.slice(baselineStart);
  // Seasonal indices from n years err by about π/2·σ²/n (a median of n ratios), variation the moving
  // ranges of adjusted values do not see: the limits are widened by that much.
  const years = Math.max(1, Math.floor(run.length / 12));
  const spreadFactor = pattern ? Math.sqrt(1 + Math.PI / (2 * years)) : 1;
  const chart = xmrChart(window, options.direction, { baselinePoints: baselineLength, spreadFactor });
  const limits = chart.segments[0].limits;
  const sigma = (limits.upper - limits.mean) / 3;
  chart.points.forEach((p, w) => {
    const i = baselineStart + w;
    const k = index(run[i].month);
    // The point's own cause first (Making Data Count's ranking), then every other rule that holds there.
    const rules = [...new Set(p.signals.map((s) => s.rule as VerdictRule))].sort((a, b) => RULE_ORDER.indexOf(a) - RULE_ORDER.indexOf(b));
    judged[i] = {
      month: run[i].month,
      value: run[i].value,
      centre: limits.mean * k,
      lower: limits.lower * k,
      upper: limits.upper * k,
      variation: p.variation === 'common_cause' ? 'common_cause' : p.variation === 'improving' ? 'special_improving' : p.variation === 'deteriorating' ? 'special_concerning' : 'special_neither',
      rules,
      side: p.cause?.side ?? null,
      size: sigma > 0 ? Math.abs(window[w] - limits.mean) / sigma : 0,
      segment: 0,
    };
  });
  const segments: Segment[] = [
    {
      from: run[baselineStart].month,
      to: run[run.length - 1].month,
      mean: limits.mean,
      upper: limits.upper,
      lower: limits.lower,
      baselinePoints: baselineLength,
      provisional: limits.provisional,
    },
  ];
  return finish(judged, segments, first, seasonal, 'standard', options, limits, index(run[run.length - 1].month));
}

function judgeConservative(run: readonly MonthValue[], first: number, pattern: SeasonalPattern | null, seasonal: Judged['seasonal'], options: VerdictOptions): SeriesVerdict {
  const lastBreak = Math.max(-Infinity, ...(options.breaks ?? []).filter((b) => b <= first));
  const since = run.filter((p) => p.month >= lastBreak);
  const values = since.map((p) => p.value);
  const historyEnd = since.findIndex((p) => p.month >= first);
  // A seasonal judgement of a month against its season needs three years of history before it; with fewer
  // the month is judged against the recent level alone, rather than not at all.
  const model = expectationModel(values, historyEnd, { seasonal: pattern !== null && historyEnd >= MIN_HISTORY_MONTHS });
  if ('insufficient' in model) {
    return notJudged('too_few_months', `${model.insufficient}${Number.isFinite(lastBreak) ? ' since the step change' : ''}`, plainPoints(run), seasonal);
  }
  const offset = run.length - since.length;
  const judged = plainPoints(run);
  for (let t = 12; t < since.length; t++) {
    const expected = model.expectedAt(t);
    if (!(expected > 0)) continue;
    const spread = spreadFor(model, expected, options.count);
    const ratio = since[t].value / expected;
    const size = Math.abs(ratio - model.centre) / spread;
    const side: Side = ratio > model.centre ? 'high' : 'low';
    const departs = size > model.limit;
    judged[offset + t] = {
      ...judged[offset + t],
      centre: expected * model.centre,
      lower: Math.max(0, expected * (model.centre - model.limit * spread)),
      upper: expected * (model.centre + model.limit * spread),
      variation: departs ? variationOfSide(side, options.direction) : 'common_cause',
      rules: departs ? ['beyond_usual_range'] : [],
      side: departs ? side : null,
      size,
    };
  }
  return finish(judged, [], first, seasonal, 'conservative', options, null, 1);
}

function finish(
  points: JudgedPoint[],
  segments: Segment[],
  first: number,
  seasonal: Judged['seasonal'],
  sensitivity: Sensitivity,
  options: VerdictOptions,
  latestLimits: XmrLimits | null,
  latestIndex: number,
): Judged {
  const inPeriod = points.filter((p) => p.month >= first);
  const deciding = [...inPeriod].reverse().find((p) => p.variation !== 'common_cause') ?? null;
  let assurance: Assurance | null = null;
  if (options.standard && options.direction !== 'neutral') {
    const latest = inPeriod[inPeriod.length - 1];
    const limits = latestLimits
      ? { ...latestLimits, upper: latestLimits.upper * latestIndex, lower: latestLimits.lower * latestIndex }
      : latest && latest.lower !== null && latest.upper !== null
        ? ({ upper: latest.upper, lower: latest.lower } as XmrLimits)
        : null;
    if (limits) {
      const verdict = capability(limits, options.standard);
      assurance = verdict === 'consistently_meets' ? 'meets' : verdict === 'consistently_fails' ? 'fails' : 'hit_and_miss';
    }
  }
  return { judged: true, sensitivity, seasonal, points, segments, variation: deciding?.variation ?? 'common_cause', assurance, deciding };
}

/** Consecutive special-cause months of one series on one side: one event, not one row per month. */
export interface VerdictEvent {
  from: number;
  to: number;
  months: number;
  variation: Exclude<Variation, 'common_cause'>;
  side: Side;
  rules: VerdictRule[];
  /** The first month whose own cause is the event's highest-ranked rule: when it left its usual range, say. */
  ruleFrom: number;
  /** The month that departs furthest, with what it was judged against. */
  peak: JudgedPoint;
}

/** The events of a series that touch the period: runs of special-cause months, however long before it they began. */
export function eventsOf(verdict: SeriesVerdict, periodMonths: readonly number[]): VerdictEvent[] {
  if (!verdict.judged) return [];
  const first = Math.min(...periodMonths);
  const last = Math.max(...periodMonths);
  const events: VerdictEvent[] = [];
  const pointsOf = new Map<VerdictEvent, JudgedPoint[]>();
  let current: VerdictEvent | null = null;
  for (const p of verdict.points) {
    if (p.month > last) break;
    const special = p.variation !== 'common_cause' && p.side !== null;
    if (special && current && current.side === p.side && current.to === p.month - 1) {
      current.to = p.month;
      current.months++;
      for (const r of p.rules) if (!current.rules.includes(r)) current.rules.push(r);
      if (p.size > current.peak.size) current.peak = p;
      pointsOf.get(current)!.push(p);
      continue;
    }
    if (current) events.push(current);
    current = special ? { from: p.month, to: p.month, months: 1, variation: p.variation as VerdictEvent['variation'], side: p.side!, rules: [...p.rules], ruleFrom: p.month, peak: p } : null;
    if (current) pointsOf.set(current, [p]);
  }
  if (current) events.push(current);
  for (const e of events) {
    e.rules.sort((a, b) => RULE_ORDER.indexOf(a) - RULE_ORDER.indexOf(b));
    // A point's own cause is its first rule (ranked): the event's top rule applies from its first such month.
    e.ruleFrom = pointsOf.get(e)!.find((p) => p.rules[0] === e.rules[0])?.month ?? e.from;
  }
  return events.filter((e) => e.to >= first);
}

/** "special cause concerning" in words a reader of the report uses. */
export const VARIATION_WORDS: Record<Variation, string> = {
  common_cause: 'common-cause variation',
  special_improving: 'special cause, improving',
  special_concerning: 'special cause, concerning',
  special_neither: 'special cause, neither better nor worse',
};

export const ASSURANCE_WORDS: Record<Assurance, string> = {
  meets: 'consistently meets the standard',
  fails: 'consistently fails the standard',
  hit_and_miss: 'hit and miss against the standard',
};
