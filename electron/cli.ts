import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describeError, WorkbenchError } from '../shared/api/errors';
import { describeSources } from '../shared/domain/sources';
import { oneLine } from '../shared/domain/quote';
import { formatTextTable } from '../shared/domain/textTable';
import { createApi } from './backend/api';
import { call, printJson, stringOption, UsageError, type Io, type Values, COMMON } from './cliSupport';
import type { ReportTemplateInfo } from '../shared/api/workspaceSchemas';
import { IMPORT_COMMANDS, IMPORT_POSITIONALS, IMPORT_USAGE, runImportCommand } from './cliImport';
import { ANALYSIS_COMMANDS, ANALYSIS_USAGE, runAnalysisCommand } from './cliAnalysis';
import { REPORT_COMMANDS, REPORT_USAGE, runReportCommand } from './cliReport';
import { RETURN_COMMANDS, RETURN_POSITIONALS, RETURN_USAGE, runReturnCommand } from './cliReturns';
import { QUESTION_COMMANDS, QUESTION_POSITIONALS, QUESTION_USAGE, runQuestionCommand } from './cliQuestions';
import { defaultWorkspacePath } from './backend/paths';
import { createSession } from './backend/session';
import { openStartupWorkspace, rememberWorkspace } from './backend/startup';
import { closeWorkspace, createWorkspace, openWorkspace, writeDemo, type Workspace } from './backend/workspace';
import { dailyBackupQuietly, restoreClosedWorkspace } from './backend/backups';
import type { BackupInfo } from '../db/backups';
import { logDefect } from './backend/log';
import { storageError } from '../db/storageErrors';
import path from 'node:path';

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

const USAGE = `Performance Workbench command line

Usage: workbench <command> [options]

Commands:
  kpis [--json]                         the KPI catalogue
  new                                   create an empty workspace at --db
  demo                                  write the demo workspace (fictional force) into --db
  table [--period P] [--section N] [--scope headline|all] [--json]
                                        the KPI table for a period and the same period a year earlier
                                        (default period: the latest complete quarter)
  info [--json]                         the workspace: file, format, months covered
${IMPORT_USAGE}  backups [--json]                      the workspace's backups (taken before every import, undo, restore
                                        and batch of hand-entered figures, and at each day's first opening)
  restore ID|PATH                       put a backup in the workspace's place; the workspace as it was is
                                        backed up first, so a restore can be undone the same way
  settings [--force-name NAME] [--author NAME] [--marking M] [--sensitivity standard|conservative]
           [--report-template FILE.docx|FILE.dotx | --no-report-template] [--json]
                                        show or set the workspace's settings: the force and default
                                        author on the report's cover, the protective marking (OFFICIAL,
                                        OFFICIAL-SENSITIVE, NOT PROTECTIVELY MARKED), the analysis's
                                        sensitivity (Making Data Count's standard rules, or conservative),
                                        and the office's Word template the report is written in (its
                                        styles, page, header and footer; kept in the workspace)
${ANALYSIS_USAGE}${REPORT_USAGE}${QUESTION_USAGE}${RETURN_USAGE}  serve [--port N] [--open]             the app in a browser, on 127.0.0.1 only
                                        (without --db: the workspace the desktop app would open)

Every command takes --db FILE (default: the app's own workspace, created if missing).
Periods: "Q1 2019/20", "2019/20", "April 2019", "2019/20 to June 2019", "12 months to June 2019".
`;


const COMMANDS: Record<string, ParseArgsConfig['options']> = {
  kpis: COMMON,
  demo: COMMON,
  new: COMMON,
  table: { ...COMMON, period: { type: 'string' }, section: { type: 'string' }, scope: { type: 'string' } },
  info: COMMON,
  serve: { ...COMMON, port: { type: 'string' }, open: { type: 'boolean' } },
  backups: COMMON,
  restore: COMMON,
  settings: { ...COMMON, 'force-name': { type: 'string' }, author: { type: 'string' }, marking: { type: 'string' }, sensitivity: { type: 'string' }, 'report-template': { type: 'string' }, 'no-report-template': { type: 'boolean' } },
  ...IMPORT_COMMANDS,
  ...ANALYSIS_COMMANDS,
  ...REPORT_COMMANDS,
  ...RETURN_COMMANDS,
  ...QUESTION_COMMANDS,
};

/** Commands that take positional arguments, and how many at least. */
const POSITIONALS: Record<string, { min: number; max: number; what: string }> = {
  ...IMPORT_POSITIONALS,
  restore: { min: 1, max: 1, what: 'the backup to restore: its id (`workbench backups` lists them) or a path' },
  ...RETURN_POSITIONALS,
  ...QUESTION_POSITIONALS,
};

