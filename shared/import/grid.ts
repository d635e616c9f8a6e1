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
}

export function columnName(column: number): string {
  let n = column + 1;
  let name = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

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

export type NumberReading = { kind: 'number'; value: number } | { kind: 'missing' } | { kind: 'invalid'; text: string };

/**
 * Reads a figure: a number, or text holding one with thousands separators, spaces, a percent sign or
 * bracketed negatives ("40,089", "1 234", "21.3%", "(12)").
 */
export function readNumber(value: CellValue | undefined): NumberReading {
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'invalid', text: String(value) };
  const text = cellText(value);
  if (NO_FIGURE.has(text)) return { kind: 'missing' };
  if (typeof value === 'boolean' || value instanceof Date) return { kind: 'invalid', text };
  const m = /^(\()?\s*([-+]?)\s*£?\s*((?:\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.\d+)?|\.\d+)\s*(%?)\s*(\))?$/.exec(text);
  if (!m || Boolean(m[1]) !== Boolean(m[5])) return { kind: 'invalid', text };
  const magnitude = Number(m[3].replace(/[, ]/g, ''));
  const negative = m[1] !== undefined || m[2] === '-';
  return { kind: 'number', value: negative ? -magnitude : magnitude };
}
