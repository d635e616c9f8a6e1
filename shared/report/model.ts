import * as z from 'zod';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.
import { TrendSchema } from '../api/trendSchema';
import { SECTIONS, type Kpi } from '../domain/kpi';

/** The protective markings a report can carry, in the order of the Government Security Classifications. */
export const MARKINGS = ['NOT PROTECTIVELY MARKED', 'OFFICIAL', 'OFFICIAL-SENSITIVE'] as const;
export const MarkingSchema = z.enum(MARKINGS);
export type Marking = z.infer<typeof MarkingSchema>;

/** Which KPIs each section's table holds, in order, with a trend chart or not and which breakdown tables. */
export const ReportTemplateSchema = z.lazy(() => z.object({
  sections: z
    .array(
      z.object({
        number: z.number().int().min(1).max(5),
        kpis: z.array(z.object({ kpiId: z.string(), chart: z.boolean(), breakdowns: z.array(z.string()) })),
      }),
    )
    .length(5),
}));
export type ReportTemplate = z.infer<typeof ReportTemplateSchema>;

export const ParagraphSchema = z.object({
  id: z.string().min(1).max(40),
  section: z.number().int().min(1).max(5),
  kpiId: z.string().nullable(),
  text: z.string().max(20000),
});
export type Paragraph = z.infer<typeof ParagraphSchema>;

export const GlossaryEntrySchema = z.lazy(() => z.object({ term: z.string().trim().min(1).max(200), definition: z.string().trim().min(1).max(4000) }));
export type GlossaryEntry = z.infer<typeof GlossaryEntrySchema>;

/** The first template: every KPI of each section in number order, charts for headline KPIs, every breakdown. */
export function defaultTemplate(kpis: readonly Kpi[]): ReportTemplate {
  return {
    sections: SECTIONS.map((s) => ({
      number: s.number,
      kpis: kpis.filter((k) => k.section === s.number).map((k) => ({ kpiId: k.id, chart: k.headline, breakdowns: [...k.breakdowns] })),
    })),
  };
}

const RenderedBlockSchema = z.lazy(() => z.object({
  kind: z.enum(['paragraph', 'bullet', 'ordered']),
  runs: z.array(z.object({ text: z.string(), bold: z.boolean().optional(), italic: z.boolean().optional() })),
}));

const TableRowSchema = z.lazy(() => z.object({
  label: z.string(),
  breakdown: z.boolean(),
  current: z.string(),
  previous: z.string(),
  change: z.string(),
  changePercent: z.string(),
}));

const ReconciliationEntrySchema = z.lazy(() => z.object({
  kpi: z.string(),
  sources: z.array(z.object({ name: z.string(), value: z.string() })),
  difference: z.string(),
  differencePercent: z.string(),
  /** "The open data leaves out … (noted by …, 2 December 2026)", or empty. */
  note: z.string(),
}));
export type ReconciliationEntry = z.infer<typeof ReconciliationEntrySchema>;

/** A row of the summary's table: a headline figure that needs attention, and why in the Panel's words. */
const AttentionRowSchema = z.lazy(() => z.object({ label: z.string(), current: z.string(), previous: z.string(), change: z.string(), reason: z.string() }));
export type AttentionRow = z.infer<typeof AttentionRowSchema>;

/**
 * A report as exported: every figure and every sentence already worked out, so that a final report can be
 * written again, identically, after the data have changed.
 */
export const ReportDocumentSchema = z.lazy(() => z.object({
  title: z.string(),
  force: z.string(),
  period: z.string(),
  periodLong: z.string(),
  previousPeriod: z.string(),
  author: z.string(),
  date: z.string(),
  marking: MarkingSchema,
  version: z.enum(['draft', 'final']),
  isDemo: z.boolean(),
  headers: z.object({ current: z.string(), previous: z.string() }),
  sections: z.array(
    z.object({
      number: z.number().int(),
      title: z.string(),
      // Each table and chart names its figures' source ("Source: data.police.uk open data"); exports from
      // before sources were kept apart have none.
      table: z.object({ caption: z.string(), rows: z.array(TableRowSchema), source: z.string().optional() }),
      charts: z.array(z.object({ id: z.string(), title: z.string(), alt: z.string(), trend: TrendSchema, source: z.string().optional() })),
      breakdowns: z.array(z.object({ caption: z.string(), dimension: z.string(), rows: z.array(TableRowSchema), source: z.string().optional() })),
      paragraphs: z.array(
        z.object({
          number: z.string(),
          /** As it reads, every field worked out; one line per block. */
          text: z.string(),
          /** Exports from before formatting and ids have these missing: they are written from text. */
          id: z.string().optional(),
          template: z.string().optional(),
          blocks: z.array(RenderedBlockSchema).optional(),
        }),
      ),
    }),
  ),
  glossary: z.array(GlossaryEntrySchema),
  /** The page before the sections: what needs attention (special causes, standards failed) and the largest changes. */
  // Exports written before the summary's table hold its rows as sentences.
  summary: z.object({ attention: z.array(z.union([AttentionRowSchema, z.string()])), changes: z.array(z.string()) }).optional(),
  /** The appendix: every KPI of the period held from two sources, how far they differ, and the analyst's note. */
  reconciliation: z.array(ReconciliationEntrySchema).optional(),
}));
export type ReportDocument = z.infer<typeof ReportDocumentSchema>;
export type DocumentSection = ReportDocument['sections'][number];
export type DocumentTableRow = z.infer<typeof TableRowSchema>;
export type DocumentParagraph = DocumentSection['paragraphs'][number];

/** The summary's rows to tabulate, or the sentences of an export written before it had a table. */
export function attentionParts(summary: NonNullable<ReportDocument['summary']>): { rows: AttentionRow[]; sentences: string[] } {
  return { rows: summary.attention.filter((a) => typeof a !== 'string'), sentences: summary.attention.filter((a) => typeof a === 'string') };
}

export const attentionCaption = (doc: Pick<ReportDocument, 'period' | 'previousPeriod'>) => `Headline figures with a special cause or failing their standard: ${doc.period} compared with ${doc.previousPeriod}`;

/** Paragraph numbers as the report prints them: 1.1, 1.2 … within each section. */
export function numberParagraphs<P extends Pick<Paragraph, 'section'>>(paragraphs: readonly P[]): (P & { number: string })[] {
  const counts = new Map<number, number>();
  return paragraphs.map((p) => {
    const n = (counts.get(p.section) ?? 0) + 1;
    counts.set(p.section, n);
    return { ...p, number: `${p.section}.${n}` };
  });
}

/** Paragraphs in report order: by section, keeping their order within it. */
export function inReportOrder<P extends Pick<Paragraph, 'section'>>(paragraphs: readonly P[]): P[] {
  return [...paragraphs].map((p, i) => ({ p, i })).sort((a, b) => a.p.section - b.p.section || a.i - b.i).map(({ p }) => p);
}
