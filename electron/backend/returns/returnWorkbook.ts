import crypto from 'node:crypto';
import * as XLSX from 'xlsx';
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import { childElements, parseXml, RELATIONSHIPS, serializeXml, type XmlDoc, type XmlElement } from '../officeXml';
import { WorkbenchError } from '../../../shared/api/errors';
import { layoutText, type WorkbookSheet } from '../../../shared/returns/mapping';
import { parseAddress } from '../../../shared/returns/template';
import { isPercentFormatCode } from '../import/numberFormats';

/**
 * A return workbook as it was sent: read for its sheets, labels and formulas (SheetJS), and filled in a copy
 * by changing only the mapped cells' values in its sheets' XML. Everything else (styles, merged cells,
 * validation, protection, hidden sheets, print settings, defined names, other sheets) is the file's own,
 * byte for byte: no spreadsheet library rewrites it.
 */

export interface ReturnWorkbookFile {
  fileName: string;
  bytes: Buffer;
  sheets: WorkbookSheet[];
  /** Defined names that are one cell ("Allocation" = Lookups!$B$1), for the formulas that use them. */
  names: Map<string, { sheet: string; address: string }>;
  /** SHA-256 of the layout: the key the mapping is kept under. */
  layout: string;
}

export function readReturnWorkbook(bytes: Buffer, fileName: string): ReturnWorkbookFile {
  if (!/\.xlsx$/i.test(fileName)) throw new WorkbenchError('bad_arguments', `${fileName}: a return workbook to fill is an .xlsx file (save it from Excel as "Excel Workbook").`);
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(bytes, { type: 'buffer', cellFormula: true, cellHTML: false, cellText: true, cellNF: true, sheetStubs: true, bookVBA: false });
  } catch {
    throw new WorkbenchError('bad_arguments', `${fileName} cannot be read as a workbook: it may be damaged, or not an .xlsx file.`);
  }
  const sheets: WorkbookSheet[] = book.SheetNames.map((name, i) => {
    const ws = book.Sheets[name];
    const cells: WorkbookSheet['cells'] = [];
    const percent = new Set<string>();
    for (const [address, cell] of Object.entries(ws)) {
      if (address.startsWith('!')) continue;
      const { r, c } = XLSX.utils.decode_cell(address);
      const c0 = cell as XLSX.CellObject;
      if (typeof c0.z === 'string' && isPercentFormatCode(c0.z)) percent.add(address);
      // An empty cell is read for its format alone (an input cell waiting for a figure).
      if (c0.t === 'z') continue;
      cells.push({
        address,
        row: r + 1,
        column: c + 1,
        text: c0.t === 's' ? String(c0.v) : undefined,
        number: c0.t === 'n' ? Number(c0.v) : undefined,
        formula: c0.f ? String(c0.f) : undefined,
      });
    }
    return { name, hidden: (book.Workbook?.Sheets?.[i]?.Hidden ?? 0) !== 0, cells, merges: (ws['!merges'] ?? []).map((m) => XLSX.utils.encode_range(m)), percent };
  });
  const unlocked = unlockedCells(bytes);
  for (const sheet of sheets) sheet.unlocked = unlocked.get(sheet.name);
  const names = new Map<string, { sheet: string; address: string }>();
  for (const n of book.Workbook?.Names ?? []) {
    const m = /^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]{1,3})\$?(\d+)$/.exec(n.Ref ?? '');
    if (m && n.Sheet === undefined) names.set(n.Name, { sheet: m[1]?.replace(/''/g, "'") ?? m[2], address: `${m[3]}${m[4]}` });
  }
  return { fileName, bytes, sheets, names, layout: crypto.createHash('sha256').update(layoutText(sheets)).digest('hex') };
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';


/**
 * Each protected sheet's cells left unlocked (its input cells), by sheet name: from the styles' protection
 * and each cell's style. A sheet without protection is not in the map.
 */
function unlockedCells(bytes: Buffer): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let files: Unzipped;
  try {
    files = unzipSync(bytes);
  } catch {
    return out;
  }
  const styles = files['xl/styles.xml'] ? parseXml(strFromU8(files['xl/styles.xml'])) : undefined;
  const cellXfs = styles ? (Array.from(styles.getElementsByTagNameNS(MAIN, 'cellXfs'))[0] as XmlElement | undefined) : undefined;
  const open = (cellXfs ? childElements(cellXfs, 'xf') : []).map((xf) => {
    const locked = childElements(xf, 'protection')[0]?.getAttribute('locked');
    return locked === 'false' || locked === '0';
  });
  for (const [name, part] of sheetParts(files)) {
    const xml = files[part] ? strFromU8(files[part]) : '';
    const protection = /<sheetProtection\b[^>]*\bsheet="(1|true)"/.test(xml);
    if (!protection) continue;
    const cells = new Set<string>();
    for (const m of xml.matchAll(/<c r="([A-Z]{1,3}\d+)"([^>]*?)\/?>/g)) {
      const style = /\bs="(\d+)"/.exec(m[2]);
      if (style && open[Number(style[1])]) cells.add(m[1]);
    }
    out.set(name, cells);
  }
  return out;
}

/** A value written into a copy: a number, or text (the "n/a" of a figure not available). */
export interface CellWrite {
  sheet: string;
  address: string;
  value: number | string;
}

