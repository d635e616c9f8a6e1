import { MARKINGS } from '../report/model';
import type { MappedCell, ReturnMapping, WorkbookCell, WorkbookSheet } from './mapping';
import { columnLetters, parseAddress, ReturnTemplateError, type ReturnPeriod, type ReturnRow } from './template';

/**
 * A return workbook and its mapping read as a return laid out in rows and periods: the workbook's header row
 * names the periods of the mapped columns, each row with mapped cells is a measure, a row of the workbook's
 * own totals (SUM over rows above) or shares (a cell divided by the allocation) is one, a row with a label
 * alone is a heading, and the lines below are notes. The built-in returns are such workbooks, so a return is
 * filled, checked and completed cell by cell as any return the analyst maps.
 */

/** The formulas a total and a share of the allocation are written as: plain, or n/a while every part is n/a. */
const TOTALS = [/^SUM\(\$?([A-Z]+)\$?(\d+):\$?\1\$?(\d+)\)$/, /^IF\(COUNT\(([A-Z]+)(\d+):\1(\d+)\)=0,"n\/a",SUM\(\1\2:\1\3\)\)$/];
const SHARES = [/^\$?([A-Z]+)\$?(\d+)\/(\d+(?:\.\d+)?)$/, /^IF\(ISNUMBER\(([A-Z]+)(\d+)\),\1\2\/(\d+(?:\.\d+)?),"n\/a"\)$/];

type Formula = { kind: 'total'; from: number; to: number } | { kind: 'share'; of: number; allocation: number };

function readFormula(formula: string, column: string): Formula | null {
  const f = formula.replace(/\s+/g, '').toUpperCase().replace('"N/A"', '"n/a"');
  for (const re of TOTALS) {
    const m = re.exec(f);
    if (m && m[1] === column) return { kind: 'total', from: Number(m[2]), to: Number(m[3]) };
  }
  for (const re of SHARES) {
    const m = re.exec(f);
    if (m && m[1] === column) return { kind: 'share', of: Number(m[2]), allocation: Number(m[3]) };
  }
  return null;
}

const sameTarget = (a: MappedCell, b: MappedCell) => a.kpi === b.kpi && a.dimension === b.dimension && a.category === b.category && a.aggregation === b.aggregation;

