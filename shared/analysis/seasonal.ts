/**
 * Seasonal expectations for monthly series. Many police series are seasonal (999 calls and ASB peak in
 * summer, burglary in winter); judging them with plain control limits flags every summer. Instead each month
 * is compared with what its season and the recent level lead one to expect, using only the months before it,
 * as an analyst would have seen them at the time.
 *
 * Method (multiplicative classical decomposition, made robust with medians):
 * - level: a centred 2×12 moving average; each month's ratio to it estimates its seasonal effect;
 * - seasonal index of a calendar month: the median of its ratios, scaled so the twelve average 1;
 * - seasonality is found by a test of month-of-year effects with a stated false-positive rate
 *   (seasonalityTest): an F test of calendar-month terms beside a linear trend, on the logarithm of the
 *   values, at SEASONAL_TEST_ALPHA. On white noise it calls about 1 series in 100 seasonal at any length from
 *   24 months (tests/unit/seasonal.test.ts measures it); the seasonal strength (Hyndman and
 *   Athanasopoulos's 1 − Var(R) / Var(S + R)) is kept to say how strong a pattern is, not whether it is one.
 *   Strength alone called white noise seasonal in every 24-month series and four in ten of 37;
 * - expectation for a month: the median of the previous twelve months, deseasonalised, × the month's index;
 * - a month departs when its ratio to expectation lies further than DEPARTURE_LIMIT robust standard
 *   deviations (1.4826 × median absolute deviation, widened because earlier months were fitted) from the
 *   ratios of earlier months.
 */

/** The chance of calling a series without month-of-year effects seasonal: the seasonality test's level. */
export const SEASONAL_TEST_ALPHA = 0.01;
/** Months a seasonality test needs: two of every calendar month, beside the trend. */
export const MIN_SEASONAL_TEST_MONTHS = 24;

/**
 * The seasonality test as measured on seeded series (tests/unit/seasonal.test.ts fails if it drifts): how
 * often white noise is called seasonal, at any length from 24 to 96 months, and how often a pattern like 999
 * calls' (summer about 15% above winter, 3% noise) is found in three years of it.
 */
export const SEASONAL_TEST_RATES = { falsePositive: 0.01, powerAt36Months: 0.98 };

/** The rates in words, as the Settings page states them. */
export function seasonalTestWords(): string {
  const { falsePositive, powerAt36Months } = SEASONAL_TEST_RATES;
  return `A KPI is judged seasonal only when its months differ more than chance would make them: on series with no seasons the test says so about ${Math.round(falsePositive * 100)} time in 100, and it finds a pattern like 999 calls’ (summer about 15% above winter) in about ${Math.round(powerAt36Months * 100)} of 100 three-year series. With fewer than ${MIN_SEASONAL_TEST_MONTHS} months seasonality cannot yet be judged, and the KPI is judged on its figures as they are.`;
}
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

