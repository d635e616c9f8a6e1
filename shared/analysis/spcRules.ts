/**
 * Making Data Count's four special-cause rules, point by point, as its reference implementation
 * NHSRplotthedots 0.2.2 computes them (R/ptd_calculate_point_type.R, MIT licence, NHS-R Community), so that
 * each can be tested against that package's own cases (tests/unit/spcRules.test.ts):
 *
 * - a point beyond a process limit;
 * - a trend: seven points in a row, each higher (or each lower) than the one before;
 * - two of three points in a row beyond two sigma, all three on the same side of the mean;
 * - a shift: seven points in a row on one side of the mean (a point on the mean breaks it).
 *
 * A point's special cause is its highest-ranked rule in that order, and its side (high or low) is that
 * rule's: a trend's direction, otherwise which side of the mean the point lies. One deliberate difference,
 * which the Making Data Count team confirmed (its issue 194) and the package has yet to follow: a point
 * beyond a limit also counts as beyond two sigma for the two-of-three rule.
 *
 * Vectors are of -1, 0 and 1 as the package's are; `relativeToMean` is the sign of each point's distance
 * from the mean.
 */

/** At each point, 1 where it is the seventh of seven in a row on one side of the mean (either side). */
export function sevenPointOneSideOfMean(relativeToMean: readonly number[]): number[] {
  return relativeToMean.map((v, i) => {
    if (i < 6 || v === 0) return 0;
    for (let k = 1; k <= 6; k++) if (relativeToMean[i - k] !== v) return 0;
    return 1;
  });
}

/** Every point of a run of seven whose seventh point is flagged: the flag and the six before it. */
export function partOfSeven(flags: readonly number[]): number[] {
  return flags.map((_, i) => {
    for (let k = 0; k <= 6 && i + k < flags.length; k++) if (Math.abs(flags[i + k]) === 1) return 1;
    return 0;
  });
}

/** At each point, 1 (rising) or -1 (falling) where it ends seven points each higher (lower) than the last. */
export function sevenPointTrend(y: readonly number[]): number[] {
  return y.map((_, i) => {
    if (i < 6) return 0;
    let rising = true;
    let falling = true;
    for (let k = i - 5; k <= i; k++) {
      if (!(y[k] > y[k - 1])) rising = false;
      if (!(y[k] < y[k - 1])) falling = false;
    }
    return rising ? 1 : falling ? -1 : 0;
  });
}

/**
 * At each point, 1 where it lies in a window of three in a row of which at least two are close to a limit
 * and all three are on the same side of the mean.
 */
export function twoInThree(close: readonly number[], relativeToMean: readonly number[]): number[] {
  const n = close.length;
  const at = (v: readonly number[], i: number) => (i >= 0 && i < n ? (v[i] ?? 0) : 0);
  const window = (start: number) => {
    let near = 0;
    let side = 0;
    for (let k = start; k < start + 3; k++) {
      near += at(close, k);
      side += at(relativeToMean, k);
    }
    return near >= 2 && Math.abs(side) === 3;
  };
  return close.map((_, i) => (window(i - 2) || window(i - 1) || window(i) ? 1 : 0));
}

/** The points of a two-of-three window that are themselves close to the limit (the middle one may not be). */
export function partOfTwoInThree(flags: readonly number[], close: readonly number[]): number[] {
  return flags.map((v, i) => (v === 1 && Math.abs(close[i]) === 1 ? 1 : 0));
}

export type RuleOfPoint = 'outside_limits' | 'trend' | 'two_of_three' | 'shift';

export interface PointCause {
  rule: RuleOfPoint;
  /** 1 above the mean or rising, -1 below or falling. */
  side: 1 | -1;
}

/**
 * Each point's special cause, from the rules' parts (as the package's ptd_special_cause_type): the
 * highest-ranked rule that holds, with its side. A point shared by a rising and a falling trend takes the
 * direction of the trend that continues after it.
 */
export function specialCauses(
  y: readonly number[],
  relativeToMean: readonly number[],
  outside: readonly number[],
  parts: { trend: readonly number[]; twoInThree: readonly number[]; shift: readonly number[] },
): (PointCause | null)[] {
  const n = y.length;
  const diff = (i: number) => Math.sign(y[i + 1] - y[i]);
  return y.map((_, i) => {
    const above: 1 | -1 = relativeToMean[i] > 0 ? 1 : -1;
    if (outside[i] !== 0) return { rule: 'outside_limits', side: relativeToMean[i] === 1 ? 1 : -1 };
    if (parts.trend[i] !== 0) {
      const rightSide = i + 1 < n && parts.trend[i + 1] !== 0;
      const direction = rightSide ? diff(i) : i > 0 ? diff(i - 1) : diff(i);
      return { rule: 'trend', side: direction === 1 ? 1 : -1 };
    }
    if (parts.twoInThree[i] !== 0) return { rule: 'two_of_three', side: above };
    if (parts.shift[i] !== 0) return { rule: 'shift', side: above };
    return null;
  });
}

/** The limits the rules read a segment's points against. */
export interface RuleLimits {
  mean: number;
  upper: number;
  lower: number;
  nearUpper: number;
  nearLower: number;
}

/** Every rule that holds at each point (for the detail) and the point's own special cause, for one segment. */
export function applyRules(y: readonly number[], limits: RuleLimits): { causes: (PointCause | null)[]; fired: Set<RuleOfPoint>[] } {
  const relativeToMean = y.map((v) => Math.sign(v - limits.mean));
  const outside = y.map((v) => (v > limits.upper || v < limits.lower ? 1 : 0));
  // Beyond two sigma, a point beyond the limit included (see above).
  const close = y.map((v) => (v > limits.nearUpper || v < limits.nearLower ? 1 : 0));
  const trend = partOfSeven(sevenPointTrend(y));
  const two = partOfTwoInThree(twoInThree(close, relativeToMean), close);
  const shift = partOfSeven(sevenPointOneSideOfMean(relativeToMean));
  const causes = specialCauses(y, relativeToMean, outside, { trend, twoInThree: two, shift });
  const fired = y.map((_, i) => {
    const rules = new Set<RuleOfPoint>();
    if (outside[i]) rules.add('outside_limits');
    if (trend[i]) rules.add('trend');
    if (two[i]) rules.add('two_of_three');
    if (shift[i]) rules.add('shift');
    return rules;
  });
  return { causes, fired };
}