/** The part of each sheet, by name, from the workbook and its relationships. */
function sheetParts(files: Unzipped): Map<string, string> {
  const workbook = parseXml(strFromU8(files['xl/workbook.xml']));
  const rels = parseXml(strFromU8(files['xl/_rels/workbook.xml.rels']));
  const targets = new Map(Array.from(rels.getElementsByTagName('Relationship')).map((r) => [r.getAttribute('Id'), r.getAttribute('Target') ?? '']));
  const parts = new Map<string, string>();
  for (const s of Array.from(workbook.getElementsByTagNameNS(MAIN, 'sheet'))) {
    const target = targets.get(s.getAttributeNS(RELATIONSHIPS, 'id'));
    if (target) parts.set(s.getAttribute('name') ?? '', target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  return parts;
}


/** The cell element at an address, made (in row and column order) if the sheet has none there. */
function cellElement(doc: XmlDoc, sheetData: XmlElement, address: string): XmlElement {
  const { row: r, column } = parseAddress(address);
  const rows = childElements(sheetData, 'row');
  let row = rows.find((x) => Number(x.getAttribute('r')) === r);
  if (!row) {
    row = doc.createElementNS(MAIN, 'row') as XmlElement;
    row.setAttribute('r', String(r));
    const after = rows.find((x) => Number(x.getAttribute('r')) > r);
    sheetData.insertBefore(row, after ?? null);
  }
  const cells = childElements(row, 'c');
  const found = cells.find((c) => c.getAttribute('r') === address);
  if (found) return found;
  const cell = doc.createElementNS(MAIN, 'c') as XmlElement;
  cell.setAttribute('r', address);
  // A new cell takes its row's style, if the row has one, as a cell typed into would.
  if (row.getAttribute('customFormat') === '1' && row.getAttribute('s')) cell.setAttribute('s', row.getAttribute('s')!);
  const after = cells.find((c) => parseAddress(c.getAttribute('r') ?? 'A1').column > column);
  row.insertBefore(cell, after ?? null);
  return cell;
}

/** Puts a value into a cell, keeping its style and its formula (whose cached result it then is). */
function setValue(doc: XmlDoc, cell: XmlElement, value: number | string | null): void {
  for (const child of [...childElements(cell, 'v'), ...childElements(cell, 'is')]) cell.removeChild(child);
  if (value === null) {
    cell.removeAttribute('t');
    return;
  }
  if (typeof value === 'number') {
    cell.removeAttribute('t');
    const v = doc.createElementNS(MAIN, 'v');
    v.appendChild(doc.createTextNode(String(value)));
    cell.appendChild(v);
    return;
  }
  const hasFormula = childElements(cell, 'f').length > 0;
  cell.setAttribute('t', hasFormula ? 'str' : 'inlineStr');
  if (hasFormula) {
    const v = doc.createElementNS(MAIN, 'v');
    v.appendChild(doc.createTextNode(value));
    cell.appendChild(v);
    return;
  }
  const is = doc.createElementNS(MAIN, 'is');
  const t = doc.createElementNS(MAIN, 't');
  t.appendChild(doc.createTextNode(value));
  is.appendChild(t);
  cell.appendChild(is);
}

/**
 * A copy of the workbook with the values written into their cells and the formulas' results the workbench
 * worked out (null: unknown, left for the office suite), set to calculate again when it is opened. No other
 * part of the file changes.
 */
export function fillWorkbookCopy(bytes: Buffer, writes: readonly CellWrite[], formulaResults: readonly { sheet: string; address: string; value: number | string | null }[]): Buffer {
  const files = unzipSync(bytes);
  const parts = sheetParts(files);
  const bySheet = new Map<string, { address: string; value: number | string | null }[]>();
  for (const w of [...writes, ...formulaResults]) bySheet.set(w.sheet, [...(bySheet.get(w.sheet) ?? []), { address: w.address, value: w.value }]);
  for (const [sheet, changes] of bySheet) {
    const part = parts.get(sheet);
    if (!part || !files[part]) throw new WorkbenchError('bad_arguments', `The workbook has no sheet "${sheet}".`);
    const doc = parseXml(strFromU8(files[part]));
    const sheetData = Array.from(doc.getElementsByTagNameNS(MAIN, 'sheetData'))[0] as XmlElement;
    for (const change of changes) setValue(doc, cellElement(doc, sheetData, change.address), change.value);
    files[part] = strToU8(serializeXml(doc));
  }
  // Excel and LibreOffice work every formula out again on opening, the ones here could not.
  const workbook = parseXml(strFromU8(files['xl/workbook.xml']));
  const root = workbook.documentElement!;
  let calcPr = childElements(root, 'calcPr')[0];
  if (!calcPr) {
    calcPr = workbook.createElementNS(MAIN, 'calcPr') as XmlElement;
    const following = ['oleSize', 'customWorkbookViews', 'pivotCaches', 'smartTagPr', 'smartTagTypes', 'webPublishing', 'fileRecoveryPr', 'webPublishObjects', 'extLst'];
    root.insertBefore(calcPr, (Array.from(root.childNodes) as XmlElement[]).find((c) => c.nodeType === 1 && following.includes(c.localName ?? '')) ?? null);
  }
  calcPr.setAttribute('fullCalcOnLoad', '1');
  files['xl/workbook.xml'] = strToU8(serializeXml(workbook));
  return Buffer.from(zipSync(files));
}
