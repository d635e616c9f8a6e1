import zlib from 'node:zlib';
import * as XLSX from 'xlsx';
import { CellCollector, type EncodedWorkbook } from '../../../shared/import/cellBuffer';
import { isPercentFormatCode } from './numberFormats';
import { checkOdsContent, withoutDateZones } from './odsContent';
import { UncalculatedFormulas } from './uncalculated';
import { DamagedFile, PasswordProtected, ZipArchive } from './zipArchive';

/**
 * .xls (Excel 97–2003) and .ods (OpenDocument) workbooks, read by SheetJS: values and number formats, never
 * formulas or display text. An .ods is a zip, and every part of it is inflated and checked against its
 * CRC-32 (and its sizes) before SheetJS sees it; SheetJS then uses Node's zlib rather than its own inflate.
 * Every cell SheetJS found is read, whatever range the file states, as the spreadsheet shows it: a number
 * formatted as a percentage is a percentage, a date serial is read in the workbook's own date system (1900,
 * or 1904 for workbooks from Mac Excel). An .ods content.xml is first read strictly (odsContent.ts).
 */

// SheetJS reads `bytesRead`, which Node deprecates (printing a warning on stderr); it is `bytesWritten` now.
class InflateRaw extends zlib.InflateRaw {
  override get bytesRead(): number {
    return this.bytesWritten;
  }
}
XLSX.CFB.utils.use_zlib(Object.create(zlib, { InflateRaw: { value: InflateRaw } }));

const READ_OPTIONS: XLSX.ParsingOptions = {
  type: 'buffer',
  dense: true,
  nodim: true,
  cellDates: false,
  cellNF: true,
  cellText: false,
  cellFormula: false,
  cellHTML: false,
  cellStyles: false,
};

/** Excel's error codes as Excel shows them; SheetJS keeps only the code when it formats no text. */
const EXCEL_ERRORS: Record<number, string> = { 0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A', 0x2b: '#GETTING_DATA' };

const enum Shown {
  Number,
  Date,
  Percent,
}

/** What a format code shows, worked out once per code: a workbook has a handful of codes and many cells. */
class FormatKinds {
  private readonly kinds = new Map<string, Shown>();

  of(code: unknown): Shown {
    if (typeof code !== 'string') return Shown.Number;
    let kind = this.kinds.get(code);
    if (kind === undefined) {
      kind = XLSX.SSF.is_date(code) ? Shown.Date : isPercentFormatCode(code) ? Shown.Percent : Shown.Number;
      this.kinds.set(code, kind);
    }
    return kind;
  }
}

function collect(out: CellCollector, row: number, column: number, cell: XLSX.CellObject | undefined, date1904: boolean, formats: FormatKinds): void {
  if (!cell || cell.v === undefined || cell.v === null) return;
  switch (cell.t) {
    case 'n': {
      const value = cell.v as number;
      const shown = formats.of(cell.z);
      if (shown === Shown.Date) {
        const d = XLSX.SSF.parse_date_code(value, { date1904 });
        if (d) return out.date(row, column, Date.UTC(d.y, d.m - 1, d.d));
      }
      if (shown === Shown.Percent) return out.percent(row, column, value);
      return out.number(row, column, value);
    }
    case 'd': {
      const d = cell.v as Date;
      return out.date(row, column, Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
    }
    case 'b':
      return out.boolean(row, column, cell.v as boolean);
    case 'e':
      return out.text(row, column, EXCEL_ERRORS[cell.v as number] ?? '#ERROR');
    case 'z':
      return;
    default: {
      const text = String(cell.v);
      if (text !== '') out.text(row, column, text);
    }
  }
}

/** An .ods file checked part by part, with its dates' time zones taken out where it has any. */
function checkedOds(bytes: Buffer): Buffer {
  const zip = new ZipArchive(bytes);
  zip.verifyAll();
  const content = zip.read('content.xml');
  if (!content) throw new DamagedFile('it has no content.xml, where an OpenDocument spreadsheet keeps its sheets');
  const check = checkOdsContent(content);
  for (const part of ['styles.xml', 'meta.xml', 'settings.xml']) {
    const xml = zip.read(part);
    if (xml) checkOdsContent(xml, part);
  }
  if (check.uncalculated.length) throw new UncalculatedFormulas(check.uncalculated);
  if (!check.zonedDates) return bytes;
  const cfb = XLSX.CFB.read(bytes, { type: 'buffer' });
  const entry = XLSX.CFB.find(cfb, 'content.xml');
  if (!entry) throw new DamagedFile('it has no content.xml, where an OpenDocument spreadsheet keeps its sheets');
  entry.content = Buffer.from(withoutDateZones(content.toString('utf8')), 'utf8');
  return XLSX.CFB.write(cfb, { type: 'buffer', fileType: 'zip' }) as Buffer;
}

/** SheetJS writes notes on the console as it reads ("ODS number format may be incorrect"); they are not the user's. */
function quietly<T>(read: () => T): T {
  const { log, warn, error } = console;
  console.log = console.warn = console.error = () => undefined;
  try {
    return read();
  } finally {
    Object.assign(console, { log, warn, error });
  }
}

export function readWithSheetJs(bytes: Buffer, ext: '.xls' | '.ods'): EncodedWorkbook {
  const input = ext === '.ods' ? checkedOds(bytes) : bytes;
  let workbook: XLSX.WorkBook;
  try {
    workbook = quietly(() => XLSX.read(input, READ_OPTIONS));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // SheetJS says a file is encrypted only in its message, which is all there is to go on.
    if (/password|encrypt/i.test(message) && !/zip/i.test(message)) throw new PasswordProtected(message);
    throw new DamagedFile(`it could not be read as ${ext}`);
  }
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  const out = new CellCollector();
  const formats = new FormatKinds();
  for (const name of workbook.SheetNames) {
    const sheet = workbook.Sheets[name];
    if (!sheet) throw new DamagedFile(`the sheet ${name} is missing from the file`);
    out.beginSheet(name);
    const data = (sheet['!data'] ?? []) as ((XLSX.CellObject | undefined)[] | undefined)[];
    for (let r = 0; r < data.length; r++) {
      const row = data[r];
      if (!row) continue;
      for (let c = 0; c < row.length; c++) collect(out, r, c, row[c], date1904, formats);
    }
  }
  return out.finish();
}
