import path from 'node:path';
import { CellCollector, type EncodedWorkbook } from '../../../shared/import/cellBuffer';
import { DamagedFile, ZipArchive } from './zipArchive';

/**
 * Reads the cells of an .xlsx or .xlsm workbook, sheet by sheet, as they come: the sheet's stated
 * dimension is never trusted (some exporters leave it stale, and A1:XFD1048576 is a trap), values are
 * what Excel saved (a formula's cached result, never the formula), and number formats say which numbers
 * are dates. A purpose-built scanner rather than a general XML parser: sheet XML is a few element kinds
 * repeated a million times, and scanning its bytes is about ten times faster than SheetJS or ExcelJS
 * (npm run bench:import measures both).
 */

const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;

const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const COLON = 0x3a;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text as the characters it stands for: entities, and OOXML's _xHHHH_ escapes of control characters. */
export function decodeXmlText(text: string): string {
  let out = text;
  if (out.includes('&')) {
    out = out.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
      if (entity[0] !== '#') return ENTITIES[entity];
      const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    });
  }
  if (out.includes('_x')) out = out.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return out;
}

/** Every text run of a shared or inline string, leaving out phonetic guides (<rPh>). */
function stringItemText(xml: string): string {
  const withoutPhonetics = xml.includes('rPh') ? xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '') : xml;
  let text = '';
  for (const m of withoutPhonetics.matchAll(/<(?:\w+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g)) text += m[1] ?? '';
  return decodeXmlText(text);
}

function readSharedStrings(xml: Buffer | null): string[] {
  if (!xml) return [];
  const text = xml.toString('utf8');
  const strings: string[] = [];
  for (const m of text.matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)) strings.push(m[1] ? stringItemText(m[1]) : '');
  return strings;
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, with the East Asian ones). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a format code shows a date or time: d, m, y, h or s outside quoted text, escapes and [colour] tags. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '')
    .replace(/\*./g, '')
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '');
  // A general or number format may carry an exponent "E+" or words like "General"; neither has these letters.
  return /[dmyhs]/i.test(bare.replace(/General/gi, ''));
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? (m[2] ?? m[3]) : undefined;
}

/** For each cell style (index into cellXfs), whether its number format is a date. */
function readDateStyles(xml: Buffer | null): boolean[] {
  if (!xml) return [];
  const text = xml.toString('utf8');
  const custom = new Map<number, string>();
  for (const m of text.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)) {
    const id = Number(attribute(m[0], 'numFmtId'));
    const code = attribute(m[0], 'formatCode');
    if (Number.isFinite(id) && code !== undefined) custom.set(id, decodeXmlText(code));
  }
  const cellXfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(text)?.[1] ?? '';
  const styles: boolean[] = [];
  for (const m of cellXfs.matchAll(/<(?:\w+:)?xf\b[^>]*>/g)) {
    const id = Number(attribute(m[0], 'numFmtId') ?? 0);
    const code = custom.get(id);
    styles.push(code !== undefined ? isDateFormatCode(code) : BUILT_IN_DATE_FORMATS.has(id));
  }
  return styles;
}

const DAY_MS = 86_400_000;
/** Serial day 1 of the 1900 system is 1 January 1900; serial 60 is the 29 February 1900 Lotus invented. */
const EPOCH_1900 = Date.UTC(1899, 11, 31);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** UTC midnight of the day a date serial shows. */
export function serialToUtcDay(serial: number, date1904: boolean): number {
  const day = Math.floor(serial);
  if (date1904) return EPOCH_1904 + day * DAY_MS;
  return EPOCH_1900 + (day >= 61 ? day - 1 : day) * DAY_MS;
}

/**
 * The sheet's XML is scanned as a one-byte ("latin1") string of its bytes: V8 indexes and slices such a
 * string without copying, where slicing a Buffer goes through C++ for every cell. UTF-8 text is decoded
 * from its bytes only where a value has any byte above 0x7F.
 */
function utf8Of(latin1: string): string {
  return /[\x80-\xff]/.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1;
}

