import * as z from 'zod';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.
import { parseMonthKey } from '../domain/periods';
import type { Grid } from './grid';
import type { LongHeader } from './longLayout';
import type { MonthHeader } from './wideLayout';

/**
 * How the analyst says a sheet is laid out when the workbench cannot tell: months across from a given
 * column (for headers such as "P1, P2, P3"), or one row per figure with named columns. Rows are numbered
 * and columns lettered as the spreadsheet shows them.
 */
const Column = z.string().regex(/^[A-Z]{1,3}$/, 'a column letter such as "B"');
const Row = z.number().int().min(1);

export const LayoutChoiceSchema = z.lazy(() => z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('wide'),
    headerRow: Row,
    labelColumn: Column,
    firstMonthColumn: Column,
    firstMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM'),
  }),
  z.object({ kind: z.literal('long'), headerRow: Row, period: Column, measure: Column, value: Column, area: Column.optional() }),
]));
export type LayoutChoice = z.infer<typeof LayoutChoiceSchema>;

/** The key a layout choice is given under: the file's name and the sheet's. */
export function sheetKey(file: string, sheet: string): string {
  return `${file}!${sheet}`;
}

export function columnIndex(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

/** A wide header from a choice: the header row's non-blank cells from the first month column are successive months. */
export function wideHeaderFrom(grid: Grid, choice: Extract<LayoutChoice, { kind: 'wide' }>): { header: MonthHeader; labelColumn: number } {
  const row = choice.headerRow - 1 - grid.originRow;
  const first = columnIndex(choice.firstMonthColumn) - grid.originColumn;
  const months = new Map<number, number>();
  const cells = grid.rows[row] ?? [];
  let month = parseMonthKey(choice.firstMonth);
  for (let c = first; c < cells.length; c++) {
    const value = cells[c];
    if (value === null || value === undefined || String(value).trim() === '') break;
    months.set(c, month++);
  }
  return { header: { row, months }, labelColumn: columnIndex(choice.labelColumn) - grid.originColumn };
}

export function longHeaderFrom(grid: Grid, choice: Extract<LayoutChoice, { kind: 'long' }>): LongHeader {
  const at = (letters: string) => columnIndex(letters) - grid.originColumn;
  return {
    row: choice.headerRow - 1 - grid.originRow,
    period: at(choice.period),
    measure: at(choice.measure),
    value: at(choice.value),
    area: choice.area ? at(choice.area) : undefined,
    breakdowns: new Map(),
  };
}
