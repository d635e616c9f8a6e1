import { fyStart, monthKey, parseFinancialYear, parseMonthKey } from '../domain/periods';
import { invalidNumberMessage, cellAddress, cellText, columnName, headRows, readNumber, type Grid } from './grid';
import { FigureTable } from './figureTable';
import type { ImportProblem, SheetReading } from './types';
import { HOME_OFFICE } from '../domain/sources';
import { HEADER_SEARCH_ROWS } from './wideLayout';

/**
 * The Home Office's police recorded crime tables by force: one row per financial year, quarter, force and
 * offence. Rows become quarterly figures of All Crime per force: the total, and by offence group, kept
 * for comparing the force with its Most Similar Forces.
 */
export interface ForceTableHeader {
  row: number;
  year: number;
  quarter: number;
  force: number;
  offence: number;
  offenceHeading: string;
  value: number;
}

const normalise = (v: unknown) => (typeof v === 'string' ? v.toLowerCase().replace(/[^a-z]+/g, ' ').trim() : '');

export function findForceTableHeader(grid: Grid): ForceTableHeader | undefined {
  const rows = headRows(grid);
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r++) {
    const names = rows[r].map(normalise);
    const find = (...candidates: string[]) => {
      for (const c of candidates) {
        const i = names.indexOf(c);
        if (i !== -1) return i;
      }
      return -1;
    };
    const year = find('financial year');
    const quarter = find('financial quarter', 'quarter');
    const force = find('force name', 'force', 'police force area', 'pfa');
    const offence = find('offence group', 'offence description', 'offence');
    const value = find('number of offences', 'offences', 'number of crimes');
    if ([year, quarter, force, offence, value].includes(-1)) continue;
    return { row: r, year, quarter, force, offence, offenceHeading: cellText(rows[r][offence]), value };
  }
  return undefined;
}

/** The text above the header: a published table's title ("Police recorded crime by force, year ending June 2019"). */
function sheetTitle(grid: Grid, headerRow: number): string | undefined {
  const lines = headRows(grid).slice(0, headerRow).map((row) => row.map(cellText).filter(Boolean).join(' ')).filter(Boolean);
  return lines.length ? lines.join('; ').slice(0, 300) : undefined;
}

interface Sum {
  value: number;
  rows: number[];
}

export function readForceTableSheet(grid: Grid, header: ForceTableHeader): SheetReading {
  const problems: ImportProblem[] = [];
  const sums = new Map<string, Sum>();
  const add = (key: string[], value: number, r: number) => {
    const k = JSON.stringify(key);
    const sum = sums.get(k) ?? { value: 0, rows: [] };
    sum.value += value;
    sum.rows.push(r);
    sums.set(k, sum);
  };
  const problem = (r: number, c: number, message: string) => problems.push({ severity: 'error', file: grid.file, sheet: grid.sheet, cell: cellAddress(grid, r, c), message });
  for (let r = header.row + 1; r < grid.rows.length; r++) {
    const row = grid.rows[r];
    if (row.every((v) => cellText(v) === '')) continue;
    const fy = parseFinancialYear(cellText(row[header.year]));
    if (fy === undefined) {
      problem(r, header.year, `"${cellText(row[header.year])}" is not a financial year`);
      continue;
    }
    const quarter = Number(cellText(row[header.quarter]).replace(/^q/i, ''));
    if (![1, 2, 3, 4].includes(quarter)) {
      problem(r, header.quarter, `"${cellText(row[header.quarter])}" is not a quarter (1 to 4)`);
      continue;
    }
    const force = cellText(row[header.force]);
    const offence = cellText(row[header.offence]);
    const reading = readNumber(row[header.value]);
    if (reading.kind === 'missing') continue;
    if (reading.kind === 'invalid') {
      problem(r, header.value, invalidNumberMessage(reading));
      continue;
    }
    if (!force) {
      problem(r, header.force, 'this row names no force');
      continue;
    }
    const start = monthKey(fyStart(fy) + (quarter - 1) * 3);
    add([start, force, '', ''], reading.value, r);
    if (offence) add([start, force, header.offenceHeading, offence], reading.value, r);
  }
  const letter = columnName(grid.originColumn + header.value);
  const figures = new FigureTable(grid.sheet);
  for (const [key, sum] of sums) {
    const [periodStart, area, dimension, category] = JSON.parse(key) as string[];
    const first = grid.originRow + sum.rows[0] + 1;
    const last = grid.originRow + sum.rows[sum.rows.length - 1] + 1;
    figures.add({
      label: 'all-crime',
      periodKind: 'quarter',
      month: parseMonthKey(periodStart),
      area,
      dimension,
      category,
      value: sum.value,
      cellRow: first,
      cellColumn: grid.originColumn + header.value + 1,
      ...(sum.rows.length === 1 ? {} : { cell: `${letter}${first}:${letter}${last} (${sum.rows.length} rows)` }),
      labelRow: first,
      labelColumn: grid.originColumn + header.value + 1,
      // Other forces' figures (and the force's own as the Home Office counts it): never the force's own KPIs.
      source: HOME_OFFICE,
    });
  }
  const title = sheetTitle(grid, header.row);
  return { sheet: grid.sheet, layout: 'force-table', figures, problems, skipped: [], ...(title ? { title } : {}) };
}
