import { describe, expect, it } from 'vitest';
import { capability, MIN_BASELINE_POINTS, xmrChart, xmrLimits, type SpcRule } from '../../shared/analysis/spc';

/** Flags of one rule, as "index:side". */
const flagged = (values: number[], rule: SpcRule, options = {}) =>
  xmrChart(values, 'up', options)
    .points.filter((p) => p.signals.some((s) => s.rule === rule))
    .map((p) => `${p.index}:${p.signals.find((s) => s.rule === rule)!.side}`);

/** A stable process: alternating around 100, moving range 4, so limits are 100 ± 10.64. */
const STABLE: number[] = Array.from({ length: 24 }, (_, i) => (i % 2 ? 102 : 98));

describe('XmR limits', () => {
  it('are the mean ± 2.66 times the mean moving range', () => {
    const limits = xmrLimits([10, 12, 11, 15, 12])!;
    expect(limits.mean).toBe(12);
    expect(limits.movingRangeMean).toBe(2.5);
    expect(limits.upper).toBeCloseTo(18.65, 10);
    expect(limits.lower).toBeCloseTo(5.35, 10);
    expect(limits.nearUpper).toBeCloseTo(12 + (2 * 2.66 * 2.5) / 3, 10);
    expect(limits.provisional).toBe(true);
    expect(xmrLimits(STABLE.slice(0, MIN_BASELINE_POINTS))!.provisional).toBe(false);
    expect(xmrLimits([5])).toBeNull();
  });

  it('raise nothing on a stable process', () => {
    expect(xmrChart(STABLE, 'up').points.every((p) => p.variation === 'common_cause')).toBe(true);
  });
});

describe('special-cause rules', () => {
  it('flags a point beyond a limit, and not one just inside', () => {
    const spike = [...STABLE];
    spike[10] = 125;
    expect(flagged(spike, 'outside_limits')).toEqual(['10:high']);
    const near = [...STABLE];
    near[10] = 109;
    expect(flagged(near, 'outside_limits')).toEqual([]);
  });

  it('flags a shift of seven points on one side of the mean, and not six', () => {
    // The stable part alternates 98, 102: the run is bounded by a 98 on each side.
    const seven = [...STABLE.slice(0, 11), 101, 101.5, 101, 101.5, 101, 101.5, 101, ...STABLE.slice(0, 7)];
    expect(flagged(seven, 'shift')).toEqual(['11:high', '12:high', '13:high', '14:high', '15:high', '16:high', '17:high']);
    const six = [...STABLE.slice(0, 11), 101, 101.5, 101, 101.5, 101, 101.5, ...STABLE.slice(0, 8)];
    expect(flagged(six, 'shift')).toEqual([]);
  });

  it('flags a trend of seven points each lower than the last, and not six', () => {
    const seven = [...STABLE.slice(0, 10), 104, 103, 102, 101, 100, 99, 98, ...STABLE.slice(0, 7)];
    expect(flagged(seven, 'trend')).toEqual(['10:low', '11:low', '12:low', '13:low', '14:low', '15:low', '16:low']);
    const six = [...STABLE.slice(0, 10), 103, 102, 101, 100, 99, 98, ...STABLE.slice(0, 8)];
    expect(flagged(six, 'trend')).toEqual([]);
  });

  it('flags two of three points near the same limit with all three on that side of the mean, as Making Data Count does', () => {
    // With these points the mean is about 100.8, the outer third starts near 109.8 and the limit near 114.3.
    const two = [...STABLE.slice(0, 12), 110, 101, 110.5, ...STABLE.slice(0, 9)];
    expect(flagged(two, 'two_of_three')).toEqual(['12:high', '14:high']);
    // The middle point below the mean breaks the rule (NHSRplotthedots' bug 143, confirmed by the MDC team).
    const across = [...STABLE.slice(0, 12), 110, 100, 110.5, ...STABLE.slice(0, 9)];
    expect(xmrChart(across, 'up').points[13].value).toBeLessThan(xmrLimits(across)!.mean);
    expect(flagged(across, 'two_of_three')).toEqual([]);
    const apart = [...STABLE.slice(0, 12), 110, 100, 91, ...STABLE.slice(0, 9)];
    expect(flagged(apart, 'two_of_three')).toEqual([]);
    // A point beyond the limit counts as near it (the MDC team's reading): it joins the two of three, and
    // its own cause is the higher-ranked rule.
    // Limits from the first twelve points, 100 ± 10.64; the outer third starts at 107.09.
    const beyond = [...STABLE.slice(0, 12), 110, 101, 125, ...STABLE.slice(0, 9)];
    expect(flagged(beyond, 'two_of_three', { baselinePoints: 12 })).toEqual(['12:high', '14:high']);
    expect(xmrChart(beyond, 'up', { baselinePoints: 12 }).points[14].cause).toEqual({ rule: 'outside_limits', side: 'high' });
    expect(xmrChart(beyond, 'up', { baselinePoints: 12 }).points[12].cause).toEqual({ rule: 'two_of_three', side: 'high' });
  });
});

