import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { Api } from '../shared/api/contract';
import type { ImportPreview, ImportProblemDto } from '../shared/import/importSchemas';
import { describeError } from '../shared/api/errors';
import { DirectionSchema, UnitSchema } from '../shared/domain/kpi';
import { formatTextTable } from '../shared/domain/textTable';
import { LayoutChoiceSchema, sheetKey, type LayoutChoice } from '../shared/import/layoutChoice';
import type { NewKpiDefinition } from '../shared/import/plan';
import { call, kpiIdOf, printJson, stringOption, UsageError, type Io, type Values, COMMON } from './cliSupport';

/** The import's commands: importing the force's spreadsheets, the import history, and undo. */

export const IMPORT_COMMANDS: Record<string, ParseArgsConfig['options']> = {
  import: {
    ...COMMON,
    'dry-run': { type: 'boolean' },
    'add-unknown': { type: 'boolean' },
    section: { type: 'string' },
    unit: { type: 'string' },
    direction: { type: 'string' },
    define: { type: 'string', multiple: true },
    map: { type: 'string', multiple: true },
    layout: { type: 'string', multiple: true },
    source: { type: 'string' },
  },
  imports: COMMON,
  undo: { ...COMMON, figure: { type: 'string' } },
};

export const IMPORT_POSITIONALS: Record<string, { min: number; max: number; what: string }> = {
  import: { min: 1, max: Infinity, what: 'the files to import' },
  undo: { min: 1, max: 1, what: 'the number of the import to undo' },
};

export const IMPORT_USAGE = `  import FILE... [--dry-run] [--map "LABEL=KPI"]... [--source force|NAME] [--json]
         [--add-unknown --section N --unit UNIT --direction up|down|neutral] [--define "LABEL=N,UNIT,DIRECTION[,NAME]"]...
                                        import the force's spreadsheets (.xlsx .xlsm .xls .ods .csv .tsv):
                                        shows what changes, then commits all of it or none of it.
                                        --map maps a label that matches nothing to a KPI (id or number);
                                        --layout says how a sheet the workbench cannot read is laid out:
                                          "SHEET=wide,header=2,labels=A,months=B,first=2019-04" or
                                          "SHEET=long,header=1,period=A,measure=B,value=C[,area=D]";
                                        both are remembered for the next file of the same shape;
                                        a label that matches nothing is added as a new KPI only as
                                        described: --add-unknown with its section, unit and direction
                                        of good, or --define for one label (units: ${UnitSchema.options.join(', ')})
  imports [--json]                      the import history
  undo IMPORT_ID [--figure KPI@YYYY-MM] undo an import, restoring the figures it replaced; --figure undoes
                                        one of its figures alone (one of a batch of hand entries)
`;

/** The short names --layout uses for the fields of a layout choice. */
const LAYOUT_FIELDS: Record<string, string> = { header: 'headerRow', labels: 'labelColumn', months: 'firstMonthColumn', first: 'firstMonth' };

/** "SHEET=wide,header=2,labels=A,months=B,first=2019-04" or "SHEET=long,header=1,period=A,measure=B,value=C". */
function parseLayout(text: string): { sheet: string; choice: LayoutChoice } {
  const eq = text.indexOf('=');
  const sheet = eq > 0 ? text.slice(0, eq).trim() : '';
  const [kind, ...pairs] = text.slice(eq + 1).split(',').map((p) => p.trim());
  const raw: Record<string, unknown> = { kind };
  for (const pair of pairs) {
    const [key, value = ''] = pair.split('=').map((x) => x.trim());
    const field = LAYOUT_FIELDS[key] ?? key;
    raw[field] = field === 'headerRow' ? Number(value) : field === 'firstMonth' ? value : value.toUpperCase();
  }
  const parsed = LayoutChoiceSchema.safeParse(raw);
  if (!sheet || !parsed.success) {
    throw new UsageError(`--layout takes "SHEET=wide,header=2,labels=A,months=B,first=2019-04" or "SHEET=long,header=1,period=A,measure=B,value=C", not "${text}".`);
  }
  return { sheet, choice: parsed.data };
}

/** A KPI named by id or by number ("1.1"). */
function resolveKpiId(kpis: { id: string; number: string }[], text: string): string {
  const kpi = kpis.find((k) => k.id === text.toLowerCase() || k.number === text);
  if (!kpi) throw new UsageError(`--map: there is no KPI "${text}". \`workbench kpis\` lists them.`);
  return kpi.id;
}

function printProblems(problems: ImportProblemDto[], write: (text: string) => void, prefix: string): void {
  for (const p of problems) write(`${prefix}${describeError({ code: 'bad_arguments', message: p.message, location: { file: p.file, sheet: p.sheet, cell: p.cell } })}\n`);
}

