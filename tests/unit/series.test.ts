import { describe, expect, it } from 'vitest';
import { aggregate, HEADLINE } from '../../shared/domain/series';
import { buildRow } from '../../shared/domain/kpiTable';
import { parseMonthKey, parsePeriod, periodMonths } from '../../shared/domain/periods';
import { contextOf, kpisById } from './helpers';

const q1 = periodMonths(parsePeriod('Q1 2019/20'));
const month = (m: string) => parseMonthKey(m);

describe('aggregating months into a period', () => {
  it('adds counts and says how many months it found', () => {
    const ctx = contextOf([
      { kpiId: 'calls-999', month: '2019-04', value: 100 },
      { kpiId: 'calls-999', month: '2019-05', value: 150 },
    ]);
    expect(aggregate(kpisById.get('calls-999')!, HEADLINE, q1, ctx)).toEqual({ value: 250, monthsCovered: 2, monthsExpected: 3 });
  });

  it('takes a rate as the ratio of summed parts, not the mean of monthly rates', () => {
    // 101 abandonment: 100/1000 and 900/3000: the quarter is 1000/4000 = 25%, not the mean 20%.
    const ctx = contextOf([
      { kpiId: 'calls-101-not-answered-30s', month: '2019-04', value: 100 },
      { kpiId: 'calls-101', month: '2019-04', value: 1000 },
      { kpiId: 'calls-101-not-answered-30s', month: '2019-05', value: 900 },
      { kpiId: 'calls-101', month: '2019-05', value: 3000 },
    ]);
    expect(aggregate(kpisById.get('calls-101-abandonment-rate')!, HEADLINE, q1, ctx).value).toBe(25);
  });

  it('never divides parts reported from two sources, and names the source of each row', () => {
    const ctx = contextOf([
      { kpiId: 'calls-101-not-answered-30s', month: '2019-04', value: 100 },
      { kpiId: 'calls-101', month: '2019-04', value: 1000 },
      { kpiId: 'calls-101-abandonment-rate', month: '2019-04', value: 9.5 },
    ]);
    const rate = kpisById.get('calls-101-abandonment-rate')!;
    expect(aggregate(rate, HEADLINE, q1, ctx).value).toBe(10);
    // The count of calls now reported from another source: the rate is the one the force sent, not 100 ÷ theirs.
    ctx.series.setSource('calls-101', 'Finance team extract');
    expect(aggregate(rate, HEADLINE, q1, ctx).value).toBe(9.5);
    const calls = buildRow(kpisById.get('calls-101')!, HEADLINE, parsePeriod('Q1 2019/20'), ctx);
    expect(calls).toMatchObject({ source: 'Finance team extract', sourceName: 'Finance team extract', previous: null });
    expect(calls.display.previous).toBe('no Finance team extract figures for Q1 2018/19');
    expect(buildRow(rate, HEADLINE, parsePeriod('Q1 2019/20'), ctx)).toMatchObject({ source: 'force', sourceName: 'the force’s own systems' });
  });

  it('falls back to the rate the force sent when its parts are missing', () => {
    const ctx = contextOf([
      { kpiId: 'calls-101-abandonment-rate', month: '2019-04', value: 19 },
      { kpiId: 'calls-101-abandonment-rate', month: '2019-05', value: 23 },
    ]);
    expect(aggregate(kpisById.get('calls-101-abandonment-rate')!, HEADLINE, q1, ctx).value).toBe(21);
  });

  it('weights an average time by the calls it averages over, when every month has them', () => {
    const kpi = kpisById.get('calls-999-answer-time')!;
    const weighted = contextOf([
      { kpiId: 'calls-999-answer-time', month: '2019-04', value: 10 },
      { kpiId: 'calls-999-answer-time', month: '2019-05', value: 4 },
      { kpiId: 'calls-999', month: '2019-04', value: 100 },
      { kpiId: 'calls-999', month: '2019-05', value: 300 },
    ]);
    expect(aggregate(kpi, HEADLINE, q1, weighted).value).toBe(5.5);
    const unweighted = contextOf([
      { kpiId: 'calls-999-answer-time', month: '2019-04', value: 10 },
      { kpiId: 'calls-999-answer-time', month: '2019-05', value: 4 },
      { kpiId: 'calls-999', month: '2019-04', value: 100 },
    ]);
    expect(aggregate(kpi, HEADLINE, q1, unweighted).value).toBe(7);
  });

  it('reads a 12-month rolling rate at the period’s last month only', () => {
    const ctx = contextOf([
      { kpiId: 'hate-crime-satisfaction', month: '2019-05', value: 70.1 },
      { kpiId: 'hate-crime-satisfaction', month: '2019-06', value: 69.4 },
      { kpiId: 'hate-crime-satisfaction', month: '2018-06', value: 74.4 },
    ]);
    const row = buildRow(kpisById.get('hate-crime-satisfaction')!, HEADLINE, parsePeriod('Q1 2019/20'), ctx);
    expect(row.display).toEqual({ current: '69.4%', previous: '74.4%', change: '-5.0pp', changePercent: 'n/a' });
    expect(row.words).toBe('down 5.0pp; not judged (no verdict was worked out)');
  });

  it('takes a change between rates from the figures as printed', () => {
    const ctx = contextOf([
      { kpiId: 'user-satisfaction', month: '2019-06', value: 92.74 },
      { kpiId: 'user-satisfaction', month: '2018-06', value: 91.76 },
    ]);
    const row = buildRow(kpisById.get('user-satisfaction')!, HEADLINE, parsePeriod('Q1 2019/20'), ctx);
    expect(row.display).toMatchObject({ current: '92.7%', previous: '91.8%', change: '+0.9pp' });
  });

  it('keeps breakdowns apart from the headline', () => {
    const ctx = contextOf([
      { kpiId: 'hate-crime', month: '2019-04', value: 50 },
      { kpiId: 'hate-crime', month: '2019-04', value: 35, dimension: 'Strand', category: 'Race' },
    ]);
    expect(aggregate(kpisById.get('hate-crime')!, { dimension: 'Strand', category: 'Race' }, [month('2019-04')], ctx).value).toBe(35);
    expect(ctx.series.breakdownsOf('hate-crime')).toEqual([{ dimension: 'Strand', category: 'Race' }]);
  });
});
