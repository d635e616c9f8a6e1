import { runEndingAt, seasonallyAdjusted, type MonthValue } from './verdict';

/**
 * Lasting shifts in a series' level, proposed to the analyst, never applied silently.
 *
 * Method: within the current segment (since the last accepted step), on the logarithms of the seasonally
 * adjusted values where all are positive (so that a trend of a few per cent a year is a straight line and a
 * step a change by a share), months further than SPIKE_SIGMAS from
 * the median of the seven months around them are set to that median (a spike of up to three months is not a
 * step and must not pull the fit); then every month k is tried as the start of a step, fitting level + trend
 * + step (least squares) to the seasonally adjusted values. The month whose step is most significant is
 * proposed when all of these hold:
 * - significance: the step is more than STEP_T standard errors from zero, with the noise measured from the
 *   median moving range (so the step itself and any spike do not inflate it), after allowing for a steady
 *   trend, so that a trend is not mistaken for a step;
 * - size: it changes the level by at least MIN_STEP_SHARE of what it was (a practical minimum: a large
 *   series can shift "significantly" by less than anyone would act on);
 * - persistence: at least MIN_MONTHS_AFTER months follow it, and the year after it sits at the new level
 *   by medians, which a spike does not move: around the fitted trend, the median of the (up to) twelve
 *   months after the step differs from that of the (up to) 24 before by at least 0.6 of the fitted step, and at
 *   least PERSISTENT_SHARE of the months after lie on the new side of the midpoint between the two. A spike
 *   of one to three months moves a few points, not the median, and not three quarters of them;
 * - the levels said are true of the months: before and after are the medians of the (up to) 24 months
 *   before the step and the (up to) 12 from it, and "has stayed there" is tested on every month after it:
 *   its first month and at least PERSISTENT_SHARE of all the months since lie on the new side of the midpoint
 *   between the two medians. So a jump in the last three months never makes a step six months before it,
 *   whose "after" would blend ordinary months with high ones;
 * - it is not within DISMISSED_REACH months of a step the analyst dismissed (the same change, found a month
 *   or two away, is not proposed again).
 * A new level with fewer months than a proposal needs is said as such (emergingLevel), not moved elsewhere.
 * The false-proposal rate on series with no step is measured in tests/unit/steps.test.ts.
 */

/** Months needed after a step before it is proposed: enough to tell a lasting shift from a spike. */
export const MIN_MONTHS_AFTER = 9;
/** Months needed before it, to know the level it left. */
export const MIN_MONTHS_BEFORE = 12;
export const STEP_T = 4;
export const MIN_STEP_SHARE = 0.05;
export const PERSISTENT_SHARE = 0.75;
/** Months either side of a dismissed step in which no step is proposed again: it is the same change. */
export const DISMISSED_REACH = 6;
/** How far (in sigma) a month may stand from the median of the seven around it before it counts as a spike. */
export const SPIKE_SIGMAS = 3;

export interface StepProposal {
  /** The first month at the new level. */
  month: number;
  /** The level before and after, on the series' own (seasonally adjusted) scale. */
  before: number;
  after: number;
  /** Standard errors from zero. */
  t: number;
}

