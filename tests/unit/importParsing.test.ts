import { describe, expect, it } from 'vitest';
import { monthKey } from '../../shared/domain/periods';
import { readNumber, columnName } from '../../shared/import/grid';
import { KpiMatcher, normaliseLabel } from '../../shared/import/labels';
import { londonMonthOf, readMonthCell } from '../../shared/import/months';
import { catalogue } from './helpers';

const matcher = new KpiMatcher(catalogue.kpis);

describe('matching labels to KPIs', () => {
  it.each([
    ['1.1 Number of 999 Calls', 'calls-999'],
    ['  NUMBER OF 999 CALLS  ', 'calls-999'],
    ['999 calls', 'calls-999'],
    ['101 calls', 'calls-101'],
    ['Burglary Residential', 'residential-burglary'],
    ['Burglary - Residential', 'residential-burglary'],
    ['Stalking & Harassment', 'stalking-harassment'],
    ["Clare's Law applications", 'clares-law'],
    ['Clares Law Applications', 'clares-law'],
    ['3.10 Burglary', 'burglary'],
    ['calls-999', 'calls-999'],
    ['5.1', 'stop-searches'],
    ['DVPOs', 'dvpo'],
    ['Anti-social behaviour', 'asb-incidents'],
  ])('%j is %s', (label, id) => {
    expect(matcher.match(label)).toBe(id);
  });

  it.each(['', 'Drones deployed', '9.9', 'Calls'])('%j matches nothing', (label) => {
    expect(matcher.match(label)).toBeUndefined();
  });

  it('ignores case, punctuation, a leading KPI number and word order, but keeps other numbers', () => {
    expect(normaliseLabel('3.11 Burglary - Residential')).toBe(normaliseLabel('residential burglary'));
    expect(normaliseLabel('101 calls')).not.toBe(normaliseLabel('999 calls'));
  });
});

describe('reading figures', () => {
  it.each([
    [40089, 40089],
    ['40,089', 40089],
    ['1 234', 1234],
    [' 12.5 ', 12.5],
    ['21.3%', 21.3],
    ['-11,335', -11335],
    ['(12)', -12],
    ['£1,400,000', 1400000],
  ])('%j is %d', (cell, value) => {
    expect(readNumber(cell)).toEqual({ kind: 'number', value });
  });

  it.each([null, '', '-', '–', '..'])('%j is no figure', (cell) => {
    expect(readNumber(cell)).toEqual({ kind: 'missing' });
  });

  it.each(['n/a', '12a', '1,23', '(12', 'TBC', '#DIV/0!'])('%j is not a number', (cell) => {
    expect(readNumber(cell).kind).toBe('invalid');
  });

  it('names columns as a spreadsheet does', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('reading months', () => {
  it.each([
    [new Date(Date.UTC(2019, 3, 1)), '2019-04'],
    ['Apr-19', '2019-04'],
    ['April 2019', '2019-04'],
    ['2019-04', '2019-04'],
    ['04/2019', '2019-04'],
    ['2019-04-01', '2019-04'],
    ['01/04/2019', '2019-04'],
  ])('%j is %s', (cell, month) => {
    expect(monthKey(readMonthCell(cell)!)).toBe(month);
  });

  it.each([40089, 'Total', 'YTD', 'Average', null, 'Q1 2019/20'])('%j is not a month', (cell) => {
    expect(readMonthCell(cell)).toBeUndefined();
  });

  it('puts a search at 23:03 UTC on 31 May 2019 in June, as UK time does, and a winter one in its UTC month', () => {
    expect(monthKey(londonMonthOf('2019-05-31T23:03:00+00:00')!)).toBe('2019-06');
    expect(monthKey(londonMonthOf('2019-05-31T22:59:00+00:00')!)).toBe('2019-05');
    expect(monthKey(londonMonthOf('2019-01-31T23:30:00+00:00')!)).toBe('2019-01');
  });

  it('gives the UK month Intl gives for every hour of four years, minute by minute in time order as records come', () => {
    const uk = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' });
    const wrong: string[] = [];
    for (let time = Date.UTC(2017, 11, 31, 20); time < Date.UTC(2021, 11, 31); time += 20 * 60_000) {
      for (const offset of ['+00:00', '+01:00']) {
        const stamp = `${new Date(time).toISOString().slice(0, 16)}:00${offset}`;
        const at = Date.parse(stamp);
        const [{ value: month }, , { value: year }] = uk.formatToParts(new Date(at));
        if (monthKey(londonMonthOf(stamp)!) !== `${year}-${month}`) wrong.push(stamp);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses minutes or seconds out of range even within an hour it has just read', () => {
    expect(monthKey(londonMonthOf('2019-03-10T10:05:00+00:00')!)).toBe('2019-03');
    expect(londonMonthOf('2019-03-10T10:61:00+00:00')).toBeUndefined();
    expect(londonMonthOf('2019-03-10T10:05:75+00:00')).toBeUndefined();
    expect(londonMonthOf('2019-03-10T10:0x:00+00:00')).toBeUndefined();
  });
});
