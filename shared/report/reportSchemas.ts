import * as z from 'zod';
import { GlossaryEntrySchema, MarkingSchema, ParagraphSchema, ReportTemplateSchema } from './model';

/** What the report methods of the API contract take and give. */

export const ReportFormatSchema = z.enum(['docx', 'pdf', 'html']);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;

export const NarrativeIssueSchema = z.object({
  id: z.string(),
  paragraphId: z.string(),
  paragraphNumber: z.string(),
  kind: z.enum(['number', 'direction']),
  excerpt: z.string(),
  message: z.string(),
  accepted: z.boolean(),
});

export const ReportExportSchema = z.object({
  id: z.number().int(),
  version: z.enum(['draft', 'final']),
  format: ReportFormatSchema,
  filePath: z.string(),
  sha256: z.string(),
  author: z.string(),
  createdAt: z.string(),
});

export const ReportViewSchema = z.object({
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
  /** Findings neither fixed nor accepted: export waits for these. */
  openIssues: z.number().int(),
  exports: z.array(ReportExportSchema),
  /** Where exports go unless a path is given. */
  exportFolder: z.string(),
  /** The report this one's wording was carried forward from, if any. */
  carriedFrom: z.string().nullable(),
});
export type ReportView = z.infer<typeof ReportViewSchema>;

export const ReportChangesSchema = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  author: z.string().trim().min(1).max(200).optional(),
  marking: MarkingSchema.optional(),
  template: ReportTemplateSchema.optional(),
  paragraphs: z.array(ParagraphSchema).max(500).optional(),
  glossary: z.array(GlossaryEntrySchema).max(500).optional(),
});
