import path from 'node:path';
import type { Api } from '../../shared/api/contract';
import { WorkbenchError } from '../../shared/api/errors';
import { HEADLINE } from '../../shared/domain/series';
import { formatPeriod, formatPeriodHeader, formatPeriodLong, latestCompleteQuarter, monthIndex, parsePeriod, samePeriodLastYear, type Period } from '../../shared/domain/periods';
import { formatDay } from '../../shared/domain/format';
import { buildBrief, renderBriefHtml, type BriefDocument } from '../../shared/report/brief';
import { renderText, rowLookup } from '../../shared/report/fields';
import { checkReportText } from '../../shared/report/numberCheck';
import type { Paragraph } from '../../shared/report/model';
import type { QuestionChanges, QuestionDto } from '../../shared/questions/questionSchemas';
import { addQuestion, getQuestion, listBriefs, listQuestions, recordBrief, saveQuestion, type BriefExport, type QuestionRecord } from '../../db/panelQuestions';
import { currentAuthor } from './author';
import { sha256 } from './files';
import { kpiIndex, readPeriod } from './figures';
import { checkExportTarget, freeExportPath, writeExportFile } from './exportFiles';
import { chromiumPdfPrinter, type PdfPrinter } from './report/pdf';
import { acceptances, checkReportPeriod, exportFolder, officeTemplate, reportRows } from './report/reportService';
import { trendOf } from './trend';
import { workspaceSettings } from './workspaceSettings';
import { isDemoWorkspace, type Workspace } from './workspace';
import type { Session } from './session';

type QuestionMethods = Pick<Api, 'questions.list' | 'questions.add' | 'questions.update' | 'questions.delete' | 'questions.restore' | 'questions.brief'>;

/** "Q3": how the action log and the brief name a question. */
const labelOf = (q: Pick<QuestionRecord, 'id'>) => `Q${q.id}`;

/** The answer as the number check reads it: one paragraph, in the section of the question's first KPI. */
function answerParagraph(workspace: Workspace, q: QuestionRecord): Paragraph {
  const kpi = q.kpiIds.length ? kpiIndex(workspace).byId.get(q.kpiIds[0]) : undefined;
  return { id: `question-${q.id}`, section: kpi?.section ?? 1, kpiId: kpi?.id ?? null, text: q.answer };
}

/**
 * What one request about questions reads once: the KPI index, and each period's KPI table rows (the
 * figures every answer's live fields and number check are worked out from), read the first time a
 * question of that period needs them.
 */
function questionContext(workspace: Workspace) {
  const index = kpiIndex(workspace);
  const rowsByPeriod = new Map<string, ReturnType<typeof reportRows>>();
  const briefs = listBriefs(workspace.db);
  return {
    index,
    rows(period: string) {
      let rows = rowsByPeriod.get(period);
      if (!rows) rowsByPeriod.set(period, (rows = reportRows(workspace, parsePeriod(period))));
      return rows;
    },
    briefsOf: (id: number): BriefExport[] => briefs.filter((b) => b.questionId === id),
  };
}

function toDto(workspace: Workspace, q: QuestionRecord, context = questionContext(workspace)): QuestionDto {
  const rows = context.rows(q.period);
  const accepted = new Map(q.accepted.map((a) => [a.id, a]));
  const issues = checkReportText([answerParagraph(workspace, q)], rows, context.index.kpis).map((i) => {
    const acceptance = accepted.get(i.id);
    return { ...i, paragraphNumber: 'answer', accepted: acceptance !== undefined, acceptedReason: acceptance ? acceptance.reason || null : null };
  });
  return {
    id: q.id,
    label: labelOf(q),
    meeting: q.meeting,
    member: q.member,
    text: q.text,
    kpiIds: q.kpiIds,
    kpiNames: q.kpiIds.map((id) => context.index.byId.get(id)?.name ?? id),
    period: q.period,
    answer: q.answer,
    rendered: renderText(q.answer, rowLookup(rows)),
    status: q.answeredAt ? 'answered' : 'open',
    answeredAt: q.answeredAt,
    answeredBy: q.answeredBy,
    createdBy: q.createdBy,
    createdAt: q.createdAt,
    issues,
    openIssues: issues.filter((i) => !i.accepted).length,
    briefs: context.briefsOf(q.id).map((b) => ({ id: b.id, format: b.format, fileName: path.basename(b.filePath), path: b.filePath, createdAt: b.createdAt })),
  };
}