/** The median of values[from..to) (at most seven), without allocating. */
function windowMedian(values: Float64Array, from: number, to: number, scratch: Float64Array): number {
  const n = to - from;
  for (let i = 0; i < n; i++) {
    const v = values[from + i];
    let j = i - 1;
    while (j >= 0 && scratch[j] > v) {
      scratch[j + 1] = scratch[j];
      j--;
    }
    scratch[j + 1] = v;
  }
  return n % 2 ? scratch[(n - 1) / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
}

function median(values: ArrayLike<number>): number {
  // A typed array sorts numbers natively, without a comparison function called from JavaScript.
  const sorted = Float64Array.from(values).sort();
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The most significant lasting step in the points (one segment, seasonally adjusted, sorted by month), or
 * null. `excluded` are months near which nothing is proposed (dismissed proposals).
 */
export function detectStep(points: readonly MonthValue[], excluded: readonly number[] = []): StepProposal | null {
  const n = points.length;
  if (n < MIN_MONTHS_BEFORE + MIN_MONTHS_AFTER) return null;
  // Counts grow by a share a year, not by a number: on positive series the fit is made to logarithms, so a
  // compounding trend is a straight line and a step is a change by a share.
  const logged = points.every((p) => p.value > 0);
  const raw = new Float64Array(n);
  for (let i = 0; i < n; i++) raw[i] = logged ? Math.log(points[i].value) : points[i].value;
  const ranges = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) ranges[i - 1] = Math.abs(raw[i] - raw[i - 1]);
  // For normal noise the median moving range is 0.954 sigma; a step or a spike moves only one or two of them.
  const sigma = median(ranges) / 0.954;
  if (!(sigma > 0)) return null;
  // Spikes of up to three months are not steps: a month far from the median of the seven around it takes
  // that median, so that a spike cannot pull the fit. A step has most of its seven on one level.
  const scratch = new Float64Array(7);
  const y = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const local = windowMedian(raw, Math.max(0, t - 3), Math.min(n, t + 4), scratch);
    y[t] = Math.abs(raw[t] - local) > SPIKE_SIGMAS * sigma ? local : raw[t];
  }
  // Sums for least squares of y on [1, t, step]: the trend part once, the step part by suffix.
  let St = 0;
  let Stt = 0;
  let Sy = 0;
  let Sty = 0;
  for (let t = 0; t < n; t++) {
    St += t;
    Stt += t * t;
    Sy += y[t];
    Sty += t * y[t];
  }
  let best: { k: number; t: number; beta: [number, number, number] } | null = null;
  // Suffix sums from k: count, Σt, Σy.
  let Ss = 0;
  let Sts = 0;
  let Ssy = 0;
  for (let k = n - 1; k >= MIN_MONTHS_BEFORE; k--) {
    Ss += 1;
    Sts += k;
    Ssy += y[k];
    if (Ss < MIN_MONTHS_AFTER) continue;
    if (excluded.length && excluded.some((m) => Math.abs(points[k].month - m) <= DISMISSED_REACH)) continue;
    // X'X = [[n, St, Ss], [St, Stt, Sts], [Ss, Sts, Ss]], X'y = [Sy, Sty, Ssy]: Cramer's rule for the
    // coefficients, and (X'X)^-1 at the step for its standard error.
    const det = n * (Stt * Ss - Sts * Sts) - St * (St * Ss - Sts * Ss) + Ss * (St * Sts - Stt * Ss);
    if (Math.abs(det) < 1e-9) continue;
    const inv22 = (n * Stt - St * St) / det;
    const b0 = (Sy * (Stt * Ss - Sts * Sts) - St * (Sty * Ss - Sts * Ssy) + Ss * (Sty * Sts - Stt * Ssy)) / det;
    const b1 = (n * (Sty * Ss - Sts * Ssy) - Sy * (St * Ss - Sts * Ss) + Ss * (St * Ssy - Sty * Ss)) / det;
    const b2 = (n * (Stt * Ssy - Sts * Sty) - St * (St * Ssy - Sts * Sy) + Ss * (St * Sty - Stt * Sy)) / det;
    const beta: [number, number, number] = [b0, b1, b2];
    const t = beta[2] / (sigma * Math.sqrt(inv22));
    if (!best || Math.abs(t) > Math.abs(best.t)) best = { k, t, beta };
  }
  if (!best || Math.abs(best.t) < STEP_T) return null;
  const { k, beta } = best;
  const [intercept, slope, step] = beta;
  // The levels either side, as the months show them: medians, which a spike does not move.
  const values = points.map((p) => p.value);
  const before = median(values.slice(Math.max(0, k - 24), k));
  const after = median(values.slice(k, Math.min(n, k + 12)));
  if (Math.sign(after - before) !== Math.sign(step) || Math.abs(after - before) < MIN_STEP_SHARE * Math.abs(before)) return null;
  // "Has stayed there": the step's own month and three in four of every month since are on the new side.
  const middle = (before + after) / 2;
  const onNewSide = (v: number) => (after > before ? v > middle : v < middle);
  const since = values.slice(k);
  if (!onNewSide(values[k]) || since.filter(onNewSide).length < PERSISTENT_SHARE * since.length) return null;
  // Persistence, by medians around the fitted trend without the step, which a spike does not move.
  const residual = (t: number) => y[t] - (intercept + slope * t);
  const window = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => residual(from + i));
  const beforeWindow = window(Math.max(0, k - 24), k);
  const afterWindow = window(k, Math.min(n, k + 12));
  const shift = median(afterWindow) - median(beforeWindow);
  if (Math.sign(shift) !== Math.sign(step) || Math.abs(shift) < 0.6 * Math.abs(step)) return null;
  const midpoint = median(beforeWindow) + shift / 2;
  const persistent = afterWindow.filter((r) => (shift > 0 ? r > midpoint : r < midpoint)).length;
  if (persistent / afterWindow.length < PERSISTENT_SHARE) return null;
  return { month: points[k].month, before, after, t: best.t };
}

