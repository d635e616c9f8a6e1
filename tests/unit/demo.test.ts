import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEMO_EVENTS, DEMO_FIRST_MONTH, DEMO_LAST_MONTH, generateDemo, type DemoFigure } from '../../shared/demo/generateDemo';
import { kpisById } from './helpers';

/** The demo's figures as first generated (sha256 of their JSON): a change to the generator changes the demo, and this. */
const DEMO_DIGEST = '43a21e4a49aa2e4a102e8d2ecd24db1cae36edcbd47e95cdeabc0217bd42f68f';
const figures = generateDemo();
const headline = (kpiId: string) => figures.filter((f) => f.kpiId === kpiId && f.dimension === '');
const byMonth = (list: DemoFigure[]) => new Map(list.map((f) => [f.month, f.value]));
const calendarMonthMean = (kpiId: string, months: number[]) => {
  const list = headline(kpiId).filter((f) => months.includes(Number(f.month.slice(5))));
  return list.reduce((s, f) => s + f.value, 0) / list.length;
};

describe('the demo force', () => {
  it('is the same every time: in another process, and as it was when this digest was taken', () => {
    const digest = (list: unknown) => crypto.createHash('sha256').update(JSON.stringify(list)).digest('hex');
    // A fresh process has none of this one's state (module caches, a generator already advanced).
    const other = execFileSync(process.execPath, ['--import', 'tsx', '-e', "import('./shared/demo/generateDemo.ts').then((m) => process.stdout.write(require('node:crypto').createHash('sha256').update(JSON.stringify(m.generateDemo())).digest('hex')))"], { encoding: 'utf8' });
    expect(other).toBe(digest(figures));
    expect(digest(figures)).toBe(DEMO_DIGEST);
  });

  it('runs monthly from April 2014, for catalogue KPIs only', () => {
    const months = [...new Set(figures.map((f) => f.month))].sort();
    expect(months[0]).toBe(DEMO_FIRST_MONTH);
    expect(months.at(-1)).toBe(DEMO_LAST_MONTH);
    expect(months).toHaveLength(150);
    for (const f of figures) expect(kpisById.has(f.kpiId), f.kpiId).toBe(true);
    expect(new Set(figures.map((f) => f.kpiId)).size).toBeGreaterThan(45);
  });

  it('is seasonal: 999 calls and ASB peak in summer, burglary in winter', () => {
    const summer = [6, 7, 8];
    const winter = [12, 1, 2];
    expect(calendarMonthMean('calls-999', summer)).toBeGreaterThan(calendarMonthMean('calls-999', winter) * 1.1);
    expect(calendarMonthMean('asb-incidents', summer)).toBeGreaterThan(calendarMonthMean('asb-incidents', winter) * 1.3);
    expect(calendarMonthMean('burglary', winter)).toBeGreaterThan(calendarMonthMean('burglary', summer) * 1.2);
  });

  it('carries its planted events: a step change and a 101 abandonment spike', () => {
    const stalking = byMonth(headline('stalking-harassment'));
    const before = ['2017-10', '2017-11', '2017-12', '2018-01', '2018-02', '2018-03'].map((m) => stalking.get(m)!);
    const after = ['2018-04', '2018-05', '2018-06', '2018-07', '2018-08', '2018-09'].map((m) => stalking.get(m)!);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(after) - mean(before)).toBeGreaterThan(25);

    const abandoned = byMonth(headline('calls-101-not-answered-30s'));
    const calls = byMonth(headline('calls-101'));
    const rate = (m: string) => abandoned.get(m)! / calls.get(m)!;
    expect(rate('2023-08')).toBeGreaterThan(0.38);
    expect(rate('2023-07')).toBeLessThan(0.27);
    expect(DEMO_EVENTS.map((e) => e.month)).toContain('2023-08');
  });

  it('splits a total exactly into exclusive breakdowns, and leaves out records with no age or gender', () => {
    const sumsBy = (kpiId: string) => {
      const sums = new Map<string, number>();
      for (const f of figures.filter((x) => x.kpiId === kpiId && x.dimension !== '')) {
        const key = `${f.month}|${f.dimension}`;
        sums.set(key, (sums.get(key) ?? 0) + f.value);
      }
      return sums;
    };
    for (const kpiId of ['hate-crime', 'stop-searches']) {
      const totals = byMonth(headline(kpiId));
      for (const [key, sum] of sumsBy(kpiId)) expect(sum, `${kpiId} ${key}`).toBe(totals.get(key.split('|')[0]));
    }
    const records = byMonth(headline('missing-person-records'));
    for (const [key, sum] of sumsBy('missing-person-records')) expect(sum, key).toBeLessThanOrEqual(records.get(key.split('|')[0])!);
  });

  it('keeps whole numbers for counts and sane percentages for rates', () => {
    for (const f of figures) {
      const kpi = kpisById.get(f.kpiId)!;
      expect(f.value).toBeGreaterThanOrEqual(0);
      if (kpi.unit === 'count') expect(Number.isInteger(f.value), `${f.kpiId} ${f.month}`).toBe(true);
      if (kpi.unit === 'percent') expect(f.value).toBeLessThanOrEqual(100);
    }
  });
});