/** "B7" → row 6, column 1 (zero-based). */
function readReference(xml: string, start: number, end: number): { row: number; column: number } | null {
  let column = 0;
  let i = start;
  for (; i < end; i++) {
    const b = xml.charCodeAt(i) & 0xdf; // upper-case
    if (b < 0x41 || b > 0x5a) break;
    column = column * 26 + (b - 0x40);
  }
  let row = 0;
  for (; i < end; i++) {
    const b = xml.charCodeAt(i);
    if (b === 0x24) continue; // "$"
    if (b < 0x30 || b > 0x39) return null;
    row = row * 10 + (b - 0x30);
  }
  if (!column || !row) return null;
  return { row: row - 1, column: column - 1 };
}

function readInteger(xml: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const b = xml.charCodeAt(i);
    if (b < 0x30 || b > 0x39) return NaN;
    n = n * 10 + (b - 0x30);
  }
  return end > start ? n : NaN;
}

/** The tags the scanner acts on, by their local name (any namespace prefix). */
const enum Name {
  Other,
  Row,
  Cell,
  Value,
  InlineString,
  Formula,
  SheetData,
}

/** A tag: its name, whether it closes or closes itself, and where its attributes and ">" are. */
class TagReader {
  name = Name.Other;
  closing = false;
  selfClosing = false;
  attributesStart = 0;
  end = 0;

  constructor(private readonly xml: string) {}

  /** Reads the tag whose "<" is at `lt`; false for comments, processing instructions and declarations. */
  read(lt: number): boolean {
    const xml = this.xml;
    let i = lt + 1;
    this.closing = xml.charCodeAt(i) === SLASH;
    if (this.closing) i++;
    const first = xml.charCodeAt(i);
    if (first === 0x21 || first === 0x3f) return false; // <! and <?
    const nameStart = i;
    let localStart = i;
    for (; i < xml.length; i++) {
      const b = xml.charCodeAt(i);
      if (b === GT || b === SLASH || b <= 0x20) break;
      if (b === COLON) localStart = i + 1;
    }
    if (i === nameStart) throw new DamagedFile('its sheet XML is damaged: an empty tag');
    this.name = nameOf(xml, localStart, i);
    this.attributesStart = i;
    for (; i < xml.length; i++) {
      const b = xml.charCodeAt(i);
      if (b === QUOTE || b === APOSTROPHE) {
        i = xml.indexOf(b === QUOTE ? '"' : "'", i + 1);
        if (i < 0) break;
      } else if (b === GT) break;
    }
    if (i < 0 || i >= xml.length) throw new DamagedFile('its sheet XML is cut short');
    this.end = i;
    this.selfClosing = xml.charCodeAt(i - 1) === SLASH;
    return true;
  }
}

function nameOf(xml: string, start: number, end: number): Name {
  const length = end - start;
  const c0 = xml.charCodeAt(start);
  if (length === 1) return c0 === 0x63 ? Name.Cell : c0 === 0x76 ? Name.Value : c0 === 0x66 ? Name.Formula : Name.Other; // c v f
  if (length === 2) return c0 === 0x69 && xml.charCodeAt(start + 1) === 0x73 ? Name.InlineString : Name.Other; // is
  if (length === 3) return xml.startsWith('row', start) ? Name.Row : Name.Other;
  if (length === 9) return xml.startsWith('sheetData', start) ? Name.SheetData : Name.Other;
  return Name.Other;
}

/** The single-letter attributes a cell or row has that the reader needs (r, t and s), as ranges. */
class Attributes {
  r0 = -1;
  r1 = -1;
  t0 = -1;
  t1 = -1;
  s0 = -1;
  s1 = -1;

  constructor(private readonly xml: string) {}

  read(start: number, end: number): void {
    this.r0 = this.t0 = this.s0 = -1;
    const xml = this.xml;
    let i = start;
    while (i < end) {
      while (i < end && (xml.charCodeAt(i) <= 0x20 || xml.charCodeAt(i) === SLASH)) i++;
      const nameStart = i;
      while (i < end && xml.charCodeAt(i) !== 0x3d && xml.charCodeAt(i) > 0x20) i++; // "="
      const nameEnd = i;
      while (i < end && xml.charCodeAt(i) !== QUOTE && xml.charCodeAt(i) !== APOSTROPHE) i++;
      if (i >= end) return;
      const valueStart = i + 1;
      const valueEnd = xml.indexOf(xml.charCodeAt(i) === QUOTE ? '"' : "'", valueStart);
      if (valueEnd < 0 || valueEnd > end) return;
      if (nameEnd - nameStart === 1) {
        const a = xml.charCodeAt(nameStart);
        if (a === 0x72) [this.r0, this.r1] = [valueStart, valueEnd];
        else if (a === 0x74) [this.t0, this.t1] = [valueStart, valueEnd];
        else if (a === 0x73) [this.s0, this.s1] = [valueStart, valueEnd];
      }
      i = valueEnd + 1;
    }
  }
}

