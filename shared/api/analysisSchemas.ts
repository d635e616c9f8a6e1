import * as z from 'zod';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.
import { KpiSchema, UnitSchema } from '../domain/kpi';
import { AnnotationCategorySchema, AnnotationSchema, MonthKeySchema } from '../domain/annotation';
import { VERDICT_RULES, type VerdictRule } from '../analysis/verdict';

/** The shapes of what the analysis methods of the API contract take and give. */

export const VariationSchema = z.enum(['common_cause', 'special_improving', 'special_concerning', 'special_neither']);
export const AssuranceSchema = z.enum(['meets', 'fails', 'hit_and_miss']);
export const VerdictRuleSchema = z.enum(Object.keys(VERDICT_RULES) as [VerdictRule, ...VerdictRule[]]);
export const SensitivitySchema = z.enum(['standard', 'conservative']);

/** A row's verdict for the period: null variation where it is not judged, and why. */
export const RowVerdictSchema = z.lazy(() => z.object({
  variation: VariationSchema.nullable(),
  assurance: AssuranceSchema.nullable(),
  notJudged: z.string().nullable(),
  rules: z.array(VerdictRuleSchema),
  side: z.enum(['high', 'low']).nullable(),
}));

export const ReviewSchema = z.lazy(() => z.object({
  status: z.enum(['explained', 'dismissed']),
  reason: z.string(),
  annotationId: z.number().int().nullable(),
  author: z.string(),
  reviewedAt: z.string(),
}));

/** The last two years of a series, with the months of a special cause marked, for a sparkline. */
export const SparkSchema = z.lazy(() => z.object({
  months: z.array(MonthKeySchema),
  values: z.array(z.number()),
  flagged: z.array(z.boolean()),
}));

/** Consecutive special-cause months of one series: one event of the inbox, not one row a month. */
export const EventSchema = z.lazy(() => z.object({
  id: z.string(),
  kpiId: z.string(),
  number: z.string(),
  name: z.string(),
  section: z.number().int(),
  unit: UnitSchema,
  breakdown: z.string().nullable(),
  category: z.string().nullable(),
  from: MonthKeySchema,
  to: MonthKeySchema,
  months: z.number().int(),
  variation: VariationSchema,
  side: z.enum(['high', 'low']),
  /** The rule that explains it best, and every rule that fired in it. */
  rule: VerdictRuleSchema,
  rules: z.array(VerdictRuleSchema),
  /** In words: "above its usual range since April 2019, 3 months". */
  summary: z.string(),
  /** The statistics behind it, for those who want them. */
  detail: z.string(),
  /** The month furthest from what it was judged against. */
  peak: MonthKeySchema,
  value: z.number(),
  expected: z.number().nullable(),
  size: z.number(),
  display: z.object({ value: z.string(), expected: z.string(), difference: z.string(), percent: z.string() }),
  spark: SparkSchema,
  /** The analyst's decision, once every month of the event has one. */
  review: ReviewSchema.nullable(),
}));
export type InboxEvent = z.infer<typeof EventSchema>;

export const StepSchema = z.lazy(() => z.object({
  kpiId: z.string(),
  number: z.string(),
  name: z.string(),
  /** The first month at the new level. */
  month: MonthKeySchema,
  before: z.number(),
  after: z.number(),
  display: z.object({ before: z.string(), after: z.string() }),
  /** 'emerging': a new level with too few months yet to propose (monthsSoFar of monthsNeeded); never accepted as it stands. */
  status: z.enum(['proposed', 'accepted', 'dismissed', 'emerging']),
  monthsSoFar: z.number().int().optional(),
  monthsNeeded: z.number().int().optional(),
  reason: z.string(),
  annotationId: z.number().int().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
}));
export type Step = z.infer<typeof StepSchema>;

export const AnomalyInboxSchema = z.lazy(() => z.object({
  period: z.string(),
  periodLong: z.string(),
  months: z.array(MonthKeySchema),
  sensitivity: SensitivitySchema,
  judged: z.number().int(),
  /** What chance alone would show among the series judged, in one sentence (chanceWords). */
  chance: z.string(),
  events: z.array(EventSchema),
  /** Step changes proposed as at the period's end, for the analyst to accept or dismiss. */
  steps: z.array(StepSchema),
  notJudged: z.array(z.object({ kpiId: z.string(), name: z.string(), breakdown: z.string().nullable(), category: z.string().nullable(), reason: z.string() })),
}));
export type AnomalyInbox = z.infer<typeof AnomalyInboxSchema>;

