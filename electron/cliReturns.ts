import type { ParseArgsConfig } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { mappingTarget } from '../shared/returns/mapping';
import { formatDay } from '../shared/domain/format';
import { parseSourceLabel, sourceName } from '../shared/domain/sources';
import { rangeCells } from '../shared/returns/formula';
import type { Api } from '../shared/api/contract';
import { formatTextTable } from '../shared/domain/textTable';
import { checkExportTarget } from './backend/exportFiles';
import { call, kpiIdOf, monthOption, printJson, requiredOption, stringOption, UsageError, type Io, type Values, COMMON } from './cliSupport';


export const RETURN_COMMANDS: Record<string, ParseArgsConfig['options']> = {
  returns: COMMON,
  exports: COMMON,
  return: { ...COMMON, period: { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean' }, force: { type: 'boolean' } },
  'not-available': { ...COMMON, period: { type: 'string' }, cell: { type: 'string' }, reason: { type: 'string' }, clear: { type: 'boolean' } },
  export: { ...COMMON, period: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
  enter: { ...COMMON, kpi: { type: 'string' }, month: { type: 'string' }, value: { type: 'string' }, breakdown: { type: 'string' }, category: { type: 'string' }, source: { type: 'string' } },
  'return-map': { ...COMMON, set: { type: 'string', multiple: true }, accept: { type: 'boolean' }, export: { type: 'string' }, import: { type: 'string' }, force: { type: 'boolean' } },
};

export const RETURN_POSITIONALS: Record<string, { min: number; max: number; what: string }> = {
  return: { min: 1, max: 1, what: 'the return to fill, e.g. surge-funding (`workbench returns` lists them)' },
  'not-available': { min: 1, max: 1, what: 'the return, e.g. surge-funding, or a mapped workbook' },
  'return-map': { min: 1, max: 1, what: 'the return workbook, e.g. surge-funding-return.xlsx' },
};

export const RETURN_USAGE = `  returns [--json]                      the returns (each a workbook and its mapping), and any that cannot
                                        be read and why
  return RETURN|WORKBOOK.xlsx --period P --out FILE.xlsx [--check] [--force]
                                        fill a quarterly return from the workspace: a listed return by id, or a
                                        copy of the workbook the return came as, by its mapping; refused,
                                        with every cell to resolve, while a cell has no figure and is not
                                        marked n/a; an existing FILE is left alone unless --force
  return-map WORKBOOK.xlsx|RETURN [--set "SHEET!CELL=KPI@PERIOD"]... [--accept] [--export FILE.json]
             [--import FILE.json] [--json]
                                        show or set the mapping of a return workbook: which cell takes
                                        which KPI (KPI/BREAKDOWN=CATEGORY for a breakdown) over which period
                                        (month1, month2, month3, quarter, same_quarter_last_year,
                                        year_to_date); --accept keeps the mapping its labels propose;
                                        "SHEET!CELL=" unmaps a cell; kept per workbook layout
  not-available RETURN|WORKBOOK.xlsx --period P --cell B6|F6:F20|B6,C6 --reason "..." [--clear]
                                        mark a cell, a range or a list of cells of a return not available
                                        with one reason (or --clear the mark)
  exports [--json]                      the returns and tables written, each return with the cells whose
                                        figure the workspace now gives differently ("F6 was 156, now 154")
  export [--period P] --out FILE.xlsx|FILE.csv [--force]
                                        the period's KPI tables: a sheet per section, or one CSV
  enter --kpi KPI --month YYYY-MM --value N [--breakdown D --category C] [--source S]
                                        a figure entered by hand (patrol hours, spend), kept with who
                                        entered it and when; undone like an import. It joins the KPI's
                                        reporting source, or "hand" for a KPI no file supplies, unless
                                        --source names one (force, data.police.uk, hand, …)
`;

export async function runReturnCommand(command: string, values: Values, positionals: string[], api: Api, io: Io): Promise<number> {
  switch (command) {
    case 'returns': {
      const list = await call(api, 'returns.list', {});
      if (values.json) printJson(io, list);
      else {
        io.out(formatTextTable(['Return', 'Name', 'From'], list.templates.map((t) => [t.id, t.name, t.builtIn ? 'built in' : t.file])));
        io.out(`\nYour own templates go in ${list.folder}\n`);
        for (const b of list.broken) io.err(`workbench: ${b.message}\n`);
      }
      return 0;
    }
    case 'return-map':
      return runReturnMap(await workbookOf(positionals[0], api), values, api, io);
    case 'exports': {
      const list = await call(api, 'exports.list', {});
      if (values.json) printJson(io, list);
      else if (!list.length) io.out('No returns or tables written yet.\n');
      else {
        io.out(
          formatTextTable(
            ['Export', 'What', 'Period', 'Written', 'File', 'Now'],
            list.map((e) => [String(e.id), e.kind === 'return' ? `${e.name} return` : 'KPI tables', e.period, formatDay(e.createdAt), path.basename(e.filePath), e.differences === null ? '' : e.differences.length ? `${e.differences.length} cell${e.differences.length === 1 ? '' : 's'} differ` : 'matches the workspace']),
          ),
        );
        for (const e of list) {
          if (!e.differences?.length) continue;
          io.out(`\n${e.period} ${e.name} return, exported ${formatDay(e.createdAt)}: ${e.differences.map((d) => `${d.address} was ${d.was}, now ${d.now}`).join('; ')}.\n`);
        }
      }
      return 0;
    }
    case 'return': {
      if (isWorkbook(positionals[0])) return runWorkbookReturn(positionals[0], values, api, io);
      const templateId = positionals[0];
      const period = requiredOption(values, 'period', 'return', '"Q1 2019/20"');
      const out = values.check ? undefined : requiredOption(values, 'out', 'return', 'return.xlsx');
      if (out) checkExportTarget(path.resolve(out), !!values.force);
      const preview = await call(api, 'returns.preview', { templateId, period });
      const summary = { id: preview.id, name: preview.name, period: preview.period, canExport: preview.canExport, problems: preview.problemRows };
      if (preview.problemRows.length) {
        const cells = preview.problems.length;
        if (values.json) printJson(io, { ...summary, written: null });
        else for (const p of preview.problemRows) io.err(`workbench: ${preview.id}, ${p.range} ${p.message}\n`);
        io.err(`workbench: nothing was written: ${cells} cell${cells === 1 ? '' : 's'} in ${preview.problemRows.length} row${preview.problemRows.length === 1 ? '' : 's'} to resolve (\`workbench enter\` a figure, or \`workbench not-available\`).\n`);
        return 2;
      }
      if (values.check) {
        if (values.json) printJson(io, { ...summary, written: null });
        else io.out(`${preview.name}, ${preview.periodLong}: every cell is filled or marked not available.\n`);
        return 0;
      }
      const written = await call(api, 'returns.export', { templateId, period, path: out!, replace: !!values.force });
      if (values.json) printJson(io, { ...summary, written });
      else io.out(`Wrote ${written.path}: ${preview.name}, ${preview.periodLong}.\nSHA-256 ${written.sha256}; kept as export ${written.exportId}.\n`);
      return 0;
    }
    case 'not-available': {
      const templateId = positionals[0];
      if (isWorkbook(templateId)) {
        const period = requiredOption(values, 'period', 'not-available', '"Q1 2019/20"');
        const cell = requiredOption(values, 'cell', 'not-available', 'Return!F8');
        const reason = values.clear ? null : requiredOption(values, 'reason', 'not-available', '"not recorded before July 2019"');
        const fill = await call(api, 'returns.markWorkbookNotAvailable', { path: path.resolve(templateId), period, cell, reason });
        if (values.json) printJson(io, { cell, reason, problems: fill.problems });
        else io.out(`${cell} ${reason === null ? 'is no longer marked' : 'marked not available'}; ${fill.problems.length} cell${fill.problems.length === 1 ? '' : 's'} still to resolve.\n`);
        return 0;
      }
      const period = requiredOption(values, 'period', 'not-available', '"Q1 2019/20"');
      const cell = requiredOption(values, 'cell', 'not-available', 'B6').toUpperCase();
      const reason = values.clear ? null : requiredOption(values, 'reason', 'not-available', '"not recorded before July 2019"');
      // A range ("F6:F20") or a list ("B6,C6") marks its cells at once, with the one reason.
      const cells = cell.split(',').flatMap((part) => {
        const [from, to] = part.trim().split(':');
        if (!/^[A-Z]{1,3}[1-9]\d*$/.test(from) || (to !== undefined && !/^[A-Z]{1,3}[1-9]\d*$/.test(to))) throw new UsageError(`--cell is a cell (B6), a range (F6:F20) or a list (B6,C6), not "${part}".`);
        return rangeCells(from, to ?? null);
      });
      const preview = await call(api, 'returns.markNotAvailable', { templateId, period, cells, reason });
      if (values.json) printJson(io, { cell, reason, problems: preview.problemRows });
      else io.out(`${cell} ${reason === null ? 'is no longer marked' : 'marked not available'}; ${preview.problems.length} cell${preview.problems.length === 1 ? '' : 's'} still to resolve.\n`);
      return 0;
    }
    case 'export': {
      const out = requiredOption(values, 'out', 'export', 'tables.xlsx');
      const period = stringOption(values, 'period');
      const written = await call(api, 'tables.export', { ...(period ? { period } : {}), path: out, replace: !!values.force });
      if (values.json) printJson(io, written);
      else io.out(`Wrote ${written.path}: ${written.rows} rows (${path.extname(out).slice(1)}).\nSHA-256 ${written.sha256}; kept as export ${written.exportId}.\n`);
      return 0;
    }
    case 'enter': {
      const kpiId = await kpiIdOf(api, requiredOption(values, 'kpi', 'enter', '"patrol hours"'));
      const month = monthOption(values, 'month', 'enter');
      const text = requiredOption(values, 'value', 'enter', '1250');
      const value = Number(text.replace(/[£,]/g, ''));
      if (!Number.isFinite(value)) throw new UsageError(`--value is a number, not "${text}".`);
      const dimension = stringOption(values, 'breakdown') ?? '';
      const category = stringOption(values, 'category') ?? '';
      const source = stringOption(values, 'source');
      const entered = await call(api, 'figures.enter', { kpiId, month, value, dimension, category, ...(source ? { source } : {}) });
      if (values.json) {
        printJson(io, { kpiId, month, value, breakdown: dimension || null, category: category || null, ...entered });
        return 0;
      }
      const kpis = await call(api, 'kpis.list', {});
      const kept = `kept with ${sourceName(parseSourceLabel(entered.source))}`;
      io.out(`Entered ${value} for ${kpis.find((k) => k.id === kpiId)!.name}, ${month}${entered.previous !== null ? ` (was ${entered.previous})` : ''}, ${kept}, as import ${entered.importId}. To undo it: workbench undo ${entered.importId}\n`);
      return 0;
    }
  }
  throw new UsageError(`unknown command "${command}"`);
}

const isWorkbook = (name: string) => /\.xlsx$/i.test(name);

/** A workbook named by its file, or a return named by its id ("surge-funding"): that return's own workbook. */
async function workbookOf(name: string, api: Api): Promise<string> {
  if (isWorkbook(name)) return name;
  const { templates } = await call(api, 'returns.list', {});
  const found = templates.find((t) => t.id === name);
  if (!found) throw new UsageError(`return-map takes a return workbook (.xlsx) or the id of a return (${templates.map((t) => t.id).join(', ') || 'none'}), not "${name}".`);
  return found.file;
}

/** The mapping of a return workbook: shown, set cell by cell, accepted as proposed, exported or imported. */
async function runReturnMap(workbook: string, values: Values, api: Api, io: Io): Promise<number> {
  const file = path.resolve(workbook);
  const sets = (values.set as string[] | undefined) ?? [];
  const importFrom = stringOption(values, 'import');
  let view;
  if (importFrom) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(importFrom, 'utf8'));
    } catch (err) {
      throw new UsageError(`--import ${importFrom}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : 'it is not a mapping exported by the workbench (JSON)'}.`);
    }
    view = await call(api, 'returnMaps.import', { path: file, mapping: raw, source: path.basename(importFrom) });
  }
  if (sets.length || values.accept) view = await call(api, 'returnMaps.set', { path: file, set: sets });
  view ??= await call(api, 'returnMaps.get', { path: file });
  const exportTo = stringOption(values, 'export');
  if (exportTo) {
    checkExportTarget(path.resolve(exportTo), !!values.force);
    const mapping = await call(api, 'returnMaps.export', { path: file });
    fs.writeFileSync(exportTo, `${JSON.stringify(mapping, null, 2)}\n`);
  }
  if (values.json) {
    printJson(io, view);
    return 0;
  }
  const m = view.mapping;
  io.out(
    m.source === 'proposed'
      ? `${view.fileName}: not mapped yet. Proposed from its labels: ${m.cells.length} cells (--accept keeps them; --set changes a cell).\n`
      : `${view.fileName}: mapping "${m.name}"${m.source === 'built-in' ? ' (built in)' : ''}, version ${m.version}, by ${m.updatedBy}, ${m.cells.length} cells.\n`,
  );
  if (m.cells.length) io.out(formatTextTable(['Cell', 'Label', 'Fills with'], m.cells.map((c) => [`${c.mapped.sheet}!${c.mapped.cell}`, c.label, mappingTarget(c.mapped)])));
  if (exportTo) io.out(`Exported to ${path.resolve(exportTo)}.\n`);
  return 0;
}

