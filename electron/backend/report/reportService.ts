import crypto from 'node:crypto';
import { sha256 } from '../files';
import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { appPath } from '../../../db/appRoot';
import type { Trend } from '../../../shared/api/contract';
import type { KpiTableRowDto } from '../../../shared/api/tableSchemas';
import type { WorkspaceSettings } from '../../../shared/api/workspaceSchemas';
import type { Kpi } from '../../../shared/domain/kpi';
import { WorkbenchError } from '../../../shared/api/errors';
import { seasonalPattern } from '../../../shared/analysis/seasonal';
import { buildKpiTable } from '../../../shared/domain/kpiTable';
import {
  formatPeriod,
  formatPeriodHeader,
  formatPeriodLong,
  fyMonthPosition,
  monthKey,
  parsePeriod,
  periodBounds,
  periodMonths,
  samePeriodLastYear,
  type Period,
} from '../../../shared/domain/periods';
import { HEADLINE } from '../../../shared/domain/series';
import { buildReportDocument } from '../../../shared/report/document';
import { reconcile } from '../sourcesApi';
import { rowLookup, renderText } from '../../../shared/report/fields';
import { renderReportHtml, renderSectionFiguresPage, type ChartImage } from '../../../shared/report/html';
import { compareDocuments } from '../../../shared/report/changes';
import { defaultTemplate, GlossaryEntrySchema, inReportOrder, numberParagraphs, type GlossaryEntry, type Paragraph, type ReportDocument } from '../../../shared/report/model';
import { draftNarrative } from '../../../shared/report/narrative';
import { annotationNumbers, checkReportText, type NarrativeIssue } from '../../../shared/report/numberCheck';
import type { NarrativeIssueDto, ReportExportDto, ReportFormat, ReportView } from '../../../shared/report/reportSchemas';
import { listAnnotations } from '../../../db/annotations';
import type { Annotation } from '../../../shared/domain/annotation';
import { getMeta, setMeta } from '../../../db/meta';
import { exportedPaths, getReport, latestOtherReport, listExports, recordExport, saveReport, type ReportRecord } from '../../../db/reports';
import { analysisContext, monthlyValues, type AnalysisContext } from '../analysis';
import { verdictOf } from '../verdicts';
import { eventsOf } from '../../../shared/analysis/verdict';
import { annotationNotices } from '../../../shared/report/annotationNotices';
import { getWordTemplate } from '../../../db/reportWordTemplate';
import { applyWordTemplate, describeWordTemplate, readWordTemplate, textWidthPx, type WordTemplate } from './wordTemplate';
import { eventSentence } from '../../../shared/analysis/eventWords';
import { currentAuthor } from '../author';
import { checkExportTarget, freeExportPath, writeExportFile } from '../exportFiles';
import { workspaceSettings } from '../workspaceSettings';
import { trendOf } from '../trend';
import { isDemoWorkspace, type Workspace } from '../workspace';
import type { PdfPrinter } from './pdf';

export const REPORT_TITLE = 'Force Performance Report';

/** The glossary a new report starts with, from the source report's own (resources/glossary.json). */
export function glossarySeed(file = appPath('resources', 'glossary.json')): GlossaryEntry[] {
  return z.object({ entries: z.array(GlossaryEntrySchema) }).parse(JSON.parse(fs.readFileSync(file, 'utf8'))).entries;
}

export function checkReportPeriod(period: Period): void {
  if (period.kind !== 'quarter' && period.kind !== 'year') {
    throw new WorkbenchError('bad_period', 'A Force Performance Report covers a quarter or a financial year: e.g. "Q1 2019/20" or "2018/19".');
  }
}

/** Every figure a report of the period can show or name: the KPI tables, breakdowns included. */
export function reportRows(workspace: Workspace, period: Period, analysis = analysisContext(workspace, period)): KpiTableRowDto[] {
  return buildKpiTable({ period, kpis: analysis.kpis, context: analysis.figures, scope: 'all', verdictOf: verdictOf(analysis) });
}

