import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Papa from 'papaparse';
import { WorkbenchError } from '../../../shared/api/errors';
import { decodeSheet, CellLimitError, type EncodedWorkbook } from '../../../shared/import/cellBuffer';
import { recordColumnsOf } from '../../../shared/import/recordLayout';
import type { Grid } from '../../../shared/import/grid';
import { appPath } from '../../../db/appRoot';
import { logDefect } from '../log';
import type { ReadReply, ReadRequest } from './readWorker';

/** The spreadsheet formats the workbench reads, by extension. */
export const READABLE_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.ods', '.csv', '.tsv'] as const;

/**
 * How long and how much memory reading one workbook may take: a damaged or hostile file is stopped there
 * and refused in one line, and the app goes on. The README states both.
 */
export const READ_LIMITS = {
  deadlineMs: 30_000,
  /** The reading worker's JavaScript heap. */
  memoryMb: 1536,
  /** The largest file read at all. */
  fileBytes: 1024 * 1024 * 1024,
};

export interface Workbook {
  file: string;
  path: string;
  sha256: string;
  grids: Grid[];
}

export interface ReadOptions {
  deadlineMs?: number;
  memoryMb?: number;
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function fail(file: string, message: string): never {
  throw new WorkbenchError('bad_arguments', message, { file });
}

/** Checks a file is what its name says before any reader sees it: SheetJS reads almost anything as text. */
function checkSignature(name: string, ext: string, bytes: Buffer): void {
  const kind = ext.slice(1);
  if (bytes.length === 0) fail(name, 'the file is empty');
  if (ext === '.xlsx' || ext === '.xlsm' || ext === '.ods') {
    // An encrypted Office file is an OLE container, not a zip: the reader says it is password-protected.
    if (!bytes.subarray(0, 4).equals(ZIP) && !bytes.subarray(0, 8).equals(OLE)) fail(name, `this is not a valid .${kind} file (it may be damaged, or another kind of file renamed)`);
  } else if (ext === '.xls') {
    const head = bytes.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
    const textual = head.startsWith('<?xml') || head.startsWith('<html') || head.startsWith('<table') || head.startsWith('<!doctype');
    if (!bytes.subarray(0, 8).equals(OLE) && !textual) fail(name, 'this is not a valid .xls file (it may be damaged, or another kind of file renamed)');
  } else {
    // UTF-16 with its byte-order mark (Excel's "Unicode Text") is read as such; without one it is refused below.
    if (utf16Of(bytes)) return;
    // Whether it is UTF-8 is found as it is decoded (decodeText), once.
    if (bytes.includes(0)) fail(name, `this is not a .${kind} text file (it holds binary data: NUL bytes)`);
  }
}

/** A text file's UTF-16 byte order, from its byte-order mark. */
function utf16Of(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

function decodeText(name: string, ext: string, bytes: Buffer): string {
  const utf16 = utf16Of(bytes);
  if (!utf16) {
    try {
      // The decoder drops a byte-order mark.
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      fail(name, `this .${ext.slice(1)} file is not UTF-8 text; save it from Excel as "CSV UTF-8"`);
    }
  }
  if (bytes.length % 2) fail(name, `the file is incomplete: UTF-16 text with an odd number of bytes (was the file cut short?); nothing was imported from it`);
  let text: string;
  try {
    text = new TextDecoder(utf16, { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    fail(name, `this .${ext.slice(1)} file is not readable UTF-16 text (it may be damaged)`);
  }
  if (text.includes('\u0000')) fail(name, `this is not a .${ext.slice(1)} text file (it holds binary data: NUL characters)`);
  return text;
}

/** The delimiter of a text table: tab for .tsv; for .csv whichever of comma, semicolon or tab its header uses most. */
export function detectDelimiter(text: string, ext: string): string {
  if (ext === '.tsv') return '\t';
  const firstLine = text.slice(0, text.search(/\r?\n|$/)).replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/**
 * Text tables are parsed to rows of strings directly (Papa Parse): a million-row CSV as spreadsheet cells
 * would take several times the memory, and as text "2019-04" and "Apr-19" stay as the force wrote them.
 * A file whose end was cut off is refused as incomplete rather than imported short: a quoted value never
 * closed, or a last line with no line break after it. Every program that writes CSV (Excel, LibreOffice,
 * the force's systems, pandas) ends each line, the last included; a file cut inside its last value would
 * otherwise import that value cut short ("11214" as "112").
 */
export function readTextTable(name: string, ext: string, bytes: Buffer): Grid {
  const text = decodeText(name, ext, bytes);
  const rows: string[][] = [];
  let keep: ((row: string[]) => string[]) | undefined;
  let unclosed: number | undefined;
  // Papa Parse parses a string in parts too, synchronously, when given chunkSize and chunk (its types allow
  // that for files only).
  const inParts: Papa.ParseConfig<string[]> & { chunkSize: number; chunk: (results: Papa.ParseResult<string[]>) => void } = {
    delimiter: detectDelimiter(text, ext),
    skipEmptyLines: false,
    newline: undefined,
    chunkSize: TEXT_CHUNK,
    chunk: (results) => {
      const before = rows.length;
      if (before === 0 && results.data.length) keep = recordProjection(results.data[0]);
      if (keep) for (const row of results.data) rows.push(rows.length > 0 ? keep(row) : row);
      else for (const row of results.data) rows.push(row);
      const missing = results.errors.find((e) => e.code === 'MissingQuotes');
      if (missing && unclosed === undefined) unclosed = before + (missing.row ?? 0);
    },
  };
  Papa.parse<string[]>(text, inParts);
  if (unclosed !== undefined) fail(name, `the file is incomplete: a quoted value that starts on line ${unclosed + 1} is never closed (was the file cut short?); nothing was imported from it`);
  // Papa Parse gives a last empty row for a file that ends with a line break.
  const endsWithBreak = /[\r\n]$/.test(text);
  if (endsWithBreak && rows.length && rows[rows.length - 1].length === 1 && rows[rows.length - 1][0] === '') rows.pop();
  if (!endsWithBreak && rows.length >= 2) {
    const last = rows[rows.length - 1];
    const before = rows[rows.length - 2];
    if (last.length < before.length && !(last.length === 1 && last[0] === '')) {
      fail(name, `the file is incomplete: its last line (line ${rows.length}) stops after ${last.length} of ${before.length} fields with no line break (was the file cut short?); nothing was imported from it`);
    }
    fail(
      name,
      `the file may be incomplete: its last line (line ${rows.length}) has no line break at its end, as a file cut short has. If the file is whole, open it and save it again (or add a line break at its end) and import it again; nothing was imported from it`,
    );
  }
  return { file: name, sheet: 'Sheet1', originRow: 0, originColumn: 0, rows };
}

/**
 * Characters of text parsed at a time. Small enough that a part's parsed rows, once cut down to what is
 * kept, are collected while still young (cheaply): a record-level file keeps a few of its fifteen columns.
 */
const TEXT_CHUNK = 256 * 1024;

/** Distinct values of one column shared as one string each; past this many the column is left as parsed. */
const SHARED_VALUES = 4096;

/**
 * For a record-level file (data.police.uk's), each row with the columns never read from it blanked and
 * repeated values ("Controlled drugs") shared: half a million searches of fifteen columns otherwise hold 7.5
 * million strings in memory, and collecting them took as long as reading the file. A row with any of those columns
 * blank, or with more or fewer fields than the header, is kept whole as it stands in the file: it is blank,
 * or an error that quotes it.
 */
function recordProjection(header: string[]): ((row: string[]) => string[]) | undefined {
  const columns = recordColumnsOf(header);
  if (!columns) return undefined;
  const width = header.length;
  const unread = header.map((_, c) => c).filter((c) => !columns.includes(c));
  // A column with more distinct values than SHARED_VALUES (the timestamps) is left as parsed.
  const shared: (Map<string, string> | null)[] = columns.map(() => new Map<string, string>());
  return (row) => {
    if (row.length !== width) return row;
    for (const c of columns) if (row[c].trim() === '') return row;
    // Cut in place: the parsed row is not needed as it was.
    for (const c of unread) row[c] = '';
    for (let i = 0; i < columns.length; i++) {
      const values = shared[i];
      if (!values) continue;
      const value = row[columns[i]];
      const one = values.get(value);
      if (one !== undefined) row[columns[i]] = one;
      else if (values.size < SHARED_VALUES) values.set(value, value);
      else shared[i] = null;
    }
    return row;
  };
}

declare const __WORKBENCH_READ_WORKER__: string | undefined;

/**
 * The reading worker's script: the bundled one beside the command line or the app (named at build time),
 * or from source through tsx in the tests.
 */
function workerScript(): URL {
  if (typeof __WORKBENCH_READ_WORKER__ === 'string') {
    const built = appPath(__WORKBENCH_READ_WORKER__);
    // Packaged, the worker is unpacked beside the archive: a worker thread cannot start from inside app.asar.
    const unpacked = built.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
    return new URL(`file://${fs.existsSync(unpacked) ? unpacked : built}`);
  }
  return new URL('./readWorkerSource.mjs', import.meta.url);
}

/** Reads a workbook in a worker thread with a deadline and a memory ceiling. */
function readInWorker(name: string, request: ReadRequest, options: ReadOptions): Promise<EncodedWorkbook> {
  const deadlineMs = options.deadlineMs ?? READ_LIMITS.deadlineMs;
  const memoryMb = options.memoryMb ?? READ_LIMITS.memoryMb;
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript(), { resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 64 } });
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      action();
    };
    const refuse = (message: string) => settle(() => reject(new WorkbenchError('bad_arguments', message, { file: name })));
    const timer = setTimeout(() => refuse(`could not be read within ${Math.round(deadlineMs / 1000)} seconds (it may be damaged); nothing was imported from it`), deadlineMs);
    worker.on('message', (reply: ReadReply) => {
      if (reply.ok) return settle(() => resolve(reply.workbook));
      if (reply.kind === 'defect') {
        logDefect(`reading ${name} failed`, Object.assign(new Error(reply.message), { stack: reply.stack }));
        return refuse(`could not be read: damaged, or not a spreadsheet this version can read (${reply.message.slice(0, 80)}); nothing was imported from it`);
      }
      if (reply.kind === 'limit') return refuse(`could not be read: ${reply.message}; nothing was imported from it`);
      if (reply.kind === 'password') return refuse('the file is password-protected; save an unprotected copy and import that');
      refuse(`could not be read: damaged (${reply.message}); nothing was imported from it`);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') return refuse(`could not be read: reading it needs more than the ${memoryMb.toLocaleString('en-GB')} MB the workbench allows for one file (it may be damaged); nothing was imported from it`);
      logDefect(`the reading worker for ${name} failed`, error);
      refuse(`could not be read: damaged, or not a spreadsheet this version can read; nothing was imported from it`);
    });
    worker.on('exit', (code) => refuse(`could not be read: the reader stopped (exit ${code}); nothing was imported from it`));
    worker.postMessage(request);
  });
}

