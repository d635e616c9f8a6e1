import Papa from 'papaparse';
import { WorkbenchError } from '../../../shared/api/errors';
import type { RowSource } from '../../../shared/import/grid';
import { recordHeaderOf, recordTally, type RecordTally } from '../../../shared/import/recordLayout';
import type { SheetReading } from '../../../shared/import/types';
import { grown } from '../../../shared/typedArrays';

/**
 * CSV and TSV files, read in the reading worker (readWorker.ts) like workbooks, so that one line of 50 MB
 * or a quote that never closes is stopped by the same deadline and memory ceiling, never left to take the
 * machine. Parsed to rows of strings (Papa Parse): a million-row CSV as spreadsheet cells would take
 * several times the memory, and as text "2019-04" and "Apr-19" stay as the force wrote them. Every row
 * must fit its header: a row with more or fewer fields is an unquoted comma or a cut line, and reading it
 * would move figures into the wrong columns without a word.
 */

export const TEXT_LIMITS = {
  /** Characters on one line outside quotes: 16,384 columns of ordinary figures come nowhere near it. */
  lineChars: 4 * 1024 * 1024,
  /** Characters in one value: what a spreadsheet cell holds (Excel's 32,767). */
  fieldChars: 32_767,
};

function fail(file: string, message: string): never {
  throw new WorkbenchError('bad_arguments', message, { file });
}

