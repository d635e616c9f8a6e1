import { monthIndex, monthKey, monthOfYear, parseMonthKey } from '../domain/periods';
import { seededRandom } from '../domain/seededRandom';

/**
 * A fictional force's monthly figures, the same every time: seasonal (999 calls and ASB peak in summer,
 * burglary in winter), with breakdowns and a few planted events the analysis features should find.
 * Nothing here describes a real force.
 */

export const DEMO_FORCE_NAME = 'Demo Force (fictional data)';
/** The demo report's author: a role, not a person. */
export const DEMO_AUTHOR = 'Performance Manager, Demo OPCC';
export const DEMO_FIRST_MONTH = '2014-04';
export const DEMO_LAST_MONTH = '2026-09';

export interface DemoFigure {
  kpiId: string;
  month: string; // YYYY-MM
  dimension: string;
  category: string;
  value: number;
}

/** Departures planted in the data, so that anomaly detection has something real to find. */
export const DEMO_EVENTS = [
  { kind: 'step', kpiId: 'stalking-harassment', month: '2018-04', description: 'Recording practice change: stalking and harassment linked to another crime recorded separately (+40 a month).' },
  { kind: 'step', kpiId: 'violence-without-injury', month: '2018-04', description: 'Follows the stalking and harassment recording change.' },
  { kind: 'step', kpiId: 'stop-searches', month: '2018-05', description: 'Stop and search uplift.' },
  { kind: 'spike', kpiId: 'hate-crime', month: '2019-03', description: 'Hate crime peak after an international terrorist attack.' },
  { kind: 'spike', kpiId: 'drug-offences', month: '2019-05', description: 'Proactive drugs operation.' },
  { kind: 'spike', kpiId: 'calls-101-not-answered-30s', month: '2023-08', description: '101 abandonment spike during a telephony outage.' },
] as const;

