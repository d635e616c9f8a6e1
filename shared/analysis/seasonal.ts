/**
 * Seasonal expectations for monthly series. Many police series are seasonal (999 calls and ASB peak in
 * summer, burglary in winter); judging them with plain control limits flags every summer. Instead each month
 * is compared with what its season and the recent level lead one to expect, using only the months before it,
 * as an analyst would have seen them at the time.
 *
 * Method (multiplicative classical decomposition, made robust with medians):
 * - level: a centred 2×12 moving average; each month's ratio to it estimates its seasonal effect;
 * - seasonal index of a calendar month: the median of its ratios, scaled so the twelve average 1;
 * - seasonality is detected when the seasonal pattern explains at least SEASONAL_STRENGTH of the variation
 *   left after the level is removed (Hyndman and Athanasopoulos's seasonal strength, 1 − Var(R) / Var(S + R));
 * - expectation for a month: the median of the previous twelve months, deseasonalised, × the month's index;
 * - a month departs when its ratio to expectation lies further than DEPARTURE_LIMIT robust standard
 *   deviations (1.4826 × median absolute deviation, widened because earlier months were fitted) from the
 *   ratios of earlier months.
 */

/** Share of detrended variation the seasonal pattern must explain for a series to count as seasonal. */
export const SEASONAL_STRENGTH = 0.5;
/**
 * Months of history needed before a month is judged: three years, so that the centred level leaves at least
 * two ratios for every calendar month. With one, a seasonal index is a single noisy month.
 */
export const MIN_HISTORY_MONTHS = 36;
/** How many robust standard deviations from expectation make a departure: rare by chance over many series. */
export const DEPARTURE_LIMIT = 4;
/**
 * The same against the recent level alone, where no seasonal indices were fitted to the history and its
 * spread is not widened for them: 3.5 gives a chance flag about as rarely.
 */
export const LEVEL_DEPARTURE_LIMIT = 3.5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function variance(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
}

/** Centred 2×12 moving average; undefined for the six months at each end. */
function centredLevel(values: readonly number[]): (number | undefined)[] {
  return values.map((_, t) => {
    if (t < 6 || t + 6 >= values.length) return undefined;
    let sum = values[t - 6] / 2 + values[t + 6] / 2;
    for (let k = t - 5; k <= t + 5; k++) sum += values[k];
    return sum / 12;
  });
}

export interface SeasonalPattern {
  /** Index per calendar position 0–11 of the series' first month; they average 1. */
  indices: number[];
  /** Seasonal strength, 0 (none) to 1 (all detrended variation is seasonal). */
  strength: number;
  seasonal: boolean;
}

/** The seasonal pattern of a series of positive monthly values, or null with fewer than two years of them. */
export function seasonalPattern(values: readonly number[]): SeasonalPattern | null {
  if (values.length < 24 || values.some((v) => !(v > 0))) return null;
  const level = centredLevel(values);
  const ratios: number[][] = Array.from({ length: 12 }, () => []);
  values.forEach((v, t) => {
    const l = level[t];
    if (l) ratios[t % 12].push(v / l);
  });
  if (ratios.some((r) => r.length === 0)) return null;
  const raw = ratios.map(median);
  const scale = raw.reduce((a, b) => a + b, 0) / 12;
  const indices = raw.map((r) => r / scale);
  // Detrended series = seasonal + remainder; strength compares the remainder with the two together.
  const detrended: number[] = [];
  const remainder: number[] = [];
  values.forEach((v, t) => {
    const l = level[t];
    if (!l) return;
    detrended.push(v / l - 1);
    remainder.push(v / l / indices[t % 12] - 1);
  });
  const strength = Math.max(0, 1 - variance(remainder) / variance(detrended));
  return { indices, strength, seasonal: strength >= SEASONAL_STRENGTH };
}

export type MonthJudgement =
  | { kind: 'insufficient'; reason: string }
  | { kind: 'expected'; expected: number; ratio: number }
  | { kind: 'departure'; expected: number; ratio: number; side: 'high' | 'low'; size: number };

/**
 * Judges month t of a series against its expectation, from months 0 … t−1 only: the recent level times
 * the month's seasonal index, or (with `seasonal: false`) the recent level alone.
 * `size` is the departure in robust standard deviations.
 */
export interface JudgeMonthOptions {
  /** Judge against a seasonal expectation (default) or the recent level alone. */
  seasonal?: boolean;
  /** Counts vary at least as much as chance (Poisson) makes them; a quiet history must not make every change a departure. */
  count?: boolean;
}