function printPreview(preview: ImportPreview, io: Io): void {
  for (const f of preview.files) {
    const sheets = f.sheets.map((s) => `${s.sheet} (${s.layout === 'empty' ? 'no figures' : `${s.layout}, ${s.figures} figures`})`).join('; ');
    io.out(`${f.file}: ${sheets || 'not read'}\n`);
  }
  const { added, changed, unchanged } = preview.totals;
  io.out(`\n${added} new, ${changed} changed, ${unchanged} unchanged\n`);
  if (preview.summary.length) {
    io.out(
      formatTextTable(
        ['KPI', 'New', 'Changed', 'Unchanged'],
        preview.summary.map((k) => [`${k.number} ${k.name}`.trim(), String(k.added), String(k.changed), String(k.unchanged)]),
        ['left', 'right', 'right', 'right'],
      ),
    );
  }
  for (const p of preview.profiles) io.out(`\n${p.file}: the mappings saved from ${p.profile} were applied.\n`);
  if (preview.newKpis.length) io.out(`\nNew KPIs: ${preview.newKpis.map((k) => `${k.number} ${k.name}`).join('; ')}\n`);
  if (preview.changed.length) {
    io.out('\nChanged figures (old → new):\n');
    for (const c of preview.changed) {
      io.out(`  ${c.name}${c.breakdown ? ` (${c.breakdown})` : ''}${c.area ? ` [${c.area}]` : ''}, ${c.period}: ${c.oldValue} → ${c.newValue}   ${c.file}: ${c.sheet}!${c.cell}\n`);
    }
    if (preview.changedNotListed) io.out(`  … and ${preview.changedNotListed} more\n`);
  }
  if (preview.skipped.length) {
    io.out('\nRead but not imported (not figures):\n');
    for (const text of preview.skipped.slice(0, 20)) io.out(`  ${text}\n`);
    if (preview.skipped.length > 20) io.out(`  … and ${preview.skipped.length - 20} more\n`);
  }
  if (preview.warnings.length) {
    io.out('\nWarnings:\n');
    printProblems(preview.warnings, io.out, '  ');
  }
}

function newKpiPart<T extends string>(what: string, text: string, allowed: readonly T[]): T {
  const value = text.trim().toLowerCase();
  if (!allowed.includes(value as T)) throw new UsageError(`${what} is one of ${allowed.join(', ')}, not "${text}".`);
  return value as T;
}

function newKpiSection(text: string): number {
  const section = Number(text);
  if (!Number.isInteger(section) || section < 1 || section > 5) throw new UsageError(`a new KPI's section is 1 to 5, not "${text}".`);
  return section;
}

/**
 * What the analyst says of labels added as new KPIs: `--add-unknown --section N --unit U --direction D` for
 * every one, `--define "LABEL=N,UNIT,DIRECTION[,NAME]"` for one. Nothing is taken by default.
 */
function newKpiOptions(values: Values): { newKpis: Record<string, NewKpiDefinition>; newKpiDefaults?: Omit<NewKpiDefinition, 'name'> } {
  const newKpis: Record<string, NewKpiDefinition> = {};
  for (const text of (values.define as string[] | undefined) ?? []) {
    const at = text.lastIndexOf('=');
    const parts = at > 0 ? text.slice(at + 1).split(',') : [];
    if (parts.length < 3) throw new UsageError(`--define takes "LABEL=SECTION,UNIT,DIRECTION[,NAME]" (such as "Bicycle theft=3,count,down"), not "${text}".`);
    const [section, unit, direction, ...name] = parts;
    newKpis[text.slice(0, at).trim()] = {
      section: newKpiSection(section),
      unit: newKpiPart('a unit', unit, UnitSchema.options),
      direction: newKpiPart('a direction', direction, DirectionSchema.options),
      ...(name.join(',').trim() ? { name: name.join(',').trim() } : {}),
    };
  }
  const given = ['section', 'unit', 'direction'].filter((k) => typeof values[k] === 'string');
  if (given.length && !values['add-unknown']) throw new UsageError('--section, --unit and --direction describe the KPIs --add-unknown adds: give --add-unknown too, or --define "LABEL=SECTION,UNIT,DIRECTION".');
  if (!given.length) return { newKpis };
  if (given.length < 3) throw new UsageError('--add-unknown takes all of --section N, --unit UNIT and --direction up|down|neutral: a new KPI\'s unit and direction decide its verdicts, so none is guessed.');
  return {
    newKpis,
    newKpiDefaults: { section: newKpiSection(String(values.section)), unit: newKpiPart('--unit', String(values.unit), UnitSchema.options), direction: newKpiPart('--direction', String(values.direction), DirectionSchema.options) },
  };
}

