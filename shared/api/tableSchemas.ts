import * as z from 'zod';
import { DirectionSchema, KpiSchema, UnitSchema } from '../domain/kpi';
import { AssuranceSchema, RowVerdictSchema, SensitivitySchema, SparkSchema, VariationSchema } from './analysisSchemas';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.

export const ComparisonDisplaySchema = z.lazy(() => z.object({
  current: z.string(),
  previous: z.string(),
  change: z.string(),
  changePercent: z.string(),
}));

export const KpiTableRowSchema = z.lazy(() => z.object({
  kpiId: z.string(),
  number: z.string(),
  name: z.string(),
  section: z.number().int(),
  unit: UnitSchema,
  direction: DirectionSchema,
  breakdown: z.string().nullable(),
  category: z.string().nullable(),
  current: z.number().nullable(),
  previous: z.number().nullable(),
  change: z.number().nullable(),
  changePercent: z.number().nullable(),
  /** The period's verdict (Making Data Count's variation and assurance), the same everywhere it is shown. */
  verdict: RowVerdictSchema,
  /** The KPI's reporting source ("force", "data.police.uk") and its name under a table ("data.police.uk open data"). */
  source: z.string(),
  sourceName: z.string(),
  /** The change and the verdict in words, kept apart: "up 5%, within common-cause variation". */
  words: z.string(),
  coverage: z.object({
    current: z.object({ months: z.number().int(), expected: z.number().int() }),
    previous: z.object({ months: z.number().int(), expected: z.number().int() }),
  }),
  display: ComparisonDisplaySchema,
}));

export type KpiTableRowDto = z.infer<typeof KpiTableRowSchema>;

export const KpiTableSchema = z.lazy(() => z.object({
  period: z.string(),
  periodLong: z.string(),
  previousPeriod: z.string(),
  headers: z.object({ current: z.string(), previous: z.string() }),
  isDemo: z.boolean(),
  rows: z.array(KpiTableRowSchema),
}));

export type KpiTable = z.infer<typeof KpiTableSchema>;

export const ProvenanceSchema = z.lazy(() => z.object({
  importId: z.number().int().nullable(),
  source: z.string(),
  file: z.string().nullable(),
  sheet: z.string().nullable(),
  cell: z.string().nullable(),
}));

export type Provenance = z.infer<typeof ProvenanceSchema>;

export const HistoryPointSchema = z.lazy(() => z.object({
  month: z.string(),
  value: z.number(),
  provenance: ProvenanceSchema,
}));

export const HistorySchema = z.lazy(() => z.object({
  kpi: KpiSchema,
  breakdown: z.string().nullable(),
  category: z.string().nullable(),
  points: z.array(HistoryPointSchema),
  breakdowns: z.array(z.object({ dimension: z.string(), category: z.string() })),
}));

export type History = z.infer<typeof HistorySchema>;

export const VariationCountsSchema = z.lazy(() => z.object({
  special_improving: z.number().int(),
  special_concerning: z.number().int(),
  special_neither: z.number().int(),
  common_cause: z.number().int(),
  not_judged: z.number().int(),
  /** KPIs with a standard they consistently fail, or meet only hit and miss. */
  failing: z.number().int(),
}));

export const DashboardSummarySchema = z.lazy(() => z.object({
  period: z.string(),
  periodLong: z.string(),
  previousPeriod: z.string(),
  sensitivity: SensitivitySchema,
  sections: z.array(z.object({ number: z.number().int(), title: z.string(), counts: VariationCountsSchema })),
  /** Events of the period not yet explained or dismissed, and step changes awaiting a decision. */
  inbox: z.object({ events: z.number().int(), steps: z.number().int() }),
  /** Series (KPIs and breakdowns) judged for the period, and what chance alone would show among them. */
  judged: z.number().int(),
  chance: z.string(),
  cards: z.array(
    z.object({
      kpiId: z.string(),
      number: z.string(),
      name: z.string(),
      section: z.number().int(),
      current: z.string(),
      previous: z.string(),
      change: z.string(),
      changePercent: z.string(),
      words: z.string(),
      variation: VariationSchema.nullable(),
      side: z.enum(['high', 'low']).nullable(),
      assurance: AssuranceSchema.nullable(),
      notJudged: z.string().nullable(),
      unit: UnitSchema,
      spark: SparkSchema,
    }),
  ),
}));

export type DashboardSummary = z.infer<typeof DashboardSummarySchema>;
