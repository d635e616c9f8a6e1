import * as z from 'zod';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.
import { columnLetters, RETURN_PERIODS, type ReturnPeriod } from './template';

/**
 * A return workbook the analyst was sent (the Home Office's own), mapped once: which cell takes which KPI
 * (or breakdown) over which period of the return's quarter. The mapping is kept per workbook layout, so
 * next quarter's copy of the same workbook is recognised, and it can be exported and imported as a file.
 */

const PERIOD_IDS = Object.keys(RETURN_PERIODS) as [ReturnPeriod, ...ReturnPeriod[]];
export const ReturnPeriodSchema = z.enum(PERIOD_IDS);

export const CellAddressSchema = z.string().regex(/^[A-Z]{1,3}[1-9]\d{0,6}$/, 'a cell is written as its column and row, e.g. F6');

export const MappedCellSchema = z.lazy(() => z.object({
  sheet: z.string().min(1).max(31),
  cell: CellAddressSchema,
  kpi: z.string().min(1),
  dimension: z.string().min(1).optional(),
  category: z.string().min(1).optional(),
  period: ReturnPeriodSchema,
  /** How the period's months combine, where not by the KPI's own rule: a monthly average, the latest month. */
  aggregation: z.enum(['sum', 'mean', 'latest']).optional(),
}));
export type MappedCell = z.infer<typeof MappedCellSchema>;

/** A cell that takes what the return is of, as text: the force's name, or the quarter ("Quarter 1 2019/20"). */
export const MappedFieldSchema = z.lazy(() => z.object({
  sheet: z.string().min(1).max(31),
  cell: CellAddressSchema,
  field: z.enum(['force', 'quarter']),
}));
export type MappedField = z.infer<typeof MappedFieldSchema>;

export const RETURN_MAPPING_FORMAT = 'performance-workbench/return-mapping';

export const ReturnMappingSchema = z.lazy(() => z.object({
  format: z.literal(RETURN_MAPPING_FORMAT),
  /** What the workbook is, as it was first mapped: its file's name. */
  name: z.string().min(1).max(300),
  /** What the return is for, in a sentence (the returns list shows it). */
  description: z.string().max(2000).optional(),
  /** Counts up with each change, so a colleague can tell one mapping from a later one. */
  version: z.number().int().min(1),
  /** The workbook's layout (its sheets and their labels), by which the next quarter's copy is recognised. */
  layout: z.string().regex(/^[0-9a-f]{64}$/),
  sheets: z.array(z.string()),
  cells: z.array(MappedCellSchema),
  fields: z.array(MappedFieldSchema).optional(),
  updatedBy: z.string(),
  updatedAt: z.string(),
}));
export type ReturnMapping = z.infer<typeof ReturnMappingSchema>;

/** "Return!F6=stop-searches/Reason=Offensive weapons@month1"; an empty right side takes the cell's mapping away. */
export function parseMappingSpec(spec: string): { sheet: string; cell: string; kpi: string | null; dimension?: string; category?: string; period?: ReturnPeriod } {
  const match = /^(.+)!([A-Za-z]{1,3}[1-9]\d*)=(.*)$/.exec(spec.trim());
  if (!match) throw new Error(`"${spec}" is not SHEET!CELL=KPI@PERIOD, e.g. "Return!B8=surge-patrol-hours@month1"`);
  const [, sheet, cell, target] = match;
  const address = cell.toUpperCase();
  if (!target.trim()) return { sheet: sheet.replace(/^'(.*)'$/, '$1'), cell: address, kpi: null };
  const at = target.lastIndexOf('@');
  if (at < 0) throw new Error(`"${spec}" names no period: end it with @ and one of ${PERIOD_IDS.join(', ')}`);
  const period = target.slice(at + 1).trim();
  if (!(PERIOD_IDS as string[]).includes(period)) throw new Error(`"${period}" is not a period of a return: use one of ${PERIOD_IDS.join(', ')}`);
  const [kpi, breakdown] = target.slice(0, at).split('/', 2).map((s) => s.trim());
  if (!kpi) throw new Error(`"${spec}" names no KPI`);
  let dimension: string | undefined;
  let category: string | undefined;
  if (breakdown !== undefined) {
    const eq = breakdown.indexOf('=');
    if (eq <= 0 || !breakdown.slice(eq + 1).trim()) throw new Error(`"${breakdown}" is not BREAKDOWN=CATEGORY, e.g. Reason=Offensive weapons`);
    dimension = breakdown.slice(0, eq).trim();
    category = breakdown.slice(eq + 1).trim();
  }
  return { sheet: sheet.replace(/^'(.*)'$/, '$1'), cell: address, kpi, dimension, category, period: period as ReturnPeriod };
}

