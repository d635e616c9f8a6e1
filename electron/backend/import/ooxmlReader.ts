import path from 'node:path';
export { isDateFormatCode, isPercentFormatCode } from './numberFormats';
import { CellCollector, type EncodedWorkbook } from '../../../shared/import/cellBuffer';
import { columnName } from '../../../shared/import/grid';
import { decodeOoxmlEscapes, Token, utf8Of, XmlCursor, xmlString } from './xmlCursor';
import { BUILT_IN_DATE_FORMATS, BUILT_IN_PERCENT_FORMATS, isDateFormatCode, isPercentFormatCode } from './numberFormats';
import { UncalculatedFormulas, type Uncalculated } from './uncalculated';
import { DamagedFile, ZipArchive } from './zipArchive';

/**
 * Reads the cells of an .xlsx or .xlsm workbook, sheet by sheet, as they come: the sheet's stated
 * dimension is never trusted (some exporters leave it stale, and A1:XFD1048576 is a trap), values are
 * what a spreadsheet saved (a formula's saved result, never the formula; a formula with none refuses the
 * file), and number formats say which numbers are dates and which percentages, as the spreadsheet shows
 * them. Every part is read as strict XML (xmlCursor.ts), so a part cut short or damaged is refused, never
 * read as far as it goes. Scanning bytes rather than building a document is about ten times faster than
 * SheetJS or ExcelJS (npm run bench:import measures both).
 */

const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;

const SLASH = 0x2f;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

/** XML text as the characters it stands for: references, and OOXML's _xHHHH_ escapes of control characters. */
export function decodeXmlText(text: string): string {
  const cursor = new XmlCursor(`<t>${Buffer.from(text, 'utf8').toString('latin1')}</t>`, 'text');
  cursor.next();
  return decodeOoxmlEscapes(utf8Of(cursor.textContent()));
}

/** How a cell style shows its number: as it is, as a date, or as a percentage. */
export const enum Shown {
  Number,
  Date,
  Percent,
}

/** For each cell style (index into cellXfs), how its number format shows a number. */
function readCellStyles(xml: Buffer | null, part: string): Shown[] {
  if (!xml) return [];
  const cursor = new XmlCursor(xmlString(xml, part), part);
  const custom = new Map<number, string>();
  const styles: Shown[] = [];
  let cellXfsDepth = -1;
  for (let token = cursor.next(); token !== Token.End; token = cursor.next()) {
    if (token === Token.Close) {
      if (cursor.depth < cellXfsDepth) cellXfsDepth = -1;
      continue;
    }
    if (token !== Token.Open) continue;
    if (cursor.is('numFmt')) {
      const id = Number(cursor.attribute('numFmtId'));
      const code = cursor.attribute('formatCode');
      if (Number.isFinite(id) && code !== undefined) custom.set(id, decodeOoxmlEscapes(utf8Of(code)));
    } else if (cursor.is('cellXfs')) cellXfsDepth = cursor.depth;
    else if (cellXfsDepth >= 0 && cursor.depth === cellXfsDepth + 1 && cursor.is('xf')) {
      const id = Number(cursor.attribute('numFmtId') ?? 0);
      const code = custom.get(id);
      if (code !== undefined) styles.push(isDateFormatCode(code) ? Shown.Date : isPercentFormatCode(code) ? Shown.Percent : Shown.Number);
      else styles.push(BUILT_IN_DATE_FORMATS.has(id) ? Shown.Date : BUILT_IN_PERCENT_FORMATS.has(id) ? Shown.Percent : Shown.Number);
    }
  }
  return styles;
}

/** The text of a shared or inline string item (<si>, <is>) just opened: its text runs, leaving out phonetic guides (<rPh>). */
function readStringItem(cursor: XmlCursor): string {
  const depth = cursor.depth;
  let text = '';
  for (;;) {
    const token = cursor.next();
    if (token === Token.Close) {
      if (cursor.depth < depth) return decodeOoxmlEscapes(utf8Of(text));
      continue;
    }
    if (token === Token.Open) {
      if (cursor.is('t')) text += cursor.textContent();
      else if (cursor.is('rPh') || cursor.is('phoneticPr') || cursor.is('rPr') || cursor.is('extLst')) cursor.skipElement();
      else if (!cursor.is('r')) throw new DamagedFile(`the part ${cursor.part} is not a spreadsheet's: <${cursor.name()}> inside a string`);
    } else if (token === Token.CData || !cursor.textIsBlank()) {
      throw new DamagedFile(`the part ${cursor.part} is not well-formed: text outside a string's text runs`);
    }
  }
}

