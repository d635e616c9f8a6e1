import { columnName } from './cellNames';
import type { SheetReading } from './types';

/**
 * A sheet as the import pipeline sees it: rows of plain values, with the position of its first cell so
 * that every value can be traced back to its cell address ("D7").
 */
export type CellValue = string | number | boolean | Date | null;

export interface Grid {
  file: string;
  sheet: string;
  /** Zero-based row and column of rows[0][0] in the sheet. */
  originRow: number;
  originColumn: number;
  rows: CellValue[][];
  /** How many numbers the spreadsheet formats as percentages: they are in rows as "88.4%". */
  percentCells?: number;
  /**
   * The sheet already read where its rows were parsed (a record-level CSV, counted in the reading worker):
   * `rows` then holds only its first rows, for a preview of the sheet.
   */
  preRead?: SheetReading;
  /**
   * A text table's rows, to be read one after another without an array for each (a long table's million
   * rows). `rows` is then worked out only if a layout other than the long one asks for it.
   */
  text?: RowSource;
  /** The first rows (at least HEADER_SEARCH_ROWS of them), to find a header in without reading every row. */
  head?: CellValue[][];
}

/** Rows read in order: each call gives row r (at or after the last asked for) in one array used again. */
export interface RowSource {
  readonly length: number;
  cursor(): (r: number) => readonly CellValue[];
}

/** The rows a header is looked for in: the first rows, without working out the rest. */
export function headRows(grid: Grid): CellValue[][] {
  return grid.head ?? grid.rows;
}

export { columnName } from './cellNames';

/** Where a sheet's cells sit, without the cells: enough to name any of them. */
export type SheetPlace = Pick<Grid, 'sheet' | 'originRow' | 'originColumn'>;

/** The A1-style address of rows[r][c]. */
export function cellAddress(grid: SheetPlace, r: number, c: number): string {
  return `${columnName(grid.originColumn + c)}${grid.originRow + r + 1}`;
}

export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

export function isBlank(value: CellValue | undefined): boolean {
  return cellText(value) === '';
}

/** Marks that mean "no figure" in the force's sheets: blank, a dash, or ONS's "..". */
const NO_FIGURE = new Set(['', '-', '–', '—', '..', ':']);

export type NumberReading = { kind: 'number'; value: number } | { kind: 'missing' } | { kind: 'invalid'; text: string; why?: string };

/** What an invalid reading's cell is told: the value quoted (80 characters at most) and why it is no figure. */
export function invalidNumberMessage(reading: { text: string; why?: string }): string {
  const quoted = reading.text.length > 80 ? `${reading.text.slice(0, 77)}…` : reading.text;
  return `"${quoted}" is not a number${reading.why ? `: ${reading.why}` : ''}`;
}

/**
 * More digits than a double holds exactly: over 17 significant digits (what Excel, Python and pandas write
 * of a double, 0.30000000000000004), or a whole number past 2^53, whose last digits would change unseen.
 */
function beyondDouble(digits: string, magnitude: number, whole: boolean): string | undefined {
  if (!Number.isFinite(magnitude)) return 'it is beyond the range of numbers a spreadsheet holds';
  const significant = digits.replace('.', '').replace(/^0+/, '').length;
  if (significant > 17 || (whole && !Number.isSafeInteger(magnitude))) return `it has ${significant} significant digits, more than a number can hold exactly`;
  return undefined;
}

/**
 * Reads a figure: a number, or text holding one with thousands separators, spaces, a percent sign or
 * bracketed negatives ("40,089", "1 234", "21.3%", "(12)").
 */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

export function readNumber(value: CellValue | undefined): NumberReading {
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'invalid', text: String(value), why: 'it is beyond the range of numbers a spreadsheet holds' };
  // Most figures are plain digits: read at once, without the general pattern below.
  if (typeof value === 'string' && value.length <= 15 && PLAIN_NUMBER.test(value)) return { kind: 'number', value: Number(value) };
  const text = cellText(value);
  if (NO_FIGURE.has(text)) return { kind: 'missing' };
  if (typeof value === 'boolean' || value instanceof Date) return { kind: 'invalid', text };
  const m = /^(\()?\s*([-+]?)\s*£?\s*((?:\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.\d+)?|\.\d+)\s*(%?)\s*(\))?$/.exec(text);
  if (!m || Boolean(m[1]) !== Boolean(m[5])) return { kind: 'invalid', text };
  const digits = m[3].replace(/[, ]/g, '');
  const magnitude = Number(digits);
  const why = digits.length > 15 ? beyondDouble(digits, magnitude, !digits.includes('.')) : undefined;
  if (why) return { kind: 'invalid', text, why };
  const negative = m[1] !== undefined || m[2] === '-';
  return { kind: 'number', value: negative ? -magnitude : magnitude };
}
