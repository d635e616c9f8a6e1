import { describe, expect, it } from 'vitest';
import { BASELINE_MONTHS, eventsOf, judgeSeries, MIN_SEGMENT_MONTHS, type MonthValue, type Sensitivity, type VerdictOptions } from '../../shared/analysis/verdict';
import { eventSummary } from '../../shared/analysis/eventWords';
import { FALSE_ALARM_RATES } from '../../shared/analysis/sensitivity';
import { monthIndex } from '../../shared/domain/periods';
import { noise } from './helpers';

const START = monthIndex(2015, 4);
const SUMMER = [0.98, 1.04, 1.1, 1.14, 1.12, 1.02, 0.98, 0.95, 0.94, 0.9, 0.88, 0.95];

/** Monthly counts from April 2015: level × season × growth, with Poisson-like noise. */
function counts(months: number, base: number, seed: number, options: { season?: number[]; growth?: number } = {}): number[] {
  const z = noise(seed);
  return Array.from({ length: months }, (_, t) => Math.round(base * (options.season ?? Array(12).fill(1))[t % 12] * (1 + (options.growth ?? 0)) ** (t / 12) + z() * Math.sqrt(base)));
}

const points = (values: number[]): MonthValue[] => values.map((value, t) => ({ month: START + t, value }));
/** The quarter made of months t, t+1, t+2 of the series. */
const quarterAt = (t: number) => [START + t, START + t + 1, START + t + 2];
const judge = (values: number[], t: number, options: Partial<VerdictOptions> = {}) => judgeSeries(points(values), quarterAt(t), { direction: 'down', count: true, ...options });

describe('the variation of a period, as Making Data Count defines it', () => {
  it('is common cause for a stable process, with limits from the 24 months before the period', () => {
    const values = counts(60, 900, 1);
    const verdict = judge(values, 57);
    expect(verdict).toMatchObject({ judged: true, variation: 'common_cause', assurance: null });
    if (!verdict.judged) throw new Error('not judged');
    // Limits are drawn from the baseline on: points before it have none.
    expect(verdict.points.findIndex((p) => p.upper !== null)).toBe(57 - BASELINE_MONTHS);
    expect(verdict.segments[0].baselinePoints).toBe(BASELINE_MONTHS);
  });

  it('is a special cause beyond a limit, improving or concerning by the direction of good, neither where none is better', () => {
    const values = counts(60, 900, 2);
    values[58] = Math.round(values[58] * 1.4);
    expect(judge(values, 57, { direction: 'down' }).variation).toBe('special_concerning');
    expect(judge(values, 57, { direction: 'up' }).variation).toBe('special_improving');
    expect(judge(values, 57, { direction: 'neutral' }).variation).toBe('special_neither');
    const verdict = judge(values, 57);
    if (!verdict.judged) throw new Error('not judged');
    expect(verdict.deciding).toMatchObject({ month: START + 58, rules: ['outside_limits'], side: 'high' });
  });

  it('finds a shift of seven months on one side of the baseline mean', () => {
    const values = counts(60, 2000, 3);
    for (let t = 51; t < 60; t++) values[t] = Math.round(values[t] * 1.05);
    const verdict = judge(values, 57);
    expect(verdict.variation).toBe('special_concerning');
    expect(verdict.judged && verdict.deciding?.rules).toContain('shift');
  });

  it('judges a seasonal series on seasonally adjusted figures: summer peaks pass, a planted dip is found', () => {
    const values = counts(72, 3000, 4, { season: SUMMER });
    // Without seasonal adjustment every summer would break its limits (a 14% peak on 1.8% noise); with it, a
    // stable seasonal series shows a special cause about as rarely as a flat one (see the false-alarm test).
    const flagged = [36, 39, 42, 45, 48, 51, 54, 57, 60, 63, 66, 69].filter((t) => judge(values, t).variation !== 'common_cause');
    expect(flagged.length).toBeLessThanOrEqual(1);
    values[64] = Math.round(values[64] * 0.8);
    const verdict = judge(values, 63);
    expect(verdict.seasonal?.seasonal).toBe(true);
    expect(verdict.variation).toBe('special_improving');
    if (!verdict.judged) throw new Error('not judged');
    // The limits drawn follow the season: higher in summer than in winter.
    const july = verdict.points.find((p) => (p.month - START) % 12 === 3 && p.upper !== null)!;
    const january = verdict.points.find((p) => (p.month - START) % 12 === 9 && p.upper !== null)!;
    expect(july.upper!).toBeGreaterThan(january.upper! * 1.15);
  });

  it('says when there is too little history, and never guesses', () => {
    expect(judge(counts(14, 500, 5), 11)).toMatchObject({ judged: false, reason: '11 unbroken months before the period; 15 are needed to set process limits' });
    const gappy = points(counts(48, 500, 6)).filter((p) => p.month !== START + 40);
    expect(judgeSeries(gappy, quarterAt(42), { direction: 'down' })).toMatchObject({ judged: false, reason: expect.stringContaining('unbroken months') });
    expect(judgeSeries(points(counts(48, 500, 6)), quarterAt(42), { direction: 'up', rolling: true })).toMatchObject({ judged: false, reason: expect.stringContaining('12-month rolling') });
  });

  it('gives a verdict from 24 months whatever seasonality is found, and below 24 judges the series as it is', () => {
    // Positive noise of 24 to 35 months was refused a verdict ("seasonal; 36 are needed") when noise looked seasonal.
    for (const months of [24, 27, 30, 35]) {
      for (let seed = 0; seed < 100; seed++) {
        const verdict = judge(counts(months, 400, 3000 + months * 100 + seed), months - 3, { sensitivity: 'standard' });
        expect(verdict.judged, `${months} months, seed ${seed}`).toBe(true);
      }
      // The conservative method needs 24 months before the period; with them, seasonality never refuses it.
      if (months >= 27) for (let seed = 0; seed < 20; seed++) expect(judge(counts(months, 400, 4000 + seed), months - 3, { sensitivity: 'conservative' }).judged).toBe(true);
    }
    // Seasonal with 30 months: judged on seasonally adjusted figures, not refused.
    const seasonal = judge(counts(30, 4000, 9, { season: SUMMER }), 27);
    expect(seasonal).toMatchObject({ judged: true, seasonal: { seasonal: true } });
    const short = judge(counts(21, 400, 10), 18);
    expect(short).toMatchObject({ judged: true, seasonal: null });
  });

  it('makes an accepted step the verdict until a year has passed, then judges the new level on its own', () => {
    const values = counts(72, 1000, 7);
    for (let t = 48; t < 72; t++) values[t] = Math.round(values[t] * 1.3);
    expect(judge(values, 48).variation).toBe('special_concerning');
    const soon = judge(values, 51, { breaks: [START + 48] });
    expect(soon.variation).toBe('special_concerning');
    expect(soon.judged && soon.deciding?.rules).toEqual(['step']);
    const later = judge(values, 48 + MIN_SEGMENT_MONTHS + 3, { breaks: [START + 48] });
    expect(later.variation).toBe('common_cause');
  });
});

