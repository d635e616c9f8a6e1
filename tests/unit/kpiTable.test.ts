import { describe, expect, it } from 'vitest';
import { buildKpiTable } from '../../shared/domain/kpiTable';
import { parsePeriod } from '../../shared/domain/periods';
import { MISSING_PERSON_ROWS, Q1_ROWS, sourceReportFigures, YEAR_ROWS } from '../fixtures/sourceReport';
import { catalogue, contextOf } from './helpers';

const context = contextOf(sourceReportFigures());
const table = (period: string, section?: number) => buildKpiTable({ period: parsePeriod(period), kpis: catalogue.kpis, context, section });

describe('the KPI tables of the source reports, from monthly figures', () => {
  it.each(Q1_ROWS)('Q1 2019/20: $label', (expected) => {
    const row = table('Q1 2019/20').find((r) => r.kpiId === expected.kpiId && r.breakdown === null)!;
    expect(`${row.number} ${row.name}`).toBe(expected.label);
    expect(row.display).toEqual({
      current: expected.current,
      previous: expected.previous,
      change: expected.change,
      changePercent: expected.changePercent,
    });
    expect(row.coverage.current).toEqual({ months: 3, expected: 3 });
  });

  it.each(YEAR_ROWS)('2018/19 against 2017/18: $kpiId', (expected) => {
    const row = table('2018/19').find((r) => r.kpiId === expected.kpiId && r.breakdown === null)!;
    expect(row.display).toEqual({
      current: expected.current,
      previous: expected.previous,
      change: expected.change,
      changePercent: expected.changePercent,
    });
  });

  it('keeps numbers as numbers alongside the printed forms', () => {
    const row = table('Q1 2019/20').find((r) => r.kpiId === 'calls-999')!;
    expect(row).toMatchObject({ current: 40089, previous: 36232, change: 3857 });
    expect(row.changePercent).toBeCloseTo(10.645, 3);
  });

  it('gets the missing-persons breakdown right where the source table did not (Unspecified is +23, +22%)', () => {
    const rows = table('Q1 2019/20', 2).filter((r) => r.kpiId === 'missing-person-records' && r.breakdown !== null);
    expect(rows.map((r) => [r.breakdown, r.category, r.display.current, r.display.previous, r.display.change, r.display.changePercent])).toEqual(
      MISSING_PERSON_ROWS.map((r) => [r.dimension, r.category, String(r.current), String(r.previous), r.change, r.changePercent]),
    );
    const headline = table('Q1 2019/20', 2).find((r) => r.kpiId === 'missing-person-records' && r.breakdown === null)!;
    expect(headline.display).toMatchObject({ current: '1,394', previous: '1,446', change: '-52', changePercent: '-4%' });
  });

  it('lists only the section asked for, in KPI number order, and leaves out KPIs with no figures', () => {
    const rows = table('Q1 2019/20', 1);
    expect(rows.map((r) => r.number)).toEqual(['1.1', '1.2']);
  });

  it('says how many months a partial period holds', () => {
    const rows = buildKpiTable({ period: parsePeriod('2019/20'), kpis: catalogue.kpis, context, section: 3 });
    expect(rows[0].coverage.current).toEqual({ months: 3, expected: 12 });
    expect(rows[0].coverage.previous).toEqual({ months: 12, expected: 12 });
  });

  it('shows headline KPIs only when asked', () => {
    const rows = buildKpiTable({ period: parsePeriod('Q1 2019/20'), kpis: catalogue.kpis, context, scope: 'headline' });
    expect(rows.filter((r) => r.breakdown === null).map((r) => r.kpiId)).toEqual(Q1_ROWS.map((r) => r.kpiId));
  });
});
