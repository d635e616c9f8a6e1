import * as z from 'zod';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.
import { MonthKeySchema } from '../domain/annotation';

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
}));