interface SheetContext {
  shared: readonly string[];
  dateStyles: readonly boolean[];
  date1904: boolean;
}

/** Reads one sheet's cells into the collector, in document order. */
export function scanSheet(bytes: Buffer, context: SheetContext, out: CellCollector): void {
  const xml = bytes.toString('latin1');
  const tag = new TagReader(xml);
  const attrs = new Attributes(xml);
  let at = xml.indexOf('sheetData');
  if (at < 0) return;
  let row = -1;
  let column = -1;
  for (;;) {
    const lt = xml.indexOf('<', at);
    if (lt < 0) return;
    if (!tag.read(lt)) {
      at = lt + 1;
      continue;
    }
    at = tag.end + 1;
    if (tag.closing) {
      if (tag.name === Name.SheetData) return;
      continue;
    }
    if (tag.name === Name.Row) {
      attrs.read(tag.attributesStart, tag.end);
      const r = attrs.r0 >= 0 ? readInteger(xml, attrs.r0, attrs.r1) : NaN;
      row = Number.isFinite(r) ? r - 1 : row + 1;
      column = -1;
      if (row < 0 || row >= MAX_ROWS) throw new DamagedFile(`a row number beyond a sheet's limit: ${xml.slice(attrs.r0, Math.min(attrs.r1, attrs.r0 + 12))}`);
      continue;
    }
    if (tag.name !== Name.Cell) continue;
    attrs.read(tag.attributesStart, tag.end);
    if (attrs.r0 >= 0) {
      const ref = readReference(xml, attrs.r0, attrs.r1);
      if (!ref) throw new DamagedFile(`a cell reference that is not one: "${xml.slice(attrs.r0, Math.min(attrs.r1, attrs.r0 + 20))}"`);
      ({ row, column } = ref);
    } else {
      column++;
      if (row < 0) row = 0;
    }
    if (column >= MAX_COLUMNS || row >= MAX_ROWS) throw new DamagedFile("a cell beyond a sheet's last, XFD1048576");
    if (tag.selfClosing) continue;
    const type = attrs.t0 >= 0 ? xml.slice(attrs.t0, attrs.t1) : 'n';
    const style = attrs.s0 >= 0 ? readInteger(xml, attrs.s0, attrs.s1) : 0;
    at = readCellContent(xml, tag, at, row, column, type, style, context, out);
  }
}

