import * as z from 'zod';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.
import { MonthKeySchema } from '../domain/annotation';
import { MappedCellSchema } from './mapping';

/** What the returns and spreadsheet-export methods of the API contract take and give. */

export const ReturnPreviewSchema = z.lazy(() => z.object({
  id: z.string(),
  name: z.string(),
  period: z.string(),
  periodLong: z.string(),
  marking: z.string(),
  columns: z.array(z.object({ column: z.string(), header: z.string() })),
  rows: z.array(
    z.object({
      row: z.number().int(),
      label: z.string(),
      kind: z.enum(['heading', 'measure', 'total', 'share']),
      kpiId: z.string().nullable(),
      /** The breakdown a measure row is of, if any. */
      dimension: z.string().nullable(),
      category: z.string().nullable(),
      /** The months without a figure that the row's cells need: what the entry grid asks for. */
      missingMonths: z.array(MonthKeySchema),
      cells: z.array(
        z.object({
          address: z.string(),
          value: z.number().nullable(),
          display: z.string(),
          status: z.enum(['filled', 'missing', 'not_available']),
          source: z.string(),
          reason: z.string().nullable(),
          months: z.array(MonthKeySchema),
        }),
      ),
    }),
  ),
  problems: z.array(z.object({ address: z.string(), message: z.string() })),
  /** The same problems, said once per row: "B6:G6 hotspot patrol hours: no figure for April–June 2019". */
  problemRows: z.array(
    z.object({
      row: z.number().int(),
      range: z.string(),
      cells: z.array(z.string()),
      label: z.string(),
      kind: z.enum(['missing', 'untotalled', 'mismatch']),
      message: z.string(),
    }),
  ),
  canExport: z.boolean(),
}));
export type ReturnPreview = z.infer<typeof ReturnPreviewSchema>;

export type DataExport = z.infer<typeof DataExportSchema>;
export const DataExportSchema = z.lazy(() => z.object({
  id: z.number().int(),
  kind: z.enum(['return', 'tables']),
  name: z.string(),
  period: z.string(),
  format: z.enum(['xlsx', 'csv']),
  filePath: z.string(),
  sha256: z.string(),
  author: z.string(),
  createdAt: z.string(),
  /**
   * For a return: each cell whose figure the workspace now gives differently from the one written (after an
   * undo, a re-import or a hand change), "F6 was 156, now 154"; empty while the file still matches; null for
   * KPI tables, or a return whose template or mapping is gone.
   */
  differences: z.array(z.object({ address: z.string(), label: z.string(), was: z.string(), now: z.string() })).nullable(),
}));

/** A return workbook the analyst was sent, as the workbench reads it, with the mapping of its cells. */
export const ReturnWorkbookSchema = z.lazy(() => z.object({
  fileName: z.string(),
  /** The workbook's layout: the key its mapping is kept under. */
  layout: z.string(),
  sheets: z.array(
    z.object({
      name: z.string(),
      hidden: z.boolean(),
      /** The used range: columns and rows to show. */
      columns: z.number().int(),
      rows: z.number().int(),
      merges: z.array(z.string()),
      cells: z.array(z.object({ address: z.string(), text: z.string(), formula: z.string().nullable() })),
    }),
  ),
  /** The saved mapping of this layout, or the one the workbench proposes from its labels. */
  mapping: z.object({
    source: z.enum(['saved', 'built-in', 'proposed']),
    name: z.string(),
    version: z.number().int(),
    updatedBy: z.string().nullable(),
    updatedAt: z.string().nullable(),
    cells: z.array(z.object({ mapped: MappedCellSchema, label: z.string() })),
  }),
}));
export type ReturnWorkbook = z.infer<typeof ReturnWorkbookSchema>;

/** A mapped workbook worked out for a quarter: each mapped cell's value, and what stops it being written. */
export const WorkbookFillSchema = z.lazy(() => z.object({
  fileName: z.string(),
  period: z.string(),
  cells: z.array(
    z.object({
      sheet: z.string(),
      cell: z.string(),
      label: z.string(),
      value: z.number().nullable(),
      display: z.string(),
      status: z.enum(['filled', 'missing', 'not_available']),
      reason: z.string().nullable(),
      months: z.array(MonthKeySchema),
    }),
  ),
  /** The workbook's own formulas whose results the workbench worked out (the rest recalculate on opening). */
  formulas: z.array(z.object({ sheet: z.string(), cell: z.string(), formula: z.string(), value: z.number().nullable() })),
  problems: z.array(z.object({ address: z.string(), message: z.string() })),
  canExport: z.boolean(),
}));
export type WorkbookFill = z.infer<typeof WorkbookFillSchema>;
