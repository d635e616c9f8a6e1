import * as z from 'zod';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.

/** What an annotation explains, in the words the report uses. */
export const ANNOTATION_CATEGORIES = {
  operational: 'Operational activity',
  recording_practice: 'Recording practice change',
  external_event: 'External event',
  data_quality: 'Data quality',
  other: 'Other',
} as const;
export type AnnotationCategory = keyof typeof ANNOTATION_CATEGORIES;
export const AnnotationCategorySchema = z.enum(Object.keys(ANNOTATION_CATEGORIES) as [AnnotationCategory, ...AnnotationCategory[]]);

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const MonthKeySchema = z.string().regex(MONTH, 'a month is written YYYY-MM, e.g. 2019-03');

export const AnnotationSchema = z.lazy(() => z.object({
  id: z.number().int(),
  /** 'all': every KPI; 'kpis': the KPIs listed. */
  scope: z.enum(['kpis', 'all']),
  kpiIds: z.array(z.string()),
  from: MonthKeySchema,
  to: MonthKeySchema,
  category: AnnotationCategorySchema,
  text: z.string(),
  author: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
}));
export type Annotation = z.infer<typeof AnnotationSchema>;

/** What the analyst writes of an annotation: the rest (author, dates) the workbench records. */
export type AnnotationFields = Pick<Annotation, 'scope' | 'kpiIds' | 'from' | 'to' | 'category' | 'text'>;

/** Reads a category as the analyst types it: its id or its name, in any case ("external event"). */
export function readAnnotationCategory(text: string): AnnotationCategory | undefined {
  const wanted = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  for (const [id, name] of Object.entries(ANNOTATION_CATEGORIES)) {
    if (wanted === id || wanted === name.toLowerCase().replace(/\s+/g, '_')) return id as AnnotationCategory;
  }
  // "recording practice" without "change" is what people write.
  return (Object.keys(ANNOTATION_CATEGORIES) as AnnotationCategory[]).find((id) => id.startsWith(wanted) && wanted.length >= 4);
}

/** Whether an annotation applies to a KPI over months from..to (YYYY-MM, inclusive). */
export function annotationApplies(a: Pick<Annotation, 'scope' | 'kpiIds' | 'from' | 'to'>, kpiId: string, from: string, to: string): boolean {
  if (a.scope === 'kpis' && !a.kpiIds.includes(kpiId)) return false;
  return a.from <= to && a.to >= from;
}