/** Options every command takes, before or after the command's name. */
const GLOBAL_FLAGS = new Set(['--json', '--help', '-h']);

/**
 * Finds the command among the arguments: global options (--db FILE, --json, --help) may come before it
 * ("workbench --db f.sqlite kpis") as well as after it.
 */
export function splitCommand(argv: readonly string[]): { command: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (command === undefined) {
      if (arg === '--db') {
        rest.push(arg, ...argv.slice(i + 1, i + 2));
        i++;
        continue;
      }
      if (arg.startsWith('--db=') || GLOBAL_FLAGS.has(arg)) {
        rest.push(arg);
        continue;
      }
      command = arg;
      continue;
    }
    rest.push(arg);
  }
  return { command, rest };
}

function parseCommand(argv: string[]): { command: string; values: Values; positionals: string[] } {
  const { command, rest } = splitCommand(argv);
  if (!command || command === 'help') {
    const { values } = parseArgs({ args: rest, options: COMMON, strict: false, allowPositionals: true });
    return { command: 'help', values: values as Values, positionals: [] };
  }
  const options = COMMANDS[command];
  if (!options) throw new UsageError(`unknown command "${oneLine(command, 80)}". Run \`workbench help\` for the list.`);
  const wanted = POSITIONALS[command];
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: wanted !== undefined });
  } catch (error) {
    // parseArgs explains itself well ("Unknown option '--x'"); drop its hint about "--" positionals.
    throw new UsageError(`${command}: ${oneLine((error as Error).message.split('. To specify')[0])}`);
  }
  const values = parsed.values as Values;
  if (wanted && !values.help && (parsed.positionals.length < wanted.min || parsed.positionals.length > wanted.max)) {
    throw new UsageError(`${command} needs ${wanted.what}.`);
  }
  return { command, values, positionals: parsed.positionals };
}

/**
 * Opens the workspace named by --db: an explicit file must exist (but for `demo`); the default is the
 * app's own workspace, created if missing. `serve` without --db opens what the desktop app would.
 */
function openFor(command: string, values: Values): Workspace {
  const explicit = typeof values.db === 'string' ? values.db : undefined;
  if (command === 'serve' && !explicit) return openStartupWorkspace();
  const file = explicit ?? defaultWorkspacePath();
  if (command === 'new') {
    if (!explicit) throw new UsageError('new needs --db FILE: where to create the workspace.');
    return createWorkspace(explicit, { demo: false });
  }
  if (explicit && command !== 'demo' && !fs.existsSync(explicit)) {
    throw new WorkbenchError('file_missing', 'no such workspace file.', { file: explicit });
  }
  return openWorkspace(file, { create: true });
}

function sectionArg(values: Values): number | undefined {
  if (values.section === undefined) return undefined;
  const n = Number(values.section);
  if (!Number.isInteger(n) || n < 1 || n > 5) throw new UsageError(`--section must be a report section from 1 to 5, not "${values.section}".`);
  return n;
}

function scopeArg(values: Values): 'headline' | 'all' | undefined {
  if (values.scope === undefined) return undefined;
  if (values.scope !== 'headline' && values.scope !== 'all') throw new UsageError(`--scope is "headline" or "all", not "${values.scope}".`);
  return values.scope;
}