function readSharedStrings(xml: Buffer | null, part: string): string[] {
  if (!xml) return [];
  const cursor = new XmlCursor(xmlString(xml, part), part);
  const strings: string[] = [];
  for (let token = cursor.next(); token !== Token.End; token = cursor.next()) {
    if (token === Token.Open && cursor.depth === 2 && cursor.is('si')) strings.push(readStringItem(cursor));
  }
  return strings;
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
  styles: readonly Shown[];
  date1904: boolean;
}

/** A number as Excel saves it: decimal, with an exponent perhaps, and no more digits than a double holds. */
const SAVED_NUMBER = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

function savedNumber(value: string, where: () => string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || !SAVED_NUMBER.test(value)) throw new DamagedFile(`${where()} holds "${value.slice(0, 20)}", which is not a number a spreadsheet saves`);
  // A double round-trips in 17 significant digits, which Excel writes; more is not a saved number.
  if (value.length > 20 && value.replace(/[eE].*$/, '').replace(/[^0-9]/g, '').replace(/^0+/, '').length > 17) {
    throw new DamagedFile(`${where()} holds a number of ${value.trim().length} digits, more than a spreadsheet can hold`);
  }
  return number;
}

interface SheetScan {
  readonly cursor: XmlCursor;
  readonly attrs: Attributes;
  readonly context: SheetContext;
  readonly out: CellCollector;
  readonly sheet: string;
  readonly uncalculated: { row: number; column: number }[];
}

function damagedSheet(scan: SheetScan, what: string): never {
  throw new DamagedFile(`the sheet ${scan.sheet} is damaged: ${what}`);
}

/**
 * Reads one sheet's cells into the collector, in document order, and returns the cells holding formulas
 * with no saved result. The whole part is read as strict XML; inside <sheetData> only rows, cells and
 * their values may stand, each row and cell once and in order (as Excel writes them and requires).
 */
export function scanSheet(bytes: Buffer, context: SheetContext, out: CellCollector, sheet = 'Sheet1', part = 'the sheet'): { row: number; column: number }[] {
  const cursor = new XmlCursor(xmlString(bytes, part), part);
  const scan: SheetScan = { cursor, attrs: new Attributes(cursor.xml), context, out, sheet, uncalculated: [] };
  let sheetDataSeen = false;
  for (let token = cursor.next(); token !== Token.End; token = cursor.next()) {
    if (token !== Token.Open || !cursor.is('sheetData')) continue;
    if (sheetDataSeen) damagedSheet(scan, 'it has two <sheetData> parts');
    sheetDataSeen = true;
    readSheetData(scan);
  }
  return scan.uncalculated;
}

function readSheetData(scan: SheetScan): void {
  const { cursor, attrs } = scan;
  const depth = cursor.depth;
  let lastRow = -1;
  for (;;) {
    const token = cursor.next();
    if (token === Token.Close && cursor.depth < depth) return;
    if (token === Token.Text || token === Token.CData) {
      if (token === Token.CData || !cursor.textIsBlank()) damagedSheet(scan, `text between its rows ("${cursor.xml.slice(cursor.textStart, Math.min(cursor.textEnd, cursor.textStart + 20)).trim()}")`);
      continue;
    }
    if (token !== Token.Open) continue;
    if (!cursor.is('row')) damagedSheet(scan, `<${cursor.name()}> where only rows belong`);
    attrs.read(cursor.attributesStart, cursor.attributesEnd);
    const r = attrs.r0 >= 0 ? readInteger(cursor.xml, attrs.r0, attrs.r1) : NaN;
    if (attrs.r0 >= 0 && !Number.isFinite(r)) damagedSheet(scan, `a row numbered "${cursor.xml.slice(attrs.r0, Math.min(attrs.r1, attrs.r0 + 12))}"`);
    const row = Number.isFinite(r) ? r - 1 : lastRow + 1;
    if (row < 0 || row >= MAX_ROWS) throw new DamagedFile(`a row number beyond a sheet's limit: ${row + 1}`);
    if (row === lastRow) damagedSheet(scan, `row ${row + 1} is given twice`);
    if (row < lastRow) damagedSheet(scan, `row ${row + 1} comes after row ${lastRow + 1} (rows out of order)`);
    lastRow = row;
    readRow(scan, row);
  }
}

