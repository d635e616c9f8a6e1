/**
 * A figure's cell as the workspace stores it: 1-based row and column, and for a figure counted from records
 * the last row and how many rows were counted. The text form is the one every screen shows: "AX10", or
 * "D5:D900 (896 rows)". The view `observations` (migration 010) writes the same text in SQL.
 */
export interface CellRef {
  row: number;
  column: number;
  lastRow: number | null;
  rowCount: number | null;
}

const CELL = /^([A-Z]{1,3})([1-9][0-9]{0,6})(?::([A-Z]{1,3})([1-9][0-9]{0,6}) \(([0-9]+) rows\))?$/;

function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The stored form of a cell's text; null for none. A text that is not a cell is a fault of the caller. */
export function parseCellRef(text: string | null | undefined): CellRef | null {
  if (text === null || text === undefined) return null;
  const m = CELL.exec(text);
  if (!m || (m[3] !== undefined && m[3] !== m[1])) throw new Error(`"${text}" is not a cell the workspace can record as a figure's provenance`);
  return { row: Number(m[2]), column: columnNumber(m[1]), lastRow: m[4] === undefined ? null : Number(m[4]), rowCount: m[5] === undefined ? null : Number(m[5]) };
}

export function formatCellRef(row: number | null, column: number | null, lastRow: number | null, rowCount: number | null): string | null {
  if (row === null || column === null) return null;
  const letters = columnLetters(column);
  return lastRow === null ? `${letters}${row}` : `${letters}${row}:${letters}${lastRow} (${rowCount} rows)`;
}

/** For migration 010: part 0–3 (row, column, last row, row count) of a cell's text. */
export function cellPart(text: string | null, part: number): number | null {
  const ref = parseCellRef(text);
  if (!ref) return null;
  return [ref.row, ref.column, ref.lastRow, ref.rowCount][part];
}
