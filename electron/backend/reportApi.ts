import crypto from 'node:crypto';
import path from 'node:path';
import type { Api } from '../../shared/api/contract';
import { WorkbenchError } from '../../shared/api/errors';
import { formatPeriod } from '../../shared/domain/periods';
import { exportedDocument, getReport, listReports } from '../../db/reports';
import { readPeriod } from './figures';
import { draftParagraphs, exportReport, openReport, reportView, updateReport, writeReportFile, checkReportPeriod } from './report/reportService';
import { writeFileAtomically } from './files';
import { chromiumPdfPrinter, type PdfPrinter } from './report/pdf';
import type { Session } from './session';
import type { Workspace } from './workspace';

type ReportMethods = Pick<Api, 'report.open' | 'report.list' | 'report.save' | 'report.redraft' | 'report.accept' | 'report.export' | 'report.reexport'>;

export interface ReportApiOptions {
  /** How PDFs are printed: the app's own window in Electron, Chromium through playwright-core elsewhere. */
  printPdf?: PdfPrinter;
}

function existing(workspace: Workspace, periodText: string) {
  const period = readPeriod(periodText);
  checkReportPeriod(period);
  const record = getReport(workspace.db, formatPeriod(period));
  if (!record) throw new WorkbenchError('not_found', `There is no report for ${formatPeriod(period)} yet: open it first.`);
  return record;
}

export function createReportApi(session: Session, options: ReportApiOptions = {}): ReportMethods {
  const printPdf = options.printPdf ?? chromiumPdfPrinter;
  return {
    'report.open': ({ period, start }) => {
      const workspace = session.current();
      const { record, carriedFrom } = openReport(workspace, readPeriod(period), start);
      return reportView(workspace, record, carriedFrom);
    },
    'report.list': () => listReports(session.current().db),
    'report.save': ({ period, changes }) => {
      const workspace = session.current();
      const record = existing(workspace, period);
      const ids = changes.paragraphs?.map((p) => p.id) ?? [];
      if (new Set(ids).size !== ids.length) throw new WorkbenchError('bad_arguments', 'Two paragraphs have the same id.');
      return reportView(workspace, updateReport(workspace, record, changes));
    },
    'report.redraft': ({ period, kpiId }) => {
      const workspace = session.current();
      const record = existing(workspace, period);
      const fresh = draftParagraphs(workspace, readPeriod(period), record.template).filter((p) => !kpiId || p.kpiId === kpiId);
      // Fresh paragraphs take the place of the first paragraph they replace; the others keep theirs.
      const replaced = (p: { kpiId: string | null }) => (kpiId ? p.kpiId === kpiId : true);
      const at = record.paragraphs.findIndex(replaced);
      const kept = record.paragraphs.filter((p) => !replaced(p));
      const paragraphs = kpiId && at !== -1 ? [...kept.slice(0, at), ...fresh, ...kept.slice(at)] : kpiId ? [...kept, ...fresh] : fresh;
      return reportView(workspace, updateReport(workspace, record, { paragraphs }));
    },
    'report.accept': ({ period, issueId, accepted }) => {
      const workspace = session.current();
      const record = existing(workspace, period);
      const others = record.accepted.filter((id) => id !== issueId);
      return reportView(workspace, updateReport(workspace, record, { accepted: accepted ? [...others, issueId] : others }));
    },
    'report.export': async ({ period, format, version, path: target }) => {
      const workspace = session.current();
      return exportReport(workspace, existing(workspace, period), { format, version, path: target, printPdf });
    },
    'report.reexport': async ({ exportId, format, path: target }) => {
      const workspace = session.current();
      const stored = exportedDocument(workspace.db, exportId);
      if (!stored) throw new WorkbenchError('not_found', `There is no export ${exportId}.`);
      const file = path.resolve(target);
      if (path.extname(file).slice(1).toLowerCase() !== format) throw new WorkbenchError('bad_arguments', `A ${format} export needs a file name ending .${format}.`);
      const data = await writeReportFile(stored.document, format, printPdf);
      writeFileAtomically(file, data);
      return { path: file, sha256: crypto.createHash('sha256').update(data).digest('hex') };
    },
  };
}
