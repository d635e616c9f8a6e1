import type { Direction, Standard } from '../domain/kpi';
import { applyRules } from './spcRules';

/**
 * XmR statistical process control as NHS England's Making Data Count programme uses it, with the rules,
 * run lengths and ranking of its reference implementation, the NHS-R community's NHSRplotthedots
 * (spcRules.ts): a point's variation is that of its highest-ranked rule, never "neither" for a KPI with a
 * direction of good.
 *
 * Process limits are mean ± 2.66 × the mean moving range. A series can be split into segments at step
 * changes (a recording-practice change, say); each segment has its own limits, and runs do not cross a split.
 */

/** 2.66 = 3 / d2, with d2 = 1.128 for moving ranges of two points. */
export const XMR_LIMIT_FACTOR = 2.66;
/** "Near a limit" is the outer third: beyond two sigma, where sigma = 2.66 / 3 × mean moving range. */
const NEAR_LIMIT_FACTOR = (2 * XMR_LIMIT_FACTOR) / 3;
/** Making Data Count advises at least 15 points (ideally 20) before reading limits with confidence. */
export const MIN_BASELINE_POINTS = 15;

export const SPC_RULES = {
  outside_limits: { name: 'Point beyond a process limit', runLength: 1 },
  shift: { name: 'Shift: seven points in a row on one side of the mean', runLength: 7 },
  trend: { name: 'Trend: seven points in a row each higher (or each lower) than the last', runLength: 7 },
  two_of_three: { name: 'Two of three points in a row close to the same limit', runLength: 3 },
} as const;
export type SpcRule = keyof typeof SPC_RULES;

export type Side = 'high' | 'low';

export interface SpcSignal {
  rule: SpcRule;
  side: Side;
}

export interface XmrLimits {
  mean: number;
  movingRangeMean: number;
  upper: number;
  lower: number;
  nearUpper: number;
  nearLower: number;
  /** Points the limits were calculated from. */
  baselinePoints: number;
  /** Fewer baseline points than Making Data Count advises: read the limits with caution. */
  provisional: boolean;
}

export interface XmrSegment {
  start: number;
  end: number;
  limits: XmrLimits;
}

export interface XmrPoint {
  index: number;
  value: number;
  segment: number;
  /** Every rule that holds at the point, each with its side: what the detail lists. */
  signals: SpcSignal[];
  /** The point's special cause: its highest-ranked rule and that rule's side; null for common cause. */
  cause: SpcSignal | null;
  /** Judged against the KPI's direction of good; 'common_cause' where no rule fires. */
  variation: 'improving' | 'deteriorating' | 'neither' | 'common_cause';
}

export interface XmrChart {
  segments: XmrSegment[];
  points: XmrPoint[];
}

export interface XmrOptions {
  /** Indices where a new segment begins, e.g. the month of a recording-practice change. */
  breaks?: readonly number[];
  /** Calculate each segment's limits from its first N points only (a fixed baseline); default all of them. */
  baselinePoints?: number;
  /**
   * Widens the limits by this factor: for seasonally adjusted values, whose seasonal indices were estimated
   * from the same few years and so add variation that moving ranges do not see.
   */
  spreadFactor?: number;
}

/** The limits of a series of values, or null when there are too few (two at least) to have a moving range. */
export function xmrLimits(values: readonly number[], spreadFactor = 1): XmrLimits | null {
  if (values.length < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  let ranges = 0;
  for (let i = 1; i < values.length; i++) ranges += Math.abs(values[i] - values[i - 1]);
  const movingRangeMean = (ranges / (values.length - 1)) * spreadFactor;
  return {
    mean,
    movingRangeMean,
    upper: mean + XMR_LIMIT_FACTOR * movingRangeMean,
    lower: mean - XMR_LIMIT_FACTOR * movingRangeMean,
    nearUpper: mean + NEAR_LIMIT_FACTOR * movingRangeMean,
    nearLower: mean - NEAR_LIMIT_FACTOR * movingRangeMean,
    baselinePoints: values.length,
    provisional: values.length < MIN_BASELINE_POINTS,
  };
}

function variationOf(cause: SpcSignal | null, direction: Direction): XmrPoint['variation'] {
  if (!cause) return 'common_cause';
  if (direction === 'neutral') return 'neither';
  return (cause.side === 'high') === (direction === 'up') ? 'improving' : 'deteriorating';
}

/** Rules in Making Data Count's order of rank: the first that holds at a point is its special cause. */
const RANK: SpcRule[] = ['outside_limits', 'trend', 'two_of_three', 'shift'];

/** An XmR chart of a series: limits per segment and the special-cause signals at each point. */
export function xmrChart(values: readonly number[], direction: Direction, options: XmrOptions = {}): XmrChart {
  const cuts = [...new Set([0, ...(options.breaks ?? []).filter((b) => b > 0 && b < values.length)])].sort((a, b) => a - b);
  const segments: XmrSegment[] = [];
  const points: XmrPoint[] = values.map((value, index) => ({ index, value, segment: 0, signals: [], cause: null, variation: 'common_cause' }));
  cuts.forEach((start, s) => {
    const end = (cuts[s + 1] ?? values.length) - 1;
    const slice = values.slice(start, end + 1);
    const limits = xmrLimits(options.baselinePoints ? slice.slice(0, options.baselinePoints) : slice, options.spreadFactor);
    if (!limits) return;
    segments.push({ start, end, limits });
    // Runs do not cross a segment's start: the rules read each segment on its own.
    const { causes, fired } = applyRules(slice, limits);
    slice.forEach((v, i) => {
      const point = points[start + i];
      point.segment = segments.length - 1;
      const cause = causes[i];
      point.cause = cause ? { rule: cause.rule, side: cause.side === 1 ? 'high' : 'low' } : null;
      const aboveMean: Side = v > limits.mean ? 'high' : 'low';
      point.signals = RANK.filter((rule) => fired[i].has(rule)).map((rule) => ({ rule, side: rule === cause?.rule ? point.cause!.side : aboveMean }));
    });
  });
  for (const p of points) p.variation = variationOf(p.cause, direction);
  return { segments, points };
}

export type Capability = 'consistently_meets' | 'consistently_fails' | 'hit_and_miss';

/**
 * Whether a process can meet a standard (Making Data Count's assurance): both limits on the right side of
 * it, both on the wrong side, or the standard between them, so the process will sometimes meet it.
 */
export function capability(limits: XmrLimits, standard: Standard): Capability {
  const meets = (v: number) => (standard.comparison === 'at_least' ? v >= standard.value : v <= standard.value);
  const worst = standard.comparison === 'at_least' ? limits.lower : limits.upper;
  const best = standard.comparison === 'at_least' ? limits.upper : limits.lower;
  if (meets(worst)) return 'consistently_meets';
  if (!meets(best)) return 'consistently_fails';
  return 'hit_and_miss';
}