describe('one special cause a point, the highest-ranked rule', () => {
  it('never calls a point "neither" for a KPI with a direction: seven rising points below the mean are a rising trend', () => {
    // Limits from twelve points around 110 (110 ± 10.64), then seven rising points that stay below the mean
    // and inside the limits: a trend up and a shift low at once.
    const values = [...Array.from({ length: 12 }, (_, i) => (i % 2 ? 112 : 108)), 103, 104, 105, 106, 107, 108, 109, ...Array.from({ length: 5 }, (_, i) => (i % 2 ? 112 : 108))];
    const chart = xmrChart(values, 'up', { baselinePoints: 12 });
    const run = chart.points.slice(12, 19);
    expect(run.every((p) => p.value < chart.segments[0].limits.mean)).toBe(true);
    expect(run.map((p) => p.cause?.rule)).toEqual(Array(7).fill('trend'));
    expect(run.map((p) => p.variation)).toEqual(Array(7).fill('improving'));
    expect(run.every((p) => p.signals.some((x) => x.rule === 'shift'))).toBe(true);
    expect(xmrChart(values, 'down', { baselinePoints: 12 }).points.slice(12, 19).map((p) => p.variation)).toEqual(Array(7).fill('deteriorating'));
    expect(chart.points.some((p) => p.variation === 'neither')).toBe(false);
  });

  it("shows a neutral KPI's side of its highest-ranked rule, and a peak shared by a rise and a fall as the fall that follows it", () => {
    const peak = [...STABLE.slice(0, 10), 99, 100, 101, 102, 103, 104, 105, 104, 103, 102, 101, 100, 99, ...STABLE.slice(0, 6)];
    const chart = xmrChart(peak, 'neutral');
    expect(chart.points[16].cause).toEqual({ rule: 'trend', side: 'low' });
    expect(chart.points[15].cause).toEqual({ rule: 'trend', side: 'high' });
    expect(chart.points[17].cause).toEqual({ rule: 'trend', side: 'low' });
    expect(chart.points.slice(10, 23).every((p) => p.variation === 'neither')).toBe(true);
  });
});

describe('judging and segmenting', () => {
  it('calls a high signal improving where more is better, deteriorating where less is', () => {
    const spike = [...STABLE];
    spike[5] = 130;
    expect(xmrChart(spike, 'up').points[5].variation).toBe('improving');
    expect(xmrChart(spike, 'down').points[5].variation).toBe('deteriorating');
    expect(xmrChart(spike, 'neutral').points[5].variation).toBe('neither');
    expect(xmrChart(spike, 'up').points[4].variation).toBe('common_cause');
  });

  it('gives each segment its own limits after a step change, so the new level is not a signal', () => {
    const stepped = [...STABLE, ...STABLE.map((v) => v + 40)];
    const whole = xmrChart(stepped, 'down');
    expect(whole.points.filter((p) => p.signals.length).length).toBeGreaterThan(20);
    const split = xmrChart(stepped, 'down', { breaks: [24] });
    expect(split.segments.map((s) => [s.start, s.end, s.limits.mean])).toEqual([
      [0, 23, 100],
      [24, 47, 140],
    ]);
    expect(split.points.every((p) => p.signals.length === 0)).toBe(true);
    expect(split.points[30].segment).toBe(1);
  });

  it('can fix the baseline: limits from the first months, then later points judged against them', () => {
    const drifting = [...STABLE.slice(0, 16), 112, 113, 112, 114, 113, 112, 113, 114];
    const fixed = xmrChart(drifting, 'up', { baselinePoints: 16 });
    expect(fixed.segments[0].limits.mean).toBe(100);
    expect(fixed.points.slice(16).every((p) => p.signals.some((s) => s.rule === 'outside_limits'))).toBe(true);
  });
});

describe('capability against a standard', () => {
  const answered = (values: number[]) => xmrLimits(values)!;
  const standard = { value: 90, comparison: 'at_least' as const, text: '90% of 999 calls answered within 10 seconds' };

  it('says whether a process consistently meets, fails, or sometimes meets its standard', () => {
    expect(capability(answered([94, 95, 94, 95, 94, 95]), standard)).toBe('consistently_meets');
    expect(capability(answered([80, 81, 80, 81, 80, 81]), standard)).toBe('consistently_fails');
    expect(capability(answered([88, 92, 88, 92, 88, 92]), standard)).toBe('hit_and_miss');
    expect(capability(answered([5, 6, 5, 6]), { value: 10, comparison: 'at_most', text: 'at most 10 seconds' })).toBe('consistently_meets');
  });
});
