import fs from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../../../shared/api/errors';
import type { Kpi } from '../../../shared/domain/kpi';
import { formatValue } from '../../../shared/domain/format';
import { describeMonths, formatPeriod, formatPeriodLong, monthKey, parseMonthKey, periodMonths, type Period } from '../../../shared/domain/periods';
import { aggregate } from '../../../shared/domain/series';
import { KpiMatcher } from '../../../shared/import/labels';
import { evaluateFormula } from '../../../shared/returns/formula';
import { periodMonthsFor } from '../../../shared/returns/fill';
import { parseAddress } from '../../../shared/returns/template';
import { mappingTarget, parseMappingSpec, proposeMapping, RETURN_MAPPING_FORMAT, ReturnMappingSchema, type MappedCell, type ReturnMapping } from '../../../shared/returns/mapping';
import type { ReturnWorkbook, WorkbookFill } from '../../../shared/returns/returnSchemas';
import { recordDataExport, returnMarks } from '../../../db/dataExports';
import { monthlyRange } from '../../../db/observations';
import { getReturnMapping, saveReturnMapping } from '../../../db/returnMappings';
import { currentAuthor } from '../author';
import { workspaceSettings } from '../workspaceSettings';
import { checkExportTarget, writeExportFile } from '../exportFiles';
import { aggregationContext, kpiIndex } from '../figures';
import { sha256 } from '../files';
import type { Workspace } from '../workspace';
import { fillWorkbookCopy, readReturnWorkbook, type CellWrite, type ReturnWorkbookFile } from './returnWorkbook';
import { builtInMappings, workbookMarks } from './templates';

/**
 * A return workbook the analyst was sent, mapped once and filled in a copy: the mapping is kept per layout,
 * proposed from the labels until the analyst changes it, and used again for next quarter's copy.
 */

export function openReturnWorkbook(file: string): ReturnWorkbookFile {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new WorkbenchError('not_found', `${file} cannot be read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : 'it is not readable'}.`);
  }
  return readReturnWorkbook(bytes, path.basename(file));
}

/** Where a cell is in words: its row's label and its column's header ("Hotspot patrol hours · Month 1"). */
function cellLabel(wb: ReturnWorkbookFile, sheetName: string, address: string): string {
  const sheet = wb.sheets.find((s) => s.name === sheetName);
  if (!sheet) return address;
  const target = parseAddress(address);
  const rowLabel = sheet.cells.filter((c) => c.row === target.row && c.column < target.column && c.text).sort((a, b) => a.column - b.column)[0]?.text;
  const header = sheet.cells.filter((c) => c.column === target.column && c.row < target.row && c.text).sort((a, b) => b.row - a.row)[0]?.text;
  return [rowLabel, header].filter(Boolean).join(' · ') || address;
}

function savedMapping(workspace: Workspace, layout: string): ReturnMapping | undefined {
  const stored = getReturnMapping(workspace.db, layout);
  return stored ? ReturnMappingSchema.parse(JSON.parse(stored)) : undefined;
}

/**
 * The saved mapping of the workbook's layout; else, for a copy of a built-in return's workbook, that return's
 * mapping; else the one its labels propose.
 */
function mappingFor(workspace: Workspace, wb: ReturnWorkbookFile): { source: 'saved' | 'built-in' | 'proposed'; mapping: ReturnMapping } {
  const saved = savedMapping(workspace, wb.layout);
  if (saved) return { source: 'saved', mapping: saved };
  const builtIn = builtInMappings().get(wb.layout);
  if (builtIn) return { source: 'built-in', mapping: builtIn };
  const matcher = new KpiMatcher(kpiIndex(workspace).kpis);
  return {
    source: 'proposed',
    mapping: { format: RETURN_MAPPING_FORMAT, name: wb.fileName, version: 0, layout: wb.layout, sheets: wb.sheets.map((s) => s.name), cells: proposeMapping(wb.sheets, (label) => matcher.match(label)), updatedBy: '', updatedAt: '' },
  };
}

export function workbookView(workspace: Workspace, wb: ReturnWorkbookFile): ReturnWorkbook {
  const { source, mapping } = mappingFor(workspace, wb);
  return {
    fileName: wb.fileName,
    layout: wb.layout,
    sheets: wb.sheets.map((s) => ({
      name: s.name,
      hidden: s.hidden,
      columns: Math.max(1, ...s.cells.map((c) => c.column)),
      rows: Math.max(1, ...s.cells.map((c) => c.row)),
      merges: s.merges,
      cells: s.cells.map((c) => ({ address: c.address, text: c.text ?? (c.number !== undefined ? String(c.number) : ''), formula: c.formula ?? null })),
    })),
    mapping: {
      source,
      name: mapping.name,
      version: mapping.version,
      updatedBy: mapping.updatedBy || null,
      updatedAt: mapping.updatedAt || null,
      cells: mapping.cells.map((mapped) => ({ mapped, label: cellLabel(wb, mapped.sheet, mapped.cell) })),
    },
  };
}

