import * as z from 'zod';
import { KpiSchema, UnitSchema } from '../domain/kpi';
import { AnnotationCategorySchema, AnnotationSchema, MonthKeySchema } from '../domain/annotation';
import { FLAG_RULES, type FlagRule } from '../analysis/anomalies';

/** The shapes of what the analysis methods of the API contract take and give. */

export const FlagRuleSchema = z.enum(Object.keys(FLAG_RULES) as [FlagRule, ...FlagRule[]]);
const VariationSchema = z.enum(['improving', 'deteriorating', 'neither']);

export const ReviewSchema = z.object({
  status: z.enum(['explained', 'dismissed']),
  reason: z.string(),
  annotationId: z.number().int().nullable(),
  author: z.string(),
  reviewedAt: z.string(),
});

export const AnomalySchema = z.object({
  kpiId: z.string(),
  number: z.string(),
  name: z.string(),
  unit: UnitSchema,
  breakdown: z.string().nullable(),
  category: z.string().nullable(),
  month: MonthKeySchema,
  /** The rule named first, and every rule that fired at the point. */
  rule: FlagRuleSchema,
  ruleName: z.string(),
  rules: z.array(FlagRuleSchema),
  method: z.enum(['seasonal', 'spc']),
  side: z.enum(['high', 'low']),
  value: z.number(),
  expected: z.number(),
  /** Departure from expectation in standard deviations. */
  size: z.number(),
  direction: VariationSchema,
  display: z.object({ value: z.string(), expected: z.string(), difference: z.string(), percent: z.string() }),
  review: ReviewSchema.nullable(),
});
export type Anomaly = z.infer<typeof AnomalySchema>;

export const AnomalyInboxSchema = z.object({
  period: z.string(),
  periodLong: z.string(),
  months: z.array(MonthKeySchema),
  judged: z.number().int(),
  anomalies: z.array(AnomalySchema),
  notJudged: z.array(z.object({ kpiId: z.string(), name: z.string(), breakdown: z.string().nullable(), category: z.string().nullable(), reason: z.string() })),
});
export type AnomalyInbox = z.infer<typeof AnomalyInboxSchema>;

/** A figure of the force: KPI, breakdown (or none) and month. */
export const FigureRefSchema = z.object({
  kpiId: z.string().min(1),
  dimension: z.string().max(200).default(''),
  category: z.string().max(200).default(''),
  month: MonthKeySchema,
});

export const AnnotationFieldsSchema = z
  .object({
    scope: z.enum(['kpis', 'all']).default('kpis'),
    kpiIds: z.array(z.string().min(1)).default([]),
    from: MonthKeySchema,
    to: MonthKeySchema.optional(),
    category: AnnotationCategorySchema,
    text: z.string().trim().min(1, 'say what happened').max(4000),
  })
  .transform((a) => ({ ...a, to: a.to ?? a.from }))
  .refine((a) => a.from <= a.to, { message: 'the range ends before it starts', path: ['to'] })
  .refine((a) => a.scope === 'all' || a.kpiIds.length > 0, { message: 'choose at least one KPI, or all KPIs', path: ['kpiIds'] });

export const AnnotationHistorySchema = z.array(
  z.object({
    action: z.enum(['created', 'edited', 'deleted', 'restored']),
    author: z.string(),
    changedAt: z.string(),
    fields: z.object({ scope: z.enum(['kpis', 'all']), kpiIds: z.array(z.string()), from: z.string(), to: z.string(), category: AnnotationCategorySchema, text: z.string() }),
  }),
);

const LimitsSchema = z.object({
  from: MonthKeySchema,
  to: MonthKeySchema,
  mean: z.number(),
  upper: z.number(),
  lower: z.number(),
  baselinePoints: z.number().int(),
  provisional: z.boolean(),
});

export const SpcViewSchema = z.object({
  kpi: KpiSchema,
  breakdown: z.string().nullable(),
  category: z.string().nullable(),
  points: z.array(
    z.object({
      month: MonthKeySchema,
      value: z.number(),
      rules: z.array(FlagRuleSchema),
      variation: z.enum(['improving', 'deteriorating', 'neither', 'common_cause']),
    }),
  ),
  segments: z.array(LimitsSchema),
  breaks: z.array(MonthKeySchema),
  baselinePoints: z.number().int().nullable(),
  seasonal: z.object({ strength: z.number(), seasonal: z.boolean() }).nullable(),
  /** Making Data Count's assurance against the KPI's standard, for the latest segment. */
  capability: z.object({ standard: z.string(), verdict: z.enum(['consistently_meets', 'consistently_fails', 'hit_and_miss']) }).nullable(),
  annotations: z.array(AnnotationSchema),
});
export type SpcView = z.infer<typeof SpcViewSchema>;

export const PeerGroupSchema = z.object({
  force: z.string().trim().min(1).max(200),
  peers: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
});
export type PeerGroup = z.infer<typeof PeerGroupSchema>;

export const PeerComparisonSchema = z.object({
  period: z.string(),
  offence: z.string(),
  force: z.string(),
  /** What the ranks are of: offences per 1,000 population where every area's population is known, else offences. */
  rankedBy: z.enum(['per_1000', 'offences']),
  statement: z.string(),
  rows: z.array(
    z.object({
      area: z.string(),
      isForce: z.boolean(),
      offences: z.number().nullable(),
      population: z.number().nullable(),
      per1000: z.number().nullable(),
      rank: z.number().int().nullable(),
    }),
  ),
  missingFigures: z.array(z.string()),
  missingPopulations: z.array(z.string()),
  offences: z.array(z.string()),
  periods: z.array(z.string()),
});
export type PeerComparison = z.infer<typeof PeerComparisonSchema>;

export const PopulationSchema = z.object({
  area: z.string().trim().min(1).max(200),
  population: z.number().int().positive(),
  asOf: z.string().trim().min(1).max(100),
  source: z.string().trim().min(1).max(300),
});