/** A question's period: as given (a quarter or a year), or the last full quarter before the meeting. */
function questionPeriod(meeting: string, given: string | undefined): string {
  if (given) {
    const period = readPeriod(given);
    checkReportPeriod(period);
    return formatPeriod(period);
  }
  const [year, month] = meeting.split('-').map(Number);
  return formatPeriod(latestCompleteQuarter(monthIndex(year, month) - 1));
}

function checkKpis(workspace: Workspace, kpiIds: readonly string[]): void {
  const { byId } = kpiIndex(workspace);
  const unknown = kpiIds.filter((id) => !byId.has(id));
  if (unknown.length) throw new WorkbenchError('not_found', `There is no KPI ${unknown.map((id) => `"${id}"`).join(', ')}. \`workbench kpis\` lists them.`);
}

function existing(workspace: Workspace, id: number): QuestionRecord {
  const q = getQuestion(workspace.db, id);
  if (!q || q.deletedAt) throw new WorkbenchError('not_found', `There is no question ${id}. \`workbench questions\` lists them.`);
  return q;
}

function applyChanges(workspace: Workspace, q: QuestionRecord, changes: QuestionChanges): QuestionRecord {
  if (changes.kpiIds) checkKpis(workspace, changes.kpiIds);
  const meeting = changes.meeting ?? q.meeting;
  const next: QuestionRecord = {
    ...q,
    meeting,
    member: changes.member === undefined ? q.member : changes.member || null,
    text: changes.text ?? q.text,
    kpiIds: changes.kpiIds ?? q.kpiIds,
    period: changes.period ? questionPeriod(meeting, changes.period) : q.period,
    answer: changes.answer ?? q.answer,
    accepted: changes.accepted ? acceptances(workspace, q, changes.accepted) : q.accepted,
  };
  if (changes.answered === true && !q.answeredAt) Object.assign(next, { answeredAt: new Date().toISOString(), answeredBy: currentAuthor(workspace) });
  if (changes.answered === false) Object.assign(next, { answeredAt: null, answeredBy: null });
  return next;
}

/** The brief of a question, every figure worked out, ready to be written. */
function briefOf(workspace: Workspace, q: QuestionRecord, context = questionContext(workspace)): BriefDocument {
  const period: Period = parsePeriod(q.period);
  const previous = samePeriodLastYear(period);
  const settings = workspaceSettings(workspace);
  if (!settings.forceName) throw new WorkbenchError('conflict', 'The brief needs the force’s name: set it in Settings (or `workbench settings --force-name NAME`) and export again.');
  const kpis = q.kpiIds.map((id) => context.index.byId.get(id)).filter((k) => k !== undefined);
  return buildBrief({
    label: labelOf(q),
    force: settings.forceName,
    marking: settings.marking,
    author: settings.author ?? currentAuthor(workspace),
    date: formatDay(new Date().toISOString()),
    isDemo: isDemoWorkspace(workspace),
    meeting: formatDay(`${q.meeting}T12:00:00Z`),
    member: q.member,
    question: q.text,
    answer: q.answer,
    period: q.period,
    periodLong: formatPeriodLong(period),
    previousPeriod: formatPeriod(previous),
    headers: { current: formatPeriodHeader(period), previous: formatPeriodHeader(previous) },
    kpis,
    rows: context.rows(q.period),
    trend: kpis[0] && trendOf(workspace, kpis[0], HEADLINE, period),
  });
}

