import { describe, expect, it } from 'vitest';
import { judgeSeries, type MonthValue } from '../../shared/analysis/anomalies';
import { scanForAnomalies } from '../../shared/analysis/inbox';
import { xmrChart } from '../../shared/analysis/spc';
import { monthIndex } from '../../shared/domain/periods';
import { kpisById, noise } from './helpers';

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

describe('judging the months of a period', () => {
  it('flags a spike in a series without seasons, names the limit it broke, and judges it against the direction of good', () => {
    const values = counts(60, 6000, 1);
    values[55] = Math.round(values[55] * 1.4);
    const verdict = judgeSeries(points(values), quarterAt(54), { direction: 'down', count: true });
    expect(verdict.method).toBe('spc');
    expect(verdict.flags).toHaveLength(1);
    const [flag] = verdict.flags;
    expect(flag).toMatchObject({ month: START + 55, rule: 'outside_limits', side: 'high', variation: 'deteriorating' });
    expect(flag.rules[0]).toBe('outside_limits');
    expect(flag.rules).toContain('level');
    expect(flag.value / flag.expected).toBeGreaterThan(1.3);
    expect(judgeSeries(points(values), quarterAt(54), { direction: 'up', count: true }).flags[0].variation).toBe('improving');
    expect(judgeSeries(points(values), quarterAt(54), { direction: 'neutral', count: true }).flags[0].variation).toBe('neither');
  });

  it('does not flag a steady trend that fixed control limits would flag', () => {
    const values = counts(72, 1000, 2, { growth: 0.12 });
    // Limits from the two years before the period put the period's points beyond the upper limit …
    const fixed = xmrChart(values.slice(45, 72), 'down', { baselinePoints: 24 });
    expect(fixed.points.slice(24).some((p) => p.signals.some((s) => s.rule === 'outside_limits'))).toBe(true);
    // … but they are where the recent level leads one to expect.
    for (let t = 36; t < 70; t += 3) expect(judgeSeries(points(values), quarterAt(t), { direction: 'down', count: true }).flags).toEqual([]);
  });

  it('judges a seasonal series against its season: summer peaks pass, a planted dip is found', () => {
    const values = counts(72, 3000, 3, { season: SUMMER });
    const quiet = [36, 39, 42, 45, 48, 51, 54, 57, 60, 63, 66, 69].flatMap((t) => judgeSeries(points(values), quarterAt(t), { direction: 'down', count: true }).flags);
    expect(quiet).toEqual([]);
    values[64] = Math.round(values[64] * 0.7);
    const verdict = judgeSeries(points(values), quarterAt(63), { direction: 'down', count: true });
    expect(verdict.method).toBe('seasonal');
    expect(verdict.flags.map((f) => [f.month - START, f.rule, f.side, f.variation])).toEqual([[64, 'seasonal', 'low', 'improving']]);
  });

  it('says when there is too little history, and counts it from a step change the analyst set', () => {
    const values = counts(40, 500, 4);
    expect(judgeSeries(points(values), quarterAt(20), { direction: 'down' })).toEqual({
      method: 'insufficient',
      reason: '20 unbroken months before the period; 24 are needed to tell whether the series is seasonal',
      flags: [],
    });
    const afterStep = judgeSeries(points(values), quarterAt(36), { direction: 'down', breaks: [START + 24] });
    expect(afterStep).toMatchObject({ method: 'insufficient', reason: expect.stringContaining('12 unbroken months before the period since the step change') });
    // A gap ends the usable history too.
    const gappy = points(values).filter((p) => p.month !== START + 30);
    expect(judgeSeries(gappy, quarterAt(36), { direction: 'down' }).method).toBe('insufficient');
  });

  it('does not make a departure of one or two events in a small count', () => {
    const values: number[] = Array.from({ length: 48 }, (_, t) => (t % 7 === 0 ? 2 : 1));
    values[46] = 3;
    expect(judgeSeries(points(values), quarterAt(45), { direction: 'down', count: true }).flags).toEqual([]);
  });
});

describe('the anomaly scan', () => {
  it('lists every flagged month across series largest first, and says which series it could not judge and why', () => {
    const calls = counts(60, 9000, 5);
    calls[57] = Math.round(calls[57] * 1.25);
    const crime = counts(60, 2000, 6);
    crime[56] = Math.round(crime[56] * 0.6);
    const satisfaction = Array.from({ length: 60 }, (_, t) => 80 + (t % 5));
    const scan = scanForAnomalies(
      [
        { kpi: kpisById.get('calls-999')!, dimension: '', category: '', points: points(calls) },
        { kpi: kpisById.get('all-crime')!, dimension: '', category: '', points: points(crime) },
        { kpi: kpisById.get('user-satisfaction')!, dimension: '', category: '', points: points(satisfaction) },
        { kpi: kpisById.get('rape')!, dimension: '', category: '', points: points(counts(12, 80, 7)).map((p) => ({ ...p, month: p.month + 45 })) },
      ],
      quarterAt(56),
    );
    expect(scan.found.map((f) => [f.kpi.id, f.flag.month - START, f.flag.variation])).toEqual([
      ['calls-999', 57, 'neither'],
      ['all-crime', 56, 'improving'],
    ]);
    expect(scan.found[0].flag.size).toBeGreaterThan(scan.found[1].flag.size);
    expect(scan.judged).toBe(2);
    expect(scan.notJudged.map((n) => [n.kpi.id, n.reason])).toEqual([
      ['user-satisfaction', expect.stringContaining('12-month rolling figure')],
      ['rape', expect.stringContaining('11 unbroken months')],
    ]);
  });
});
