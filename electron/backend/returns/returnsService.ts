import { sha256 } from '../files';
import { NO_HEADLINE } from '../../../shared/domain/kpiTable';
import path from 'node:path';
import { WorkbenchError } from '../../../shared/api/errors';
import { formatValue } from '../../../shared/domain/format';
import { SECTIONS, type Kpi } from '../../../shared/domain/kpi';
import { formatPeriod, formatPeriodLong, parseMonthKey, samePeriodLastYear, type Period } from '../../../shared/domain/periods';
import { aggregate } from '../../../shared/domain/series';
import { fillReturn, type FilledReturn } from '../../../shared/returns/fill';
import { csvSafe } from '../../../shared/returns/textGuard';
import type { ReturnTemplate } from '../../../shared/returns/template';
import { recordDataExport, returnMarks } from '../../../db/dataExports';
import { monthlyRange } from '../../../db/observations';
import { aggregationContext, kpiIndex } from '../figures';
import { currentAuthor } from '../author';
import { reportRows } from '../report/reportService';
import { checkExportTarget, writeExportFile } from '../exportFiles';
import type { Workspace } from '../workspace';
import { fillWorkbookCopy, type CellWrite } from './returnWorkbook';
import type { LoadedReturn } from './templates';
import { addMarkedSheet, cellNumber, HEADER_FILL, newWorkbook, NUMBER_FORMATS, setText, workbookBuffer } from './xlsx';

export function requireQuarter(period: Period): Extract<Period, { kind: 'quarter' }> {
  if (period.kind !== 'quarter') throw new WorkbenchError('bad_period', 'A quarterly return is for a quarter, e.g. "Q1 2019/20".');
  return period;
}

export function fillReturnFor(workspace: Workspace, template: ReturnTemplate, quarter: Extract<Period, { kind: 'quarter' }>): FilledReturn {
  const { first, last } = monthlyRange(workspace.db);
  const { byId } = kpiIndex(workspace);
  const context = aggregationContext(workspace, first ? parseMonthKey(first) : 0, last ? parseMonthKey(last) : 0);
  // A return's quarter or year to date is all of its months or nothing: a partial sum would pass for the total.
  const measure = (kpi: Kpi, dimension: string, category: string, months: readonly number[]) => {
    const result = aggregate(kpi, { dimension, category }, months, context);
    return result.monthsCovered === result.monthsExpected ? result.value : null;
  };
  return fillReturn(template, quarter, byId, measure, returnMarks(workspace.db, template.id, formatPeriod(quarter)));
}

/**
 * Writes the return into a copy of its workbook: each measured cell its figure (or n/a), each of the
 * workbook's own totals and shares its result as the workbench worked it out (the office suite works them out
 * again on opening), the force and quarter where the mapping names them; nothing else in the file changes.
 */
export async function exportReturn(workspace: Workspace, loaded: LoadedReturn, quarter: Extract<Period, { kind: 'quarter' }>, target: string, force: string, replace = false) {
  const { template } = loaded;
  if (path.extname(target).toLowerCase() !== '.xlsx') throw new WorkbenchError('bad_arguments', `A return is written as .xlsx, not "${path.basename(target)}".`);
  checkExportTarget(path.resolve(target), replace);
  const filled = fillReturnFor(workspace, template, quarter);
  if (filled.problems.length) {
    const list = filled.problems.slice(0, 8).map((p) => `${p.address}: ${p.message}`).join('; ');
    throw new WorkbenchError('conflict', `The return is not complete: ${filled.problems.length} cell${filled.problems.length === 1 ? '' : 's'} to resolve. ${list}${filled.problems.length > 8 ? '; …' : ''}`);
  }
  const author = currentAuthor(workspace);
  const sheet = template.sheet;
  const formulas = new Set(loaded.workbook.sheets.find((s) => s.name === sheet)?.cells.filter((c) => c.formula).map((c) => c.address));
  const writes: CellWrite[] = [];
  const results: CellWrite[] = [];
  for (const c of filled.cells) {
    const value = c.value === null ? 'n/a' : cellNumber(c.value, c.unit);
    (formulas.has(c.address) ? results : writes).push({ sheet, address: c.address, value });
  }
  for (const f of loaded.mapping.fields ?? []) writes.push({ sheet: f.sheet, address: f.cell, value: f.field === 'force' ? force : formatPeriodLong(quarter) });
  const data = fillWorkbookCopy(loaded.workbook.bytes, writes, results);
  const file = path.resolve(target);
  writeExportFile(file, data, replace);
  const hash = sha256(data);
  const exportId = recordDataExport(workspace.db, { kind: 'return', name: template.id, period: formatPeriod(quarter), format: 'xlsx', filePath: file, sha256: hash, author }, filled.cells);
  return { path: file, sha256: hash, exportId };
}