/** A return workbook filled in a copy, by its mapping. */
async function runWorkbookReturn(workbook: string, values: Values, api: Api, io: Io): Promise<number> {
  const file = path.resolve(workbook);
  const period = requiredOption(values, 'period', 'return', '"Q1 2019/20"');
  const out = values.check ? undefined : requiredOption(values, 'out', 'return', 'return.xlsx');
  if (out) checkExportTarget(path.resolve(out), !!values.force);
  const fill = await call(api, 'returns.fillWorkbook', { path: file, period });
  const summary = { workbook: fill.fileName, period: fill.period, canExport: fill.canExport, cells: fill.cells, problems: fill.problems };
  if (fill.problems.length) {
    if (values.json) printJson(io, { ...summary, written: null });
    else for (const p of fill.problems) io.err(`workbench: ${p.message}\n`);
    io.err(`workbench: nothing was written: ${fill.problems.length} cell${fill.problems.length === 1 ? '' : 's'} to resolve (\`workbench enter\` a figure, or \`workbench not-available ${path.basename(file)} --cell SHEET!CELL\`).\n`);
    return 2;
  }
  if (values.check) {
    if (values.json) printJson(io, { ...summary, written: null });
    else io.out(`${fill.fileName}, ${fill.period}: every mapped cell is filled or marked not available.\n`);
    return 0;
  }
  const written = await call(api, 'returns.exportWorkbook', { path: file, period, out: out!, replace: !!values.force });
  if (values.json) printJson(io, { ...summary, written });
  else io.out(`Wrote ${written.path}: ${fill.fileName} for ${fill.period}, ${fill.cells.length} cells filled, the rest of the workbook as it was.\nSHA-256 ${written.sha256}; kept as export ${written.exportId}.\n`);
  return 0;
}
