import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import * as XLSX from 'xlsx';
import { WorkbenchError } from '../../../shared/api/errors';
import type { CellValue, Grid } from '../../../shared/import/grid';

/** The spreadsheet formats the workbench reads, by extension. */
export const READABLE_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.ods', '.csv', '.tsv'] as const;

export interface Workbook {
  file: string;
  path: string;
  sha256: string;
  grids: Grid[];
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function fail(file: string, message: string): never {
  throw new WorkbenchError('bad_arguments', message, { file });
}

/** Checks a file is what its name says before SheetJS sees it: SheetJS reads almost anything as text. */
function checkSignature(name: string, ext: string, bytes: Buffer): void {
  const kind = ext.slice(1);
  if (bytes.length === 0) fail(name, 'the file is empty');
  if (ext === '.xlsx' || ext === '.xlsm' || ext === '.ods') {
    // An encrypted Office file is an OLE container, not a ZIP: let SheetJS say it is password-protected.
    if (!bytes.subarray(0, 4).equals(ZIP) && !bytes.subarray(0, 8).equals(OLE)) fail(name, `this is not a valid .${kind} file (it may be damaged, or another kind of file renamed)`);
  } else if (ext === '.xls') {
    const head = bytes.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
    const textual = head.startsWith('<?xml') || head.startsWith('<html') || head.startsWith('<table') || head.startsWith('<!doctype');
    if (!bytes.subarray(0, 8).equals(OLE) && !textual) fail(name, 'this is not a valid .xls file (it may be damaged, or another kind of file renamed)');
  } else {
    if (bytes.includes(0)) fail(name, `this is not a .${kind} text file (it holds binary data)`);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      fail(name, `this .${kind} file is not UTF-8 text; save it from Excel as "CSV UTF-8"`);
    }
  }
}

function explain(name: string, ext: string, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  if (/password|encrypt/i.test(message) && !/zip/i.test(message)) fail(name, 'the file is password-protected; save an unprotected copy and import that');
  if (/not a spreadsheet/i.test(message)) fail(name, `this is not a spreadsheet (${message.replace(/ is not a spreadsheet$/i, '')})`);
  fail(name, `the file could not be read as ${ext} (it may be damaged or incomplete)`);
}

/** Excel's error codes as Excel shows them; SheetJS keeps only the code when it formats no text. */
const EXCEL_ERRORS: Record<number, string> = { 0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A', 0x2b: '#GETTING_DATA' };

/** SheetJS options for reading a workbook: values and number formats, never formulas or display text. */
export const SHEETJS_READ_OPTIONS: XLSX.ParsingOptions = {
  type: 'buffer',
  dense: true,
  cellDates: false,
  cellNF: true,
  cellText: false,
  cellFormula: false,
  cellHTML: false,
  cellStyles: false,
};

/** Date-formatted numbers become UTC dates of the day they show; everything else keeps its value. */
function cellValue(cell: XLSX.CellObject | undefined): CellValue {
  if (!cell || cell.v === undefined || cell.v === null) return null;
  switch (cell.t) {
    case 'n': {
      const value = cell.v as number;
      if (cell.z !== undefined && XLSX.SSF.is_date(cell.z)) {
        const d = XLSX.SSF.parse_date_code(value);
        if (d) return new Date(Date.UTC(d.y, d.m - 1, d.d));
      }
      return value;
    }
    case 'd': {
      const d = cell.v as Date;
      return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
    }
    case 'b':
      return cell.v as boolean;
    case 'e':
      return EXCEL_ERRORS[cell.v as number] ?? '#ERROR';
    case 'z':
      return null;
    default:
      return String(cell.v);
  }
}

function toGrid(file: string, sheet: string, ws: XLSX.WorkSheet): Grid | undefined {
  const ref = ws['!ref'];
  if (!ref) return undefined;
  const range = XLSX.utils.decode_range(ref);
  const data = (ws['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  const rows: CellValue[][] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const source = data[r] ?? [];
    const row: CellValue[] = new Array(range.e.c - range.s.c + 1);
    for (let c = range.s.c; c <= range.e.c; c++) row[c - range.s.c] = cellValue(source[c]);
    rows.push(row);
  }
  return { file, sheet, originRow: range.s.r, originColumn: range.s.c, rows };
}

/** The delimiter of a text table: tab for .tsv; for .csv whichever of comma, semicolon or tab its header uses most. */
export function detectDelimiter(text: string, ext: string): string {
  if (ext === '.tsv') return '\t';
  const firstLine = text.slice(0, text.search(/\r?\n|$/)).replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/**
 * Text tables are parsed to rows of strings directly: a million-row CSV as spreadsheet cells would take
 * several times the memory, and as text "2019-04" and "Apr-19" stay as the force wrote them.
 */
function readTextTable(name: string, ext: string, bytes: Buffer): Grid {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    const rows = parseCsv(text, { delimiter: detectDelimiter(text, ext), relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
    // Months, measures and areas repeat on every row: one copy of each keeps a large file's figures small.
    const interned = new Map<string, string>();
    for (const row of rows) {
      for (let c = 0; c < row.length; c++) {
        const v = row[c];
        if (v.length > 40) continue;
        const known = interned.get(v);
        if (known !== undefined) row[c] = known;
        else interned.set(v, v);
      }
    }
    return { file: name, sheet: 'Sheet1', originRow: 0, originColumn: 0, rows };
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    fail(name, `the file could not be read as ${ext}${line ? ` (line ${line}: ${(error as Error).message.replace(/^.*?: /, '')})` : ''}`);
  }
}

/**
 * Reads a spreadsheet into grids, one per sheet, never evaluating a formula (a formula cell gives the value
 * Excel saved with it).
 */
export function readWorkbook(filePath: string): Workbook {
  const name = path.basename(filePath);
  if (!fs.existsSync(filePath)) throw new WorkbenchError('file_missing', 'no such file', { file: name });
  if (fs.statSync(filePath).isDirectory()) fail(name, 'this is a folder, not a file');
  const ext = path.extname(name).toLowerCase();
  if (!(READABLE_EXTENSIONS as readonly string[]).includes(ext)) {
    fail(name, `the workbench reads ${READABLE_EXTENSIONS.join(', ')} files, not ${ext || 'files without an extension'}`);
  }
  const bytes = fs.readFileSync(filePath);
  checkSignature(name, ext, bytes);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  if (ext === '.csv' || ext === '.tsv') return { file: name, path: filePath, sha256, grids: [readTextTable(name, ext, bytes)] };
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, SHEETJS_READ_OPTIONS);
  } catch (error) {
    explain(name, ext, error);
  }
  const grids = workbook.SheetNames.map((sheet) => toGrid(name, sheet, workbook.Sheets[sheet])).filter((g): g is Grid => g !== undefined);
  return { file: name, path: filePath, sha256, grids };
}