function readRow(scan: SheetScan, row: number): void {
  const { cursor, attrs } = scan;
  const depth = cursor.depth;
  let lastColumn = -1;
  for (;;) {
    const token = cursor.next();
    if (token === Token.Close && cursor.depth < depth) return;
    if (token === Token.Text || token === Token.CData) {
      if (token === Token.CData || !cursor.textIsBlank()) damagedSheet(scan, `text between the cells of row ${row + 1}`);
      continue;
    }
    if (token !== Token.Open) continue;
    if (cursor.is('extLst')) {
      cursor.skipElement();
      continue;
    }
    if (!cursor.is('c')) damagedSheet(scan, `<${cursor.name()}> in row ${row + 1}, where only cells belong`);
    attrs.read(cursor.attributesStart, cursor.attributesEnd);
    let column = lastColumn + 1;
    if (attrs.r0 >= 0) {
      const ref = readReference(cursor.xml, attrs.r0, attrs.r1);
      if (!ref) throw new DamagedFile(`a cell reference that is not one: "${cursor.xml.slice(attrs.r0, Math.min(attrs.r1, attrs.r0 + 20))}"`);
      if (ref.row !== row) damagedSheet(scan, `the cell ${columnName(ref.column)}${ref.row + 1} stands in row ${row + 1}`);
      column = ref.column;
    }
    if (column >= MAX_COLUMNS) throw new DamagedFile("a cell beyond a sheet's last, XFD1048576");
    if (column === lastColumn) damagedSheet(scan, `the cell ${columnName(column)}${row + 1} is given twice`);
    if (column < lastColumn) damagedSheet(scan, `the cell ${columnName(column)}${row + 1} comes after ${columnName(lastColumn)}${row + 1} (cells out of order)`);
    lastColumn = column;
    readCell(scan, row, column);
  }
}