/** Figures of the force: KPI, breakdown (or none), and a month or the months of an event (month to `to`). */
export const FigureRefSchema = z
  .object({
    kpiId: z.string().min(1),
    dimension: z.string().max(200).default(''),
    category: z.string().max(200).default(''),
    month: MonthKeySchema,
    to: MonthKeySchema.optional(),
  })
  .refine((f) => !f.to || f.to >= f.month, { message: 'the event ends before it starts', path: ['to'] });

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

export const AnnotationHistorySchema = z.lazy(() => z.array(
  z.object({
    action: z.enum(['created', 'edited', 'deleted', 'restored']),
    author: z.string(),
    changedAt: z.string(),
    fields: z.object({ scope: z.enum(['kpis', 'all']), kpiIds: z.array(z.string()), from: z.string(), to: z.string(), category: AnnotationCategorySchema, text: z.string() }),
  }),
));

const SegmentSchema = z.lazy(() => z.object({
  from: MonthKeySchema,
  to: MonthKeySchema,
  mean: z.number(),
  upper: z.number(),
  lower: z.number(),
  baselinePoints: z.number().int(),
  provisional: z.boolean(),
}));

/** A KPI's control chart as at a period: every point judged as the verdict judges it, and the verdict. */
export const SpcViewSchema = z.lazy(() => z.object({
  kpi: KpiSchema,
  breakdown: z.string().nullable(),
  category: z.string().nullable(),
  period: z.string(),
  periodLong: z.string(),
  sensitivity: SensitivitySchema,
  points: z.array(
    z.object({
      month: MonthKeySchema,
      value: z.number(),
      centre: z.number().nullable(),
      lower: z.number().nullable(),
      upper: z.number().nullable(),
      variation: VariationSchema,
      rules: z.array(VerdictRuleSchema),
      inPeriod: z.boolean(),
    }),
  ),
  segments: z.array(SegmentSchema),
  verdict: RowVerdictSchema,
  /** One sentence per thing the reader of the chart should know: seasonal limits, a step to accept. */
  notes: z.array(z.string()),
  breaks: z.array(MonthKeySchema),
  baselinePoints: z.number().int().nullable(),
  seasonal: z.object({ strength: z.number(), seasonal: z.boolean() }).nullable(),
  /** The standard the assurance is judged against, if the KPI has one. */
  standard: z.string().nullable(),
  /** The step change proposed as at the period, and every decision taken on this KPI's steps. */
  steps: z.array(StepSchema),
  /** The events of the period, to explain or dismiss from the KPI's page. */
  events: z.array(EventSchema),
  annotations: z.array(AnnotationSchema),
}));
export type SpcView = z.infer<typeof SpcViewSchema>;

export const PeerGroupSchema = z.lazy(() => z.object({
  force: z.string().trim().min(1).max(200),
  peers: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
}));
export type PeerGroup = z.infer<typeof PeerGroupSchema>;

export const PeerComparisonSchema = z.lazy(() => z.object({
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
  /** Where the tables by force came from: their source, and each file and sheet with its title and when it was imported. */
  provenance: z.object({
    source: z.string(),
    files: z.array(z.object({ file: z.string().nullable(), sheet: z.string().nullable(), title: z.string().nullable(), importedAt: z.string(), quarters: z.string() })),
    /** The offence groups the force's "All crime" in the tables adds up, for the period. */
    allCrimeSums: z.array(z.string()),
  }),
  /** The force's own "All crime" in the tables beside the dashboard's 3.1, with the difference; null for one offence group. */
  own: z
    .object({
      kpi: z.string(),
      tables: z.string(),
      dashboard: z.string(),
      difference: z.string(),
      differencePercent: z.string(),
    })
    .nullable(),
}));
export type PeerComparison = z.infer<typeof PeerComparisonSchema>;

export const PopulationSchema = z.object({
  area: z.string().trim().min(1).max(200),
  population: z.number().int().positive(),
  asOf: z.string().trim().min(1).max(100),
  source: z.string().trim().min(1).max(300),
});