/**
 * The step change to propose for a series as at a month: in the segment since its last accepted step, on
 * seasonally adjusted values, away from the months the analyst dismissed. Null where there is none.
 */
/** The run of months up to `asAt` since the last accepted step: what steps are looked for in. */
function currentSegment(points: readonly MonthValue[], asAt: number, breaks: readonly number[]): MonthValue[] {
  const last = Math.max(-Infinity, ...points.filter((p) => p.month <= asAt).map((p) => p.month));
  const run = runEndingAt(points, last);
  const since = Math.max(-Infinity, ...breaks.filter((b) => b <= last));
  return run.filter((p) => p.month >= since);
}

/** A new level the series may be at as at `asAt`, too recent to propose as a step (emergingLevel). */
export function emergingStep(points: readonly MonthValue[], asAt: number, breaks: readonly number[]): EmergingLevel | null {
  const segment = currentSegment(points, asAt, breaks);
  if (segment.length < MIN_MONTHS_BEFORE + 2) return null;
  return emergingLevel(seasonallyAdjusted(segment).points);
}

export function proposeStep(points: readonly MonthValue[], asAt: number, breaks: readonly number[], dismissed: readonly number[]): StepProposal | null {
  const segment = currentSegment(points, asAt, breaks);
  if (segment.length < MIN_MONTHS_BEFORE + MIN_MONTHS_AFTER) return null;
  // A dismissed step is still in the data: searched across, it would pull a step in somewhere else. The
  // stretches either side of it are searched on their own.
  const adjusted = seasonallyAdjusted(segment).points;
  const cuts = [...new Set(dismissed.filter((m) => m > adjusted[0].month && m <= adjusted[adjusted.length - 1].month))].sort((a, b) => a - b);
  const pieces = [adjusted[0].month, ...cuts].map((from, i) => adjusted.filter((p) => p.month >= from && (i === cuts.length || p.month < cuts[i])));
  let best: StepProposal | null = null;
  for (const piece of pieces) {
    const found = detectStep(piece, dismissed);
    if (found && (!best || Math.abs(found.t) > Math.abs(best.t))) best = found;
  }
  return best;
}

/** A level the series may have moved to, with too few months yet to tell a lasting step from a spike. */
export interface EmergingLevel {
  /** The first month at the new level. */
  month: number;
  before: number;
  after: number;
  /** Months at the new level so far, and how many a proposal needs. */
  months: number;
  needed: number;
}

/**
 * The last months of a series at a level none of the year before reached (each beyond that year's range,
 * and the medians a step of at least MIN_STEP_SHARE apart): two to MIN_MONTHS_AFTER − 1 of them. Said to
 * the analyst as a question ("a new level since April 2019? 3 of the 9 months needed"), never proposed.
 */
export function emergingLevel(points: readonly MonthValue[]): EmergingLevel | null {
  const n = points.length;
  for (let m = Math.min(MIN_MONTHS_AFTER - 1, n - MIN_MONTHS_BEFORE); m >= 2; m--) {
    const recent = points.slice(n - m).map((p) => p.value);
    const year = points.slice(n - m - MIN_MONTHS_BEFORE, n - m).map((p) => p.value);
    const [low, high] = [Math.min(...year), Math.max(...year)];
    const up = recent.every((v) => v > high);
    const down = recent.every((v) => v < low);
    if (!up && !down) continue;
    const before = median(year);
    const after = median(recent);
    if (Math.abs(after - before) < MIN_STEP_SHARE * Math.abs(before)) continue;
    // Every month of it nearer the new level than the old: an ordinary month that happened to top the year
    // before does not start the new level early.
    const middle = (before + after) / 2;
    if (!recent.every((v) => (up ? v > middle : v < middle))) continue;
    return { month: points[n - m].month, before, after, months: m, needed: MIN_MONTHS_AFTER };
  }
  return null;
}
