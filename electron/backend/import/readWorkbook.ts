import { sha256 } from '../files';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { WorkbenchError } from '../../../shared/api/errors';
import { decodeSheet, CellLimitError, type EncodedWorkbook } from '../../../shared/import/cellBuffer';
import type { Grid } from '../../../shared/import/grid';
import { appPath } from '../../../db/appRoot';
import { logDefect } from '../log';
import type { CrossingReading, ReadReply, ReadRequest } from './readWorker';
import { FigureTable } from '../../../shared/import/figureTable';
import { TEXT_SHEET, TextRows, utf16Of, type EncodedTextRows } from './textTable';
import { HEADER_SEARCH_ROWS } from '../../../shared/import/wideLayout';

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

/** Reads a workbook or text table in a worker thread with a deadline and a memory ceiling. */
function readInWorker(name: string, request: ReadRequest, options: ReadOptions): Promise<{ workbook: EncodedWorkbook } | { text: EncodedTextRows; records?: CrossingReading }> {
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
      if (reply.ok) return settle(() => resolve(reply));
      if (reply.kind === 'refused') return refuse(reply.message);
      if (reply.kind === 'defect') {
        logDefect(`reading ${name} failed`, Object.assign(new Error(reply.message), { stack: reply.stack }));
        return refuse(`could not be read: damaged, or not a spreadsheet this version can read (${reply.message.slice(0, 80)}); nothing was imported from it`);
      }
      if (reply.kind === 'limit') return refuse(`could not be read: ${reply.message}; nothing was imported from it`);
      if (reply.kind === 'password') return refuse('the file is password-protected; save an unprotected copy and import that');
      if (reply.kind === 'formulas') return refuse(`${reply.message}; nothing was imported from it`);
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
  // The worker reads while the file's digest is worked out here: neither waits for the other.
  const reading = readInWorker(name, { path: filePath, name, ext: ext as ReadRequest['ext'] }, options);
  const digest = sha256(bytes);
  const read = await reading;
  if ('text' in read) {
    const text = new TextRows(read.text);
    let rows: Grid['rows'] | undefined;
    // Every row as an array only if a layout other than the long one needs them (the long one reads them in turn).
    const grid: Grid = {
      file: name,
      sheet: TEXT_SHEET,
      originRow: 0,
      originColumn: 0,
      get rows() {
        return (rows ??= text.decode());
      },
      text,
      head: text.decode(HEADER_SEARCH_ROWS),
      ...(read.records ? { preRead: { ...read.records, figures: FigureTable.fromData(read.records.figures) } } : {}),
    };
    return { file: name, path: filePath, sha256: digest, grids: [grid] };
  }
  const encoded = read.workbook;
  try {
    const grids = encoded.sheets.map((sheet) => decodeSheet(name, encoded, sheet)).filter((g): g is Grid => g !== null);
    return { file: name, path: filePath, sha256: digest, grids };
  } catch (error) {
    if (error instanceof CellLimitError) fail(name, `could not be read: ${error.message}; nothing was imported from it`);
    throw error;
  }
}
