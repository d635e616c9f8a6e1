import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { appPath } from '../../../db/appRoot';
import type { KpiTableRowDto, Trend } from '../../../shared/api/contract';
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
import { rowLookup, renderText } from '../../../shared/report/fields';
import { renderReportHtml, type ChartImage } from '../../../shared/report/html';
import { defaultTemplate, GlossaryEntrySchema, inReportOrder, numberParagraphs, type GlossaryEntry, type Paragraph, type ReportDocument } from '../../../shared/report/model';
import { draftNarrative } from '../../../shared/report/narrative';
import { checkNarrative, type NarrativeIssue } from '../../../shared/report/numberCheck';
import type { ReportFormat, ReportView } from '../../../shared/report/reportSchemas';
import { listAnnotations } from '../../../db/annotations';
import { getMeta, setMeta } from '../../../db/meta';
import { getReport, latestOtherReport, listExports, recordExport, saveReport, type ReportRecord } from '../../../db/reports';
import { kpiIndex } from '../figures';
import { analysisContext, monthlyValues } from '../analysis';
import { verdictOf } from '../verdicts';
import { eventsOf } from '../../../shared/analysis/verdict';
import { eventSummary } from '../../../shared/analysis/eventWords';
import { currentAuthor } from '../author';
import { writeFileAtomically } from '../files';
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

let paragraphCounter = 0;
const newParagraphId = () => `p${Date.now().toString(36)}${(paragraphCounter++).toString(36)}${crypto.randomBytes(2).toString('hex')}`;

/** The first draft of every KPI in the template: comparison, seasonality, signals and annotations. */
export function draftParagraphs(workspace: Workspace, period: Period, template = defaultTemplate(kpiIndex(workspace).kpis)): Paragraph[] {
  const analysis = analysisContext(workspace, period);
  const { byId } = analysis;
  const rows = reportRows(workspace, period, analysis);
  const [first, last] = periodBounds(period);
  // The events of each KPI's headline figure, in the words the inbox uses.
  const events = new Map<string, string[]>();
  for (const kpi of analysis.kpis) {
    const verdict = analysis.verdict(kpi);
    const found = eventsOf(verdict, analysis.months).map((e) => eventSummary(e, analysis.lastMonth));
    if (found.length) events.set(kpi.id, found);
  }
  const context = analysis.figures;
  const seasonalPeaks = new Map<string, number[]>();
  const judgedKpis = new Set<string>();
  for (const section of template.sections) {
    for (const { kpiId } of section.kpis) {
      const kpi = byId.get(kpiId);
      if (!kpi) continue;
      if (analysis.verdict(kpi).judged) judgedKpis.add(kpiId);
      const points = monthlyValues(kpi, HEADLINE, first - 120, first - 1, context);
      const pattern = points.length >= 24 && points[points.length - 1].month === first - 1 ? seasonalPattern(points.map((p) => p.value)) : null;
      if (!pattern?.seasonal) continue;
      const byPosition = pattern.indices.map((index, i) => ({ index, position: fyMonthPosition(points[i].month) }));
      const top = Math.max(...byPosition.map((b) => b.index));
      seasonalPeaks.set(kpiId, byPosition.filter((b) => b.index >= top - 0.02).map((b) => b.position).sort((a, b) => a - b).slice(0, 3));
    }
  }
  const annotations = listAnnotations(workspace.db).filter((a) => a.to >= monthKey(first) && a.from <= monthKey(last));
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

function savedTemplate(workspace: Workspace) {
  const stored = getMeta(workspace.db, 'report_template');
  return stored ? JSON.parse(stored) : defaultTemplate(kpiIndex(workspace).kpis);
}

/**
 * The report of a period, made the first time it is asked for: from a fresh draft, or from the wording of
 * the most recent other report ("carry forward"), whose live fields then show this period's figures.
 */
export function openReport(workspace: Workspace, period: Period, start: 'draft' | 'previous' = 'draft'): { record: ReportRecord; carriedFrom: string | null } {
  checkReportPeriod(period);
  const name = formatPeriod(period);
  const existing = getReport(workspace.db, name);
  if (existing) return { record: existing, carriedFrom: null };
  const template = savedTemplate(workspace);
  const previous = start === 'previous' ? latestOtherReport(workspace.db, name) : undefined;
  if (start === 'previous' && !previous) throw new WorkbenchError('not_found', 'There is no earlier report to carry the wording forward from; start from a fresh draft.');
  const record = saveReport(workspace.db, {
    period: name,
    title: previous?.title ?? REPORT_TITLE,
    author: previous?.author ?? currentAuthor(),
    marking: previous?.marking ?? 'OFFICIAL',
    template: previous?.template ?? template,
    paragraphs: previous ? previous.paragraphs.map((p) => ({ ...p, id: newParagraphId() })) : draftParagraphs(workspace, period, template),
    glossary: previous?.glossary ?? glossarySeed(),
    accepted: [],
  });
  return { record, carriedFrom: previous?.period ?? null };
}

/** Numbers that belong to names and standards, not figures: "999 calls", "within 10 seconds", "90%". */
function nameNumbers(workspace: Workspace): Set<string> {
  const numbers = new Set<string>();
  for (const kpi of kpiIndex(workspace).kpis) {
    for (const text of [kpi.name, ...kpi.aliases, kpi.standard?.text ?? '']) for (const m of text.matchAll(/\d+/g)) numbers.add(m[0]);
  }
  return numbers;
}

export function checkReport(workspace: Workspace, record: ReportRecord, rows = reportRows(workspace, readRecordPeriod(record))): NarrativeIssue[] {
  const numbered = numberParagraphs(inReportOrder(record.paragraphs));
  return checkNarrative(numbered, rows, rowLookup(rows), {
    nameNumbers: nameNumbers(workspace),
    sectionRows: (p) => rows.filter((r) => r.section === Number(p.number.split('.')[0])),
  });
}

/** Stored names are the formatPeriod of a valid period, so they always read back. */
function readRecordPeriod(record: ReportRecord): Period {
  return parsePeriod(record.period);
}

export function exportFolder(workspace: Workspace): string {
  return path.join(path.dirname(workspace.path), 'Reports');
}

export function reportView(workspace: Workspace, record: ReportRecord, carriedFrom: string | null = null): ReportView {
  const period = readRecordPeriod(record);
  const rows = reportRows(workspace, period);
  const lookup = rowLookup(rows);
  const issues = checkReport(workspace, record, rows).map((i) => ({ ...i, accepted: record.accepted.includes(i.id) }));
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
    openIssues: issues.filter((i) => !i.accepted).length,
    exports: listExports(workspace.db, record.id),
    exportFolder: exportFolder(workspace),
    carriedFrom,
  };
}

