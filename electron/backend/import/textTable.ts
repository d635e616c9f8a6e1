import Papa from 'papaparse';
import { WorkbenchError } from '../../../shared/api/errors';
import { recordColumnsOf } from '../../../shared/import/recordLayout';

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

/** Characters of text parsed at a time: small enough that a part's rows, once cut down, are collected young. */
const TEXT_CHUNK = 256 * 1024;

/** Distinct values of one column shared as one string each; past this many the column is left as parsed. */
const SHARED_VALUES = 4096;

/**
 * For a record-level file (data.police.uk's), each row with the columns never read from it blanked and
 * repeated values ("Controlled drugs") shared: half a million searches of fifteen columns otherwise hold 7.5
 * million strings in memory. A row with any of those columns blank, or that does not fit the header, is
 * kept whole: it is blank, or an error that quotes it.
 */
function recordProjection(header: string[]): ((row: string[]) => string[]) | undefined {
  const columns = recordColumnsOf(header);
  if (!columns) return undefined;
  const width = header.length;
  const unread = header.map((_, c) => c).filter((c) => !columns.includes(c));
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

/**
 * For any other table, each column's repeated values shared as they are parsed: a long table names its month,
 * measure and area on every row, a million rows of them otherwise held as millions of strings until they cross.
 * A column of more distinct values than SHARED_VALUES (figures, free text) is left as parsed.
 */
function sharedValues(): (row: string[]) => string[] {
  const shared: (Map<string, string> | null)[] = [];
  return (row) => {
    for (let c = 0; c < row.length; c++) {
      let values = shared[c];
      if (values === undefined) values = shared[c] = new Map<string, string>();
      if (values === null) continue;
      const one = values.get(row[c]);
      if (one !== undefined) row[c] = one;
      else if (values.size < SHARED_VALUES) values.set(row[c], row[c]);
      else shared[c] = null;
    }
    return row;
  };
}

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

/** Rows of a CSV or TSV file's text, each fitting its header, or the file refused in one line. */
export function readTextTable(name: string, ext: string, bytes: Buffer): string[][] {
  const text = decodeText(name, ext, bytes);
  if (text.trim() === '') fail(name, 'the file holds no rows (it is blank); nothing was imported from it');
  const delimiter = detectDelimiter(text, ext);
  checkLengths(name, text, delimiter);
  const rows: string[][] = [];
  let keep: ((row: string[]) => string[]) | undefined;
  let unclosed: number | undefined;
  // Papa Parse parses a string in parts too, synchronously, when given chunkSize and chunk (its types allow
  // that for files only).
  const inParts: Papa.ParseConfig<string[]> & { chunkSize: number; chunk: (results: Papa.ParseResult<string[]>) => void } = {
    delimiter,
    skipEmptyLines: false,
    newline: undefined,
    chunkSize: TEXT_CHUNK,
    chunk: (results) => {
      const before = rows.length;
      if (before === 0 && results.data.length) keep = recordProjection(results.data[0]) ?? sharedValues();
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
  checkRowsFit(name, text, delimiter, rows);
  return rows;
}

/**
 * Every row after the header has the header's fields. The header is the first row of the width most rows
 * have; title rows above it may be shorter, and a blank row or a one-value note (a footnote) may stand
 * anywhere, as spreadsheets export them.
 */
function checkRowsFit(name: string, text: string, delimiter: string, rows: readonly string[][]): void {
  const widths = new Map<number, number>();
  for (const row of rows) if (row.length > 1 && !isBlankRow(row)) widths.set(row.length, (widths.get(row.length) ?? 0) + 1);
  const dataRows = rows.filter((row) => !isBlankRow(row));
  if (!widths.size) {
    fail(name, dataRows.length ? `the file has no table: every line holds one value and none is a row of figures; nothing was imported from it` : 'the file holds no rows; nothing was imported from it');
  }
  const width = [...widths].reduce((best, w) => (w[1] > best[1] || (w[1] === best[1] && w[0] < best[0]) ? w : best))[0];
  const header = rows.findIndex((row) => row.length === width);
  if (!rows.slice(header + 1).some((row) => !isBlankRow(row))) fail(name, 'the file has a header and no rows of figures below it; nothing was imported from it');
  let misfit = -1;
  let misfits = 0;
  for (let r = header + 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.length === width || row.length === 1 || isBlankRow(row)) continue;
    if (misfit < 0) misfit = r;
    misfits++;
  }
  if (misfit < 0) return;
  const row = rows[misfit];
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

export function encodeTextRows(rows: readonly string[][]): EncodedTextRows {
  const lengths = new Int32Array(rows.length);
  let count = 0;
  for (let r = 0; r < rows.length; r++) count += lengths[r] = rows[r].length;
  const codes = new Int32Array(count);
  const numbers = new Map<string, number>();
  const dictionary: string[] = [];
  const literals: string[] = [];
  let at = 0;
  for (const row of rows) {
    for (const value of row) {
      let code = numbers.get(value);
      if (code === undefined && dictionary.length < DICTIONARY_SIZE) {
        code = dictionary.length;
        numbers.set(value, code);
        dictionary.push(value);
      }
      if (code === undefined) {
        codes[at++] = -1;
        literals.push(value);
      } else codes[at++] = code;
    }
  }
  return { lengths, codes, dictionary: dictionary.join(SEPARATOR), literals: literals.join(SEPARATOR) };
}

export function decodeTextRows(encoded: EncodedTextRows): string[][] {
  const dictionary = encoded.dictionary.split(SEPARATOR);
  const literals = encoded.literals.split(SEPARATOR);
  const rows: string[][] = new Array(encoded.lengths.length);
  let at = 0;
  let next = 0;
  for (let r = 0; r < encoded.lengths.length; r++) {
    const n = encoded.lengths[r];
    const row: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const code = encoded.codes[at++];
      row[i] = code >= 0 ? dictionary[code] : literals[next++];
    }
    rows[r] = row;
  }
  return rows;
}
