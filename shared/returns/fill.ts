import type { Kpi, Unit } from '../domain/kpi';
import { describeMonths, fyStart, financialYearOf, type Period } from '../domain/periods';
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
  row: number;
  column: string;
  label: string;
  /** missing: a measure with no figure; untotalled: a total whose parts lack one; mismatch: a quarter that is not its months. */
  kind: 'missing' | 'untotalled' | 'mismatch';
  /** The months without a figure (missing), or the cells without one (untotalled). */
  months: number[];
  parts: string[];
}

/** The problems of one row of a return, said once for the cells they share. */
export interface ReturnProblemRow {
  row: number;
  /** "B6:G6", or one cell. */
  range: string;
  cells: string[];
  label: string;
  kind: ReturnProblem['kind'];
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
  const kpi = (id: string) => kpis.get(id)!;
  // The months of a cell that have no figure of their own: what the analyst has to find or enter.
  const missingMonths = (k: Kpi, dimension: string, category: string, months: readonly number[]) => {
    const lacking = months.filter((m) => measure(k, dimension, category, [m]) === null);
    return lacking.length ? lacking : [...months];
  };
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
      // A cell worked out from cells all marked not available is not available itself, saying why.
      let derivedNotAvailable: string | null = null;
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
        if (value === null && parts.length && parts.every((p) => p?.notAvailable)) {
          derivedNotAvailable = `its parts (${parts.map((p) => p!.address).join(', ')}) are not available`;
        } else if (value === null) {
          const missing = parts.filter((p) => p?.value === null || p?.value === undefined).map((p) => p?.address ?? '?');
          if (!notAvailable.has(address)) {
            problems.push({
              address,
              message: `${row.label}, ${col.header}: cannot be totalled while ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no figure`,
              row: r,
              column: col.column,
              label: row.label,
              kind: 'untotalled',
              months: [],
              parts: missing,
            });
          }
        }
      } else {
        const of = byAddress.get(`${col.column}${rowOfLabel.get(row.shareOf)}`);
        value = of?.value === null || of?.value === undefined ? null : of.value / row.allocation;
        unit = 'share';
        source = `${of?.address ?? '?'} ÷ ${row.allocation.toLocaleString('en-GB')}`;
        // A share without a figure blocks as its base does, so that a cell shown without a figure is one that blocks.
        if (value === null && of?.notAvailable) derivedNotAvailable = `${of.address} is not available`;
        else if (value === null && !notAvailable.has(address)) {
          problems.push({
            address,
            message: `${row.label}, ${col.header}: cannot be worked out while ${of?.address ?? '?'} has no figure`,
            row: r,
            column: col.column,
            label: row.label,
            kind: 'untotalled',
            months: [],
            parts: [of?.address ?? '?'],
          });
        }
      }
      const cell: FilledCell = { address, row: r, column: col.column, label: row.label, header: col.header, period: col.period, months, value, unit, source, kpiId, notAvailable: notAvailable.get(address) ?? derivedNotAvailable };
      if (value === null && !cell.notAvailable && 'kpi' in row) {
        problems.push({
          address,
          message: `${row.label}, ${col.header}: no figure for ${source}; enter it, or mark the cell not available`,
          row: r,
          column: col.column,
          label: row.label,
          kind: 'missing',
          months: missingMonths(kpi(row.kpi), row.dimension ?? '', row.category ?? '', months),
          parts: [],
        });
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
      if (Math.abs(a! + b! + c! - total!) > 1e-6) {
        problems.push({ address: `${q}${r}`, message: `${row.label}: the quarter (${total}) is not the sum of its months (${a} + ${b} + ${c})`, row: r, column: q, label: row.label, kind: 'mismatch', months: [], parts: [] });
      }
    });
  }
  return { template, cells, problems };
}


/**
 * The problems of a return grouped by row: "B6:G6 hotspot patrol hours: no figure for April–June 2018 or
 * April–June 2019" rather than one line per cell.
 */
export function problemRows(problems: readonly ReturnProblem[]): ReturnProblemRow[] {
  const groups = new Map<string, ReturnProblem[]>();
  for (const p of problems) {
    const key = `${p.row}\u0000${p.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()]
    .map((group) => {
      const sorted = [...group].sort((a, b) => columnOrder(a.column) - columnOrder(b.column));
      const first = sorted[0];
      const last = sorted[sorted.length - 1];
      const range = sorted.length === 1 ? first.address : `${first.address}:${last.address}`;
      let message: string;
      if (first.kind === 'missing') message = `${first.label}: no figure for ${describeMonths(sorted.flatMap((p) => p.months))}`;
      else if (first.kind === 'untotalled') {
        const rows = [...new Set(sorted.flatMap((p) => p.parts.map((address) => Number(address.replace(/^[A-Z]+/, '')))))].sort((a, b) => a - b);
        message = `${first.label}: cannot be totalled while ${rows.length === 1 ? `row ${rows[0]} has` : `rows ${rows.join(', ')} have`} no figure`;
      }
      else message = sorted.map((p) => p.message).join('; ');
      return { row: first.row, range, cells: sorted.map((p) => p.address), label: first.label, kind: first.kind, message };
    })
    .sort((a, b) => a.row - b.row);
}

function columnOrder(column: string): number {
  return [...column].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}