/** Reads a cell just opened, to its </c>. */
function readCell(scan: SheetScan, row: number, column: number): void {
  const { cursor, attrs, context, out } = scan;
  const type = attrs.t0 >= 0 ? cursor.xml.slice(attrs.t0, attrs.t1) : 'n';
  const style = attrs.s0 >= 0 ? readInteger(cursor.xml, attrs.s0, attrs.s1) : 0;
  const depth = cursor.depth;
  let value: string | null = null;
  let inline: string | null = null;
  let formula = false;
  for (;;) {
    const token = cursor.next();
    if (token === Token.Close && cursor.depth < depth) break;
    if (token === Token.Text || token === Token.CData) {
      if (token === Token.CData || !cursor.textIsBlank()) damagedSheet(scan, `text outside the value of ${columnName(column)}${row + 1}`);
      continue;
    }
    if (token !== Token.Open) continue;
    if (cursor.is('v')) {
      if (value !== null) damagedSheet(scan, `the cell ${columnName(column)}${row + 1} has two values`);
      value = cursor.textContent();
    } else if (cursor.is('is')) inline = readStringItem(cursor);
    else if (cursor.is('f')) {
      // The formula itself is never read, let alone run: only the value a spreadsheet saved with it.
      formula = true;
      cursor.skipElement();
    } else if (cursor.is('extLst')) cursor.skipElement();
    else damagedSheet(scan, `<${cursor.name()}> inside the cell ${columnName(column)}${row + 1}`);
  }
  if (formula && inline === null && (value === null || (value === '' && type !== 'str'))) {
    scan.uncalculated.push({ row, column });
    return;
  }
  if (value === null && inline === null) return;
  const where = () => `the cell ${scan.sheet}!${columnName(column)}${row + 1}`;
  switch (type) {
    case 's': {
      const index = Number(value);
      const text = Number.isInteger(index) ? context.shared[index] : undefined;
      if (text === undefined) throw new DamagedFile(`a cell refers to shared text ${String(value).slice(0, 12)}, which the file does not hold`);
      if (text !== '') out.text(row, column, text);
      break;
    }
    case 'inlineStr': {
      const text = inline ?? decodeOoxmlEscapes(utf8Of(value!));
      if (text) out.text(row, column, text);
      break;
    }
    case 'str':
    case 'e':
      if (value) out.text(row, column, decodeOoxmlEscapes(utf8Of(value)));
      break;
    case 'b':
      out.boolean(row, column, value!.trim() === '1');
      break;
    case 'd': {
      // An ISO date, as the calendar date it shows whatever time zone it was written with.
      const m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
      if (m) out.date(row, column, Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      else if (value) out.text(row, column, decodeOoxmlEscapes(utf8Of(value)));
      break;
    }
    default: {
      if (value === null || value.trim() === '') break;
      const number = savedNumber(value, where);
      const shown = context.styles[style];
      if (shown === Shown.Date) out.date(row, column, serialToUtcDay(number, context.date1904));
      else if (shown === Shown.Percent) out.percent(row, column, number);
      else out.number(row, column, number);
    }
  }
}

interface SheetPart {
  name: string;
  part: string;
}

function relationshipTargets(rels: Buffer | null, base: string, part: string): Map<string, string> {
  const targets = new Map<string, string>();
  if (!rels) return targets;
  const cursor = new XmlCursor(xmlString(rels, part), part);
  for (let token = cursor.next(); token !== Token.End; token = cursor.next()) {
    if (token !== Token.Open || !cursor.is('Relationship')) continue;
    const id = cursor.attribute('Id');
    const target = cursor.attribute('Target');
    if (!id || !target || cursor.attribute('TargetMode') === 'External') continue;
    const decoded = utf8Of(target);
    const resolved = decoded.startsWith('/') ? decoded.slice(1) : path.posix.normalize(path.posix.join(base, decoded));
    targets.set(id, resolved);
  }
  return targets;
}

/** The workbook's part, its worksheets in tab order (chart sheets left out), and its date system. */
function readWorkbookParts(zip: ZipArchive): { sheets: SheetPart[]; date1904: boolean; rels: Map<string, string> } {
  const root = relationshipTargets(zip.read('_rels/.rels'), '', '_rels/.rels');
  const workbookPart = [...root.values()].find((t) => /workbook[^/]*\.xml$/i.test(t)) ?? 'xl/workbook.xml';
  const workbook = zip.read(workbookPart);
  if (!workbook) throw new DamagedFile('it has no workbook part, xl/workbook.xml');
  const base = path.posix.dirname(workbookPart);
  const relsPart = `${base}/_rels/${path.posix.basename(workbookPart)}.rels`;
  const rels = relationshipTargets(zip.read(relsPart), base, relsPart);
  const cursor = new XmlCursor(xmlString(workbook, workbookPart), workbookPart);
  let date1904 = false;
  const sheets: SheetPart[] = [];
  const names = new Set<string>();
  for (let token = cursor.next(); token !== Token.End; token = cursor.next()) {
    if (token !== Token.Open) continue;
    if (cursor.is('workbookPr')) date1904 = /^(?:1|true)$/.test(cursor.attribute('date1904') ?? '');
    else if (cursor.is('sheet')) {
      const name = utf8Of(cursor.attribute('name') ?? '');
      const id = cursor.attributeEndingWith(':id');
      const part = id ? rels.get(id) : undefined;
      if (!part) throw new DamagedFile(`the sheet ${name || '(unnamed)'} has no part in the file`);
      if (names.has(name.toLowerCase())) throw new DamagedFile(`two sheets are named ${name}`);
      names.add(name.toLowerCase());
      if (/chartsheets?\//i.test(part)) continue;
      sheets.push({ name, part });
    }
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
    shared: sharedPart ? readSharedStrings(zip.read(sharedPart), sharedPart) : [],
    styles: stylesPart ? readCellStyles(zip.read(stylesPart), stylesPart) : [],
    date1904,
  };
  const out = new CellCollector();
  const uncalculated: Uncalculated[] = [];
  for (const sheet of sheets) {
    const xml = zip.read(sheet.part);
    if (!xml) throw new DamagedFile(`the sheet ${sheet.name} is missing from the file`);
    out.beginSheet(sheet.name);
    const cells = scanSheet(xml, context, out, sheet.name, sheet.part);
    if (cells.length) uncalculated.push({ sheet: sheet.name, cells });
  }
  if (uncalculated.length) throw new UncalculatedFormulas(uncalculated);
  return out.finish();
}