/** Checks each mapped cell against the workbook and the workspace's KPIs, naming the cell that is wrong. */
function checkCells(workspace: Workspace, wb: ReturnWorkbookFile, cells: readonly MappedCell[]): MappedCell[] {
  const { byId, kpis } = kpiIndex(workspace);
  const matcher = new KpiMatcher(kpis);
  return cells.map((c) => {
    const where = `${c.sheet}!${c.cell}`;
    const sheet = wb.sheets.find((s) => s.name === c.sheet);
    if (!sheet) throw new WorkbenchError('bad_arguments', `${where}: ${wb.fileName} has no sheet "${c.sheet}" (its sheets: ${wb.sheets.map((s) => s.name).join(', ')}).`);
    if (sheet.cells.find((x) => x.address === c.cell)?.formula) throw new WorkbenchError('bad_arguments', `${where} holds a formula (=${sheet.cells.find((x) => x.address === c.cell)!.formula}): the workbook works it out; map the cells it adds up instead.`);
    const id = byId.has(c.kpi) ? c.kpi : matcher.match(c.kpi);
    const kpi = id ? byId.get(id) : undefined;
    if (!kpi) throw new WorkbenchError('not_found', `${where}: there is no KPI "${c.kpi}". \`workbench kpis\` lists them.`);
    if (c.dimension) {
      const dimension = kpi.breakdowns.find((d) => d.toLowerCase() === c.dimension!.toLowerCase());
      if (!dimension) throw new WorkbenchError('bad_arguments', `${where}: ${kpi.name} has no breakdown by "${c.dimension}"${kpi.breakdowns.length ? ` (it has ${kpi.breakdowns.join(', ')})` : ''}.`);
      return { ...c, kpi: kpi.id, dimension };
    }
    return { ...c, kpi: kpi.id };
  });
}

/** Cells in the order the sheets list them: by sheet as the workbook orders them, then row, then column. */
const addressKey = (cell: string) => {
  const { row, column } = parseAddress(cell);
  return row * 20000 + column;
};
const inSheetOrder = (wb: ReturnWorkbookFile) => {
  const order = new Map(wb.sheets.map((s, i) => [s.name, i]));
  return (a: MappedCell, b: MappedCell) => order.get(a.sheet)! - order.get(b.sheet)! || addressKey(a.cell) - addressKey(b.cell);
};

function saveMapping(workspace: Workspace, wb: ReturnWorkbookFile, cells: MappedCell[], name?: string): ReturnWorkbook {
  const before = savedMapping(workspace, wb.layout) ?? builtInMappings().get(wb.layout);
  const mapping: ReturnMapping = {
    format: RETURN_MAPPING_FORMAT,
    name: name ?? before?.name ?? wb.fileName,
    ...(before?.description ? { description: before.description } : {}),
    ...(before?.fields ? { fields: before.fields } : {}),
    version: (before?.version ?? 0) + 1,
    layout: wb.layout,
    sheets: wb.sheets.map((s) => s.name),
    cells: [...cells].sort(inSheetOrder(wb)),
    updatedBy: currentAuthor(workspace),
    updatedAt: new Date().toISOString(),
  };
  saveReturnMapping(workspace.db, wb.layout, JSON.stringify(mapping));
  return workbookView(workspace, wb);
}

/**
 * Sets cells of the mapping ("Return!B8=surge-patrol-hours@month1"; "Return!B8=" takes one away), starting
 * from the saved mapping or the proposed one, and keeps it.
 */
export function setWorkbookMapping(workspace: Workspace, wb: ReturnWorkbookFile, specs: readonly string[]): ReturnWorkbook {
  const cells = new Map(mappingFor(workspace, wb).mapping.cells.map((c) => [`${c.sheet}!${c.cell}`, c]));
  for (const spec of specs) {
    let parsed: ReturnType<typeof parseMappingSpec>;
    try {
      parsed = parseMappingSpec(spec);
    } catch (err) {
      throw new WorkbenchError('bad_arguments', (err as Error).message);
    }
    const key = `${parsed.sheet}!${parsed.cell}`;
    if (parsed.kpi === null) cells.delete(key);
    else cells.set(key, { sheet: parsed.sheet, cell: parsed.cell, kpi: parsed.kpi, dimension: parsed.dimension, category: parsed.category, period: parsed.period! });
  }
  return saveMapping(workspace, wb, checkCells(workspace, wb, [...cells.values()]));
}