/** The return's template, to be checked as any template is (readReturnTemplate); a layout it cannot read says why. */
export function templateOfWorkbook(id: string, fileName: string, sheets: readonly WorkbookSheet[], mapping: ReturnMapping): unknown {
  const fail = (message: string): never => {
    throw new ReturnTemplateError(`${fileName}: ${message}`);
  };
  const sheetNames = [...new Set(mapping.cells.map((c) => c.sheet))];
  if (sheetNames.length !== 1) fail(sheetNames.length ? `its mapping fills cells on ${sheetNames.length} sheets; a return of rows and periods is on one` : 'its mapping fills no cell');
  const sheet = sheets.find((s) => s.name === sheetNames[0]) ?? fail(`it has no sheet "${sheetNames[0]}", which its mapping fills`);
  const at = new Map<string, WorkbookCell>(sheet.cells.map((c) => [c.address, c]));
  const text = (column: number, row: number) => at.get(`${columnLetters(column)}${row}`)?.text?.trim() || undefined;

  const periodOf = new Map<number, ReturnPeriod>();
  const byRow = new Map<number, MappedCell[]>();
  for (const c of mapping.cells) {
    const { row, column } = parseAddress(c.cell);
    const known = periodOf.get(column);
    if (known && known !== c.period) fail(`column ${columnLetters(column)} is mapped to two periods (${known} and ${c.period})`);
    periodOf.set(column, c.period);
    byRow.set(row, [...(byRow.get(row) ?? []), c]);
  }
  const columns = [...periodOf.keys()].sort((a, b) => a - b);
  const firstRow = Math.min(...byRow.keys());
  let headerRow = 0;
  for (let r = firstRow - 1; r >= 1 && !headerRow; r--) if (columns.every((c) => text(c, r))) headerRow = r;
  if (!headerRow) fail(`no row above ${columnLetters(columns[0])}${firstRow} heads every mapped column with its period`);
  const labelColumn = sheet.cells.filter((c) => c.row === headerRow && c.text && c.column < columns[0]).map((c) => c.column).sort((a, b) => a - b)[0] ?? fail(`row ${headerRow} has no label column before the mapped columns`);

  const formulaRows = sheet.cells.filter((c) => c.formula && c.row > headerRow && periodOf.has(c.column)).map((c) => c.row);
  const lastRow = Math.max(...byRow.keys(), ...formulaRows);
  const labelOfRow = new Map<number, string>();
  const rows: ReturnRow[] = [];
  for (let r = headerRow + 1; r <= lastRow; r++) {
    const label = text(labelColumn, r);
    const mapped = byRow.get(r);
    const where = `row ${r}`;
    if (mapped) {
      if (!label) fail(`${where} has cells mapped but no label in column ${columnLetters(labelColumn)}`);
      const [first] = mapped;
      if (!mapped.every((c) => sameTarget(c, first))) fail(`${where} ("${label}") maps more than one KPI; a row of a return is one measure`);
      const unmapped = columns.filter((col) => !mapped.some((c) => parseAddress(c.cell).column === col));
      if (unmapped.length) fail(`${where} ("${label}") leaves ${unmapped.map((c) => `${columnLetters(c)}${r}`).join(', ')} unmapped; a measure fills every period`);
      rows.push({ label: label!, kpi: first.kpi, ...(first.dimension ? { dimension: first.dimension, category: first.category } : {}), ...(first.aggregation ? { aggregation: first.aggregation } : {}) });
      labelOfRow.set(r, label!);
      continue;
    }
    const formulas = columns.map((col) => {
      const cell = at.get(`${columnLetters(col)}${r}`);
      return cell?.formula ? { col, formula: cell.formula, read: readFormula(cell.formula, columnLetters(col)) } : null;
    });
    if (formulas.some(Boolean)) {
      if (!label) fail(`${where} has formulas but no label in column ${columnLetters(labelColumn)}`);
      const unread = formulas.find((f) => !f?.read);
      if (unread !== undefined) fail(unread ? `${columnLetters(unread.col)}${r} (=${unread.formula}) is neither a total of the rows above nor a share of an allocation` : `${where} ("${label}") has formulas in some periods only`);
      const [first] = formulas.map((f) => f!.read!);
      if (!formulas.every((f) => JSON.stringify(f!.read) === JSON.stringify(first))) fail(`${where} ("${label}") works out its periods in different ways`);
      if (first.kind === 'total') {
        const parts = Array.from({ length: first.to - first.from + 1 }, (_, i) => labelOfRow.get(first.from + i));
        if (parts.some((p) => p === undefined)) fail(`${where} ("${label}") totals rows ${first.from}–${first.to}, not all of them measures or totals`);
        rows.push({ label: label!, total: parts as string[] });
      } else {
        const of = labelOfRow.get(first.of) ?? fail(`${where} ("${label}") is a share of row ${first.of}, which is not a measure or a total`);
        rows.push({ label: label!, shareOf: of, allocation: first.allocation });
      }
      labelOfRow.set(r, label!);
      continue;
    }
    if (!label) fail(`${where} is blank: a return's rows run on from its header row (${headerRow}) without a gap`);
    rows.push({ heading: label! });
  }
  const lastUsed = Math.max(...sheet.cells.map((c) => c.row));
  const notes = Array.from({ length: Math.max(0, lastUsed - lastRow) }, (_, i) => text(labelColumn, lastRow + 1 + i)).filter((t): t is string => !!t);
  const marking = sheet.cells.find((c) => c.row < headerRow && c.text && (MARKINGS as readonly string[]).includes(c.text.trim()))?.text?.trim() ?? 'OFFICIAL';
  return {
    id,
    name: mapping.name,
    description: mapping.description ?? '',
    sheet: sheet.name,
    marking,
    headerRow,
    labelColumn: columnLetters(labelColumn),
    columns: columns.map((col) => ({ column: columnLetters(col), header: text(col, headerRow)!, period: periodOf.get(col)! })),
    rows,
    notes,
  };
}