export function createQuestionsApi(session: Session, options: { printPdf?: PdfPrinter } = {}): QuestionMethods {
  const printPdf = options.printPdf ?? chromiumPdfPrinter;
  return {
    'questions.list': () => {
      const workspace = session.current();
      const context = questionContext(workspace);
      return listQuestions(workspace.db).map((q) => toDto(workspace, q, context));
    },
    'questions.add': ({ meeting, member, text, kpiIds, period }) => {
      const workspace = session.current();
      checkKpis(workspace, kpiIds);
      const q = addQuestion(workspace.db, { meeting, member: member || null, text, kpiIds, period: questionPeriod(meeting, period), createdBy: currentAuthor(workspace) });
      return toDto(workspace, q);
    },
    'questions.update': ({ id, changes }) => {
      const workspace = session.current();
      return toDto(workspace, saveQuestion(workspace.db, applyChanges(workspace, existing(workspace, id), changes)));
    },
    'questions.delete': ({ id }) => {
      const workspace = session.current();
      return toDto(workspace, saveQuestion(workspace.db, { ...existing(workspace, id), deletedAt: new Date().toISOString() }));
    },
    'questions.restore': ({ id }) => {
      const workspace = session.current();
      const q = getQuestion(workspace.db, id);
      if (!q) throw new WorkbenchError('not_found', `There is no question ${id}.`);
      return toDto(workspace, saveQuestion(workspace.db, { ...q, deletedAt: null }));
    },
    'questions.brief': async ({ id, format, path: given, replace }) => {
      const workspace = session.current();
      const q = existing(workspace, id);
      const context = questionContext(workspace);
      const dto = toDto(workspace, q, context);
      if (!q.answer.trim()) throw new WorkbenchError('conflict', `${dto.label} has no answer yet: write it, then export the brief.`);
      if (dto.openIssues) {
        const list = dto.issues.filter((i) => !i.accepted).map((i) => i.message).join(' ');
        throw new WorkbenchError('conflict', `The check found ${dto.openIssues} problem${dto.openIssues === 1 ? '' : 's'} in the answer; fix or accept each before exporting. ${list}`);
      }
      const target = given ? path.resolve(given) : freeExportPath(exportFolder(workspace), `Panel question ${dto.label} ${q.meeting}`, format, listBriefs(workspace.db).map((b) => b.filePath));
      if (path.extname(target).slice(1).toLowerCase() !== format) throw new WorkbenchError('bad_arguments', `A ${format} brief needs a file name ending .${format}, not "${path.basename(target)}".`);
      checkExportTarget(target, replace ?? false);
      const data = await writeBrief(briefOf(workspace, q, context), format, printPdf, officeTemplate(workspace));
      writeExportFile(target, data, replace ?? false);
      const digest = sha256(data);
      const briefId = recordBrief(workspace.db, { questionId: q.id, format, filePath: target, sha256: digest, author: currentAuthor(workspace) });
      return { path: target, sha256: digest, briefId };
    },
  };
}

/** Writes a brief: Word (in the office's template, if one is set) or a PDF printed from its HTML. */
async function writeBrief(brief: BriefDocument, format: 'docx' | 'pdf', printPdf: PdfPrinter, template: ReturnType<typeof officeTemplate>): Promise<Buffer> {
  const { renderTrendSvg, svgToPng } = await import('./report/charts');
  const chart = brief.chart && renderTrendSvg(brief.chart.trend, brief.chart.alt);
  if (format === 'pdf') {
    const { describeWordTemplate } = await import('./report/wordTemplate');
    return printPdf(renderBriefHtml(brief, chart, template && describeWordTemplate(template)), brief.marking);
  }
  const [{ writeBriefDocx }, { OWN_LOOK, TEMPLATE_LOOK }, { applyWordTemplate, textWidthPx }] = await Promise.all([import('./report/briefDocx'), import('./report/docx'), import('./report/wordTemplate')]);
  const png = chart && svgToPng(chart);
  if (!template) return writeBriefDocx(brief, png, OWN_LOOK);
  return Buffer.from(applyWordTemplate(await writeBriefDocx(brief, png, { ...TEMPLATE_LOOK, textWidthPx: textWidthPx(template) }), template));
}
