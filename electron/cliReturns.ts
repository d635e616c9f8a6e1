import type { ParseArgsConfig } from 'node:util';
import path from 'node:path';
import type { Api } from '../shared/api/contract';
import { formatTextTable } from '../shared/domain/textTable';
import { checkExportTarget } from './backend/exportFiles';
import { call, kpiIdOf, monthOption, printJson, requiredOption, stringOption, UsageError, type Io, type Values, COMMON } from './cliSupport';


export const RETURN_COMMANDS: Record<string, ParseArgsConfig['options']> = {
  returns: COMMON,
  return: { ...COMMON, period: { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean' }, force: { type: 'boolean' } },
  'not-available': { ...COMMON, period: { type: 'string' }, cell: { type: 'string' }, reason: { type: 'string' }, clear: { type: 'boolean' } },
  export: { ...COMMON, period: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
  enter: { ...COMMON, kpi: { type: 'string' }, month: { type: 'string' }, value: { type: 'string' }, breakdown: { type: 'string' }, category: { type: 'string' } },
};

export const RETURN_POSITIONALS: Record<string, { min: number; max: number; what: string }> = {
  return: { min: 1, max: 1, what: 'the return to fill, e.g. surge-funding (`workbench returns` lists them)' },
  'not-available': { min: 1, max: 1, what: 'the return, e.g. surge-funding' },
};

export const RETURN_USAGE = `  returns [--json]                      the return templates, and any that cannot be read and why
  return TEMPLATE --period P --out FILE.xlsx [--check] [--force]
                                        fill a quarterly return from the workspace; refused, with every
                                        cell to resolve, while a cell has no figure and is not marked n/a;
                                        an existing FILE is left alone unless --force
  not-available TEMPLATE --period P --cell B6 --reason "..." [--clear]
                                        mark a cell of a return not available (or --clear the mark)
  export [--period P] --out FILE.xlsx|FILE.csv [--force]
                                        the period's KPI tables: a sheet per section, or one CSV
  enter --kpi KPI --month YYYY-MM --value N [--breakdown D --category C]
                                        a figure entered by hand (patrol hours, spend), kept with who
                                        entered it and when; undone like an import
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
    case 'return': {
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
      const period = requiredOption(values, 'period', 'not-available', '"Q1 2019/20"');
      const cell = requiredOption(values, 'cell', 'not-available', 'B6').toUpperCase();
      const reason = values.clear ? null : requiredOption(values, 'reason', 'not-available', '"not recorded before July 2019"');
      const preview = await call(api, 'returns.markNotAvailable', { templateId, period, cell, reason });
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
      const entered = await call(api, 'figures.enter', { kpiId, month, value, dimension, category });
      if (values.json) {
        printJson(io, { kpiId, month, value, breakdown: dimension || null, category: category || null, ...entered });
        return 0;
      }
      const kpis = await call(api, 'kpis.list', {});
      io.out(`Entered ${value} for ${kpis.find((k) => k.id === kpiId)!.name}, ${month}${entered.previous !== null ? ` (was ${entered.previous})` : ''} as import ${entered.importId}. To undo it: workbench undo ${entered.importId}\n`);
      return 0;
    }
  }
  throw new UsageError(`unknown command "${command}"`);
}