/** What one request about a report reads, once: the period's analysis and every row its tables hold. */
export interface ReportContext {
  workspace: Workspace;
  period: Period;
  analysis: AnalysisContext;
  rows: KpiTableRowDto[];
  /** The annotations that fall in the period, read once: the draft carries them, the check takes their numbers as written. */
  annotations: Annotation[];
  /** The workspace's settings (force, author, marking, sensitivity), read once for the request. */
  settings: WorkspaceSettings;
}

export function reportContext(workspace: Workspace, period: Period): ReportContext {
  const settings = workspaceSettings(workspace);
  const analysis = analysisContext(workspace, period, settings.sensitivity);
  const [first, last] = periodBounds(period);
  const annotations = listAnnotations(workspace.db).filter((a) => a.to >= monthKey(first) && a.from <= monthKey(last));
  return { workspace, period, analysis, rows: reportRows(workspace, period, analysis), annotations, settings };
}

/** The numbers of each KPI's annotations, which the number check takes as the analyst's own words. */
export function analystNumbersOf(context: ReportContext): Record<string, string[]> {
  return annotationNumbers(context.annotations, context.analysis.kpis.map((k) => k.id));
}

let paragraphCounter = 0;
const newParagraphId = () => `p${Date.now().toString(36)}${(paragraphCounter++).toString(36)}${crypto.randomBytes(2).toString('hex')}`;

/** The first draft of every KPI in the template: comparison, seasonality, signals and annotations. */
export function draftParagraphs(context: ReportContext, template = defaultTemplate(context.analysis.kpis)): Paragraph[] {
  const { period, analysis, rows } = context;
  const { byId } = analysis;
  const [first] = periodBounds(period);
  // The events of each KPI's headline figure, in the inbox's words made sentences of the report.
  const events = new Map<string, string[]>();
  for (const kpi of analysis.kpis) {
    const verdict = analysis.verdict(kpi);
    const found = eventsOf(verdict, analysis.months).map((e) => eventSentence(e, analysis.lastMonth));
    if (found.length) events.set(kpi.id, found);
  }
  const figures = analysis.figures;
  const seasonalPeaks = new Map<string, number[]>();
  const judgedKpis = new Set<string>();
  for (const section of template.sections) {
    for (const { kpiId } of section.kpis) {
      const kpi = byId.get(kpiId);
      if (!kpi) continue;
      if (analysis.verdict(kpi).judged) judgedKpis.add(kpiId);
      const points = monthlyValues(kpi, HEADLINE, first - 120, first - 1, figures);
      const pattern = points.length >= 24 && points[points.length - 1].month === first - 1 ? seasonalPattern(points.map((p) => p.value)) : null;
      if (!pattern?.seasonal) continue;
      const byPosition = pattern.indices.map((index, i) => ({ index, position: fyMonthPosition(points[i].month) }));
      const top = Math.max(...byPosition.map((b) => b.index));
      seasonalPeaks.set(kpiId, byPosition.filter((b) => b.index >= top - 0.02).map((b) => b.position).sort((a, b) => a - b).slice(0, 3));
    }
  }
  const { annotations } = context;
  const paragraphs: Paragraph[] = [];
  for (const section of template.sections) {
    const kpis = section.kpis.map((k) => byId.get(k.kpiId)).filter((k): k is NonNullable<typeof k> => !!k);
    const drafted = draftNarrative(kpis, rows, {
      periodKind: period.kind === 'year' ? 'year' : 'quarter',
      months: periodMonths(period).map(monthKey),
      seasonalPeaks,
      events,
      judgedKpis,
      annotations,
    });
    for (const d of drafted) paragraphs.push({ id: newParagraphId(), section: section.number, kpiId: d.kpiId, text: d.text });
  }
  return paragraphs;
}

function savedTemplate(workspace: Workspace, kpis: readonly Kpi[]) {
  const stored = getMeta(workspace.db, 'report_template');
  return stored ? JSON.parse(stored) : defaultTemplate(kpis);
}

/**
 * The report of a period, made the first time it is asked for: from a fresh draft, or from the wording of
 * the most recent other report ("carry forward"), whose live fields then show this period's figures. Its
 * author and marking start as the workspace's defaults (Settings).
 */
