import * as z from 'zod';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.
import type { Kpi } from '../domain/kpi';
import { MarkingSchema } from '../report/model';

/**
 * A return template: a sheet laid out as rows (what is measured) by columns (which period, relative to the
 * return's quarter). Each measured cell is a KPI (or one of its breakdowns) summed over the column's months
 * by the KPI's own aggregation rule. A template is read from a return workbook and its mapping
 * (shared/returns/workbookTemplate.ts), and checked here against the workspace's KPIs.
 */

export const RETURN_PERIODS = {
  month1: 'first month of the quarter',
  month2: 'second month of the quarter',
  month3: 'third month of the quarter',
  quarter: 'the quarter',
  same_quarter_last_year: 'the same quarter last year',
  year_to_date: 'the financial year to the end of the quarter',
} as const;
export type ReturnPeriod = keyof typeof RETURN_PERIODS;

/** Excel's last column and row: a template cell beyond them could not be written. */
export const MAX_COLUMN = 16384;
export const MAX_ROW = 1048576;

const ColumnLetters = z.string().regex(/^[A-Z]{1,3}$/, 'a column is written in capital letters, e.g. C');

const RowSchema = z.lazy(() => z.union([
  z.object({ heading: z.string().min(1) }).strict(),
  z
    .object({
      label: z.string().min(1),
      kpi: z.string().min(1),
      dimension: z.string().optional(),
      category: z.string().optional(),
      /** How the column's months combine; by default the KPI's own rule (a sum of counts, a ratio of rates …). */
      aggregation: z.enum(['sum', 'mean', 'latest']).optional(),
    })
    .strict(),
  z.object({ label: z.string().min(1), total: z.array(z.string().min(1)).min(2) }).strict(),
  z.object({ label: z.string().min(1), shareOf: z.string().min(1), allocation: z.number().positive() }).strict(),
]));
export type ReturnRow = z.infer<typeof RowSchema>;

export const ReturnTemplateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'an id is lower-case words joined by hyphens'),
    name: z.string().min(1),
    description: z.string().default(''),
    sheet: z.string().min(1).max(31),
    marking: MarkingSchema.default('OFFICIAL'),
    headerRow: z.number().int().min(2),
    labelColumn: ColumnLetters.default('A'),
    columns: z.array(z.object({ column: ColumnLetters, header: z.string().min(1), period: z.enum(Object.keys(RETURN_PERIODS) as [ReturnPeriod, ...ReturnPeriod[]]) })).min(1),
    rows: z.array(RowSchema).min(1),
    notes: z.array(z.string()).default([]),
  })
  .strict();
export type ReturnTemplate = z.infer<typeof ReturnTemplateSchema>;

export function columnNumber(letters: string): number {
  return [...letters].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0);
}

export function columnLetters(n: number): string {
  let out = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(65 + ((k - 1) % 26)) + out;
  return out;
}

/** A cell's address as column and row numbers (from 1): "F6" is column 6, row 6. */
export function parseAddress(address: string): { column: number; row: number } {
  const [, letters, row] = /^([A-Z]+)(\d+)$/.exec(address)!;
  return { column: columnNumber(letters), row: Number(row) };
}

/** The sheet row of each template row: the rows follow the header row. */
export function rowNumber(template: ReturnTemplate, index: number): number {
  return template.headerRow + 1 + index;
}

export class ReturnTemplateError extends Error {}

/**
 * Reads a template and checks it against the workspace's KPIs: every problem named with where it is
 * (rows are counted from 1 as the file lists them).
 */
export function readReturnTemplate(raw: unknown, source: string, kpis: ReadonlyMap<string, Kpi>): ReturnTemplate {
  const parsed = ReturnTemplateSchema.safeParse(raw);
  if (!parsed.success) {
    const where = (path: PropertyKey[]) => path.map((p) => (typeof p === 'number' ? `[${p + 1}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new ReturnTemplateError(`${source}: ${parsed.error.issues.map((i) => `${where(i.path) || 'template'}: ${i.message}`).join('; ')}`);
  }
  const t = parsed.data;
  const problems: string[] = [];
  const labels = new Set<string>();
  t.rows.forEach((row, i) => {
    const at = `rows[${i + 1}]`;
    if ('label' in row) {
      if (labels.has(row.label)) problems.push(`${at}: the label "${row.label}" is used twice`);
      labels.add(row.label);
    }
    if ('kpi' in row) {
      const kpi = kpis.get(row.kpi);
      if (!kpi) problems.push(`${at} ("${row.label}"): there is no KPI "${row.kpi}"`);
      else if (!!row.dimension !== !!row.category) problems.push(`${at} ("${row.label}"): a breakdown needs both a dimension and a category`);
      else if (row.dimension && !kpi.breakdowns.includes(row.dimension)) problems.push(`${at} ("${row.label}"): ${kpi.name} has no breakdown by "${row.dimension}"`);
    }
  });
  t.rows.forEach((row, i) => {
    const named = 'total' in row ? row.total : 'shareOf' in row ? [row.shareOf] : [];
    for (const label of named) if (!labels.has(label)) problems.push(`rows[${i + 1}] ("${'label' in row ? row.label : ''}"): there is no row "${label}"`);
  });
  const lastRow = rowNumber(t, t.rows.length - 1) + t.notes.length + 1;
  if (lastRow > MAX_ROW) problems.push(`the return ends at row ${lastRow}, beyond the last row a sheet has (${MAX_ROW})`);
  for (const c of [t.labelColumn, ...t.columns.map((x) => x.column)]) {
    if (columnNumber(c) > MAX_COLUMN) problems.push(`column ${c} is beyond the last column a sheet has (${columnLetters(MAX_COLUMN)})`);
  }
  const used = [t.labelColumn, ...t.columns.map((c) => c.column)];
  const twice = used.filter((c, i) => used.indexOf(c) !== i);
  if (twice.length) problems.push(`column ${twice[0]} is used twice`);
  if (problems.length) throw new ReturnTemplateError(`${source}: ${problems.join('; ')}`);
  return t;
}
