import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { endLabelPlaces, trendChartOption } from '../../shared/charts/trendChart';
import { contrastRatio } from '../../shared/domain/contrast';
import { periodGroups, typeAheadMatch } from '../../renderer/src/components/PeriodPicker';

const year = (values: (number | null)[]) => ({ label: '', values });
const trend = (thisYear: (number | null)[], lastYear: (number | null)[]) => ({ thisYear: { ...year(thisYear), label: '2026/27' }, lastYear: { ...year(lastYear), label: '2025/26' } });
const nulls = (n: number) => Array.from({ length: n }, () => null);

describe('trend charts’ end labels never overlap', () => {
  it('pushes two labels apart when both years end in March close together', () => {
    const places = endLabelPlaces(trend([10, 12, 14, 13, 12, 11, 12, 13, 14, 15, 16, 20], [9, 11, 13, 12, 11, 10, 11, 12, 13, 14, 15, 19.5]))!;
    expect(places.thisYear.offset[1]).toBeLessThan(0);
    expect(places.lastYear.offset[1]).toBeGreaterThan(0);
    // Far apart, they stay beside their points.
    expect(endLabelPlaces(trend([30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))!.thisYear.offset).toEqual([0, 0]);
  });

  it('moves a part-year label off last year’s line running on past it', () => {
    // Last year's line falls through where this year's label would sit beside its last point (September).
    const part = trend([5380, 5900, 6270, 6530, 6370, 5610, ...nulls(6)], [5380, 6110, 6360, 6610, 6510, 5750, 5530, 5270, 5070, 5060, 4940, 5380]);
    const places = endLabelPlaces(part)!;
    expect(places.thisYear).not.toEqual({ offset: [0, 0], align: 'left' });
    expect(Math.abs(places.thisYear.offset[1])).toBeGreaterThanOrEqual(14);
  });

  it('names the years in a legend where lines cross all round the last point', () => {
    const crowded = trend([728, 737, 727, 785, 792, 755, ...nulls(6)], [784, 736, 753, 795, 703, 778, 729, 730, 795, 815, 734, 739]);
    expect(endLabelPlaces(crowded)).toBeNull();
    const option = trendChartOption({ ...crowded, months: [], monthKeys: [], unit: 'count', annotations: [] } as never) as { legend?: { show: boolean }; series: { endLabel: { show: boolean }; symbol: string }[] };
    expect(option.legend?.show).toBe(true);
    expect(option.series.map((s) => [s.endLabel.show, s.symbol])).toEqual([
      [false, 'circle'],
      [false, 'diamond'],
    ]);
  });
});

describe('the focus indicator', () => {
  it('has at least 3:1 contrast against every background it can sit on (WCAG 1.4.11)', () => {
    const css = fs.readFileSync('renderer/src/styles.css', 'utf8');
    const variable = (name: string) => new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(css)![1];
    const ring = variable('focus-ring');
    const halo = variable('focus-halo');
    // The page, panels, table headers, the demo badge, chips, the read-only banner, selected and accent controls.
    const backgrounds = [variable('paper'), variable('band'), '#dde4eb', '#fff3d6', '#e3edf7', '#fdeceb', '#eef2f5', '#f7f9fb'];
    for (const background of backgrounds) expect(contrastRatio(ring, background), `ring on ${background}`).toBeGreaterThanOrEqual(3);
    // On a dark control (the accent-blue buttons), the white halo inside the ring is what shows.
    expect(contrastRatio(halo, variable('accent'))).toBeGreaterThanOrEqual(3);
    expect(css).toMatch(/:focus-visible \{ outline: 3px solid var\(--focus-ring\); outline-offset: 2px; box-shadow: 0 0 0 2px var\(--focus-halo\); \}/);
    expect(css).not.toMatch(/e69f00/i);
  });
});

describe('the period picker', () => {
  it('groups periods by financial year, newest first, the latest complete quarter at the top', () => {
    const groups = periodGroups({ quarters: ['Q3 2018/19', 'Q4 2018/19', 'Q1 2019/20', 'Q2 2019/20'], years: ['2018/19'] });
    expect(groups).toEqual([
      { year: '2019/20', periods: [{ value: 'Q2 2019/20', label: 'Q2 2019/20' }, { value: 'Q1 2019/20', label: 'Q1 2019/20' }] },
      { year: '2018/19', periods: [{ value: 'Q4 2018/19', label: 'Q4 2018/19' }, { value: 'Q3 2018/19', label: 'Q3 2018/19' }, { value: '2018/19', label: '2018/19, the whole year' }] },
    ]);
  });

  it('picks a period by the start of its name, and steps through periods when one letter is typed again', () => {
    const periods = periodGroups({ quarters: ['Q3 2018/19', 'Q4 2018/19', 'Q1 2019/20', 'Q2 2019/20'], years: ['2018/19'] }).flatMap((g) => g.periods);
    expect(typeAheadMatch(periods, 'Q1 2019', 'Q2 2019/20')).toBe('Q1 2019/20');
    expect(typeAheadMatch(periods, 'q4', 'Q2 2019/20')).toBe('Q4 2018/19');
    expect(typeAheadMatch(periods, '2018', 'Q2 2019/20')).toBe('2018/19');
    expect(typeAheadMatch(periods, 'Q9', 'Q2 2019/20')).toBeUndefined();
    expect(typeAheadMatch(periods, 'qq', 'Q2 2019/20')).toBe('Q1 2019/20');
    expect(typeAheadMatch(periods, 'qqq', 'Q3 2018/19')).toBe('Q2 2019/20');
  });
});