async function run(command: string, values: Values, positionals: string[], io: Io): Promise<number> {
  if (values.help || command === 'help') {
    if (values.json) printJson(io, { usage: USAGE });
    else io.out(USAGE);
    return 0;
  }
  const section = sectionArg(values);
  const scope = scopeArg(values);
  let workspace: Workspace;
  try {
    workspace = openFor(command, values);
  } catch (error) {
    // A workspace too damaged to open can still have a backup put in its place.
    if (command === 'restore' && positionals[0] && isDamage(error)) return await restoreUnopenable(values, positionals[0], io);
    throw error;
  }
  if (!['new', 'demo', 'backups', 'restore'].includes(command)) await dailyBackupQuietly(workspace);
  const session = createSession(workspace, command === 'serve' ? { onSwitch: rememberWorkspace } : {});
  const api = createApi(session);
  try {
    switch (command) {
      case 'kpis': {
        const kpis = await call(api, 'kpis.list', {});
        if (values.json) printJson(io, kpis);
        else
          io.out(
            formatTextTable(
              ['No.', 'KPI', 'Unit', 'Good', 'Aggregation', 'Id'],
              kpis.map((k) => [k.number, k.name, k.unit, k.direction, k.aggregation.type, k.id]),
            ),
          );
        return 0;
      }
      case 'demo': {
        writeDemo(workspace);
        const info = await call(api, 'workspace.info', {});
        if (values.json) printJson(io, info);
        else io.out(`Wrote the demo workspace (fictional data, ${info.firstMonth} to ${info.lastMonth}, ${info.observationCount} figures) to ${info.path}\n`);
        return 0;
      }
      case 'new': {
        const info = await call(api, 'workspace.info', {});
        if (values.json) printJson(io, info);
        else io.out(`Created an empty workspace at ${workspace.path}\n`);
        return 0;
      }
      case 'info': {
        const info = await call(api, 'workspace.info', {});
        if (values.json) printJson(io, info);
        else
          io.out(
            `${info.name}${info.isDemo ? ' — DEMO DATA, fictional force' : ''}\n${info.path}\nformat ${info.schemaVersion}, ${info.observationCount} figures` +
              (info.firstMonth ? `, ${info.firstMonth} to ${info.lastMonth}` : ', no figures yet') +
              `\n${info.locationDetail} (${info.location}), ${info.journalMode === 'wal' ? 'write-ahead log' : 'rollback journal and a lock file'}` +
              (info.readOnly ? `\nopen read-only: ${info.readOnly}` : '') +
              '\n',
          );
        return 0;
      }
      case 'table': {
        const table = await call(api, 'table.get', {
          ...(typeof values.period === 'string' ? { period: values.period } : {}),
          ...(section !== undefined ? { section } : {}),
          ...(scope ? { scope } : {}),
        });
        if (values.json) {
          printJson(io, table.rows);
          return 0;
        }
        if (table.isDemo) io.out('DEMO DATA — fictional force\n');
        io.out(`${table.periodLong}, compared with ${table.previousPeriod}\n\n`);
        if (!table.rows.length) {
          io.out('No figures for either period.\n');
          return 0;
        }
        io.out(
          formatTextTable(
            ['KPI', `Performance ${table.headers.current}`, `Performance ${table.headers.previous}`, 'Volume Change', '% Change'],
            table.rows.map((r) => [
              r.breakdown ? `    ${r.breakdown}: ${r.category}` : `${r.number} ${r.name}`,
              r.display.current,
              r.display.previous,
              r.display.change,
              r.display.changePercent,
            ]),
            ['left', 'right', 'right', 'right', 'right'],
          ),
        );
        io.out(`\n${describeSources(table.rows)}.\n`);
        return 0;
      }
      case 'settings': {
        const change: Record<string, string | null> = {};
        for (const [option, field] of [
          ['force-name', 'forceName'],
          ['author', 'author'],
          ['marking', 'marking'],
          ['sensitivity', 'sensitivity'],
        ] as const) {
          const v = values[option];
          if (typeof v === 'string') change[field] = field === 'marking' ? v.toUpperCase() : v;
        }
        const template = stringOption(values, 'report-template');
        if (template !== undefined && values['no-report-template']) throw new UsageError('Give --report-template FILE or --no-report-template, not both.');
        if (template !== undefined) change.reportTemplate = path.resolve(template);
        if (values['no-report-template']) change.reportTemplate = null;
        const settings = Object.keys(change).length ? await call(api, 'settings.set', change) : await call(api, 'settings.get', {});
        if (values.json) printJson(io, settings);
        else
          io.out(
            formatTextTable(
              ['Setting', 'Value'],
              [
                ['Force', settings.forceName ?? '(not set)'],
                ['Default author', settings.author ?? '(not set)'],
                ['Protective marking', settings.marking],
                ['Sensitivity', settings.sensitivity],
                ['Report template', settings.reportTemplate ? describeTemplate(settings.reportTemplate) : 'none: the workbench’s own look'],
              ],
            ),
          );
        return 0;
      }
      case 'backups': {
        const list = await call(api, 'backups.list', {});
        if (values.json) printJson(io, list.backups);
        else if (!list.backups.length) io.out(`No backups yet. They will be in ${list.folder}\n`);
        else {
          io.out(
            formatTextTable(
              ['Backup', 'Taken', 'Why', 'Figures', 'Size'],
              list.backups.map((b) => [b.id, b.createdAt.slice(0, 19).replace('T', ' '), b.reason, b.observationCount < 0 ? 'unknown' : b.observationCount.toLocaleString('en-GB'), megabytes(b.bytes)]),
            ),
          );
          io.out(`\n${list.backups.length} backup${list.backups.length === 1 ? '' : 's'}, ${megabytes(list.totalBytes)}, in ${list.folder}\n`);
        }
        return 0;
      }
      case 'restore': {
        if (!positionals[0]) throw new UsageError('restore needs a backup: its id (`workbench backups` lists them) or a path.');
        const result = await call(api, 'backups.restore', { id: positionals[0] });
        if (values.json) printJson(io, { restored: result.restored, before: result.before });
        else io.out(`${restoredLine(result.restored, result.before, result.info.path)}\n`);
        return 0;
      }
      case 'import':
      case 'imports':
      case 'undo':
        return await runImportCommand(command, values, positionals, api, io);
      case 'anomalies':
      case 'verdicts':
      case 'steps':
      case 'annotate':
      case 'annotations':
      case 'dismiss':
      case 'peers':
      case 'peer-group':
      case 'population':
      case 'direction':
      case 'source':
      case 'reconcile':
        return await runAnalysisCommand(command, values, api, io);
      case 'report':
        return await runReportCommand(values, api, io);
      case 'questions':
      case 'question':
      case 'brief':
        return await runQuestionCommand(command, values, positionals, api, io);
      case 'returns':
      case 'exports':
      case 'return':
      case 'not-available':
      case 'export':
      case 'enter':
      case 'return-map':
        return await runReturnCommand(command, values, positionals, api, io);
      case 'serve': {
        const port = values.port === undefined ? 0 : Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}".`);
        const { startHost } = await import('./host');
        const host = await startHost({ api, port });
        if (values.json) printJson(io, { url: host.url, port: host.port });
        else io.out(`Performance Workbench is open at ${host.url}\n(only this computer can reach it; press Ctrl+C to stop)\n`);
        if (values.open) openInBrowser(host.url);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await host.close();
        return 0;
      }
    }
    throw new UsageError(`unknown command "${command}"`);
  } finally {
    closeWorkspace(session.peek());
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;

function restoredLine(restored: BackupInfo, before: BackupInfo, file: string): string {
  const figures = restored.observationCount < 0 ? '' : `, ${restored.observationCount.toLocaleString('en-GB')} figures`;
  return `Restored ${file} to its backup of ${restored.createdAt.slice(0, 16).replace('T', ' ')} (${restored.reason}${figures}); as it was before, it is kept as backup "${before.id}" (restore that to undo this).`;
}

function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'not_a_workspace' || code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB';
}

