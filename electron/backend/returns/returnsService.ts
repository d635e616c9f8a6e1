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
import { columnNumber, type ReturnTemplate } from '../../../shared/returns/template';
import { recordDataExport, returnMarks } from '../../../db/dataExports';
import { monthlyRange } from '../../../db/observations';
import { aggregationContext, kpiIndex } from '../figures';
import { currentAuthor } from '../author';
import { reportRows } from '../report/reportService';
import { checkExportTarget, writeExportFile } from '../exportFiles';
import type { Workspace } from '../workspace';
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

/** The return as its own sheet: title, header row, measured rows, notes; frozen below the header and beside the labels. */
export async function writeReturnXlsx(filled: FilledReturn, quarter: Extract<Period, { kind: 'quarter' }>, force: string, author: string): Promise<Buffer> {
  const t = filled.template;
  const workbook = await newWorkbook(author);
  const sheet = addMarkedSheet(workbook, t.sheet, t.marking, { rows: t.headerRow, columns: columnNumber(t.labelColumn) });
  setText(sheet.getCell(`${t.labelColumn}1`), t.name);
  sheet.getCell(`${t.labelColumn}1`).font = { bold: true, size: 14 };
  setText(sheet.getCell(`${t.labelColumn}2`), `${force}: ${formatPeriodLong(quarter)}`);
  setText(sheet.getCell(`${t.labelColumn}3`), t.marking);
  sheet.getCell(`${t.labelColumn}3`).font = { bold: true };
  const header = [`${t.labelColumn}${t.headerRow}`, ...t.columns.map((c) => `${c.column}${t.headerRow}`)];
  setText(sheet.getCell(header[0]), 'Measure');
  t.columns.forEach((c) => setText(sheet.getCell(`${c.column}${t.headerRow}`), c.header));
  for (const address of header) {
    const cell = sheet.getCell(address);
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { horizontal: address === header[0] ? 'left' : 'right', wrapText: true, vertical: 'middle' };
  }
  t.rows.forEach((row, i) => {
    const r = t.headerRow + 1 + i;
    const label = sheet.getCell(`${t.labelColumn}${r}`);
    setText(label, 'heading' in row ? row.heading : row.label);
    if ('heading' in row || 'total' in row) label.font = { bold: true };
  });
  for (const c of filled.cells) {
    const cell = sheet.getCell(c.address);
    if (c.value === null) {
      setText(cell, 'n/a');
      cell.alignment = { horizontal: 'right' };
      if (c.notAvailable) cell.note = `Not available: ${c.notAvailable}`;
      continue;
    }
    cell.value = cellNumber(c.value, c.unit === 'share' ? 'share' : c.unit);
    cell.numFmt = NUMBER_FORMATS[c.unit];
    if (c.source.startsWith('total')) cell.font = { bold: true };
  }
  const notesAt = t.headerRow + t.rows.length + 2;
  t.notes.forEach((note, i) => setText(sheet.getCell(`${t.labelColumn}${notesAt + i}`), note));
  sheet.getColumn(columnNumber(t.labelColumn)).width = 58;
  for (const c of t.columns) sheet.getColumn(columnNumber(c.column)).width = 16;
  sheet.getRow(t.headerRow).height = 30;
  return workbookBuffer(workbook);
}


export async function exportReturn(workspace: Workspace, template: ReturnTemplate, quarter: Extract<Period, { kind: 'quarter' }>, target: string, force: string, replace = false) {
  if (path.extname(target).toLowerCase() !== '.xlsx') throw new WorkbenchError('bad_arguments', `A return is written as .xlsx, not "${path.basename(target)}".`);
  checkExportTarget(path.resolve(target), replace);
  const filled = fillReturnFor(workspace, template, quarter);
  if (filled.problems.length) {
    const list = filled.problems.slice(0, 8).map((p) => `${p.address}: ${p.message}`).join('; ');
    throw new WorkbenchError('conflict', `The return is not complete: ${filled.problems.length} cell${filled.problems.length === 1 ? '' : 's'} to resolve. ${list}${filled.problems.length > 8 ? '; …' : ''}`);
  }
  const author = currentAuthor(workspace);
  const data = await writeReturnXlsx(filled, quarter, force, author);
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
