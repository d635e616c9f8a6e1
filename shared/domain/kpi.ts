import * as z from 'zod';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.

// Plain values with no schema behind them live in sections.ts, so that the app's first screen needs no zod.
export { SECTIONS, compareKpiNumbers, isRateUnit } from './sections';

export const UnitSchema = z.enum(['count', 'percent', 'seconds', 'minutes', 'rate_per_1000', 'currency', 'hours']);
export type Unit = z.infer<typeof UnitSchema>;

/** Which way is better: more 999 calls answered in time is good (up), more crime is bad (down). */
export const DirectionSchema = z.enum(['up', 'down', 'neutral']);
export type Direction = z.infer<typeof DirectionSchema>;

/**
 * How monthly figures combine into a quarter or a year.
 * - sum: counts.
 * - ratio: 100 × Σ numerator ÷ Σ denominator over the months both have (e.g. 101 abandonment rate).
 * - mean: average of the monthly values, weighted by another KPI's monthly volume when given
 *   (average time to answer, weighted by the number of calls).
 * - latest: the value of the period's last month, for 12-month rolling rates such as satisfaction.
 */
export const AggregationSchema = z.lazy(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('sum') }),
  z.object({ type: z.literal('ratio'), numerator: z.string(), denominator: z.string() }),
  z.object({ type: z.literal('mean'), weight: z.string().optional() }),
  /** `rolling`: each month's figure covers the twelve months to it, so consecutive months share eleven. */
  z.object({ type: z.literal('latest'), rolling: z.boolean().optional() }),
]));
export type Aggregation = z.infer<typeof AggregationSchema>;

export const StandardSchema = z.lazy(() => z.object({
  value: z.number(),
  /** Whether the standard is a floor (at least) or a ceiling (at most). */
  comparison: z.enum(['at_least', 'at_most']),
  text: z.string(),
}));
export type Standard = z.infer<typeof StandardSchema>;

export const KpiSchema = z.lazy(() => z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'KPI ids are lower-case words joined by hyphens'),
  section: z.number().int().min(1).max(5),
  number: z.string().regex(/^[1-5]\.\d+$/, 'KPI numbers look like "1.1"'),
  name: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  unit: UnitSchema,
  direction: DirectionSchema,
  aggregation: AggregationSchema,
  standard: StandardSchema.optional(),
  /** Breakdown dimensions the force reports for this KPI, e.g. ["Age", "Gender"]. */
  breakdowns: z.array(z.string()).default([]),
  description: z.string().default(''),
  /** Whether the KPI table of its section shows it by default (the report's headline rows). */
  headline: z.boolean().default(false),
  /** Why the KPI has its direction of good, where that needs saying (hidden harm: more recorded can mean more reported). */
  directionNote: z.string().optional(),
  /** A direction the analyst chose in place of the catalogue's: which the catalogue gives, and who chose when. */
  directionChoice: z.object({ catalogue: DirectionSchema, by: z.string(), at: z.string() }).optional(),
}));
export type Kpi = z.infer<typeof KpiSchema>;

/** A direction of good in words, as the KPI page, Settings and the command line say it. */
export const DIRECTION_TEXT = { up: 'Higher is better', down: 'Lower is better', neutral: 'Neither higher nor lower is better' } as const;

export const CatalogueSchema = z
  .object({ version: z.number().int().positive(), kpis: z.array(KpiSchema).min(1) })
  .superRefine((catalogue, ctx) => {
    const ids = new Set<string>();
    const numbers = new Set<string>();
    catalogue.kpis.forEach((kpi, i) => {
      if (ids.has(kpi.id)) ctx.addIssue({ code: 'custom', path: ['kpis', i, 'id'], message: `duplicate KPI id "${kpi.id}"` });
      if (numbers.has(kpi.number)) ctx.addIssue({ code: 'custom', path: ['kpis', i, 'number'], message: `duplicate KPI number "${kpi.number}"` });
      if (Number(kpi.number.split('.')[0]) !== kpi.section) {
        ctx.addIssue({ code: 'custom', path: ['kpis', i, 'number'], message: `KPI ${kpi.number} is not in section ${kpi.section}` });
      }
      ids.add(kpi.id);
      numbers.add(kpi.number);
    });
    catalogue.kpis.forEach((kpi, i) => {
      const refs = [
        ...(kpi.aggregation.type === 'ratio' ? [kpi.aggregation.numerator, kpi.aggregation.denominator] : []),
        ...(kpi.aggregation.type === 'mean' && kpi.aggregation.weight ? [kpi.aggregation.weight] : []),
      ];
      for (const ref of refs) {
        if (!ids.has(ref)) ctx.addIssue({ code: 'custom', path: ['kpis', i, 'aggregation'], message: `KPI "${kpi.id}" refers to unknown KPI "${ref}"` });
      }
    });
  });
export type Catalogue = z.infer<typeof CatalogueSchema>;