async function restoreUnopenable(values: Values, id: string, io: Io): Promise<number> {
  const file = typeof values.db === 'string' ? values.db : defaultWorkspacePath();
  const { restored, before } = await restoreClosedWorkspace(path.resolve(file), id);
  if (values.json) printJson(io, { restored, before });
  else io.out(`${restoredLine(restored, before, path.resolve(file))}\n`);
  return 0;
}

function openInBrowser(url: string): void {
  const opener = process.platform === 'win32' ? 'explorer.exe' : process.platform === 'darwin' ? 'open' : 'xdg-open';
  import('node:child_process')
    .then(({ spawn }) => spawn(opener, [url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref())
    .catch(() => undefined);
}

/**
 * Runs one command; returns the exit status: 0 done, 2 the user's input (or the workspace's state) was
 * wrong, 1 a defect. Every failure is one line on stderr; a defect's trace goes to the log file only.
 */
/** "office-template.docx (DejaVu Serif, headings DejaVu Sans #6a1b4d; 210 × 297 mm; header: …, 1 picture)". */
function describeTemplate(t: ReportTemplateInfo): string {
  const fonts = [t.bodyFont, t.headingFont && `headings ${t.headingFont}${t.headingColour ? ` ${t.headingColour}` : ''}`].filter(Boolean).join(', ');
  const header = [t.header && `header “${oneLine(t.header, 60)}”`, t.images ? `${t.images} picture${t.images === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
  return `${t.fileName} (${[fonts, `${t.page.widthMm} × ${t.page.heightMm} mm`, header].filter(Boolean).join('; ')}), set by ${t.setBy}`;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const { command, values, positionals } = parseCommand(argv);
    return await run(command, values, positionals, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`workbench: ${oneLine(error.message, 1000)}\n`);
      return 2;
    }
    if (error instanceof WorkbenchError) {
      io.err(`workbench: ${oneLine(describeError(error.toJSON()), 1000)}\n`);
      return error.code === 'internal' ? 1 : 2;
    }
    const storage = storageError(error);
    if (storage) {
      io.err(`workbench: ${describeError(storage.toJSON())}\n`);
      return 2;
    }
    const log = logDefect('command line failed', error);
    io.err(`workbench: something went wrong: ${oneLine(error instanceof Error ? error.message : String(error))} (details in ${log})\n`);
    return 1;
  }
}
