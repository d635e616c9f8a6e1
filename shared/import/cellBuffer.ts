import type { CellValue, Grid } from './grid';

/**
 * Cells as a reader finds them, in typed arrays: a workbook is read in a worker (so that a damaged file
 * can be stopped), and a million cells pass back to the import as a few transferable buffers rather than a
 * million cloned objects. Strings are kept once each.
 */

export const CELL_LIMITS = {
  /** Cells holding something, over the whole workbook. */
  cells: 20_000_000,
  /** Rows × columns of a sheet's used range: what its grid would take in memory. */
  area: 60_000_000,
};

const enum Kind {
  Number = 1,
  Text = 2,
  Boolean = 3,
  /** A date, as milliseconds since 1970 at midnight UTC of the day shown. */
  Date = 4,
  /** A number formatted as a percentage: stored as the fraction the cell holds (0.884 for 88.4%). */
  Percent = 5,
}

export interface EncodedSheet {
  name: string;
  count: number;
  rows: Int32Array;
  columns: Int32Array;
  kinds: Uint8Array;
  numbers: Float64Array;
  /** For text cells, the index of the text in the workbook's strings. */
  texts: Int32Array;
  /** How many of its numbers are formatted as percentages. */
  percentCells: number;
}

export interface EncodedWorkbook {
  strings: string[];
  sheets: EncodedSheet[];
}

export class CellLimitError extends Error {}

/** Collects the cells of a workbook, sheet by sheet. */
export class CellCollector {
  readonly strings: string[] = [];
  readonly sheets: EncodedSheet[] = [];
  private readonly stringIndex = new Map<string, number>();
  private total = 0;
  private current: EncodedSheet | null = null;

  beginSheet(name: string): void {
    this.endSheet();
    const capacity = 1024;
    this.current = {
      name,
      count: 0,
      rows: new Int32Array(capacity),
      columns: new Int32Array(capacity),
      kinds: new Uint8Array(capacity),
      numbers: new Float64Array(capacity),
      texts: new Int32Array(capacity),
      percentCells: 0,
    };
  }

  private slot(row: number, column: number, kind: Kind): number {
    const sheet = this.current!;
    if (++this.total > CELL_LIMITS.cells) throw new CellLimitError(`more than ${CELL_LIMITS.cells.toLocaleString('en-GB')} cells, more than the workbench reads`);
    if (sheet.count === sheet.rows.length) grow(sheet);
    const i = sheet.count++;
    sheet.rows[i] = row;
    sheet.columns[i] = column;
    sheet.kinds[i] = kind;
    return i;
  }

  // Each takes its slot before touching the arrays: taking one may replace them with larger ones.
  number(row: number, column: number, value: number): void {
    const i = this.slot(row, column, Kind.Number);
    this.current!.numbers[i] = value;
  }

  text(row: number, column: number, value: string): void {
    let index = this.stringIndex.get(value);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(value);
      this.stringIndex.set(value, index);
    }
    const i = this.slot(row, column, Kind.Text);
    this.current!.texts[i] = index;
  }

  boolean(row: number, column: number, value: boolean): void {
    const i = this.slot(row, column, Kind.Boolean);
    this.current!.numbers[i] = value ? 1 : 0;
  }

  /** A date as the UTC midnight of the day it shows. */
  date(row: number, column: number, utcMillis: number): void {
    const i = this.slot(row, column, Kind.Date);
    this.current!.numbers[i] = utcMillis;
  }

  /** A number the spreadsheet shows as a percentage (0.884 shown as 88.4%). */
  percent(row: number, column: number, fraction: number): void {
    const i = this.slot(row, column, Kind.Percent);
    this.current!.numbers[i] = fraction;
    this.current!.percentCells++;
  }

  endSheet(): void {
    if (!this.current) return;
    const sheet = this.current;
    this.current = null;
    // Trimmed to the cells found, so that what is handed over is no larger than the sheet.
    const n = sheet.count;
    sheet.rows = sheet.rows.slice(0, n);
    sheet.columns = sheet.columns.slice(0, n);
    sheet.kinds = sheet.kinds.slice(0, n);
    sheet.numbers = sheet.numbers.slice(0, n);
    sheet.texts = sheet.texts.slice(0, n);
    this.sheets.push(sheet);
  }

  finish(): EncodedWorkbook {
    this.endSheet();
    return { strings: this.strings, sheets: this.sheets };
  }
}