export function judgeMonth(values: readonly number[], t: number, options: JudgeMonthOptions = {}): MonthJudgement {
  return judgeMonths(values, [t], options)[0];
}

/**
 * What months are judged against in the conservative method: the recent level (the median of the last
 * twelve deseasonalised months) times the month's seasonal index, and how far months may stray from it
 * (a number of robust standard deviations of earlier months' departures). Fitted on months 0 … historyEnd−1.
 */
export interface ExpectationModel {
  /** The expectation of month t, from the twelve months before it. */
  expectedAt(t: number): number;
  /** The typical ratio of a month to its expectation, and how far from it a month may stray. */
  centre: number;
  spread: number;
  limit: number;
}

export function expectationModel(values: readonly number[], historyEnd: number, options: JudgeMonthOptions = {}): ExpectationModel | { insufficient: string } {
  const seasonal = options.seasonal ?? true;
  const t0 = historyEnd;
  if (seasonal && t0 < MIN_HISTORY_MONTHS) return { insufficient: `${t0} months of history; ${MIN_HISTORY_MONTHS} are needed for a seasonal judgement` };
  if (t0 < 24) return { insufficient: `${t0} months of history; 24 are needed to judge a month against the recent level` };
  const pattern = seasonal ? seasonalPattern(values.slice(0, t0)) : { indices: Array<number>(12).fill(1) };
  if (!pattern) return { insufficient: 'the history has gaps or values that are not positive' };
  const index = (m: number) => pattern.indices[m % 12];
  // The level is the median of the last twelve deseasonalised months, so one spike does not raise the
  // expectation of the months after it.
  const expectedAt = (m: number) => {
    const deseasonalised: number[] = [];
    for (let k = m - 12; k < m; k++) deseasonalised.push(values[k] / index(k));
    return median(deseasonalised) * index(m);
  };
  // How far earlier months strayed from their own expectations sets what counts as unusual.
  const pastRatios: number[] = [];
  for (let m = 12; m < t0; m++) pastRatios.push(values[m] / expectedAt(m));
  if (pastRatios.some((r) => !Number.isFinite(r))) return { insufficient: 'the recent level is zero, so a month cannot be judged against it' };
  const centre = median(pastRatios);
  // Those months helped fit the seasonal indices, so they sit closer to expectation than a new month will:
  // with n years per calendar month a median index errs by about π/2·σ²/n out of sample, and in-sample
  // residuals shrink by about 1 − 1/n. The spread is widened by that ratio.
  const years = Math.max(1, Math.floor((t0 - 12) / 12));
  const inSampleCorrection = seasonal ? Math.sqrt((1 + Math.PI / (2 * years)) / Math.max(0.5, 1 - 1 / years)) : 1;
  const spread = 1.4826 * median(pastRatios.map((r) => Math.abs(r - centre))) * inSampleCorrection || 1e-9;
  return { expectedAt, centre, spread, limit: seasonal ? DEPARTURE_LIMIT : LEVEL_DEPARTURE_LIMIT };
}

/** The spread a month is judged with: counts vary at least as much as Poisson chance makes them. */
export function spreadFor(model: ExpectationModel, expected: number, count: boolean | undefined): number {
  return count ? Math.max(model.spread, 1 / Math.sqrt(Math.max(expected, 1e-9))) : model.spread;
}

/**
 * Judges several months of a period at once: the seasonal pattern and the spread of past departures come
 * from the months before the first of them, so a spike early in the period does not shape what the rest of
 * the period is judged against (and the work is done once, not once a month).
 */
export function judgeMonths(values: readonly number[], targets: readonly number[], options: JudgeMonthOptions = {}): MonthJudgement[] {
  const model = expectationModel(values, Math.min(...targets), options);
  if ('insufficient' in model) return targets.map(() => ({ kind: 'insufficient', reason: model.insufficient }));
  return targets.map((t): MonthJudgement => {
    const expected = model.expectedAt(t);
    if (!(expected > 0)) return { kind: 'insufficient', reason: 'the recent level is zero, so a month cannot be judged against it' };
    const ratio = values[t] / expected;
    const size = Math.abs(ratio - model.centre) / spreadFor(model, expected, options.count);
    if (size <= model.limit) return { kind: 'expected', expected, ratio };
    return { kind: 'departure', expected, ratio, side: ratio > model.centre ? 'high' : 'low', size };
  });
}
