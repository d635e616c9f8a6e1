import { describe, expect, it } from 'vitest';
import { formatChange, formatPercentChange, formatValue, roundHalfAwayFromZero } from '../../shared/domain/format';
import { compareFigures, describeChange, type RowVerdict } from '../../shared/domain/kpiTable';

describe('report formatting', () => {
  it('prints counts with thousands separators and signed changes', () => {
    expect(formatValue(40089, 'count')).toBe('40,089');
    expect(formatValue(1234567, 'count')).toBe('1,234,567');
    expect(formatChange(3857, 'count')).toBe('+3,857');
    expect(formatChange(-11335, 'count')).toBe('-11,335');
    expect(formatChange(0, 'count')).toBe('0');
  });

  it('rounds % change to a signed whole number, half away from zero', () => {
    expect(formatPercentChange(10.645)).toBe('+11%');
    expect(formatPercentChange(-4.5)).toBe('-5%');
    expect(formatPercentChange(4.5)).toBe('+5%');
    expect(formatPercentChange(-0.4)).toBe('0%');
    expect(formatPercentChange(1234.4)).toBe('+1,234%');
    expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
  });

  it('never prints a % change on a zero base: three homicides to none is -3, not a percentage of nothing', () => {
    const up = compareFigures(3, 0, 'count');
    expect(up.changePercent).toBeNull();
    expect(formatPercentChange(up.changePercent)).toBe('n/a');
    const down = compareFigures(0, 3, 'count');
    expect(down.change).toBe(-3);
    expect(formatPercentChange(down.changePercent)).toBe('-100%');
  });

  it('changes rates in percentage points, with no % change', () => {
    const c = compareFigures(69.4, 74.4, 'percent');
    expect(formatValue(c.current, 'percent')).toBe('69.4%');
    expect(formatChange(c.change, 'percent')).toBe('-5.0pp');
    expect(c.changePercent).toBeNull();
  });

  it('prints other units', () => {
    expect(formatValue(8.46, 'seconds')).toBe('8.5s');
    expect(formatValue(1400000, 'currency')).toBe('£1,400,000');
    expect(formatValue(null, 'count')).toBe('–');
  });

  it('says a change in words apart from whether it is more than chance', () => {
    const row = (change: number | null, display: Partial<{ change: string; changePercent: string }>, unit: 'count' | 'percent', verdict: RowVerdict) => ({
      change,
      unit,
      verdict,
      display: { current: '', previous: '', change: display.change ?? '', changePercent: display.changePercent ?? 'n/a' },
    });
    const common: RowVerdict = { variation: 'common_cause', assurance: null, notJudged: null, rules: [], side: null };
    expect(describeChange(row(-2, { change: '-2', changePercent: '0%' }, 'count', common))).toBe('down 0%, within common-cause variation');
    expect(describeChange(row(-0.4, { change: '-0.4pp' }, 'percent', { ...common, variation: 'special_concerning', rules: ['shift'] }))).toBe('down 0.4pp, special cause, concerning');
    expect(describeChange(row(-1, { change: '-1', changePercent: '-25%' }, 'count', { variation: null, assurance: null, notJudged: 'too few months', rules: [], side: null }))).toBe('down 25%; not judged (too few months)');
    expect(describeChange(row(0, { change: '0', changePercent: '0%' }, 'count', common))).toBe('unchanged, within common-cause variation');
  });
});
