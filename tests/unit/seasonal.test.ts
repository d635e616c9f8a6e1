import { describe, expect, it } from 'vitest';
import { judgeMonth, MIN_HISTORY_MONTHS, seasonalPattern } from '../../shared/analysis/seasonal';
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