const TABLE_HEADERS = (current: string, previous: string) => ['KPI number', 'KPI', 'Breakdown', 'Category', `Performance ${current}`, `Performance ${previous}`, 'Volume Change', '% Change'];

/** Every KPI table of the period: a sheet per section (.xlsx) or one table with a section column (.csv). */
export async function exportTables(workspace: Workspace, period: Period, target: string, replace = false) {
  const format = path.extname(target).slice(1).toLowerCase();
  if (format !== 'xlsx' && format !== 'csv') throw new WorkbenchError('bad_arguments', `KPI tables are written as .xlsx or .csv, not "${path.basename(target)}".`);
  checkExportTarget(path.resolve(target), replace);
  const rows = reportRows(workspace, period);
  const { byId } = kpiIndex(workspace);
  const previous = formatPeriod(samePeriodLastYear(period));
  const headers = TABLE_HEADERS(formatPeriod(period), previous);
  const author = currentAuthor(workspace);
  let data: Buffer;
  if (format === 'csv') {
    const aoa: (string | number | null)[][] = [['Section', ...headers]];
    for (const r of rows) {
      const unit = byId.get(r.kpiId)?.unit ?? 'count';
      aoa.push([
        SECTIONS.find((s) => s.number === r.section)!.title,
        r.number,
        csvSafe(r.name),
        csvSafe(r.breakdown ?? ''),
        csvSafe(r.category ?? ''),
        r.display.current === NO_HEADLINE ? NO_HEADLINE : r.current === null ? null : cellNumber(r.current, unit),
        r.previous === null ? null : cellNumber(r.previous, unit),
        r.change === null ? null : cellNumber(r.change, unit),
        r.changePercent === null ? null : r.changePercent / 100,
      ]);
    }
    // A byte-order mark, so that Excel reads the file as UTF-8 (the £ and en dashes in names).
    const XLSX = await import('xlsx');
    data = Buffer.from(`\ufeff${XLSX.utils.sheet_to_csv(XLSX.utils.aoa_to_sheet(aoa), { RS: '\r\n' })}\r\n`, 'utf8');
  } else {
    const workbook = await newWorkbook(author);
    for (const section of SECTIONS) {
      const own = rows.filter((r) => r.section === section.number);
      const sheet = addMarkedSheet(workbook, `${section.number} ${section.title}`, 'OFFICIAL', { rows: 3, columns: 2 });
      setText(sheet.getCell('A1'), `${section.number}. ${section.title}: ${formatPeriod(period)} compared with ${previous}`);
      sheet.getCell('A1').font = { bold: true, size: 13 };
      headers.forEach((h, i) => {
        const cell = sheet.getCell(3, i + 1);
        setText(cell, h);
        cell.font = { bold: true };
        cell.fill = HEADER_FILL;
        cell.alignment = { horizontal: i < 4 ? 'left' : 'right', wrapText: true };
      });
      own.forEach((r, i) => {
        const unit = byId.get(r.kpiId)?.unit ?? 'count';
        const at = (c: number) => sheet.getCell(4 + i, c);
        setText(at(1), r.number);
        setText(at(2), r.name);
        setText(at(3), r.breakdown ?? '');
        setText(at(4), r.category ?? '');
        const put = (c: number, value: number | null, numFmt: string) => {
          if (value === null) return setText(at(c), 'n/a');
          at(c).value = value;
          at(c).numFmt = numFmt;
        };
        // A KPI with breakdowns and no figure of its own still heads its rows, saying so.
        if (r.display.current === NO_HEADLINE) setText(at(5), NO_HEADLINE);
        else put(5, r.current === null ? null : cellNumber(r.current, unit), NUMBER_FORMATS[unit]);
        put(6, r.previous === null ? null : cellNumber(r.previous, unit), NUMBER_FORMATS[unit]);
        put(7, r.change === null ? null : cellNumber(r.change, unit), unit === 'percent' ? '+0.0%;-0.0%;0.0%' : NUMBER_FORMATS.change);
        put(8, r.changePercent === null ? null : r.changePercent / 100, NUMBER_FORMATS.percentChange);
        if (!r.breakdown) at(2).font = { bold: true };
      });
      [10, 44, 16, 16, 18, 18, 15, 11].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
    }
    data = await workbookBuffer(workbook);
  }
  const file = path.resolve(target);
  writeExportFile(file, data, replace);
  const hash = sha256(data);
  const exportId = recordDataExport(workspace.db, { kind: 'tables', name: 'KPI tables', period: formatPeriod(period), format, filePath: file, sha256: hash, author }, rows);
  return { path: file, sha256: hash, exportId, rows: rows.length };
}

export function describeCell(value: number | null, unit: string): string {
  if (value === null) return 'n/a';
  if (unit === 'share') return `${(value * 100).toFixed(1)}%`;
  return formatValue(value, unit as Kpi['unit']);
}