export function openReport(context: ReportContext, start: 'draft' | 'previous' = 'draft'): { record: ReportRecord; carriedFrom: string | null } {
  const { workspace, period, settings } = context;
  checkReportPeriod(period);
  const name = formatPeriod(period);
  const existing = getReport(workspace.db, name);
  if (existing) return { record: existing, carriedFrom: null };
  const template = savedTemplate(workspace, context.analysis.kpis);
  const previous = start === 'previous' ? latestOtherReport(workspace.db, name) : undefined;
  if (start === 'previous' && !previous) throw new WorkbenchError('not_found', 'There is no earlier report to carry the wording forward from; start from a fresh draft.');
  const record = saveReport(workspace.db, {
    period: name,
    title: previous?.title ?? REPORT_TITLE,
    author: previous?.author || settings.author || '',
    marking: previous?.marking ?? settings.marking,
    template: previous?.template ?? template,
    paragraphs: previous ? previous.paragraphs.map((p) => ({ ...p, id: newParagraphId() })) : draftParagraphs(context, template),
    glossary: previous?.glossary ?? glossarySeed(),
    accepted: [],
    leftOut: [],
  });
  return { record, carriedFrom: previous?.period ?? null };
}

/** The number check's findings, each with whether (and why) it was accepted as written. */
export function checkReport(context: ReportContext, record: ReportRecord): NarrativeIssueDto[] {
  const accepted = new Map(record.accepted.map((a) => [a.id, a]));
  return checkReportText(record.paragraphs, context.rows, context.analysis.kpis, analystNumbersOf(context)).map((i: NarrativeIssue) => {
    const acceptance = accepted.get(i.id);
    return { ...i, accepted: acceptance !== undefined, acceptedReason: acceptance ? acceptance.reason || null : null };
  });
}

/** Stored names are the formatPeriod of a valid period, so they always read back. */
function readRecordPeriod(record: ReportRecord): Period {
  return parsePeriod(record.period);
}

export function exportFolder(workspace: Workspace): string {
  return path.join(path.dirname(workspace.path), 'Reports');
}

/** Each file once (the latest export written to it), with how the report now differs from it. */
function exportsOf(workspace: Workspace, record: ReportRecord, now: ReportDocument): { list: ReportExportDto[]; latest: ReturnType<typeof listExports>[number] | undefined } {
  const all = listExports(workspace.db, record.id);
  const byFile = new Map<string, typeof all>();
  for (const e of all) byFile.set(path.resolve(e.filePath), [...(byFile.get(path.resolve(e.filePath)) ?? []), e]);
  const list = [...byFile.values()].map(([latest, ...earlier]) => {
    const { document, ...fields } = latest;
    const changes = compareDocuments(document, now);
    return {
      ...fields,
      fileName: path.basename(latest.filePath),
      exists: fs.existsSync(latest.filePath),
      replaced: earlier.length,
      changedFigures: changes.figures.length,
      changedSentences: changes.sentences.length,
    };
  });
  return { list, latest: all[0] };
}

/** The report as the editor shows it; `context` is the request's, for the record's own period. */
export function reportView(context: ReportContext, record: ReportRecord, carriedFrom: string | null = null): ReportView {
  const { workspace, period, settings } = context;
  if (formatPeriod(period) !== record.period) throw new Error(`a report of ${record.period} viewed with the figures of ${formatPeriod(period)}`);
  const lookup = rowLookup(context.rows);
  const issues = checkReport(context, record);
  // Tables and text only: the charts' figures are the tables' months, and drawing them here would be waste.
  const now = reportDocument(context, record, 'draft', { charts: false });
  const { list, latest } = exportsOf(workspace, record, now);
  return {
    period: record.period,
    periodLong: formatPeriodLong(period),
    previousPeriod: formatPeriod(samePeriodLastYear(period)),
    title: record.title,
    author: record.author,
    marking: record.marking,
    template: record.template,
    glossary: record.glossary,
    paragraphs: numberParagraphs(inReportOrder(record.paragraphs)).map((p) => ({ ...p, rendered: renderText(p.text, lookup) })),
    issues,
    analystNumbers: analystNumbersOf(context),
    openIssues: issues.filter((i) => !i.accepted).length,
    exports: list,
    exportFolder: exportFolder(workspace),
    forceName: settings.forceName,
    changes: latest
      ? {
          since: { exportId: latest.id, createdAt: latest.createdAt, version: latest.version, fileName: path.basename(latest.filePath) },
          ...compareDocuments(latest.document, now),
        }
      : null,
    carriedFrom,
    draftedAt: record.createdAt,
    glossaryUsed: now.glossary.map((g) => g.term),
    annotations: context.annotations,
    leftOut: record.leftOut,
    notices: annotationNotices(record.paragraphs, context.annotations, record),
  };
}

