import { describe, expect, it } from 'vitest';
import {
  completeQuartersBetween,
  completeYearsBetween,
  financialYearOf,
  formatPeriod,
  formatPeriodHeader,
  formatPeriodLong,
  latestCompleteQuarter,
  monthIndex,
  monthKey,
  parseFinancialYear,
  parseMonth,
  parsePeriod,
  periodMonths,
  quarterOf,
  samePeriodLastYear,
  PeriodError,
} from '../../shared/domain/periods';

const months = (text: string) => periodMonths(parsePeriod(text)).map(monthKey);

describe('financial quarters and years', () => {
  it('puts April–June in Q1 and January–March in Q4 of the year that began the April before', () => {
    expect(months('Q1 2019/20')).toEqual(['2019-04', '2019-05', '2019-06']);
    expect(months('Q2 2019/20')).toEqual(['2019-07', '2019-08', '2019-09']);
    expect(months('Q3 2019/20')).toEqual(['2019-10', '2019-11', '2019-12']);
    expect(months('Q4 2019/20')).toEqual(['2020-01', '2020-02', '2020-03']);
    expect(financialYearOf(monthIndex(2020, 3))).toBe(2019);
    expect(financialYearOf(monthIndex(2020, 4))).toBe(2020);
    expect(quarterOf(monthIndex(2020, 2))).toBe(4);
  });

  it('covers 1 April to 31 March for a year', () => {
    const m = months('2018/19');
    expect(m).toHaveLength(12);
    expect(m[0]).toBe('2018-04');
    expect(m[11]).toBe('2019-03');
  });

  it('compares with the same period of the previous year', () => {
    expect(formatPeriod(samePeriodLastYear(parsePeriod('Q1 2019/20')))).toBe('Q1 2018/19');
    expect(formatPeriod(samePeriodLastYear(parsePeriod('2018/19')))).toBe('2017/18');
    expect(formatPeriod(samePeriodLastYear(parsePeriod('June 2019')))).toBe('June 2018');
    expect(formatPeriod(samePeriodLastYear(parsePeriod('2019/20 to August 2019')))).toBe('2018/19 to August 2018');
    expect(months('12 months to June 2019')[0]).toBe('2018-07');
  });
});

describe('reading and printing periods', () => {
  it.each([
    ['Q1 2019/20', 'Q1 2019/20'],
    ['Quarter 1 2019/20', 'Q1 2019/20'],
    ['q3 19/20', 'Q3 2019/20'],
    ['Q4 2019-20', 'Q4 2019/20'],
    ['2019/20', '2019/20'],
    ['19/20', '2019/20'],
    ['FY 2019/2020', '2019/20'],
    ['1999/00', '1999/00'],
    ['April 2019', 'April 2019'],
    ['Apr-19', 'April 2019'],
    ['Sept 2019', 'September 2019'],
    ['2019-04', 'April 2019'],
    ['04/2019', 'April 2019'],
    ['YTD 2019/20 to June 2019', '2019/20 to June 2019'],
    ['2019/20 to August 2019', '2019/20 to August 2019'],
    ['12 months to June 2019', '12 months to June 2019'],
    ['rolling 12 months ending Jun 2019', '12 months to June 2019'],
  ])('reads %s as %s', (text, canonical) => {
    expect(formatPeriod(parsePeriod(text))).toBe(canonical);
  });

  it.each(['Q5 2019/20', '2019/21', 'Smarch 2019', '', '2019-13', 'Q1', '2019/20 to June 2020'])('refuses %j with the accepted forms', (text) => {
    expect(() => parsePeriod(text)).toThrow(PeriodError);
  });

  it('prints the cover and column forms of the source report', () => {
    expect(formatPeriodLong(parsePeriod('Q1 2019/20'))).toBe('Quarter 1 2019/20 (April 2019 – June 2019)');
    expect(formatPeriodHeader(parsePeriod('Q1 2019/20'))).toBe('Q1 19/20');
    expect(formatPeriodHeader(parsePeriod('2018/19'))).toBe('18/19');
    expect(formatPeriodLong(parsePeriod('2018/19'))).toBe('Financial year 2018/19 (April 2018 – March 2019)');
  });

  it('parses financial years only when the halves are consecutive', () => {
    expect(parseFinancialYear('2019/20')).toBe(2019);
    expect(parseFinancialYear('2019/2020')).toBe(2019);
    expect(parseFinancialYear('2019/21')).toBeUndefined();
    expect(parseMonth('13/2019')).toBeUndefined();
  });
});

describe('periods the data covers', () => {
  it('defaults to the latest complete quarter', () => {
    expect(formatPeriod(latestCompleteQuarter(monthIndex(2019, 6)))).toBe('Q1 2019/20');
    expect(formatPeriod(latestCompleteQuarter(monthIndex(2019, 7)))).toBe('Q1 2019/20');
    expect(formatPeriod(latestCompleteQuarter(monthIndex(2019, 8)))).toBe('Q1 2019/20');
    expect(formatPeriod(latestCompleteQuarter(monthIndex(2019, 9)))).toBe('Q2 2019/20');
    expect(formatPeriod(latestCompleteQuarter(monthIndex(2020, 4)))).toBe('Q4 2019/20');
  });

  it('lists complete quarters and years newest first', () => {
    const first = monthIndex(2018, 5);
    const last = monthIndex(2020, 4);
    expect(completeQuartersBetween(first, last).map(formatPeriod)).toEqual([
      'Q4 2019/20', 'Q3 2019/20', 'Q2 2019/20', 'Q1 2019/20', 'Q4 2018/19', 'Q3 2018/19', 'Q2 2018/19',
    ]);
    expect(completeYearsBetween(first, last).map(formatPeriod)).toEqual(['2019/20']);
  });
});