describe('assurance against a standard', () => {
  const standard = { value: 90, comparison: 'at_least' as const, text: '90% within 10 seconds' };
  const rates = (level: number, seed: number) => {
    const z = noise(seed);
    return Array.from({ length: 48 }, () => Math.round((level + z() * 0.8) * 10) / 10);
  };
  it.each([
    [95, 'meets'],
    [85, 'fails'],
    [90, 'hit_and_miss'],
  ] as const)('a process around %s per cent: %s against a 90 per cent standard', (level, assurance) => {
    expect(judgeSeries(points(rates(level, level)), quarterAt(45), { direction: 'up', standard }).assurance).toBe(assurance);
  });
  it('is not judged without a standard, or for a KPI whose direction is neutral', () => {
    expect(judgeSeries(points(rates(95, 1)), quarterAt(45), { direction: 'up' }).assurance).toBeNull();
    expect(judgeSeries(points(rates(95, 1)), quarterAt(45), { direction: 'neutral', standard }).assurance).toBeNull();
  });
});

describe('events: consecutive months of a special cause', () => {
  it('are one event with their first and last month, however long before the period they began', () => {
    const values = counts(60, 2000, 8);
    for (let t = 52; t < 60; t++) values[t] = Math.round(values[t] * 1.08);
    const verdict = judge(values, 57);
    const events = eventsOf(verdict, quarterAt(57));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ from: START + 52, to: START + 59, months: 8, side: 'high', variation: 'special_concerning' });
    expect(eventSummary(events[0], START + 59)).toBe('above its usual range since August 2019, 8 months');
  });
});

/** Stable seeded series, seasonal and not: how often a quarter shows a special cause by chance alone. */
function falseAlarmRate(sensitivity: Sensitivity): number {
  let alarms = 0;
  let quarters = 0;
  for (const base of [40, 400, 4000]) {
    for (let seed = 0; seed < 60; seed++) {
      const values = counts(72, base, 1000 + seed * 7 + base, { season: seed % 2 ? SUMMER : undefined });
      for (let t = 48; t <= 69; t += 3) {
        quarters++;
        if (judge(values, t, { sensitivity }).variation !== 'common_cause') alarms++;
      }
    }
  }
  return alarms / quarters;
}

describe('sensitivity: the false-alarm rate each choice brings, measured on stable seeded series', () => {
  it('is what the settings page states: standard about one stable KPI in twelve a quarter, conservative about one in 500', () => {
    const standard = falseAlarmRate('standard');
    const conservative = falseAlarmRate('conservative');
    expect(Math.abs(standard - FALSE_ALARM_RATES.standard)).toBeLessThan(0.03);
    expect(Math.abs(conservative - FALSE_ALARM_RATES.conservative)).toBeLessThan(0.005);
  });
});
