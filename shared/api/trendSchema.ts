import * as z from 'zod';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.
import { UnitSchema } from '../domain/kpi';
import { AnnotationSchema, MonthKeySchema } from '../domain/annotation';

/** A KPI's trend for the report's chart: this financial year and the last, April to March. */
export const TrendSchema = z.lazy(() => z.object({
  kpiId: z.string(),
  name: z.string(),
  unit: UnitSchema,
  breakdown: z.string().nullable(),
  category: z.string().nullable(),
  /** "Apr" … "Mar" */
  months: z.array(z.string()).length(12),
  thisYear: z.object({ label: z.string(), values: z.array(z.number().nullable()).length(12) }),
  lastYear: z.object({ label: z.string(), values: z.array(z.number().nullable()).length(12) }),
  /** This year's months as YYYY-MM, April first, and the annotations that fall in them. */
  monthKeys: z.array(MonthKeySchema).length(12),
  annotations: z.array(AnnotationSchema),
}));
export type Trend = z.infer<typeof TrendSchema>;
