import { sha256 } from './files';
import fs from 'node:fs';
import { briefFile } from '../../db/panelQuestions';
import path from 'node:path';
import type { Api } from '../../shared/api/contract';
import { WorkbenchError } from '../../shared/api/errors';
import { formatPeriod, parsePeriod } from '../../shared/domain/periods';
import { exportedDocument, getReport, listReports, reportExportFile, type ReportRecord } from '../../db/reports';
import { dataExportFile } from '../../db/dataExports';
import { readPeriod } from './figures';
import {
  acceptances,
  checkReportPeriod,
  draftParagraphs,
  exportReport,
  openReport,
  reportContext,
  reportView,
  sectionFigurePages,
  updateReport,
  writeReportFile,
  officeTemplate,
} from './report/reportService';
import { checkExportTarget, writeExportFile } from './exportFiles';
import { chromiumPdfPrinter, type PdfPrinter } from './report/pdf';
import type { Session } from './session';
import type { Workspace } from './workspace';

type ReportMethods = Pick<
  Api,
  'report.open' | 'report.list' | 'report.save' | 'report.redraft' | 'report.accept' | 'report.figures' | 'report.export' | 'report.reexport' | 'exports.file'
>;

export interface ReportApiOptions {
  /** How PDFs are printed: the app's own window in Electron, Chromium through playwright-core elsewhere. */
  printPdf?: PdfPrinter;
}

function existing(workspace: Workspace, periodText: string) {
  const period = readPeriod(periodText);
  checkReportPeriod(period);
  const record = getReport(workspace.db, formatPeriod(period));
  if (!record) throw new WorkbenchError('not_found', `There is no report for ${formatPeriod(period)} yet: open it first.`);
  return { record, period };
}


/** A saved report as the editor shows it, with the figures of its own period. */
const viewOf = (workspace: Workspace, record: ReportRecord) => reportView(reportContext(workspace, parsePeriod(record.period)), record);

export function createReportApi(session: Session, options: ReportApiOptions = {}): ReportMethods {
  const printPdf = options.printPdf ?? chromiumPdfPrinter;
  return {
    'report.open': ({ period, start }) => {
      const context = reportContext(session.current(), readPeriod(period));
      const { record, carriedFrom } = openReport(context, start);
      return reportView(context, record, carriedFrom);
    },
    'report.list': () => listReports(session.current().db),
    'report.save': ({ period, changes }) => {
      const workspace = session.current();
      const { record } = existing(workspace, period);
      const ids = changes.paragraphs?.map((p) => p.id) ?? [];
      if (new Set(ids).size !== ids.length) throw new WorkbenchError('bad_arguments', 'Two paragraphs have the same id.');
      const { accepted, ...rest } = changes;
      return viewOf(workspace, updateReport(workspace, record, { ...rest, ...(accepted ? { accepted: acceptances(workspace, record, accepted) } : {}) }));
    },
    'report.redraft': ({ period: text, kpiId }) => {
      const workspace = session.current();
      const { record, period } = existing(workspace, text);
      const context = reportContext(workspace, period);
      const drafted = draftParagraphs(context, record.template).filter((p) => !kpiId || p.kpiId === kpiId);
      // Each fresh paragraph keeps the id of the one of its KPI it takes the place of, in order: "since the last
      // export" then sets it against that paragraph, and a redraft that adds a sentence counts one sentence.
      const earlier = new Map<string, string[]>();
      for (const p of record.paragraphs) if (p.kpiId && (!kpiId || p.kpiId === kpiId)) earlier.set(p.kpiId, [...(earlier.get(p.kpiId) ?? []), p.id]);
      const fresh = drafted.map((p) => {
        const id = p.kpiId ? earlier.get(p.kpiId)?.shift() : undefined;
        return id ? { ...p, id } : p;
      });
      // Fresh paragraphs take the place of the first paragraph they replace; the others keep theirs.
      const replaced = (p: { kpiId: string | null }) => (kpiId ? p.kpiId === kpiId : true);
      const at = record.paragraphs.findIndex(replaced);
      const kept = record.paragraphs.filter((p) => !replaced(p));
      const paragraphs = kpiId && at !== -1 ? [...kept.slice(0, at), ...fresh, ...kept.slice(at)] : kpiId ? [...kept, ...fresh] : fresh;
      return reportView(context, updateReport(workspace, record, { paragraphs }));
    },
    'report.accept': ({ period, issueId, accepted, reason }) => {
      const workspace = session.current();
      const { record } = existing(workspace, period);
      const others = record.accepted.filter((a) => a.id !== issueId);
      const next = accepted ? [...others, ...acceptances(workspace, record, [{ id: issueId, reason: reason ?? '' }])] : others;
      return viewOf(workspace, updateReport(workspace, record, { accepted: next }));
    },
    'report.figures': async ({ period: text }) => {
      const workspace = session.current();
      const { record, period } = existing(workspace, text);
      return sectionFigurePages(reportContext(workspace, period), record);
    },
    'report.export': async ({ period, format, version, path: target, replace }) => {
      const workspace = session.current();
      return exportReport(workspace, existing(workspace, period).record, { format, version, path: target, replace: replace ?? false, printPdf });
    },
    'report.reexport': async ({ exportId, format, path: target, replace }) => {
      const stored = exportedDocument(session.current().db, exportId);
      if (!stored) throw new WorkbenchError('not_found', `There is no export ${exportId}.`);
      const file = path.resolve(target);
      if (path.extname(file).slice(1).toLowerCase() !== format) throw new WorkbenchError('bad_arguments', `A ${format} export needs a file name ending .${format}.`);
      checkExportTarget(file, replace ?? false);
      const data = await writeReportFile(stored.document, format, printPdf, officeTemplate(session.current()));
      writeExportFile(file, data, replace ?? false);
      return { path: file, sha256: sha256(data) };
    },
    'exports.file': ({ kind, id }) => {
      const { db } = session.current();
      const found = kind === 'report' ? reportExportFile(db, id) : kind === 'brief' ? briefFile(db, id) : dataExportFile(db, id);
      if (!found) throw new WorkbenchError('not_found', `There is no export ${id}.`);
      const exists = fs.existsSync(found.filePath);
      return { path: found.filePath, fileName: path.basename(found.filePath), exists, unchanged: exists && sha256(fs.readFileSync(found.filePath)) === found.sha256 };
    },
  };
}
