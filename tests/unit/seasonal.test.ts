import { describe, expect, it } from 'vitest';
import { fTail, judgeMonth, MIN_HISTORY_MONTHS, SEASONAL_TEST_RATES, seasonalPattern } from '../../shared/analysis/seasonal';
import { noise } from './helpers';

// Seasonal shapes by month from April, as the force's financial years run.
const SUMMER = [0.98, 1.04, 1.1, 1.14, 1.12, 1.02, 0.98, 0.95, 0.94, 0.9, 0.88, 0.95];
const WINTER = [0.92, 0.88, 0.84, 0.86, 0.9, 0.96, 1.08, 1.16, 1.24, 1.14, 1.04, 0.98];

/** Seven years of monthly counts around `base`, seasonal, with Poisson-like noise. */
function series(shape: number[], base: number, seed: number): number[] {
  const z = noise(seed);
  return Array.from({ length: 84 }, (_, t) => Math.round(base * shape[t % 12] * (1 + 0.01 * t / 12) + z() * Math.sqrt(base)));
}

const departures = (values: number[], from = MIN_HISTORY_MONTHS) =>
  values.map((_, t) => (t >= from ? judgeMonth(values, t) : null)).flatMap((j, t) => (j?.kind === 'departure' ? [`${t}:${j.side}`] : []));

describe('seasonality', () => {
  it('is detected in summer- and winter-peaking series, and not in a flat one', () => {
    expect(seasonalPattern(series(SUMMER, 12000, 1))!.seasonal).toBe(true);
    expect(seasonalPattern(series(WINTER, 600, 2))!.seasonal).toBe(true);
    const flat = seasonalPattern(series(Array(12).fill(1), 600, 3))!;
    expect(flat.seasonal).toBe(false);
    expect(flat.strength).toBeLessThan(0.3);
  });

  it('puts the peak in the right months', () => {
    const { indices } = seasonalPattern(series(SUMMER, 12000, 4))!;
    expect(indices.indexOf(Math.max(...indices))).toBe(3); // July
    expect(indices.reduce((a, b) => a + b, 0) / 12).toBeCloseTo(1, 10);
  });
});

describe('seasonal departures', () => {
  it.each([
    ['summer peaks', SUMMER, 12000, 5],
    ['winter peaks', WINTER, 600, 6],
    ['summer peaks, small counts', SUMMER, 300, 7],
  ])('raise no flag over five years of %s with ordinary noise', (_, shape, base, seed) => {
    expect(departures(series(shape as number[], base as number, seed as number))).toEqual([]);
  });

  it('finds a planted spike, a dip and a step change in the same kind of data', () => {
    const values = series(SUMMER, 12000, 8);
    values[50] = Math.round(values[50] * 1.3);
    values[62] = Math.round(values[62] * 0.7);
    for (let t = 78; t < values.length; t++) values[t] = Math.round(values[t] * 1.2);
    const found = departures(values);
    expect(found).toContain('50:high');
    expect(found).toContain('62:low');
    expect(found).toContain('78:high');
    expect(found.filter((f) => !['50:high', '62:low'].includes(f) && Number(f.split(':')[0]) < 78)).toEqual([]);
  });

  it('says when there is too little history to judge, rather than guessing', () => {
    const values = series(SUMMER, 12000, 9);
    expect(judgeMonth(values, 20)).toEqual({ kind: 'insufficient', reason: '20 months of history; 36 are needed for a seasonal judgement' });
    expect(seasonalPattern(values.slice(0, 20))).toBeNull();
  });
});

describe('the test of month-of-year effects', () => {
  it('has the F distribution tails of published tables', () => {
    // F(11, 11) at 0.05 is 2.818; F(11, 23) at 0.01 is 3.137 (NIST/SEMATECH tables).
    expect(fTail(2.818, 11, 11)).toBeCloseTo(0.05, 3);
    expect(fTail(3.137, 11, 23)).toBeCloseTo(0.01, 3);
    expect(fTail(1, 11, 83)).toBeGreaterThan(0.4);
  });

  const SUMMER_15 = SUMMER.map((v) => 1 + 0.5 * (v - 1));
  const share = (make: (seed: number) => number[], seeds = 1000) => {
    let seasonal = 0;
    for (let seed = 0; seed < seeds; seed++) if (seasonalPattern(make(seed))?.seasonal) seasonal++;
    return seasonal / seeds;
  };

  it('calls white noise seasonal in at most 5% of series at every length from 24 to 96 months, as the settings page states', () => {
    for (const months of [24, 30, 36, 48, 96]) {
      const rate = share((seed) => {
        const z = noise(90_000 + months * 10_000 + seed);
        return Array.from({ length: months }, () => 100 + 10 * z());
      });
      expect(rate, `${months} months`).toBeLessThanOrEqual(0.05);
      expect(Math.abs(rate - SEASONAL_TEST_RATES.falsePositive), `${months} months`).toBeLessThan(0.01);
    }
  });

  it("finds a pattern like 999 calls' (summer about 15% above winter) in at least 90% of 36-month series", () => {
    const power = share((seed) => {
      const z = noise(50_000 + seed);
      return Array.from({ length: 36 }, (_, t) => 12000 * SUMMER_15[t % 12] * (1 + 0.01 * (t / 12)) * (1 + 0.03 * z()));
    });
    expect(power).toBeGreaterThanOrEqual(0.9);
    expect(Math.abs(power - SEASONAL_TEST_RATES.powerAt36Months)).toBeLessThan(0.02);
  });
});

