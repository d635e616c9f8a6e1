import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { CellLimitError, transferList, type EncodedWorkbook } from '../../../shared/import/cellBuffer';
import { readOoxmlWorkbook } from './ooxmlReader';
import { DamagedFile, PasswordProtected } from './zipArchive';

/**
 * Reads one workbook in a worker thread, so that the import can stop a read that runs too long or takes
 * too much memory without losing the app. Answers with the cells as transferable buffers, or with why the
 * file could not be read.
 */

export interface ReadRequest {
  path: string;
  ext: '.xlsx' | '.xlsm' | '.xls' | '.ods';
}

export type ReadReply =
  | { ok: true; workbook: EncodedWorkbook }
  | { ok: false; kind: 'damaged' | 'limit' | 'password'; message: string }
  | { ok: false; kind: 'defect'; message: string; stack: string };

async function read({ path, ext }: ReadRequest): Promise<EncodedWorkbook> {
  const bytes = fs.readFileSync(path);
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
    (workbook) => parentPort!.postMessage({ ok: true, workbook } satisfies ReadReply, transferList(workbook)),
    (error: unknown) => {
      const reply: ReadReply =
        error instanceof PasswordProtected
          ? { ok: false, kind: 'password', message: error.message }
          : error instanceof DamagedFile
          ? { ok: false, kind: 'damaged', message: error.reason }
          : error instanceof CellLimitError
            ? { ok: false, kind: 'limit', message: error.message }
            : { ok: false, kind: 'defect', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? (error.stack ?? '') : '' };
      parentPort!.postMessage(reply);
    },
  );
});