/** How a mapped cell reads: "surge-patrol-hours@month1", "stop-searches/Reason=Offensive weapons@quarter". */
export const mappingTarget = (c: Pick<MappedCell, 'kpi' | 'dimension' | 'category' | 'period'>) => `${c.kpi}${c.dimension ? `/${c.dimension}=${c.category}` : ''}@${c.period}`;

/** A cell of a return workbook as the mapping reads it. */
export interface WorkbookCell {
  address: string;
  row: number;
  column: number;
  text?: string;
  number?: number;
  formula?: string;
}

export interface WorkbookSheet {
  name: string;
  hidden: boolean;
  cells: WorkbookCell[];
  merges: string[];
  /**
   * A protected sheet's cells left unlocked for entry (a government return's input cells); undefined for a
   * sheet without protection, where any cell may take a figure.
   */
  unlocked?: ReadonlySet<string>;
  /** Cells formatted as a percentage: a percent KPI's 92.7 is written there as 0.927, which they show as 92.7%. */
  percent?: ReadonlySet<string>;
}

/** A column header's period, from the words return workbooks use. */
export function periodOfHeader(text: string): ReturnPeriod | undefined {
  const t = text.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^(month ?1|first month)\b/.test(t)) return 'month1';
  if (/^(month ?2|second month)\b/.test(t)) return 'month2';
  if (/^(month ?3|third month)\b/.test(t)) return 'month3';
  if (/same quarter (last|previous|prior) year|(last|previous|prior) year'?s? quarter/.test(t)) return 'same_quarter_last_year';
  if (/year to date|^ytd\b|financial year to date/.test(t)) return 'year_to_date';
  if (/^(the )?quarter( total)?$|^q[1-4]( total)?$|^quarter \d/.test(t)) return 'quarter';
  return undefined;
}

/**
 * The mapping the workbench proposes from the workbook's labels: under a row of period headers ("Month 1",
 * "Quarter total", "Same quarter last year", "Year to date"), each row whose label names a KPI maps its
 * cells in those columns, except cells holding a formula (the workbook works those out itself) and, on a
 * protected sheet, cells not left unlocked for entry.
 */
export function proposeMapping(sheets: readonly WorkbookSheet[], kpiOfLabel: (label: string) => string | undefined): MappedCell[] {
  const out: MappedCell[] = [];
  for (const sheet of sheets) {
    if (sheet.hidden) continue;
    const byRow = new Map<number, WorkbookCell[]>();
    for (const c of sheet.cells) byRow.set(c.row, [...(byRow.get(c.row) ?? []), c]);
    const rows = [...byRow.keys()].sort((a, b) => a - b);
    let periods = new Map<number, ReturnPeriod>();
    for (const r of rows) {
      const cells = byRow.get(r)!.sort((a, b) => a.column - b.column);
      const headers = new Map(cells.flatMap((c) => (c.text && periodOfHeader(c.text) ? [[c.column, periodOfHeader(c.text)!] as const] : [])));
      if (headers.size >= 2) {
        periods = headers;
        continue;
      }
      if (!periods.size) continue;
      const firstPeriodColumn = Math.min(...periods.keys());
      const label = cells.find((c) => c.text && c.column < firstPeriodColumn)?.text;
      const kpi = label ? kpiOfLabel(label) : undefined;
      if (!kpi) continue;
      for (const [column, period] of periods) {
        const cell = cells.find((c) => c.column === column);
        const address = `${columnLetters(column)}${r}`;
        // On a protected sheet only the cells left unlocked take figures; the rest are the workbook's own.
        if (cell?.formula || (sheet.unlocked && !sheet.unlocked.has(address))) continue;
        out.push({ sheet: sheet.name, cell: address, kpi, period });
      }
    }
  }
  return out;
}

/**
 * What identifies a workbook's layout: its sheets' names and the words of its cells (labels and headers,
 * not figures or anything with a digit in it, which change from quarter to quarter).
 */
export function layoutText(sheets: readonly WorkbookSheet[]): string {
  return JSON.stringify(
    sheets.map((s) => [
      s.name,
      s.cells
        .filter((c) => c.text && !/\d/.test(c.text) && c.text.trim().toLowerCase() !== 'n/a')
        .map((c) => `${c.address}:${c.text}`)
        .sort(),
    ]),
  );
}