/** Takes a mapping exported by a colleague (or another force) for this workbook's layout. */
export function importWorkbookMapping(workspace: Workspace, wb: ReturnWorkbookFile, raw: unknown, source: string): ReturnWorkbook {
  const parsed = ReturnMappingSchema.safeParse(raw);
  if (!parsed.success) throw new WorkbenchError('bad_arguments', `${source} is not a return mapping: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}.`);
  const missing = parsed.data.sheets.filter((s) => !wb.sheets.some((x) => x.name === s));
  if (missing.length) throw new WorkbenchError('bad_arguments', `${source} maps a workbook with sheets ${wb.sheets.length ? '' : ''}${missing.map((s) => `"${s}"`).join(', ')} that ${wb.fileName} does not have.`);
  return saveMapping(workspace, wb, checkCells(workspace, wb, parsed.data.cells), parsed.data.name);
}

export function exportWorkbookMapping(workspace: Workspace, wb: ReturnWorkbookFile): ReturnMapping {
  const { source, mapping } = mappingFor(workspace, wb);
  if (source === 'proposed') throw new WorkbenchError('conflict', `${wb.fileName} has no mapping saved yet: accept the proposed one (or set cells) first.`);
  return mapping;
}


interface FilledWorkbook {
  view: WorkbookFill;
  writes: CellWrite[];
  formulaResults: { sheet: string; address: string; value: number | null }[];
  mapping: ReturnMapping;
}

/** Each mapped cell's figure for a quarter, with its KPI and months: "Return!B8" → 410. */
export function mappedCellValues(workspace: Workspace, mapping: ReturnMapping, quarter: Extract<Period, { kind: 'quarter' }>): Map<string, { cell: MappedCell; kpi: Kpi | undefined; months: number[]; value: number | null }> {
  const { byId } = kpiIndex(workspace);
  const { first, last } = monthlyRange(workspace.db);
  const context = aggregationContext(workspace, first ? parseMonthKey(first) : 0, last ? parseMonthKey(last) : 0);
  const quarterStart = periodMonths(quarter)[0];
  const out = new Map<string, { cell: MappedCell; kpi: Kpi | undefined; months: number[]; value: number | null }>();
  for (const c of mapping.cells) {
    const kpi = byId.get(c.kpi);
    const months = periodMonthsFor(c.period, quarterStart);
    // A quarter or year to date is all of its months or nothing: a partial sum would pass for the total.
    const rule = kpi && c.aggregation ? { ...kpi, aggregation: { type: c.aggregation } } : kpi;
    const result = rule ? aggregate(rule, { dimension: c.dimension ?? '', category: c.category ?? '' }, months, context) : undefined;
    out.set(`${c.sheet}!${c.cell}`, { cell: c, kpi, months, value: result && result.monthsCovered === result.monthsExpected ? result.value : null });
  }
  return out;
}

/** The saved mapping of a layout, if there is one: what a written workbook is compared against. */
export const savedWorkbookMapping = (workspace: Workspace, layout: string) => savedMapping(workspace, layout) ?? builtInMappings().get(layout);

export function fillWorkbook(workspace: Workspace, wb: ReturnWorkbookFile, quarter: Extract<Period, { kind: 'quarter' }>): FilledWorkbook {
  const { source, mapping } = mappingFor(workspace, wb);
  if (source === 'proposed') throw new WorkbenchError('conflict', `${wb.fileName} is not mapped yet: \`workbench return-map ${wb.fileName}\` shows the mapping its labels propose; accept it or set its cells, then fill it.`);
  const kept = workbookMarks(wb.layout);
  const marks = returnMarks(workspace.db, kept.id, formatPeriod(quarter));
  const cells: WorkbookFill['cells'] = [];
  const problems: WorkbookFill['problems'] = [];
  const writes: CellWrite[] = [];
  const values = new Map<string, number | null>();
  const percentCells = new Map(wb.sheets.map((s) => [s.name, s.percent]));
  for (const [address, { cell: c, kpi, months, value }] of mappedCellValues(workspace, mapping, quarter)) {
    const label = cellLabel(wb, c.sheet, c.cell);
    const reason = marks.get(kept.key(c.sheet, c.cell)) ?? null;
    const status = value !== null ? 'filled' : reason !== null ? 'not_available' : 'missing';
    // As the cell holds it: a percentage in a cell formatted as one is its fraction, to 15 digits as typed.
    const stored = value !== null && kpi?.unit === 'percent' && percentCells.get(c.sheet)?.has(c.cell) ? Number((value / 100).toPrecision(15)) : value;
    values.set(address, stored);
    cells.push({ sheet: c.sheet, cell: c.cell, label, value, display: value === null ? (reason !== null ? 'n/a' : '—') : kpi ? formatValue(value, kpi.unit) : String(value), status, reason, months: months.map(monthKey) });
    if (status === 'missing') problems.push({ address, message: `${address} (${label}): no figure for ${describeMonths(months, ' and ')} of ${kpi?.name ?? c.kpi} (${mappingTarget(c)}); enter it, or mark the cell not available with a reason` });
    if (stored !== null) writes.push({ sheet: c.sheet, address: c.cell, value: stored });
    else if (reason !== null) writes.push({ sheet: c.sheet, address: c.cell, value: 'n/a' });
  }
  const formulaResults = workbookFormulas(wb, values);
  return {
    view: {
      fileName: wb.fileName,
      period: formatPeriod(quarter),
      cells,
      formulas: formulaResults.map((f) => ({ sheet: f.sheet, cell: f.address, formula: f.formula, value: f.value })),
      problems,
      canExport: problems.length === 0,
    },
    writes,
    formulaResults,
    mapping,
  };
}