function normalFrom(random: () => number): () => number {
  return () => {
    const u = Math.max(random(), 1e-12);
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

// Seasonal multipliers by calendar month, January first.
const SUMMER = [0.9, 0.88, 0.95, 0.98, 1.04, 1.1, 1.14, 1.12, 1.02, 0.98, 0.95, 0.94];
const STRONG_SUMMER = [0.78, 0.76, 0.88, 0.98, 1.12, 1.24, 1.3, 1.24, 1.02, 0.96, 0.88, 0.84];
const WINTER = [1.14, 1.04, 0.98, 0.92, 0.88, 0.84, 0.86, 0.9, 0.96, 1.08, 1.16, 1.24];
const FLAT = Array(12).fill(1) as number[];

interface Model {
  kpiId: string;
  base: number;
  /** Growth per year, e.g. 0.03 for +3 % a year. */
  trend?: number;
  season?: number[];
  /** Noise as a multiple of the Poisson standard deviation. */
  noise?: number;
  steps?: { from: string; factor?: number; add?: number }[];
  startMonth?: string;
}

const COUNT_MODELS: Model[] = [
  { kpiId: 'calls-999', base: 11800, trend: 0.035, season: SUMMER, noise: 2 },
  { kpiId: 'calls-101', base: 46000, trend: -0.055, season: [0.96, 0.95, 1.0, 0.98, 1.02, 1.05, 1.06, 1.04, 1.0, 0.99, 0.97, 0.94], noise: 3 },
  { kpiId: 'online-crime-reports', base: 380, trend: 0.16, startMonth: '2016-04', noise: 1.5 },
  { kpiId: 'incidents', base: 21500, trend: -0.012, season: SUMMER, noise: 2 },
  { kpiId: 'domestic-incidents', base: 2550, trend: 0.02, season: [0.98, 0.9, 0.96, 0.98, 1.02, 1.04, 1.06, 1.04, 0.98, 0.98, 0.96, 1.06] },
  { kpiId: 'dvpo', base: 14, trend: 0.03 },
  { kpiId: 'clares-law', base: 22, trend: 0.12 },
  { kpiId: 'missing-person-records', base: 470, trend: 0.005, season: [0.94, 0.92, 1.0, 1.02, 1.06, 1.06, 1.08, 1.06, 1.0, 0.98, 0.94, 0.94] },
  { kpiId: 'missing-person-individuals', base: 318, trend: 0.005 },
  { kpiId: 'asb-incidents', base: 2050, trend: -0.06, season: STRONG_SUMMER, noise: 1.5 },
  { kpiId: 'violence-with-injury', base: 640, trend: 0.01, season: SUMMER },
  { kpiId: 'violence-without-injury', base: 1250, trend: 0.07, season: SUMMER, steps: [{ from: '2018-04', add: 45 }] },
  { kpiId: 'stalking-harassment', base: 310, trend: 0.06, steps: [{ from: '2018-04', add: 40 }] },
  { kpiId: 'knife-crime', base: 170, trend: 0.05, season: SUMMER },
  { kpiId: 'rape', base: 78, trend: 0.07 },
  { kpiId: 'burglary', base: 640, trend: -0.03, season: WINTER },
  { kpiId: 'residential-burglary', base: 420, trend: -0.03, season: WINTER },
  { kpiId: 'cse-offences', base: 19, trend: -0.02 },
  { kpiId: 'positive-outcomes', base: 1020, trend: -0.025 },
  { kpiId: 'polit-enforcements', base: 11, trend: 0.04 },
  { kpiId: 'prevent-referrals', base: 21, trend: 0.02 },
];

const HATE_STRANDS: [string, number][] = [
  ['Race', 0.7],
  ['Religion', 0.08],
  ['Sexual orientation', 0.13],
  ['Disability', 0.06],
  ['Transgender', 0.03],
];

const SEARCH_REASONS: [string, number, number][] = [
  // reason, share of searches, positive-outcome rate
  ['Controlled drugs', 0.6, 0.33],
  ['Offensive weapons', 0.16, 0.24],
  ['Stolen property', 0.12, 0.28],
  ['Going equipped', 0.06, 0.22],
  ['Firearms', 0.02, 0.15],
  ['Other', 0.04, 0.2],
];

export function generateDemo(firstMonth = DEMO_FIRST_MONTH, lastMonth = DEMO_LAST_MONTH): DemoFigure[] {
  const random = seededRandom(20190401);
  const normal = normalFrom(random);
  const first = parseMonthKey(firstMonth);
  const last = parseMonthKey(lastMonth);
  const out: DemoFigure[] = [];
  const put = (kpiId: string, m: number, value: number, dimension = '', category = '') =>
    out.push({ kpiId, month: monthKey(m), dimension, category, value });

  /** A count around `mean`, with Poisson-like noise scaled by `noise`, never negative. */
  const count = (mean: number, noise = 1) => Math.max(0, Math.round(mean + normal() * Math.sqrt(Math.max(mean, 1)) * noise));
  const share = (total: number, fraction: number, spread = 0.04) => Math.max(0, Math.round(total * fraction * (1 + normal() * spread)));
  /** Splits a total into categories exactly, around the given shares (largest remainder). */
  const partition = (total: number, shares: number[], spread = 0.06): number[] => {
    const weights = shares.map((s) => Math.max(0, s * (1 + normal() * spread)));
    const sum = weights.reduce((a, b) => a + b, 0);
    const raw = weights.map((w) => (total * w) / sum);
    const parts = raw.map(Math.floor);
    let left = total - parts.reduce((a, b) => a + b, 0);
    const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac);
    for (const { i } of order) if (left-- > 0) parts[i]++;
    return parts;
  };

  const expected = (model: Model, m: number): number => {
    const years = (m - first) / 12;
    let mean = model.base * (1 + (model.trend ?? 0)) ** years * (model.season ?? FLAT)[monthOfYear(m) - 1];
    for (const step of model.steps ?? []) {
      if (m >= parseMonthKey(step.from)) mean = mean * (step.factor ?? 1) + (step.add ?? 0);
    }
    return mean;
  };

  // Slow random walks for 12-month rolling rates: consecutive rolling figures share eleven months.
  const walks: Record<string, number> = {
    'user-satisfaction': 76.5,
    'victim-satisfaction': 73.2,
    'asb-satisfaction': 71.4,
    'hate-crime-satisfaction': 74.0,
    'violent-crime-satisfaction': 74.4,
    'public-confidence': 78.1,
  };
  let iom = 240;
  let mosovo = 1050;
  let searchLevel = 175;

  for (let m = first; m <= last; m++) {
    const monthText = monthKey(m);
    for (const model of COUNT_MODELS) {
      if (model.startMonth && m < parseMonthKey(model.startMonth)) continue;
      put(model.kpiId, m, count(expected(model, m), model.noise));
    }
    const valueOf = (kpiId: string) => out.findLast((f) => f.kpiId === kpiId && f.month === monthText && f.dimension === '')!.value;

    // Calls: answered in 10 s and abandonment depend on the month's volumes.
    const calls999 = valueOf('calls-999');
    const answeredRate = Math.min(0.985, 0.925 + normal() * 0.012 - (monthOfYear(m) >= 6 && monthOfYear(m) <= 8 ? 0.01 : 0));
    put('calls-999-answered-10s', m, Math.round(calls999 * answeredRate));
    const calls101 = valueOf('calls-101');
    let abandonment = (m >= monthIndex(2019, 4) ? 0.205 : 0.11) + normal() * 0.012;
    if (monthText === '2023-08') abandonment = 0.41;
    put('calls-101-not-answered-30s', m, Math.round(calls101 * abandonment));
    put('calls-999-answer-time', m, round1(5.6 + normal() * 0.5 + (1 - answeredRate) * 20));
    put('calls-101-answer-time', m, round1(70 + abandonment * 260 + normal() * 6));
    put('calls-length', m, round1(372 + normal() * 9));

    // Incidents by grade share the month's total.
    const incidents = valueOf('incidents');
    const gradeShares = m >= monthIndex(2019, 4) ? [0.118, 0.3, 0.21, 0.372] : [0.121, 0.335, 0.185, 0.359];
    gradeShares.forEach((s, i) => put(`incidents-grade-${i + 1}`, m, share(incidents, s, 0.02)));

    const domestic = valueOf('domestic-incidents');
    const withCrime = share(domestic, 0.56, 0.03);
    put('domestic-incidents-with-crime', m, withCrime);
    put('domestic-incidents-without-crime', m, domestic - withCrime);

    // Missing persons by age and gender; some records have neither, as in the source report.
    for (const kpiId of ['missing-person-records', 'missing-person-individuals']) {
      const total = valueOf(kpiId);
      // The last share of each split is the records with no age or gender, which the report leaves out.
      const [young, adult] = partition(total, [0.63, 0.33, 0.04]);
      put(kpiId, m, young, 'Age', '0-17');
      put(kpiId, m, adult, 'Age', 'Over 18');
      const [male, female, unspecified] = partition(total, [0.46, 0.45, 0.075, 0.015]);
      put(kpiId, m, male, 'Gender', 'Male');
      put(kpiId, m, female, 'Gender', 'Female');
      put(kpiId, m, unspecified, 'Gender', 'Unspecified');
    }

    // Hate crime by strand, with a planted peak.
    const hateMean = 118 * 1.06 ** ((m - first) / 12) * (monthText === '2019-03' ? 1.45 : 1);
    const hate = count(hateMean);
    put('hate-crime', m, hate);
    partition(hate, HATE_STRANDS.map(([, s]) => s), 0.1).forEach((n, i) => put('hate-crime', m, n, 'Strand', HATE_STRANDS[i][0]));

    // Rape: the historical share is reported alongside.
    put('rape-historical', m, share(valueOf('rape'), 0.3, 0.12));

    // Drug offences, mostly self-generated by proactive policing; a dedicated operation adds a peak.
    const operation = monthText === '2019-05' ? 290 : m >= monthIndex(2019, 4) && m <= monthIndex(2019, 9) ? count(60) : count(12, 0.8);
    const otherDrugs = count(165 * 1.04 ** ((m - first) / 12) * (m >= monthIndex(2019, 4) ? 1.5 : 1));
    put('drug-offences', m, operation + otherDrugs);
    put('drug-offences', m, operation, 'Operation', 'Dedicated operation');
    put('drug-offences', m, otherDrugs, 'Operation', 'Other');

    // All crime is more than the sum of the families shown; keep it consistent with them.
    const families = ['violence-with-injury', 'violence-without-injury', 'burglary', 'knife-crime', 'rape', 'cse-offences'].reduce(
      (sum, id) => sum + valueOf(id),
      0,
    );
    put('all-crime', m, families + hate + operation + otherDrugs + count(4300 * 1.035 ** ((m - first) / 12), 2));

    // Stop and search: an uplift from May 2018, by reason with outcomes and arrests.
    if (m === monthIndex(2018, 5)) searchLevel = 255;
    searchLevel *= 1 + 0.004 + normal() * 0.01;
    const searches = count(searchLevel);
    put('stop-searches', m, searches);
    let positives = 0;
    let arrests = 0;
    const reasonCounts = partition(searches, SEARCH_REASONS.map(([, s]) => s));
    const byReason = SEARCH_REASONS.map(([reason, , rate], i) => {
      const n = reasonCounts[i];
      const p = share(n, rate, 0.12);
      const a = Math.min(p, share(n, rate * 0.55, 0.15));
      positives += p;
      arrests += a;
      return { reason, n, p, a };
    });
    put('stop-search-positive-outcomes', m, positives);
    put('stop-search-arrests', m, arrests);
    for (const { reason, n } of byReason) put('stop-searches', m, n, 'Reason', reason);
    for (const { reason, p } of byReason) put('stop-search-positive-outcomes', m, p, 'Reason', reason);
    for (const { reason, a } of byReason) put('stop-search-arrests', m, a, 'Reason', reason);

    for (const kpiId of Object.keys(walks)) {
      walks[kpiId] = Math.min(95, Math.max(55, walks[kpiId] + normal() * 0.35 - (walks[kpiId] - 74) * 0.02));
      put(kpiId, m, round1(walks[kpiId]));
    }
    iom = Math.max(150, Math.round(iom + normal() * 4));
    mosovo = Math.round(mosovo * 1.003 + normal() * 3);
    put('iom-offenders', m, iom);
    put('mosovo-offenders', m, mosovo);
  }
  return out;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