function grow(sheet: EncodedSheet): void {
  const size = sheet.rows.length * 2;
  const rows = new Int32Array(size);
  const columns = new Int32Array(size);
  const kinds = new Uint8Array(size);
  const numbers = new Float64Array(size);
  const texts = new Int32Array(size);
  rows.set(sheet.rows);
  columns.set(sheet.columns);
  kinds.set(sheet.kinds);
  numbers.set(sheet.numbers);
  texts.set(sheet.texts);
  Object.assign(sheet, { rows, columns, kinds, numbers, texts });
}

/** The buffers to hand over without copying. */
export function transferList(workbook: EncodedWorkbook): ArrayBuffer[] {
  return workbook.sheets.flatMap((s) => [s.rows, s.columns, s.kinds, s.numbers, s.texts].map((a) => a.buffer as ArrayBuffer));
}

/** The used range of a sheet, whatever its stated dimension: the cells it actually holds. */
export function usedRange(sheet: EncodedSheet): { firstRow: number; lastRow: number; firstColumn: number; lastColumn: number } | null {
  if (!sheet.count) return null;
  let firstRow = Infinity;
  let lastRow = -1;
  let firstColumn = Infinity;
  let lastColumn = -1;
  for (let i = 0; i < sheet.count; i++) {
    const r = sheet.rows[i];
    const c = sheet.columns[i];
    if (r < firstRow) firstRow = r;
    if (r > lastRow) lastRow = r;
    if (c < firstColumn) firstColumn = c;
    if (c > lastColumn) lastColumn = c;
  }
  return { firstRow, lastRow, firstColumn, lastColumn };
}

/**
 * A percentage cell as the spreadsheet shows it, at full precision: 0.884 is "88.4%", which every reader of
 * a figure takes as 88.4 (as it does text typed "88.4%"). Rounded to 15 significant digits, so that the
 * binary fraction times 100 (88.39999999999999) is the figure the analyst sees.
 */
export function percentText(fraction: number): string {
  const value = Number((fraction * 100).toPrecision(15));
  const text = String(value);
  return `${text.includes('e') ? value.toFixed(20).replace(/\.?0+$/, '') : text}%`;
}

/** A sheet's cells as the grid the layouts read; null for a sheet with none. */
export function decodeSheet(file: string, workbook: EncodedWorkbook, sheet: EncodedSheet): Grid | null {
  const range = usedRange(sheet);
  if (!range) return null;
  const height = range.lastRow - range.firstRow + 1;
  const width = range.lastColumn - range.firstColumn + 1;
  if (height * width > CELL_LIMITS.area) {
    throw new CellLimitError(
      `the sheet ${sheet.name} has cells spread over ${height.toLocaleString('en-GB')} rows and ${width.toLocaleString('en-GB')} columns, more than the workbench reads (${CELL_LIMITS.area.toLocaleString('en-GB')} cells)`,
    );
  }
  const rows: CellValue[][] = Array.from({ length: height }, () => new Array<CellValue>(width).fill(null));
  for (let i = 0; i < sheet.count; i++) {
    const r = sheet.rows[i] - range.firstRow;
    const c = sheet.columns[i] - range.firstColumn;
    switch (sheet.kinds[i]) {
      case Kind.Number:
        rows[r][c] = sheet.numbers[i];
        break;
      case Kind.Text:
        rows[r][c] = workbook.strings[sheet.texts[i]];
        break;
      case Kind.Boolean:
        rows[r][c] = sheet.numbers[i] === 1;
        break;
      case Kind.Date:
        rows[r][c] = new Date(sheet.numbers[i]);
        break;
      case Kind.Percent:
        rows[r][c] = percentText(sheet.numbers[i]);
        break;
    }
  }
  return { file, sheet: sheet.name, originRow: range.firstRow, originColumn: range.firstColumn, rows, percentCells: sheet.percentCells };
}