/**
 * The workbook's own formulas that read a mapped cell, worked out with the mapped values (the results an
 * office suite would show); null where a formula is beyond what the workbench works out.
 */
function workbookFormulas(wb: ReturnWorkbookFile, mapped: ReadonlyMap<string, number | null>): { sheet: string; address: string; formula: string; value: number | null }[] {
  const cellsOf = new Map(wb.sheets.map((s) => [s.name, new Map(s.cells.map((c) => [c.address, c]))]));
  const memo = new Map<string, { value: number | null | undefined; reads: boolean }>();
  const visiting = new Set<string>();
  const valueOf = (sheet: string, address: string): { value: number | null | undefined; reads: boolean } => {
    const key = `${sheet}!${address}`;
    if (mapped.has(key)) return { value: mapped.get(key)!, reads: true };
    const cell = cellsOf.get(sheet)?.get(address);
    if (!cell?.formula) return { value: cell?.number ?? (cell?.text !== undefined ? null : 0), reads: false };
    const known = memo.get(key);
    if (known) return known;
    if (visiting.has(key)) return { value: undefined, reads: false };
    visiting.add(key);
    let reads = false;
    const value = evaluateFormula(cell.formula, sheet, (s, a) => {
      const v = valueOf(s, a);
      reads ||= v.reads;
      return v.value;
    }, wb.names);
    visiting.delete(key);
    const result = { value, reads };
    memo.set(key, result);
    return result;
  };
  const out: { sheet: string; address: string; formula: string; value: number | null }[] = [];
  for (const sheet of wb.sheets) {
    for (const cell of sheet.cells) {
      if (!cell.formula) continue;
      const { value, reads } = valueOf(sheet.name, cell.address);
      if (reads) out.push({ sheet: sheet.name, address: cell.address, formula: cell.formula, value: value ?? null });
    }
  }
  return out;
}

export function exportWorkbook(workspace: Workspace, wb: ReturnWorkbookFile, quarter: Extract<Period, { kind: 'quarter' }>, target: string, replace: boolean): { path: string; sha256: string; exportId: number; fill: WorkbookFill } {
  checkExportTarget(target, replace);
  const filled = fillWorkbook(workspace, wb, quarter);
  if (!filled.view.canExport) {
    const list = filled.view.problems.slice(0, 5).map((p) => p.message).join('; ');
    throw new WorkbenchError('conflict', `${wb.fileName} cannot be filled for ${formatPeriod(quarter)} yet: ${filled.view.problems.length} cell${filled.view.problems.length === 1 ? '' : 's'} without a figure. ${list}. Nothing was written.`);
  }
  // The force and the quarter, where the mapping names their cells, as the return asks them.
  const fields = filled.mapping.fields ?? [];
  const force = workspaceSettings(workspace).forceName;
  if (fields.some((f) => f.field === 'force') && !force) throw new WorkbenchError('conflict', 'The return names the force: set its name in Settings (or `workbench settings --force-name NAME`) and fill it again.');
  const named = fields.map((f) => ({ sheet: f.sheet, address: f.cell, value: f.field === 'force' ? force! : formatPeriodLong(quarter) }));
  const data = fillWorkbookCopy(wb.bytes, [...filled.writes, ...named], filled.formulaResults);
  writeExportFile(target, data, replace);
  const digest = sha256(data);
  const exportId = recordDataExport(
    workspace.db,
    { kind: 'return', name: filled.mapping.name, period: formatPeriod(quarter), format: 'xlsx', filePath: target, sha256: digest, author: currentAuthor(workspace) },
    { workbook: wb.fileName, layout: wb.layout, mappingVersion: filled.mapping.version, cells: filled.view.cells.map((c) => ({ address: `${c.sheet}!${c.cell}`, label: c.label, value: c.value, reason: c.reason })) },
  );
  return { path: target, sha256: digest, exportId, fill: filled.view };
}