/** A text file's UTF-16 byte order, from its byte-order mark. */
export function utf16Of(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * Whether bytes after a UTF-16 byte-order mark are UTF-16: the text of a police spreadsheet is mostly
 * ASCII, which UTF-16 writes with a zero byte beside each letter; UTF-8 behind a wrong mark has none.
 */
function looksLikeUtf16(bytes: Buffer): boolean {
  const sample = bytes.subarray(2, Math.min(bytes.length, 2050));
  if (sample.length < 2) return true;
  let zeros = 0;
  for (const b of sample) if (b === 0) zeros++;
  return zeros >= sample.length * 0.1;
}

function decodeText(name: string, ext: string, bytes: Buffer): string {
  const kind = ext.slice(1);
  const utf16 = utf16Of(bytes);
  if (!utf16) {
    try {
      // The decoder drops a byte-order mark.
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      fail(name, `this .${kind} file is not UTF-8 text; save it from Excel as "CSV UTF-8"`);
    }
  }
  if (!looksLikeUtf16(bytes)) fail(name, `this .${kind} file starts with a UTF-16 byte-order mark, but its text is not UTF-16 (it looks like UTF-8 behind a wrong mark); save it from Excel as "CSV UTF-8" and import that`);
  if (bytes.length % 2) fail(name, `the file is incomplete: UTF-16 text with an odd number of bytes (was the file cut short?); nothing was imported from it`);
  let text: string;
  try {
    text = new TextDecoder(utf16, { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    fail(name, `this .${kind} file is not readable UTF-16 text (it may be damaged)`);
  }
  if (text.includes('\u0000')) fail(name, `this is not a .${kind} text file (it holds binary data: NUL characters)`);
  return text;
}

/** The delimiter of a text table: tab for .tsv; for .csv whichever of comma, semicolon or tab its header uses most. */
export function detectDelimiter(text: string, ext: string): string {
  if (ext === '.tsv') return '\t';
  const firstLine = text.slice(0, text.search(/\r?\n|$/)).replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

function lineOf(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const kilo = (n: number) => `${Math.round(n / 1024).toLocaleString('en-GB')} KB`;

/**
 * Checks the lengths of lines and values before anything is parsed, in one pass that follows quotes as
 * CSV has them (a quote opens a value only at its start): Papa Parse would otherwise hold a value that
 * never closes, or a line of 50 MB, several times over while it looks for its end.
 */
function checkLengths(name: string, text: string, delimiter: string): void {
  const { lineChars, fieldChars } = TEXT_LIMITS;
  let lineStart = 0;
  let at = 0;
  for (;;) {
    const quote = text.indexOf('"', at);
    const segmentEnd = quote < 0 ? text.length : quote;
    for (let nl = text.indexOf('\n', at); nl >= 0 && nl < segmentEnd; nl = text.indexOf('\n', nl + 1)) {
      if (nl - lineStart > lineChars) fail(name, `line ${lineOf(text, lineStart)} is ${kilo(nl - lineStart)} long, longer than any row of a spreadsheet (${kilo(lineChars)}); is this a table of figures? Nothing was imported from it`);
      lineStart = nl + 1;
    }
    if (quote < 0) break;
    if (quote - lineStart > lineChars) fail(name, `line ${lineOf(text, lineStart)} is longer than any row of a spreadsheet (${kilo(lineChars)}); is this a table of figures? Nothing was imported from it`);
    const before = quote === 0 ? '\n' : text[quote - 1];
    if (before !== delimiter && before !== '\n' && before !== '\r' && before !== '\uFEFF') {
      // A quote inside an unquoted value is a character of that value.
      at = quote + 1;
      continue;
    }
    let close = text.indexOf('"', quote + 1);
    while (close >= 0 && text.charCodeAt(close + 1) === 0x22) close = text.indexOf('"', close + 2);
    if (close < 0) {
      fail(name, `the file is incomplete: a quoted value that starts on line ${lineOf(text, quote)} is never closed (was the file cut short?); nothing was imported from it`);
    }
    if (close - quote - 1 > fieldChars) {
      fail(name, `a value on line ${lineOf(text, quote)} is ${(close - quote - 1).toLocaleString('en-GB')} characters long, more than a spreadsheet cell holds (${fieldChars.toLocaleString('en-GB')}); is a quote left open? Nothing was imported from it`);
    }
    at = close + 1;
  }
  if (text.length - lineStart > lineChars) fail(name, `line ${lineOf(text, lineStart)} is ${kilo(text.length - lineStart)} long, longer than any row of a spreadsheet; nothing was imported from it`);
}

/** The one sheet of a text table, as the import names it. */
export const TEXT_SHEET = 'Sheet1';

/** Characters of text parsed at a time: small enough that a part's rows, once counted or encoded, are collected young. */
const TEXT_CHUNK = 256 * 1024;

function isBlankRow(row: readonly string[]): boolean {
  return row.every((v) => v.trim() === '');
}

/** Why a row has more fields than its header: the commonest causes, said in the words of its values. */
function whyMoreFields(row: readonly string[]): string {
  for (let i = 0; i + 1 < row.length; i++) {
    const [a, b] = [row[i].trim(), row[i + 1].trim()];
    if (/^[-+]?\d{1,3}$/.test(a) && /^\d{3}(?:\.\d+)?$/.test(b)) return `looks like an unquoted thousands separator: ${a},${b}`;
  }
  for (let i = 0; i + 1 < row.length; i++) {
    if (/[A-Za-z]/.test(row[i]) && /^ \S/.test(row[i + 1])) {
      const text = `${row[i]},${row[i + 1]}`;
      return `an unquoted comma in '${text.length > 60 ? `${text.slice(0, 57)}…` : text}'?`;
    }
  }
  return 'a value with an unquoted comma in it?';
}

/**
 * The line a parsed row starts on. Rows are lines unless a quoted value holds a line break; then the file
 * is parsed again up to that row (only when there is a row to name).
 */
function lineOfRow(text: string, delimiter: string, rowIndex: number): number {
  let line = 1;
  let index = 0;
  let start = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    step: (result, parser) => {
      if (index === rowIndex) {
        line = lineOf(text, start + 1);
        parser.abort();
      }
      start = result.meta.cursor;
      index++;
    },
  });
  return line;
}

/**
 * Rows as they are parsed, held as the reading needs them: a record-level file's counted in the worker
 * (CountedRecords), any other table's as numbers ready to cross (TextRowEncoder), never as a million arrays
 * of strings first.
 */
interface ParsedRows {
  push(row: string[]): void;
  readonly count: number;
  width(r: number): number;
  blank(r: number): boolean;
  row(r: number): string[];
  dropLast(): void;
}

/** Rows of a record-level file kept to be shown: its header and first rows. */
export const PREVIEW_ROWS = 50;

/**
 * A record-level file's rows, counted as they are parsed (recordTally) rather than held: half a million
 * searches are a few hundred tallies. Kept: each row's width and blankness for the checks, the first rows for
 * the preview, the last two rows, and any row that does not fit the header, which an error may quote.
 */
class CountedRecords implements ParsedRows {
  private widths = new Int32Array(1024);
  private blanks = new Uint8Array(1024);
  private rowCount = 0;
  private readonly kept = new Map<number, string[]>();
  private last: string[] = [];
  private previous: string[] = [];
  private lastWidth = -1;

  constructor(
    private readonly headerWidth: number,
    private readonly tally: RecordTally,
  ) {}

  push(row: string[]): void {
    if (this.rowCount === this.widths.length) {
      this.widths = grown(this.widths, this.rowCount * 2);
      this.blanks = grown(this.blanks, this.rowCount * 2);
    }
    const r = this.rowCount++;
    this.widths[r] = row.length;
    this.blanks[r] = isBlankRow(row) ? 1 : 0;
    // The first row of the header's width after others is kept too: where most rows have another width, it is the one that does not fit.
    const fits = row.length === this.headerWidth;
    if (r < PREVIEW_ROWS || !fits || this.lastWidth !== this.headerWidth) this.kept.set(r, row);
    this.lastWidth = row.length;
    this.previous = this.last;
    this.last = row;
    if (r > 0) this.tally.add(row, r);
  }

  get count(): number {
    return this.rowCount;
  }

  width(r: number): number {
    return this.widths[r];
  }

  blank(r: number): boolean {
    return this.blanks[r] === 1;
  }

  row(r: number): string[] {
    const row = r === this.rowCount - 1 ? this.last : this.kept.get(r);
    if (!row) throw new Error(`row ${r} of a record-level file was not kept`);
    return row;
  }

  /** Only the empty row after a file's last line break is dropped: blank, it was counted as nothing. */
  dropLast(): void {
    this.rowCount--;
    this.last = this.previous;
  }

  finish(): { preview: string[][]; reading: SheetReading } {
    return { preview: Array.from({ length: Math.min(PREVIEW_ROWS, this.rowCount) }, (_, r) => this.kept.get(r)!), reading: this.tally.finish() };
  }
}

/** A CSV or TSV file's rows: a record-level file's counted (with its first rows to show), any other table's encoded to cross. */
export type TextTable = { records: { preview: string[][]; reading: SheetReading } } | { encoded: EncodedTextRows };

/** Rows of a CSV or TSV file's text, each fitting its header, or the file refused in one line: a record-level file's as rows to count, any other's encoded to cross from the worker. */
export function readTextFile(name: string, ext: string, bytes: Buffer): TextTable {
  const table = readText(name, ext, bytes, (first) => {
    const header = recordHeaderOf(first);
    return header ? new CountedRecords(first.length, recordTally({ file: name, sheet: TEXT_SHEET, originRow: 0, originColumn: 0 }, header)) : new TextRowEncoder(bytes.length);
  });
  return table instanceof CountedRecords ? { records: table.finish() } : { encoded: (table as TextRowEncoder).finish() };
}

function readText(name: string, ext: string, bytes: Buffer, rowsFor: (first: string[]) => ParsedRows): ParsedRows {
  const text = decodeText(name, ext, bytes);
  if (text.trim() === '') fail(name, 'the file holds no rows (it is blank); nothing was imported from it');
  const delimiter = detectDelimiter(text, ext);
  checkLengths(name, text, delimiter);
  let rows: ParsedRows | undefined;
  let unclosed: number | undefined;
  // Papa Parse parses a string in parts too, synchronously, when given chunkSize and chunk (its types allow
  // that for files only).
  const inParts: Papa.ParseConfig<string[]> & { chunkSize: number; chunk: (results: Papa.ParseResult<string[]>) => void } = {
    delimiter,
    skipEmptyLines: false,
    newline: undefined,
    chunkSize: TEXT_CHUNK,
    chunk: (results) => {
      if (!results.data.length) return;
      rows ??= rowsFor(results.data[0]);
      const before = rows.count;
      for (const row of results.data) rows.push(row);
      const missing = results.errors.find((e) => e.code === 'MissingQuotes');
      if (missing && unclosed === undefined) unclosed = before + (missing.row ?? 0);
    },
  };
  Papa.parse<string[]>(text, inParts);
  if (unclosed !== undefined) fail(name, `the file is incomplete: a quoted value that starts on line ${unclosed + 1} is never closed (was the file cut short?); nothing was imported from it`);
  if (!rows) fail(name, 'the file holds no rows; nothing was imported from it');
  // Papa Parse gives a last empty row for a file that ends with a line break.
  const endsWithBreak = /[\r\n]$/.test(text);
  const n = rows.count;
  if (endsWithBreak && n && rows.width(n - 1) === 1 && rows.row(n - 1)[0] === '') rows.dropLast();
  if (!endsWithBreak && n >= 2) {
    const [last, before] = [rows.width(n - 1), rows.width(n - 2)];
    if (last < before && !(last === 1 && rows.row(n - 1)[0] === '')) {
      fail(name, `the file is incomplete: its last line (line ${n}) stops after ${last} of ${before} fields with no line break (was the file cut short?); nothing was imported from it`);
    }
    fail(
      name,
      `the file may be incomplete: its last line (line ${n}) has no line break at its end, as a file cut short has. If the file is whole, open it and save it again (or add a line break at its end) and import it again; nothing was imported from it`,
    );
  }
  checkRowsFit(name, text, delimiter, rows);
  return rows;
}

/**
 * Every row after the header has the header's fields. The header is the first row of the width most rows
 * have; title rows above it may be shorter, and a blank row or a one-value note (a footnote) may stand
 * anywhere, as spreadsheets export them.
 */
function checkRowsFit(name: string, text: string, delimiter: string, rows: ParsedRows): void {
  const widths = new Map<number, number>();
  let dataRows = 0;
  for (let r = 0; r < rows.count; r++) {
    if (rows.blank(r)) continue;
    dataRows++;
    const width = rows.width(r);
    if (width > 1) widths.set(width, (widths.get(width) ?? 0) + 1);
  }
  if (!widths.size) {
    fail(name, dataRows ? `the file has no table: every line holds one value and none is a row of figures; nothing was imported from it` : 'the file holds no rows; nothing was imported from it');
  }
  const width = [...widths].reduce((best, w) => (w[1] > best[1] || (w[1] === best[1] && w[0] < best[0]) ? w : best))[0];
  let header = 0;
  while (rows.width(header) !== width) header++;
  let below = false;
  for (let r = header + 1; r < rows.count && !below; r++) below = !rows.blank(r);
  if (!below) fail(name, 'the file has a header and no rows of figures below it; nothing was imported from it');
  let misfit = -1;
  let misfits = 0;
  for (let r = header + 1; r < rows.count; r++) {
    const w = rows.width(r);
    if (w === width || w === 1 || rows.blank(r)) continue;
    if (misfit < 0) misfit = r;
    misfits++;
  }
  if (misfit < 0) return;
  const row = rows.row(misfit);
  const line = lineOfRow(text, delimiter, misfit);
  const more = misfits > 1 ? ` (and ${(misfits - 1).toLocaleString('en-GB')} more line${misfits === 2 ? '' : 's'} that do not fit)` : '';
  const what = `line ${line} has ${row.length} fields, the header ${width}`;
  if (row.length > width) {
    const why = whyMoreFields(row);
    fail(name, `${what}: ${why}${more}${why.endsWith('?') ? '' : '.'} Quote values that hold the delimiter, or export the file again; nothing was imported from it`);
  }
  fail(name, `${what}: is a value missing, or the line cut short?${more} Nothing was imported from it`);
}

/**
 * Rows of text as they cross from the reading worker. A table repeats its months, measures and areas on every
 * row, so each value is a number: an entry of the dictionary of values met so far, or (once the dictionary is
 * full) -1, the next of the literals. The numbers cross without a copy, and rows built from them share one
 * string per distinct value rather than holding one each.
 */
export interface EncodedTextRows {
  lengths: Int32Array;
  codes: Int32Array;
  dictionary: string;
  literals: string;
}

/** NUL cannot stand in the text (a file with one is refused), so it separates values. */
const SEPARATOR = '\u0000';

/** Distinct values given a number of their own; past this, values cross as text. */
const DICTIONARY_SIZE = 1 << 16;

/**
 * Encodes rows as they are parsed: each value a number of the dictionary (or -1 and the next literal), each
 * row its length and whether it is blank. Sized from the file's bytes and grown as needed.
 */
class TextRowEncoder implements ParsedRows {
  private lengths: Int32Array;
  private codes: Int32Array;
  private blanks: Uint8Array;
  private rowCount = 0;
  private at = 0;
  private readonly numbers = new Map<string, number>();
  private readonly dictionary: string[] = [];
  private readonly literals: string[] = [];

  constructor(bytes = 0) {
    // A long table's line is about 45 bytes of four values; an estimate, grown past.
    this.lengths = new Int32Array(Math.max(64, bytes >> 5));
    this.codes = new Int32Array(Math.max(256, bytes >> 3));
    this.blanks = new Uint8Array(this.lengths.length);
  }

  push(row: string[]): void {
    if (this.rowCount === this.lengths.length) {
      this.lengths = grown(this.lengths, this.lengths.length * 2);
      this.blanks = grown(this.blanks, this.lengths.length);
    }
    if (this.at + row.length > this.codes.length) this.codes = grown(this.codes, Math.max(this.codes.length * 2, this.at + row.length));
    let blank = 1;
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (blank && value.trim() !== '') blank = 0;
      let code = this.numbers.get(value);
      if (code === undefined && this.dictionary.length < DICTIONARY_SIZE) {
        code = this.dictionary.length;
        this.numbers.set(value, code);
        this.dictionary.push(value);
      }
      if (code === undefined) {
        this.codes[this.at++] = -1;
        this.literals.push(value);
      } else this.codes[this.at++] = code;
    }
    this.blanks[this.rowCount] = blank;
    this.lengths[this.rowCount++] = row.length;
  }

  get count(): number {
    return this.rowCount;
  }

  width(r: number): number {
    return this.lengths[r];
  }

  blank(r: number): boolean {
    return this.blanks[r] === 1;
  }

  /** One row as text again, for what an error quotes or the last line: found from the end or the start. */
  row(r: number): string[] {
    let start = 0;
    let literal = 0;
    if (r === this.rowCount - 1) {
      start = this.at - this.lengths[r];
      literal = this.literals.length;
      for (let j = start; j < this.at; j++) if (this.codes[j] < 0) literal--;
    } else for (let i = 0; i < r; i++) for (let j = 0; j < this.lengths[i]; j++) if (this.codes[start++] < 0) literal++;
    return Array.from({ length: this.lengths[r] }, (_, j) => {
      const code = this.codes[start + j];
      return code >= 0 ? this.dictionary[code] : this.literals[literal++];
    });
  }

  dropLast(): void {
    const n = this.lengths[--this.rowCount];
    for (let j = 0; j < n; j++) if (this.codes[--this.at] < 0) this.literals.pop();
  }

  finish(): EncodedTextRows {
    return {
      lengths: this.lengths.slice(0, this.rowCount),
      codes: this.codes.slice(0, this.at),
      dictionary: this.dictionary.join(SEPARATOR),
      literals: this.literals.join(SEPARATOR),
    };
  }
}

export function encodeTextRows(rows: readonly string[][]): EncodedTextRows {
  const encoder = new TextRowEncoder();
  for (const row of rows) encoder.push(row);
  return encoder.finish();
}

/**
 * Encoded rows as the import reads them: all at once as arrays (decode), or one after another into one array
 * used again (cursor), as a long table's million rows are read.
 */
export class TextRows implements RowSource {
  private readonly dictionary: string[];
  private readonly literals: string[];

  constructor(private readonly encoded: EncodedTextRows) {
    this.dictionary = encoded.dictionary.split(SEPARATOR);
    this.literals = encoded.literals.split(SEPARATOR);
  }

  get length(): number {
    return this.encoded.lengths.length;
  }

  /** The first `count` rows (all of them by default), each an array of its own. */
  decode(count = this.length): string[][] {
    const read = this.cursor();
    return Array.from({ length: Math.min(count, this.length) }, (_, r) => [...read(r)]);
  }

  cursor(): (r: number) => readonly string[] {
    const { lengths, codes } = this.encoded;
    const { dictionary, literals } = this;
    const row: string[] = [];
    let next = 0;
    let at = 0;
    let literal = 0;
    return (r) => {
      if (r < next) throw new Error(`row ${r} was asked for after row ${next - 1}: a cursor reads forwards`);
      for (; next < r; next++) for (let end = at + lengths[next]; at < end; at++) if (codes[at] < 0) literal++;
      const n = lengths[next++];
      row.length = n;
      for (let i = 0; i < n; i++) {
        const code = codes[at++];
        row[i] = code >= 0 ? dictionary[code] : literals[literal++];
      }
      return row;
    };
  }
}