function median(values: ArrayLike<number>): number {
  // A typed array sorts numbers natively, without a comparison function called from JavaScript.
  const sorted = Float64Array.from(values).sort();
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function variance(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
}

/** The continued fraction of the regularised incomplete beta function (Numerical Recipes, betacf). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-14) break;
  }
  return h;
}

/** ln Γ(x), Lanczos' approximation (g = 7, nine terms): good to about 15 digits for x > 0. */
function logGamma(x: number): number {
  const g = [0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = g[0];
  for (let i = 1; i < 9; i++) sum += g[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The regularised incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(x, a, b)) / a : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(F > f) for an F distribution with d1 and d2 degrees of freedom. */
export function fTail(f: number, d1: number, d2: number): number {
  if (!(f > 0)) return 1;
  return incompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

export interface SeasonalityTest {
  /** The F statistic of the eleven calendar-month terms, its degrees of freedom and its p-value. */
  f: number;
  df1: number;
  df2: number;
  p: number;
  /** Each calendar position's effect (0–11 from the series' first month) as a factor; they average 1. */
  indices: number[];
}

/**
 * A test of month-of-year effects: on the logarithm of the values, does a model with a linear trend and a
 * level for each calendar month explain significantly more than the linear trend alone? With independent
 * noise about a trend the statistic follows F(11, n − 13) exactly, so a series without seasons is called
 * seasonal at the test's level, whatever its length (from 24 months, when each calendar month is seen twice).
 */
export function seasonalityTest(values: readonly number[]): SeasonalityTest | null {
  const n = values.length;
  if (n < MIN_SEASONAL_TEST_MONTHS) return null;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!(values[i] > 0)) return null;
    y[i] = Math.log(values[i]);
  }
  // Reduced model: a line (time is the month's position, 0 … n − 1).
  const tMean = (n - 1) / 2;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i];
  yMean /= n;
  let stt = 0;
  let sty = 0;
  for (let i = 0; i < n; i++) {
    stt += (i - tMean) ** 2;
    sty += (i - tMean) * (y[i] - yMean);
  }
  const slope = sty / stt;
  let rssLine = 0;
  for (let i = 0; i < n; i++) rssLine += (y[i] - yMean - slope * (i - tMean)) ** 2;
  // Full model: a level per calendar month and one slope (within each month, about its own means).
  const count = new Float64Array(12);
  const tMeans = new Float64Array(12);
  const yMeans = new Float64Array(12);
  for (let i = 0; i < n; i++) {
    count[i % 12]++;
    tMeans[i % 12] += i;
    yMeans[i % 12] += y[i];
  }
  for (let m = 0; m < 12; m++) {
    tMeans[m] /= count[m];
    yMeans[m] /= count[m];
  }
  let wtt = 0;
  let wty = 0;
  for (let i = 0; i < n; i++) {
    const dt = i - tMeans[i % 12];
    wtt += dt * dt;
    wty += dt * (y[i] - yMeans[i % 12]);
  }
  const within = wty / wtt;
  let rssFull = 0;
  for (let i = 0; i < n; i++) rssFull += (y[i] - yMeans[i % 12] - within * (i - tMeans[i % 12])) ** 2;
  const df1 = 11;
  const df2 = n - 13;
  const f = rssFull > 0 ? (Math.max(0, rssLine - rssFull) / df1) / (rssFull / df2) : Infinity;
  // Month levels at a common time, as factors averaging 1.
  const levels = Array.from(yMeans, (ym, m) => Math.exp(ym - within * (tMeans[m] - tMean)));
  const scale = levels.reduce((a, b) => a + b, 0) / 12;
  return { f, df1, df2, p: Number.isFinite(f) ? fTail(f, df1, df2) : 0, indices: levels.map((l) => l / scale) };
}

/** Centred 2×12 moving average; NaN for the six months at each end. */
function centredLevel(values: readonly number[]): Float64Array {
  const n = values.length;
  const level = new Float64Array(n).fill(NaN);
  for (let t = 6; t + 6 < n; t++) {
    let sum = values[t - 6] / 2 + values[t + 6] / 2;
    for (let k = t - 5; k <= t + 5; k++) sum += values[k];
    level[t] = sum / 12;
  }
  return level;
}

export interface SeasonalPattern {
  /** Index per calendar position 0–11 of the series' first month; they average 1. */
  indices: number[];
  /** Seasonal strength, 0 (none) to 1 (all detrended variation is seasonal). */
  strength: number;
  /** Whether the test of month-of-year effects finds them (p below SEASONAL_TEST_ALPHA). */
  seasonal: boolean;
  /** The test's p-value. */
  p: number;
}

/**
 * The last patterns worked out, with the values they were worked out from: a request judges a series and then
 * looks for a step in the same run, and the pattern of the same months is the same (checked value by value).
 */
const recentPatterns: { values: Float64Array; pattern: SeasonalPattern | null }[] = [];
const RECENT_PATTERNS = 16;

function sameValues(a: Float64Array, b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The seasonal pattern of a series of positive monthly values, or null with fewer than two years of them. */
export function seasonalPattern(values: readonly number[]): SeasonalPattern | null {
  const known = recentPatterns.find((r) => sameValues(r.values, values));
  if (known) return known.pattern;
  const pattern = workOutPattern(values);
  if (recentPatterns.length === RECENT_PATTERNS) recentPatterns.shift();
  recentPatterns.push({ values: Float64Array.from(values), pattern });
  return pattern;
}

function workOutPattern(values: readonly number[]): SeasonalPattern | null {
  const test = seasonalityTest(values);
  if (!test) return null;
  const seasonal = test.p < SEASONAL_TEST_ALPHA;
  const level = centredLevel(values);
  const ratios: number[][] = Array.from({ length: 12 }, () => []);
  for (let t = 0; t < values.length; t++) if (level[t] > 0) ratios[t % 12].push(values[t] / level[t]);
  if (ratios.some((r) => r.length === 0)) return null;
  // From three years a median of each month's ratios to the level (robust to one odd month); before that
  // a month has one or two ratios, and the test's own month levels are steadier.
  const raw = ratios.map(median);
  const scale = raw.reduce((a, b) => a + b, 0) / 12;
  const indices = values.length >= MIN_HISTORY_MONTHS ? raw.map((r) => r / scale) : test.indices;
  // Detrended series = seasonal + remainder; strength compares the remainder with the two together.
  const detrended: number[] = [];
  const remainder: number[] = [];
  for (let t = 0; t < values.length; t++) {
    const l = level[t];
    if (!(l > 0)) continue;
    detrended.push(values[t] / l - 1);
    remainder.push(values[t] / l / indices[t % 12] - 1);
  }
  const strength = Math.max(0, 1 - variance(remainder) / variance(detrended));
  return { indices, strength, seasonal, p: test.p };
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