/** Saves the analyst's changes; the template becomes the one the next new report starts from. */
export function updateReport(workspace: Workspace, record: ReportRecord, changes: Partial<Pick<ReportRecord, 'title' | 'author' | 'marking' | 'template' | 'paragraphs' | 'glossary' | 'accepted'>>): ReportRecord {
  return workspace.db.transaction(() => {
    if (changes.template) setMeta(workspace.db, 'report_template', JSON.stringify(changes.template));
    const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = record;
    return saveReport(workspace.db, { ...fields, ...changes });
  })();
}

export function reportDocument(workspace: Workspace, record: ReportRecord, version: 'draft' | 'final', date = new Date()): ReportDocument {
  const period = readRecordPeriod(record);
  const rows = reportRows(workspace, period);
  const { byId } = kpiIndex(workspace);
  const trends = new Map<string, Trend>();
  for (const s of record.template.sections) for (const k of s.kpis) if (k.chart && byId.has(k.kpiId)) trends.set(k.kpiId, trendOf(workspace, byId.get(k.kpiId)!, HEADLINE, period));
  const previous = samePeriodLastYear(period);
  return buildReportDocument({
    title: record.title,
    force: getMeta(workspace.db, 'name') ?? path.basename(workspace.path),
    author: record.author,
    date: date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }),
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
  });
}

/** The report's charts drawn as SVG; ECharts is loaded when a report is first drawn, not at start. */
export async function chartImages(doc: ReportDocument): Promise<Map<string, ChartImage>> {
  const { renderTrendSvg } = await import('./charts');
  const images = new Map<string, ChartImage>();
  for (const s of doc.sections) for (const c of s.charts) images.set(c.id, renderTrendSvg(c.trend, c.alt));
  return images;
}

/** Writes a document in a format: the same document, however it is written. */
export async function writeReportFile(doc: ReportDocument, format: ReportFormat, printPdf: PdfPrinter): Promise<Buffer> {
  const images = await chartImages(doc);
  if (format === 'docx') {
    const [{ writeDocx }, { svgToPng }] = await Promise.all([import('./docx'), import('./charts')]);
    return writeDocx(doc, new Map([...images].map(([id, image]) => [id, svgToPng(image)])));
  }
  const html = renderReportHtml(doc, images);
  if (format === 'html') return Buffer.from(html, 'utf8');
  return printPdf(html, doc.marking);
}

export function defaultExportPath(workspace: Workspace, record: ReportRecord, format: ReportFormat, version: 'draft' | 'final'): string {
  const safe = `${record.title} ${record.period} ${version}`.replace(/[\\/:*?"<>|]+/g, '-');
  return path.join(exportFolder(workspace), `${safe}.${format}`);
}

export async function exportReport(
  workspace: Workspace,
  record: ReportRecord,
  options: { format: ReportFormat; version: 'draft' | 'final'; path?: string; printPdf: PdfPrinter },
): Promise<{ path: string; sha256: string; exportId: number }> {
  const open = checkReport(workspace, record).filter((i) => !record.accepted.includes(i.id));
  if (open.length) {
    const list = open.slice(0, 5).map((i) => `${i.paragraphNumber}: ${i.message}`).join(' ');
    throw new WorkbenchError('conflict', `The check found ${open.length} problem${open.length === 1 ? '' : 's'} in the narrative; fix or accept each before exporting. ${list}`);
  }
  const target = path.resolve(options.path ?? defaultExportPath(workspace, record, options.format, options.version));
  const extension = path.extname(target).slice(1).toLowerCase();
  if (extension !== options.format) throw new WorkbenchError('bad_arguments', `A ${options.format} export needs a file name ending .${options.format}, not "${path.basename(target)}".`);
  const doc = reportDocument(workspace, record, options.version);
  const data = await writeReportFile(doc, options.format, options.printPdf);
  writeFileAtomically(target, data);
  const sha256 = crypto.createHash('sha256').update(data).digest('hex');
  const exportId = recordExport(workspace.db, record.id, { version: options.version, format: options.format, filePath: target, sha256, author: currentAuthor() }, doc);
  return { path: target, sha256, exportId };
}
