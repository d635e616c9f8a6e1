import * as z from 'zod';
import { ApiErrorSchema } from '../api/errors';
import { DirectionSchema, UnitSchema } from '../domain/kpi';
import { LayoutChoiceSchema } from './layoutChoice';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.

export const ImportProblemSchema = z.lazy(() => z.object({
  severity: z.enum(['error', 'warning']),
  /** What kind of problem, for logic to test (the message is for people): a label that matches no KPI, a file that gave nothing. */
  kind: z.enum(['unmatched_label', 'undefined_kpi', 'nothing_to_import']).optional(),
  file: z.string(),
  sheet: z.string().optional(),
  cell: z.string().optional(),
  message: z.string(),
}));

export type ImportProblemDto = z.infer<typeof ImportProblemSchema>;

export const CountsSchema = z.object({ added: z.number().int(), changed: z.number().int(), unchanged: z.number().int() });

export const SheetSampleSchema = z.lazy(() => z.object({
  key: z.string(),
  file: z.string(),
  sheet: z.string(),
  /** The sheet row number of rows[0] (1-based) and the column index of rows[0][0] (0 = A). */
  firstRow: z.number().int(),
  firstColumn: z.number().int(),
  rows: z.array(z.array(z.string())),
}));

export type SheetSample = z.infer<typeof SheetSampleSchema>;

export const ImportPreviewSchema = z.object({
  files: z.array(z.object({ file: z.string(), sha256: z.string(), sheets: z.array(z.object({ sheet: z.string(), layout: z.string(), figures: z.number().int(), title: z.string().optional() })) })),
  errors: z.array(ImportProblemSchema),
  warnings: z.array(ImportProblemSchema),
  skipped: z.array(z.string()),
  unmatched: z.array(z.object({ label: z.string(), file: z.string(), sheet: z.string(), cell: z.string(), figures: z.number().int() })),
  newKpis: z.array(z.object({ id: z.string(), section: z.number().int(), number: z.string(), name: z.string(), unit: UnitSchema, direction: DirectionSchema, label: z.string() })),
  summary: z.array(CountsSchema.extend({ kpiId: z.string(), number: z.string(), name: z.string() })),
  totals: CountsSchema,
  /** Figures the import would change, old → new (the first thousand). */
  changed: z.array(
    z.object({
      kpiId: z.string(),
      name: z.string(),
      period: z.string(),
      breakdown: z.string().nullable(),
      area: z.string().nullable(),
      oldValue: z.number(),
      newValue: z.number(),
      file: z.string(),
      sheet: z.string(),
      cell: z.string(),
    }),
  ),
  changedNotListed: z.number().int(),
  /** Saved mappings applied because a file has the shape of one imported before. */
  profiles: z.array(z.object({ file: z.string(), profile: z.string() })),
  /** Every label → KPI mapping in force for this import. */
  mappings: z.record(z.string(), z.string()),
  /** Every layout the analyst gave, by "file!sheet". */
  layouts: z.record(z.string(), LayoutChoiceSchema),
  /** Sheets with figures whose layout could not be told: the first rows and columns, to say how. */
  unread: z.array(SheetSampleSchema),
  canCommit: z.boolean(),
});

export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ImportResultSchema = ImportPreviewSchema.extend({
  status: z.enum(['committed', 'nothing_to_do', 'blocked']),
  importId: z.number().int().nullable(),
});

export type ImportResult = z.infer<typeof ImportResultSchema>;

export const ImportJobStatusSchema = z.lazy(() => z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  /** What it is doing: "Reading force.xlsx", "Checking 250,000 figures", "Writing". */
  phase: z.string(),
  done: z.number().int(),
  /** 0 while the size of the step is not known. */
  total: z.number().int(),
  result: z.union([ImportResultSchema, ImportPreviewSchema]).nullable(),
  error: ApiErrorSchema.nullable(),
}));

export type ImportJobStatus = z.infer<typeof ImportJobStatusSchema>;

export const ImportEntrySchema = z.lazy(() => z.object({
  id: z.number().int(),
  kind: z.enum(['demo', 'file', 'manual']),
  label: z.string(),
  fileName: z.string().nullable(),
  sha256: z.string().nullable(),
  createdAt: z.string(),
  undoneAt: z.string().nullable(),
  totals: CountsSchema,
}));

export type ImportEntry = z.infer<typeof ImportEntrySchema>;

export const NewKpiDefinitionSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  section: z.number().int().min(1).max(5),
  unit: UnitSchema,
  direction: DirectionSchema,
});

export const ImportArgs = z.object({
  paths: z.array(z.string().min(1)).min(1),
  addUnknown: z.boolean().default(false),
  /** Labels the analyst mapped to KPIs: label → KPI id. */
  mappings: z.record(z.string(), z.string()).default({}),
  /** Labels to add as new KPIs. */
  addLabels: z.array(z.string()).default([]),
  /** What each label added as a new KPI is: its name, section, unit and direction of good, by label. */
  newKpis: z.record(z.string(), NewKpiDefinitionSchema).default({}),
  /** The definition of every added label not defined by itself (`--add-unknown --section N --unit U --direction D`). */
  newKpiDefaults: NewKpiDefinitionSchema.omit({ name: true }).optional(),
  /** How sheets the workbench cannot read by itself are laid out, by "file!sheet". */
  layouts: z.record(z.string(), LayoutChoiceSchema).default({}),
  /** The source the files' figures are from ("force" for the force's own); else as each file's shape says. */
  source: z.string().trim().min(1).max(80).optional(),
});