export async function runImportCommand(command: string, values: Values, positionals: string[], api: Api, io: Io): Promise<number> {
  switch (command) {
  case 'import': {
    const kpiIds = await call(api, 'kpis.list', {});
    const mappings = Object.fromEntries(
      ((values.map as string[] | undefined) ?? []).map((pair) => {
        const at = pair.lastIndexOf('=');
        if (at < 1 || at === pair.length - 1) throw new UsageError(`--map takes "LABEL=KPI", not "${pair}".`);
        return [pair.slice(0, at).trim(), resolveKpiId(kpiIds, pair.slice(at + 1).trim())];
      }),
    );
    const layouts = Object.fromEntries(
      ((values.layout as string[] | undefined) ?? []).flatMap((text) => {
        const { sheet, choice } = parseLayout(text);
        return positionals.map((file) => [sheetKey(path.basename(file), sheet), choice]);
      }),
    );
    const source = typeof values.source === 'string' ? values.source : undefined;
    const { newKpis, newKpiDefaults } = newKpiOptions(values);
    const args = { paths: positionals, addUnknown: Boolean(values['add-unknown']), addLabels: Object.keys(newKpis), newKpis, ...(newKpiDefaults ? { newKpiDefaults } : {}), mappings, layouts, ...(source ? { source } : {}) };
    const result = values['dry-run'] ? await call(api, 'import.preview', args) : await call(api, 'import.commit', args);
    if (values.json) printJson(io, result);
    else printPreview(result, io);
    if (result.errors.length) {
      // With --json the errors, each with its file, sheet and cell, are in the document on stdout.
      if (!values.json) printProblems(result.errors, io.err, 'workbench: ');
      io.err(`workbench: nothing was imported (${result.errors.length} error${result.errors.length === 1 ? '' : 's'}).\n`);
      return 2;
    }
    if (values.json) return 0;
    if (values['dry-run']) io.out('\nDry run: nothing was written.\n');
    else if ('status' in result && result.status === 'nothing_to_do') io.out('\nNothing to import: every figure is already in the workspace.\n');
    else if ('importId' in result && result.importId !== null) io.out(`\nImported as import ${result.importId}. To undo it: workbench undo ${result.importId}\n`);
    return 0;
  }
  case 'imports': {
    const entries = await call(api, 'imports.list', {});
    if (values.json) printJson(io, entries);
    else
      io.out(
        formatTextTable(
          ['Import', 'When', 'What', 'New', 'Changed', 'Undone'],
          entries.map((e) => [String(e.id), e.createdAt.slice(0, 16).replace('T', ' '), e.label, String(e.totals.added), String(e.totals.changed), e.undoneAt ? e.undoneAt.slice(0, 10) : '']),
          ['right', 'left', 'left', 'right', 'right', 'left'],
        ),
      );
    return 0;
  }
  case 'undo': {
    const importId = Number(positionals[0]);
    if (!Number.isInteger(importId) || importId < 1) throw new UsageError(`undo needs the number of an import, not "${positionals[0]}".`);
    const figure = stringOption(values, 'figure');
    if (figure !== undefined) {
      // One figure of the import: "patrol hours@2019-04", "stop-searches/Reason=Offensive weapons@2019-04".
      const at = figure.lastIndexOf('@');
      const [kpiText, breakdown] = figure.slice(0, Math.max(at, 0)).split('/', 2);
      const [dimension, category] = breakdown ? breakdown.split('=', 2).map((x) => x.trim()) : ['', ''];
      if (at < 1 || !/^\d{4}-(0[1-9]|1[0-2])$/.test(figure.slice(at + 1)) || (breakdown && !category)) throw new UsageError(`--figure is KPI@YYYY-MM (KPI/BREAKDOWN=CATEGORY@YYYY-MM for a breakdown), not "${figure}".`);
      const kpiId = await kpiIdOf(api, kpiText.trim(), '--figure');
      const one = await call(api, 'imports.undoFigure', { importId, kpiId, month: figure.slice(at + 1), dimension, category });
      if (values.json) printJson(io, one);
      else io.out(`Undid ${figure} of import ${importId}: ${one.action === 'restored' ? 'it has its earlier figure back' : 'it is gone'}; ${one.remaining} figure${one.remaining === 1 ? '' : 's'} of the import left${one.remaining ? '' : ', so the import is undone'}.\n`);
      return 0;
    }
    const result = await call(api, 'imports.undo', { importId });
    if (values.json) printJson(io, result);
    else io.out(`Undid import ${result.importId}: ${result.restored} figure${result.restored === 1 ? '' : 's'} restored, ${result.removed} removed.\n`);
    return 0;
  }
  }
  throw new UsageError(`unknown command "${command}"`);
}
