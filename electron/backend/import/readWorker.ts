import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { CellLimitError, transferList, type EncodedWorkbook } from '../../../shared/import/cellBuffer';
import { readOoxmlWorkbook } from './ooxmlReader';
import { UncalculatedFormulas } from './uncalculated';
import { DamagedFile, PasswordProtected } from './zipArchive';
import { WorkbenchError } from '../../../shared/api/errors';
import type { SheetReading } from '../../../shared/import/types';
import type { FigureTableData } from '../../../shared/import/figureTable';
import { encodeTextRows, readTextFile, type EncodedTextRows } from './textTable';

/**
 * Reads one workbook in a worker thread, so that the import can stop a read that runs too long or takes
 * too much memory without losing the app. Answers with the cells as transferable buffers, or with why the
 * file could not be read.
 */

export interface ReadRequest {
  path: string;
  /** The file's name, for what a refusal says. */
  name: string;
  ext: '.xlsx' | '.xlsm' | '.xls' | '.ods' | '.csv' | '.tsv';
}

export type ReadReply =
  | { ok: true; workbook: EncodedWorkbook }
  | { ok: true; text: EncodedTextRows; records?: CrossingReading }
  | { ok: false; kind: 'refused'; message: string }
  | { ok: false; kind: 'damaged' | 'limit' | 'password' | 'formulas'; message: string }
  | { ok: false; kind: 'defect'; message: string; stack: string };

/** A sheet read in the worker, its figures as columns to cross (a class loses its prototype on the way). */
export type CrossingReading = Omit<SheetReading, 'figures'> & { figures: FigureTableData };

async function read({ path, name, ext }: ReadRequest): Promise<ReadReply> {
  const bytes = fs.readFileSync(path);
  if (ext === '.csv' || ext === '.tsv') {
    const table = readTextFile(name, ext, bytes);
    if ('encoded' in table) return { ok: true, text: table.encoded };
    // A record-level file (data.police.uk's) was counted as it was parsed: its half a million rows need not
    // cross to the import, only its counts and the first rows for a preview.
    const { preview, reading } = table.records;
    return { ok: true, text: encodeTextRows(preview), records: { ...reading, figures: reading.figures.toData() } };
  }
  return { ok: true, workbook: await readWorkbookBytes(bytes, ext) };
}

async function readWorkbookBytes(bytes: Buffer, ext: '.xlsx' | '.xlsm' | '.xls' | '.ods'): Promise<EncodedWorkbook> {
  if (ext === '.xlsx' || ext === '.xlsm') {
    // An encrypted Office file is an OLE container with the workbook inside, not a zip.
    if (bytes.readUInt32BE(0) === 0xd0cf11e0) throw new PasswordProtected('an encrypted Office file');
    return readOoxmlWorkbook(bytes);
  }
  // SheetJS is loaded only for the formats it reads.
  const { readWithSheetJs } = await import('./sheetjsReader');
  return readWithSheetJs(bytes, ext);
}

parentPort?.on('message', (request: ReadRequest) => {
  read(request).then(
    (reply) => parentPort!.postMessage(reply, 'workbook' in reply ? transferList(reply.workbook) : 'text' in reply ? [reply.text.lengths.buffer as ArrayBuffer, reply.text.codes.buffer as ArrayBuffer] : []),
    (error: unknown) => {
      const reply: ReadReply =
        error instanceof WorkbenchError
          ? { ok: false, kind: 'refused', message: error.message }
          : error instanceof PasswordProtected
          ? { ok: false, kind: 'password', message: error.message }
          : error instanceof UncalculatedFormulas
          ? { ok: false, kind: 'formulas', message: error.message }
          : error instanceof DamagedFile
          ? { ok: false, kind: 'damaged', message: error.reason }
          : error instanceof CellLimitError
            ? { ok: false, kind: 'limit', message: error.message }
            : { ok: false, kind: 'defect', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? (error.stack ?? '') : '' };
      parentPort!.postMessage(reply);
    },
  );
});
