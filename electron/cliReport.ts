import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { Api } from '../shared/api/contract';
import { withAnnotation } from '../shared/report/annotationNotices';
import type { ReportChanges, ReportView } from '../shared/report/reportSchemas';
import { checkExportTarget } from './backend/exportFiles';
import { call, printJson, requiredOption, stringOption, UsageError, type Io, type Values, COMMON } from './cliSupport';


export const REPORT_COMMANDS: Record<string, ParseArgsConfig['options']> = {
  report: { ...COMMON, period: { type: 'string' }, out: { type: 'string' }, final: { type: 'boolean' }, start: { type: 'string' }, check: { type: 'boolean' }, force: { type: 'boolean' }, annotations: { type: 'string' } },
};

export const REPORT_USAGE = `  report --period P --out FILE.docx|FILE.pdf|FILE.html [--final] [--start draft|previous] [--force]
                                        the Force Performance Report of a quarter or year, drafted from
                                        the data the first time (--start previous: last report's wording);
                                        refused while the number check has findings (--check lists them);
                                        an existing FILE is left as it was unless --force replaces it;
                                        an annotation written after drafting is named against its KPI's
                                        paragraph: --annotations insert adds each one's sentence there,
                                        --annotations leave-out leaves them out of this report
`;

/** The report's change that settles every notice at once: each sentence inserted, or every annotation left out. */
function annotationChanges(view: ReportView, how: 'insert' | 'leave-out'): ReportChanges {
  if (how === 'leave-out') return { leftOut: [...new Set([...view.leftOut, ...view.notices.map((n) => n.annotationId)])] };
  const paragraphs = view.paragraphs.map(({ id, section, kpiId, text }) => ({ id, section, kpiId, text: view.notices.filter((n) => n.paragraphId === id).reduce(withAnnotation, text) }));
  return { paragraphs };
}

export async function runReportCommand(values: Values, api: Api, io: Io): Promise<number> {
  const period = requiredOption(values, 'period', 'report', '"Q1 2019/20"');
  const start = stringOption(values, 'start') ?? 'draft';
  if (start !== 'draft' && start !== 'previous') throw new UsageError(`--start is "draft" or "previous", not "${start}".`);
  const out = values.check ? undefined : requiredOption(values, 'out', 'report', 'report.docx');
  const format = out && path.extname(out).slice(1).toLowerCase();
  if (out && format !== 'docx' && format !== 'pdf' && format !== 'html') throw new UsageError(`--out must end .docx, .pdf or .html, not "${out}".`);
  // Before anything else: an existing file is refused at once, and left as it was.
  if (out) checkExportTarget(path.resolve(out), !!values.force);
  const annotations = stringOption(values, 'annotations');
  if (annotations !== undefined && annotations !== 'insert' && annotations !== 'leave-out') throw new UsageError(`--annotations is "insert" or "leave-out", not "${annotations}".`);
  let view = await call(api, 'report.open', { period, start });
  if (annotations && view.notices.length) view = await call(api, 'report.save', { period, changes: annotationChanges(view, annotations) });
  const numbers = new Map(view.paragraphs.map((p) => [p.id, p.number]));
  const notices = view.notices.map((n) => ({ paragraph: numbers.get(n.paragraphId)!, annotation: n.label, message: n.message }));
  if (!values.json) for (const n of notices) io.err(`workbench: paragraph ${n.paragraph}: ${n.message} (--annotations insert or leave-out)\n`);
  const open = view.issues.filter((i) => !i.accepted);
  const findings = open.map((i) => ({ paragraph: i.paragraphNumber, message: i.message, excerpt: i.excerpt }));
  if (values.check || open.length) {
    if (values.json) printJson(io, { period: view.period, title: view.title, paragraphs: view.paragraphs.length, findings, notices, written: null });
    else if (!open.length) io.out(`${view.title}, ${view.periodLong}: ${view.paragraphs.length} paragraphs; the number check found nothing.\n`);
    else for (const i of open) io.err(`workbench: paragraph ${i.paragraphNumber}: ${i.message} (“${i.excerpt}”)\n`);
    if (open.length) {
      io.err(`workbench: nothing was exported: fix or accept the ${open.length} finding${open.length === 1 ? '' : 's'} in the app first.\n`);
      return 2;
    }
    if (values.check) return 0;
  }
  const version = values.final ? 'final' : 'draft';
  const result = await call(api, 'report.export', { period, format: format as 'docx' | 'pdf' | 'html', version, path: out!, replace: !!values.force });
  if (values.json) printJson(io, { period: view.period, title: view.title, paragraphs: view.paragraphs.length, findings, notices, written: { ...result, version } });
  else io.out(`Wrote ${result.path}: ${view.title}, ${view.periodLong} (${version}), ${view.paragraphs.length} paragraphs.\nSHA-256 ${result.sha256}; kept as export ${result.exportId}.\n`);
  return 0;
}