/** Reads a cell's <v> or <is> and returns where its </c> ends. */
function readCellContent(xml: string, tag: TagReader, from: number, row: number, column: number, type: string, style: number, context: SheetContext, out: CellCollector): number {
  let at = from;
  let value: string | null = null;
  let inline: string | null = null;
  for (;;) {
    const lt = xml.indexOf('<', at);
    if (lt < 0) throw new DamagedFile('its sheet XML is cut short');
    if (!tag.read(lt)) {
      at = lt + 1;
      continue;
    }
    at = tag.end + 1;
    if (tag.closing) {
      if (tag.name === Name.Cell) break;
      continue;
    }
    if (tag.selfClosing) continue;
    if (tag.name === Name.Value) {
      const close = xml.indexOf('<', at);
      if (close < 0) throw new DamagedFile('its sheet XML is cut short');
      value = xml.slice(at, close);
      at = close;
    } else if (tag.name === Name.InlineString) {
      const close = findClosing(xml, tag, at, Name.InlineString);
      inline = stringItemText(utf8Of(xml.slice(at, close)));
      at = close;
    } else if (tag.name === Name.Formula) {
      // The formula itself is never read, let alone run: only the value Excel saved with it.
      at = findClosing(xml, tag, at, Name.Formula);
    }
  }
  if (value === null && inline === null) return at;
  switch (type) {
    case 's': {
      const text = context.shared[Number(value)];
      if (text === undefined) throw new DamagedFile(`a cell refers to shared text ${String(value).slice(0, 12)}, which the file does not hold`);
      if (text !== '') out.text(row, column, text);
      break;
    }
    case 'inlineStr': {
      const text = inline ?? decodeXmlText(utf8Of(value!));
      if (text) out.text(row, column, text);
      break;
    }
    case 'str':
    case 'e':
      if (value) out.text(row, column, decodeXmlText(utf8Of(value)));
      break;
    case 'b':
      out.boolean(row, column, value!.trim() === '1');
      break;
    case 'd': {
      const m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
      if (m) out.date(row, column, Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      else if (value) out.text(row, column, decodeXmlText(utf8Of(value)));
      break;
    }
    default: {
      if (value === null || value.trim() === '') break;
      const number = Number(value);
      if (!Number.isFinite(number)) throw new DamagedFile(`a number cell holds "${value.slice(0, 20)}"`);
      if (context.dateStyles[style]) out.date(row, column, serialToUtcDay(number, context.date1904));
      else out.number(row, column, number);
    }
  }
  return at;
}

/** Where the closing tag of `name` (any namespace prefix) starts, from `from`. */
function findClosing(xml: string, tag: TagReader, from: number, name: Name): number {
  let at = from;
  for (;;) {
    const lt = xml.indexOf('</', at);
    if (lt < 0) throw new DamagedFile('its sheet XML is cut short');
    if (tag.read(lt) && tag.name === name) return lt;
    at = lt + 2;
  }
}

interface SheetPart {
  name: string;
  part: string;
}

function relationshipTargets(rels: Buffer | null, base: string): Map<string, string> {
  const targets = new Map<string, string>();
  if (!rels) return targets;
  for (const m of rels.toString('utf8').matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attribute(m[0], 'Id');
    const target = attribute(m[0], 'Target');
    if (!id || !target || attribute(m[0], 'TargetMode') === 'External') continue;
    const resolved = target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join(base, target));
    targets.set(id, decodeXmlText(resolved));
  }
  return targets;
}

/** The workbook's part, its worksheets in tab order (chart sheets left out), and its date system. */
function readWorkbookParts(zip: ZipArchive): { sheets: SheetPart[]; date1904: boolean; rels: Map<string, string> } {
  const root = relationshipTargets(zip.read('_rels/.rels'), '');
  const workbookPart = [...root.values()].find((t) => /workbook[^/]*\.xml$/i.test(t)) ?? 'xl/workbook.xml';
  const workbook = zip.read(workbookPart);
  if (!workbook) throw new DamagedFile('it has no workbook part, xl/workbook.xml');
  const base = path.posix.dirname(workbookPart);
  const rels = relationshipTargets(zip.read(`${base}/_rels/${path.posix.basename(workbookPart)}.rels`), base);
  const text = workbook.toString('utf8');
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']/.test(text);
  const sheets: SheetPart[] = [];
  for (const m of text.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = decodeXmlText(attribute(m[0], 'name') ?? '');
    const id = attribute(m[0], 'r:id') ?? /\b\w+:id\s*=\s*"([^"]*)"/.exec(m[0])?.[1];
    const part = id ? rels.get(id) : undefined;
    if (!part) throw new DamagedFile(`the sheet ${name || '(unnamed)'} has no part in the file`);
    if (/chartsheets?\//i.test(part)) continue;
    sheets.push({ name, part });
  }
  return { sheets, date1904, rels };
}

/** Reads every worksheet of an .xlsx/.xlsm file's bytes. */
export function readOoxmlWorkbook(bytes: Buffer): EncodedWorkbook {
  const zip = new ZipArchive(bytes);
  const { sheets, date1904, rels } = readWorkbookParts(zip);
  const partOfType = (pattern: RegExp) => [...rels.values()].find((t) => pattern.test(t));
  const sharedPart = partOfType(/sharedStrings[^/]*\.xml$/i);
  const stylesPart = partOfType(/styles[^/]*\.xml$/i);
  const context: SheetContext = {
    shared: readSharedStrings(sharedPart ? zip.read(sharedPart) : null),
    dateStyles: readDateStyles(stylesPart ? zip.read(stylesPart) : null),
    date1904,
  };
  const out = new CellCollector();
  for (const sheet of sheets) {
    const xml = zip.read(sheet.part);
    if (!xml) throw new DamagedFile(`the sheet ${sheet.name} is missing from the file`);
    out.beginSheet(sheet.name);
    scanSheet(xml, context, out);
  }
  return out.finish();
}
