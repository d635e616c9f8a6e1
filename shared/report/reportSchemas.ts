import * as z from 'zod';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.
import { GlossaryEntrySchema, MarkingSchema, ParagraphSchema, ReportTemplateSchema } from './model';
import { AnnotationSchema } from '../domain/annotation';

/** What the report methods of the API contract take and give. */

export const ReportFormatSchema = z.enum(['docx', 'pdf', 'html']);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;

export const NarrativeIssueSchema = z.lazy(() => z.object({
  id: z.string(),
  paragraphId: z.string(),
  paragraphNumber: z.string(),
  kind: z.enum(['number', 'direction']),
  excerpt: z.string(),
  message: z.string(),
  /** The typed number or word, and which of its occurrences in the paragraph's typed text: where to underline. */
  match: z.string(),
  occurrence: z.number().int().min(0),
  /** The fix offered in place: a live field for a number, the opposite word for a direction. */
  suggestion: z.object({ text: z.string(), field: z.string().nullable(), label: z.string() }).nullable(),
  accepted: z.boolean(),
  /** Why it was accepted as written, when it was. */
  acceptedReason: z.string().nullable(),
}));
export type NarrativeIssueDto = z.infer<typeof NarrativeIssueSchema>;

/** A finding accepted as written: by whom, when and why. */
export const AcceptanceSchema = z.object({ id: z.string().min(1).max(300), reason: z.string().trim().min(1, 'say why it is right as written').max(500), by: z.string().max(200), at: z.string().max(40) });
export type Acceptance = z.infer<typeof AcceptanceSchema>;

export const ReportExportSchema = z.lazy(() => z.object({
  id: z.number().int(),
  version: z.enum(['draft', 'final']),
  format: ReportFormatSchema,
  filePath: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  author: z.string(),
  createdAt: z.string(),
  /** Whether the file is still where it was written. */
  exists: z.boolean(),
  /** How many earlier exports this one wrote over, when the user asked to replace the file. */
  replaced: z.number().int(),
  /** How the report now differs from this export: figures in its tables, sentences in its text. */
  changedFigures: z.number().int(),
  changedSentences: z.number().int(),
}));
export type ReportExportDto = z.infer<typeof ReportExportSchema>;

export const DocumentChangesSchema = z.lazy(() => z.object({
  since: z.object({ exportId: z.number().int(), createdAt: z.string(), version: z.enum(['draft', 'final']), fileName: z.string() }),
  figures: z.array(z.object({ table: z.string(), row: z.string(), column: z.string(), before: z.string(), after: z.string() })),
  sentences: z.array(z.object({ paragraph: z.string(), kind: z.enum(['edited', 'figures', 'added', 'removed']), before: z.string().nullable(), after: z.string().nullable() })),
}));

const AnnotationNoticeSchema = z.lazy(() => z.object({ paragraphId: z.string(), kpiId: z.string(), annotationId: z.number().int(), label: z.string(), sentence: z.string(), message: z.string() }));

export const ReportViewSchema = z.lazy(() => z.object({
  period: z.string(),
  periodLong: z.string(),
  previousPeriod: z.string(),
  title: z.string(),
  author: z.string(),
  marking: MarkingSchema,
  template: ReportTemplateSchema,
  glossary: z.array(GlossaryEntrySchema),
  paragraphs: z.array(ParagraphSchema.extend({ number: z.string(), rendered: z.string() })),
  issues: z.array(NarrativeIssueSchema),
  /** Per KPI, the numbers of its annotations in the period: the analyst's words, which the check takes as written. */
  analystNumbers: z.record(z.string(), z.array(z.string())),
  /** Findings neither fixed nor accepted: export waits for these. */
  openIssues: z.number().int(),
  exports: z.array(ReportExportSchema),
  /** Where exports go unless a path is given. */
  exportFolder: z.string(),
  /** The force's name the cover carries (workspace settings); export waits for it. */
  forceName: z.string().nullable(),
  /** What changed since the last export, if there was one. */
  changes: DocumentChangesSchema.nullable(),
  /** The report this one's wording was carried forward from, if any. */
  carriedFrom: z.string().nullable(),
  /** When the report was drafted (first opened): an annotation written later marks its KPI's paragraph. */
  draftedAt: z.string(),
  /** The period's annotations, from which the editor works out its notices on the draft as it is typed. */
  annotations: z.array(AnnotationSchema),
  /** The glossary's terms the report's words use, as saved: only these are printed. */
  glossaryUsed: z.array(z.string()),
  /** Annotations left out of this report: their notices no longer show. */
  leftOut: z.array(z.number().int()),
  /** Annotations written after drafting whose sentence no paragraph of their KPI carries (shared/report/annotationNotices.ts). */
  notices: z.array(AnnotationNoticeSchema),
}));
export type ReportView = z.infer<typeof ReportViewSchema>;

export type ReportChanges = z.infer<typeof ReportChangesSchema>;
export const ReportChangesSchema = z.lazy(() => z.object({
  title: z.string().trim().min(1).max(300).optional(),
  author: z.string().trim().max(200).optional(),
  marking: MarkingSchema.optional(),
  template: ReportTemplateSchema.optional(),
  paragraphs: z.array(ParagraphSchema).max(500).optional(),
  glossary: z.array(GlossaryEntrySchema).max(500).optional(),
  /** Findings accepted as written, each with why; the whole list, replacing the one saved. */
  accepted: z.array(AcceptanceSchema.pick({ id: true, reason: true })).max(2000).optional(),
  /** Annotations (by id) left out of the report; the whole list, replacing the one saved. */
  leftOut: z.array(z.number().int()).max(2000).optional(),
}));

export const SectionFiguresSchema = z.lazy(() => z.object({
  number: z.number().int(),
  title: z.string(),
  /** A page of its own, with the export's styles: shown in a frame without scripts. */
  html: z.string(),
  tables: z.array(z.string()),
  charts: z.array(z.object({ id: z.string(), title: z.string() })),
}));

export const ExportedFileSchema = z.lazy(() => z.object({
  path: z.string(),
  fileName: z.string(),
  exists: z.boolean(),
  /** The file on disk is the one written (same SHA-256), not since changed by hand. */
  unchanged: z.boolean(),
}));