/** Saves the analyst's changes; the template becomes the one the next new report starts from. */
export function updateReport(workspace: Workspace, record: ReportRecord, changes: Partial<Pick<ReportRecord, 'title' | 'author' | 'marking' | 'template' | 'paragraphs' | 'glossary' | 'accepted' | 'leftOut'>>): ReportRecord {
  return workspace.db.transaction(() => {
    if (changes.template) setMeta(workspace.db, 'report_template', JSON.stringify(changes.template));
    const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = record;
    return saveReport(workspace.db, { ...fields, ...changes });
  })();
}

/** Acceptances as the analyst sent them, each recorded with who accepted it and when (kept if unchanged). */
export function acceptances(workspace: Workspace, record: Pick<ReportRecord, 'accepted'>, sent: readonly { id: string; reason: string }[]): ReportRecord['accepted'] {
  const before = new Map(record.accepted.map((a) => [a.id, a]));
  const at = new Date().toISOString();
  return sent.map((a) => {
    const was = before.get(a.id);
    return was && was.reason === a.reason ? was : { id: a.id, reason: a.reason, by: currentAuthor(workspace), at };
  });
}

export function reportDocument(context: ReportContext, record: ReportRecord, version: 'draft' | 'final', options: { charts?: boolean; date?: Date } = {}): ReportDocument {
  const { workspace, period, rows } = context;
  const { byId } = context.analysis;
  const trends = new Map<string, Trend>();
  if (options.charts !== false) {
    for (const s of record.template.sections) for (const k of s.kpis) if (k.chart && byId.has(k.kpiId)) trends.set(k.kpiId, trendOf(workspace, byId.get(k.kpiId)!, HEADLINE, period));
  }
  const previous = samePeriodLastYear(period);
  return buildReportDocument({
    title: record.title,
    force: context.settings.forceName ?? '',
    author: record.author,
    date: (options.date ?? new Date()).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }),
    marking: record.marking,
    version,
    isDemo: isDemoWorkspace(workspace),
    period: record.period,
    periodLong: formatPeriodLong(period),
    previousPeriod: formatPeriod(previous),
    headers: { current: formatPeriodHeader(period), previous: formatPeriodHeader(previous) },
    template: record.template,
    paragraphs: record.paragraphs,
    glossary: record.glossary,
    rows,
    trends,
    kpisById: byId,
    reconciliation: reconcile(workspace, record.period, context.analysis),
  });
}

/** The report's charts drawn as SVG; ECharts is loaded when a report is first drawn, not at start. */
export async function chartImages(doc: ReportDocument): Promise<Map<string, ChartImage>> {
  const { renderTrendSvg } = await import('./charts');
  const images = new Map<string, ChartImage>();
  for (const s of doc.sections) for (const c of s.charts) images.set(c.id, renderTrendSvg(c.trend, c.alt));
  return images;
}

/** Each section's tables and charts as pages, drawn by the export's own builders: what the editor shows. */
export async function sectionFigurePages(context: ReportContext, record: ReportRecord): Promise<{ number: number; title: string; html: string; tables: string[]; charts: { id: string; title: string }[] }[]> {
  const doc = reportDocument(context, record, 'draft');
  const images = await chartImages(doc);
  return doc.sections.map((s) => ({
    number: s.number,
    title: s.title,
    html: renderSectionFiguresPage(s, doc, images),
    tables: [s.table.caption, ...s.breakdowns.map((b) => b.caption)],
    charts: s.charts.map((c) => ({ id: c.id, title: c.title })),
  }));
}

