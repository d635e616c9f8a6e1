import * as z from 'zod';
import { UnitSchema } from '../domain/kpi';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.

export const SourceFiguresSchema = z.object({ source: z.string(), name: z.string(), figures: z.number().int() });

export const KpiSourcesSchema = z.object({
  kpiId: z.string(),
  name: z.string(),
  /** The source as `--use` names it ("force" for the force's own) and as a sentence names it. */
  reporting: z.string().nullable(),
  reportingName: z.string().nullable(),
  sources: z.array(SourceFiguresSchema),
  choice: z.object({ source: z.string(), by: z.string(), at: z.string() }).nullable(),
});

export type KpiSources = z.infer<typeof KpiSourcesSchema>;

export const ReconciliationSchema = z.object({
  kpiId: z.string(),
  name: z.string(),
  period: z.string(),
  sources: z.array(z.object({ source: z.string(), name: z.string(), value: z.number() })),
  /** The second source's figure less the first's (the force's own first, where it is one of them). */
  difference: z.number(),
  differencePercent: z.number().nullable(),
  /** The source the KPI is reported from everywhere else, named: "the force’s own systems". */
  reportedFrom: z.string(),
  /** The figures as the report prints them, in the KPI's unit. */
  unit: UnitSchema,
  display: z.object({ values: z.array(z.string()), difference: z.string(), differencePercent: z.string() }),
  /** The analyst's explanation of the difference, with who wrote it and when. */
  note: z.string().nullable(),
  noted: z.object({ by: z.string(), at: z.string() }).nullable(),
});

export type Reconciliation = z.infer<typeof ReconciliationSchema>;

export const SourceSchema = z.lazy(() => z.object({
  month: z.string(),
  kpiId: z.string(),
  name: z.string(),
  value: z.number(),
  source: z.string(),
  file: z.string().nullable(),
  sheet: z.string().nullable(),
  cell: z.string().nullable(),
}));

export type Source = z.infer<typeof SourceSchema>;