/**
 * Reads a spreadsheet into grids, one per sheet, never evaluating a formula (a formula cell gives the value
 * Excel saved with it). Workbooks are read in a worker, time-boxed and memory-boxed; text tables here.
 */
export async function readWorkbook(filePath: string, options: ReadOptions = {}): Promise<Workbook> {
  const name = path.basename(filePath);
  if (!fs.existsSync(filePath)) throw new WorkbenchError('file_missing', 'no such file', { file: name });
  const stat = fs.statSync(filePath);
  if (stat.isDirectory()) fail(name, 'this is a folder, not a file');
  const ext = path.extname(name).toLowerCase();
  if (!(READABLE_EXTENSIONS as readonly string[]).includes(ext)) {
    fail(name, `the workbench reads ${READABLE_EXTENSIONS.join(', ')} files, not ${ext || 'files without an extension'}`);
  }
  if (stat.size > READ_LIMITS.fileBytes) fail(name, `the file is ${Math.round(stat.size / 1024 ** 2).toLocaleString('en-GB')} MB, more than the ${READ_LIMITS.fileBytes / 1024 ** 2} MB the workbench reads`);
  const bytes = fs.readFileSync(filePath);
  checkSignature(name, ext, bytes);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  if (ext === '.csv' || ext === '.tsv') return { file: name, path: filePath, sha256, grids: [readTextTable(name, ext, bytes)] };
  const encoded = await readInWorker(name, { path: filePath, ext: ext as ReadRequest['ext'] }, options);
  try {
    const grids = encoded.sheets.map((sheet) => decodeSheet(name, encoded, sheet)).filter((g): g is Grid => g !== null);
    return { file: name, path: filePath, sha256, grids };
  } catch (error) {
    if (error instanceof CellLimitError) fail(name, `could not be read: ${error.message}; nothing was imported from it`);
    throw error;
  }
}
