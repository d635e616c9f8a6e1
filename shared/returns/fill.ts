import type { Kpi, Unit } from '../domain/kpi';
import { fyStart, financialYearOf, type Period } from '../domain/periods';
import { rowNumber, type ReturnPeriod, type ReturnTemplate } from './template';

/**
 * Works out every cell of a return for a quarter: measured cells from the data, totals from their parts,
 * shares of the allocation. A cell with no figure is a problem unless the analyst marked it not available;
 * a quarter of a summed measure must equal its three months.
 */

/** The value of a KPI (or breakdown) over months, by the KPI's aggregation rule; null where there is none. */
export type Measure = (kpi: Kpi, dimension: string, category: string, months: readonly number[]) => number | null;

export interface FilledCell {
  address: string;
  row: number;
  column: string;
  label: string;
  header: string;
  period: ReturnPeriod;
  months: number[];
  value: number | null;
  unit: Unit | 'share';
  /** Where the value comes from, in words: "KPI 3.5 Knife Crime", "total of rows 17–20". */
  source: string;
  kpiId: string | null;
  notAvailable: string | null;
}

export interface ReturnProblem {
  address: string;
  message: string;
}

export interface FilledReturn {
  template: ReturnTemplate;
  cells: FilledCell[];
  problems: ReturnProblem[];
}

export function periodMonthsFor(period: ReturnPeriod, quarterStart: number): number[] {
  const q = [quarterStart, quarterStart + 1, quarterStart + 2];
  switch (period) {
    case 'month1':
      return [q[0]];
    case 'month2':
      return [q[1]];
    case 'month3':
      return [q[2]];
    case 'quarter':
      return q;
    case 'same_quarter_last_year':
      return q.map((m) => m - 12);
    case 'year_to_date': {
      const start = fyStart(financialYearOf(quarterStart));
      return Array.from({ length: q[2] - start + 1 }, (_, i) => start + i);
    }
  }
}

/** Not-available marks by cell address, with their reasons. */
export type NotAvailable = ReadonlyMap<string, string>;

export function fillReturn(template: ReturnTemplate, quarter: Extract<Period, { kind: 'quarter' }>, kpis: ReadonlyMap<string, Kpi>, measure: Measure, notAvailable: NotAvailable = new Map()): FilledReturn {
  const quarterStart = fyStart(quarter.fy) + (quarter.quarter - 1) * 3;
  const cells: FilledCell[] = [];
  const problems: ReturnProblem[] = [];
  const rowOfLabel = new Map<string, number>();
  template.rows.forEach((r, i) => 'label' in r && rowOfLabel.set(r.label, rowNumber(template, i)));
  const byAddress = new Map<string, FilledCell>();
  template.rows.forEach((row, index) => {
    if ('heading' in row) return;
    const r = rowNumber(template, index);
    for (const col of template.columns) {
      const address = `${col.column}${r}`;
      const months = periodMonthsFor(col.period, quarterStart);
      let value: number | null = null;
      let unit: FilledCell['unit'] = 'count';
      let source = '';
      let kpiId: string | null = null;
      if ('kpi' in row) {
        const own = kpis.get(row.kpi)!;
        const kpi = row.aggregation ? { ...own, aggregation: { type: row.aggregation } } : own;
        value = measure(kpi, row.dimension ?? '', row.category ?? '', months);
        unit = kpi.unit;
        kpiId = kpi.id;
        source = `KPI ${kpi.number} ${kpi.name}${row.dimension ? `, ${row.dimension}: ${row.category}` : ''}${row.aggregation ? ` (${row.aggregation} of the months)` : ''}`;
      } else if ('total' in row) {
        const parts = row.total.map((label) => byAddress.get(`${col.column}${rowOfLabel.get(label)}`));
        value = parts.every((p) => p?.value !== null && p?.value !== undefined) ? parts.reduce((s, p) => s + p!.value!, 0) : null;
        unit = parts[0]?.unit ?? 'count';
        source = `total of ${row.total.map((l) => `${col.column}${rowOfLabel.get(l)}`).join(' + ')}`;
        if (value === null) {
          const missing = parts.filter((p) => p?.value === null || p?.value === undefined).map((p) => p?.address ?? '?');
          if (!notAvailable.has(address)) problems.push({ address, message: `${row.label}, ${col.header}: cannot be totalled while ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no figure` });
        }
      } else {
        const of = byAddress.get(`${col.column}${rowOfLabel.get(row.shareOf)}`);
        value = of?.value === null || of?.value === undefined ? null : of.value / row.allocation;
        unit = 'share';
        source = `${of?.address ?? '?'} ÷ ${row.allocation.toLocaleString('en-GB')}`;
      }
      const cell: FilledCell = { address, row: r, column: col.column, label: row.label, header: col.header, period: col.period, months, value, unit, source, kpiId, notAvailable: notAvailable.get(address) ?? null };
      if (value === null && !cell.notAvailable && 'kpi' in row) {
        problems.push({ address, message: `${row.label}, ${col.header}: no figure for ${source}; enter it, or mark the cell not available` });
      }
      cells.push(cell);
      byAddress.set(address, cell);
    }
  });
  // A quarter of a summed measure is its three months: a return whose columns disagree is refused.
  const column = (period: ReturnPeriod) => template.columns.find((c) => c.period === period)?.column;
  const [m1, m2, m3, q] = (['month1', 'month2', 'month3', 'quarter'] as const).map(column);
  if (m1 && m2 && m3 && q) {
    template.rows.forEach((row, index) => {
      if (!('kpi' in row) || (row.aggregation ?? kpis.get(row.kpi)?.aggregation.type) !== 'sum') return;
      const r = rowNumber(template, index);
      const [a, b, c, total] = [m1, m2, m3, q].map((col) => byAddress.get(`${col}${r}`)?.value);
      if ([a, b, c, total].some((v) => v === null || v === undefined)) return;
      if (Math.abs(a! + b! + c! - total!) > 1e-6) problems.push({ address: `${q}${r}`, message: `${row.label}: the quarter (${total}) is not the sum of its months (${a} + ${b} + ${c})` });
    });
  }
  return { template, cells, problems };
}