/** The office's Word template, if Settings name one: read once for an export. */
export function officeTemplate(workspace: Workspace): WordTemplate | undefined {
  const stored = getWordTemplate(workspace.db);
  return stored && readWordTemplate(stored.content, stored.fileName);
}

/**
 * Writes a document in a format: the same document, however it is written. With an office template, Word
 * takes its styles, page, header and footer; the HTML and PDF its fonts and heading colour.
 */
export async function writeReportFile(doc: ReportDocument, format: ReportFormat, printPdf: PdfPrinter, template?: WordTemplate): Promise<Buffer> {
  const images = await chartImages(doc);
  if (format === 'docx') {
    const [{ writeDocx, OWN_LOOK, TEMPLATE_LOOK }, { svgToPng }] = await Promise.all([import('./docx'), import('./charts')]);
    const pngs = new Map([...images].map(([id, image]) => [id, svgToPng(image)]));
    if (!template) return writeDocx(doc, pngs, OWN_LOOK);
    const docx = await writeDocx(doc, pngs, { ...TEMPLATE_LOOK, textWidthPx: textWidthPx(template) });
    return Buffer.from(applyWordTemplate(docx, template));
  }
  const look = template && describeWordTemplate(template);
  if (format === 'html') return Buffer.from(renderReportHtml(doc, images, 'details', look), 'utf8');
  return printPdf(renderReportHtml(doc, images, 'appendix', look), doc.marking);
}

/** "Force Performance Report Q1 2019-20 draft.docx", then "… draft 2.docx": a new file for every export. */
export function nextExportPath(workspace: Workspace, record: ReportRecord, format: ReportFormat, version: 'draft' | 'final'): string {
  return freeExportPath(exportFolder(workspace), `${record.title} ${record.period} ${version}`, format, exportedPaths(workspace.db));
}

/** What the cover needs before anything is written: the force's name and an author, both given by a person. */
function checkCover(context: ReportContext, record: ReportRecord): void {
  if (!context.settings.forceName) {
    throw new WorkbenchError('conflict', 'The cover needs the force’s name: set it in Settings (or `workbench settings --force-name NAME`) and export again.');
  }
  if (!record.author.trim()) {
    throw new WorkbenchError('conflict', 'The cover needs an author: give the report’s author (or a default author in Settings, `workbench settings --author NAME`) and export again.');
  }
}

export async function exportReport(
  workspace: Workspace,
  record: ReportRecord,
  options: { format: ReportFormat; version: 'draft' | 'final'; path?: string; replace?: boolean; printPdf: PdfPrinter },
): Promise<{ path: string; sha256: string; exportId: number }> {
  const replace = options.replace ?? false;
  const target = options.path ? path.resolve(options.path) : nextExportPath(workspace, record, options.format, options.version);
  const extension = path.extname(target).slice(1).toLowerCase();
  if (extension !== options.format) throw new WorkbenchError('bad_arguments', `A ${options.format} export needs a file name ending .${options.format}, not "${path.basename(target)}".`);
  checkExportTarget(target, replace);
  const context = reportContext(workspace, readRecordPeriod(record));
  checkCover(context, record);
  const open = checkReport(context, record).filter((i) => !i.accepted);
  if (open.length) {
    const list = open.slice(0, 5).map((i) => `${i.paragraphNumber}: ${i.message}`).join(' ');
    throw new WorkbenchError('conflict', `The check found ${open.length} problem${open.length === 1 ? '' : 's'} in the narrative; fix or accept each before exporting. ${list}`);
  }
  const doc = reportDocument(context, record, options.version);
  const data = await writeReportFile(doc, options.format, options.printPdf, officeTemplate(workspace));
  writeExportFile(target, data, replace);
  const digest = sha256(data);
  const exportId = recordExport(workspace.db, record.id, { version: options.version, format: options.format, filePath: target, sha256: digest, author: record.author }, doc);
  return { path: target, sha256: digest, exportId };
}
