import { sha256 } from '../files';
import path from 'node:path';
import type { ImportPreview, ImportResult, SheetSample } from '../../../shared/import/importSchemas';
import { WorkbenchError } from '../../../shared/api/errors';
import type { Kpi } from '../../../shared/domain/kpi';
import { formatMonth, monthIndex, monthKey, parseMonthKey } from '../../../shared/domain/periods';
import { cellText, headRows, type Grid } from '../../../shared/import/grid';
import { LayoutChoiceSchema, sheetKey, type LayoutChoice } from '../../../shared/import/layoutChoice';
import { KpiMatcher } from '../../../shared/import/labels';
import { FigureIndex, planImport, seriesKey, type FileReading, type ImportPlan, type PlanInput } from '../../../shared/import/plan';
import { FigureTable } from '../../../shared/import/figureTable';
import { readSheet } from '../../../shared/import/readSheet';
import type { SheetReading } from '../../../shared/import/types';
import { findProfile, saveProfile } from '../../../db/profiles';
import { addUserKpis } from '../../../db/kpis';
import { createImport, figuresChangedSince, getImport, importFigures, setImportSummary, undoImportChanges, undoImportFigure, type ImportFigure } from '../../../db/imports';
import { applyChanges, figuresOfSeries, type FigureChange, type FigureKeyFields } from '../../../db/observations';
import { backupBefore } from '../backups';
import { setSheetTitle } from '../../../db/areaFigures';
import { beginWrite, dataVersion as dataVersionOf } from '../../../db/open';
import { crashPoint } from '../crashPoint';
import { FORCE_SOURCE, parseSourceLabel } from '../../../shared/domain/sources';
import { collectGarbage, LARGE_IMPORT } from './memory';
import { kpiIndex } from '../figures';
import type { Workspace } from '../workspace';
import { readWorkbook, type ReadOptions } from './readWorkbook';

export interface ImportOptions {
  addUnknown?: boolean;
  /** Labels the analyst mapped to KPIs: label → KPI id. */
  mappings?: Readonly<Record<string, string>>;
  /** Labels to add as new KPIs. */
  addLabels?: readonly string[];
  /** What each added label is (name, section, unit, direction), by label; else newKpiDefaults. */
  newKpis?: PlanInput['newKpiDefinitions'];
  newKpiDefaults?: PlanInput['newKpiDefaults'];
  /** How sheets the workbench cannot read by itself are laid out, by sheetKey(file, sheet). */
  layouts?: Readonly<Record<string, LayoutChoice>>;
  /** The current month; tests fix it so that "in the future" is stable. */
  now?: Date;
  /** The source the files' figures are from, as the analyst names it (`--source`); else as each file's shape says. */
  source?: string;
  /** The reading worker's deadline and memory ceiling (tests shorten them). */
  read?: ReadOptions;
}

/** How many changed figures a preview lists one by one. */
const CHANGED_LISTED = 1000;

interface LoadedFile {
  file: string;
  sha256: string;
  problems: FileReading['problems'];
  grids: Grid[];
}

/** Reads one file; one that cannot be read becomes an error of its own, so all are reported at once. */
async function readFile(filePath: string, readOptions: ReadOptions): Promise<LoadedFile> {
  try {
    const { file, sha256, grids } = await readWorkbook(filePath, readOptions);
    return { file, sha256, problems: [], grids };
  } catch (error) {
    if (!(error instanceof WorkbenchError)) throw error;
    const file = error.location?.file ?? path.basename(filePath);
    return { file, sha256: '', problems: [{ severity: 'error' as const, file, message: error.message }], grids: [] };
  }
}

/** One step of an import, as a progress bar shows it. */
export interface ImportStep {
  phase: string;
  done: number;
  total: number;
}

/** Runs a stepwise import to its end at once: the command line and the tests need no progress. */
export async function runToEnd<T>(steps: AsyncGenerator<ImportStep, T>): Promise<T> {
  for (;;) {
    const next = await steps.next();
    if (next.done) return next.value;
  }
}

/** A file's shape: its sheets, their layouts and labels. Next month's file from the same system has the same. */
function shapeSignature(sheets: readonly SheetReading[]): string {
  const shape = sheets.map((s) => [s.sheet, s.layout, s.figures.labels().sort()]);
  return sha256(JSON.stringify(shape));
}

export interface FilePlan extends ImportPlan {
  /** Per file: its shape signature and the profile applied to it, if any. */
  shapes: { file: string; signature: string; profile: string | null; labels: string[]; source: string | null }[];
  /** The source the analyst named for these files (`--source`), remembered for each file's shape. */
  namedSource: string | null;
  mappings: Record<string, string>;
  layouts: Record<string, LayoutChoice>;
  /** Sheets with figures whose layout the workbench could not tell: a corner of each, to say how. */
  unread: SheetSample[];
  /** The workspace's data version when the plan was compared with it (PRAGMA data_version). */
  dataVersion: number;
  /** The same files compared again with what the workspace holds now. */
  replan: () => FilePlan;
  /**
   * Lets go of the sheets' figures once the plan is the one to write: from then on only its changes hold the
   * tables they are written from (a first reading that mappings or a layout replaced goes altogether).
   */
  release: () => void;
}

/** How many rows and columns of an unread sheet the mapping screen shows. */
const SAMPLE_SIZE = 12;

function sampleOf(file: string, grid: Grid): SheetSample {
  return {
    key: sheetKey(file, grid.sheet),
    file,
    sheet: grid.sheet,
    firstRow: grid.originRow + 1,
    firstColumn: grid.originColumn,
    rows: headRows(grid).slice(0, SAMPLE_SIZE).map((row) => row.slice(0, SAMPLE_SIZE).map((v) => cellText(v))),
  };
}

/** Layouts saved in a profile, kept only while they still describe a valid choice. */
function validLayouts(saved: Record<string, unknown>): Record<string, LayoutChoice> {
  return Object.fromEntries(
    Object.entries(saved).flatMap(([sheet, choice]) => {
      const parsed = LayoutChoiceSchema.safeParse(choice);
      return parsed.success ? [[sheet, parsed.data]] : [];
    }),
  );
}

/** Works out what importing the files would do, step by step; writes nothing. */
export async function* planSteps(workspace: Workspace, paths: readonly string[], given: ImportOptions = {}): AsyncGenerator<ImportStep, FilePlan> {
  const options = given.source === undefined ? given : { ...given, source: parseSourceLabel(given.source) };
  const { kpis, byId } = kpiIndex(workspace);
  for (const [label, kpiId] of Object.entries(options.mappings ?? {})) {
    if (!byId.has(kpiId)) throw new WorkbenchError('bad_arguments', `"${label}" is mapped to "${kpiId}", which is not a KPI. \`workbench kpis\` lists them.`);
  }
  const dimensionsOf = (id: string) => byId.get(id)?.breakdowns ?? [];
  const loaded: LoadedFile[] = [];
  for (const [i, filePath] of paths.entries()) {
    yield { phase: `Reading ${path.basename(filePath)}`, done: i, total: paths.length };
    loaded.push(await readFile(filePath, options.read ?? {}));
  }
  const plain = new KpiMatcher(kpis);
  const firstReadings: SheetReading[][] = [];
  const shapes = [];
  for (const file of loaded) {
    const sheets: SheetReading[] = [];
    for (const [i, grid] of file.grids.entries()) {
      yield { phase: `Reading ${file.file}: ${grid.sheet}`, done: i, total: file.grids.length };
      sheets.push(readSheet(grid, plain, dimensionsOf));
    }
    firstReadings.push(sheets);
    const signature = shapeSignature(sheets);
    const profile = findProfile(workspace.db, signature);
    shapes.push({
      file: file.file,
      signature,
      profile: profile?.name ?? null,
      mappings: profile?.mappings ?? {},
      layouts: validLayouts(profile?.layouts ?? {}),
      labels: [...new Set(sheets.flatMap((s) => s.figures.labels()))],
      // The source named for this shape before; the one named now takes its place.
      source: options.source ?? profile?.source ?? null,
    });
  }
  const mappings: Record<string, string> = {};
  for (const shape of shapes) for (const [label, kpiId] of Object.entries(shape.mappings)) if (byId.has(kpiId)) mappings[label] = kpiId;
  Object.assign(mappings, options.mappings ?? {});
  // Read again only where mappings change what labels mean, or a layout was given; otherwise the first reading stands.
  const matcher = Object.keys(mappings).length ? new KpiMatcher(kpis, new Map(Object.entries(mappings))) : plain;
  const layouts: Record<string, LayoutChoice> = {};
  for (const shape of shapes) for (const [sheet, choice] of Object.entries(shape.layouts)) layouts[sheetKey(shape.file, sheet)] = choice;
  Object.assign(layouts, options.layouts ?? {});
  const readings = loaded.map(({ grids, ...reading }, i) => ({
    ...reading,
    sheets: grids.map((grid, j) => {
      const choice = layouts[sheetKey(reading.file, grid.sheet)];
      return matcher === plain && !choice ? firstReadings[i][j] : readSheet(grid, matcher, dimensionsOf, choice);
    }),
  }));
  // A file of a shape the analyst named a source for is of that source, as its layout is remembered.
  if (options.source === undefined) {
    for (const [i, reading] of readings.entries()) {
      const source = shapes[i].source;
      if (source !== null) for (const sheet of reading.sheets) sheet.figures.setSource(source);
    }
  }
  const unread = loaded.flatMap((file, i) =>
    readings[i].sheets.flatMap((sheet, j) => (sheet.layout === 'empty' && sheet.problems.length ? [sampleOf(file.file, file.grids[j])] : [])),
  );
  // The cells are no longer needed once read: let a large file's grid go before planning.
  for (const file of loaded) file.grids = [];
  // The series the files name, and each KPI's own monthly series (what the checks compare against): the
  // workspace's figures of those alone are read, not every area and breakdown of every KPI involved.
  const involved = new Map<string, Omit<FigureKeyFields, 'periodStart'> & { source: string }>();
  const ownSeries = new Set<string>();
  let lastLabel: string | undefined;
  let lastId: string | undefined;
  let last: (Omit<FigureKeyFields, 'periodStart'> & { source: string }) | undefined;
  for (const reading of readings) for (const { figures: table } of reading.sheets) {
    let lastRow = -1;
    for (let i = 0; i < table.length; i++) {
      // A file gives a series' figures one after another: a run of them is one series.
      if (lastRow >= 0 && table.label[lastRow] === table.label[i] && table.kind[lastRow] === table.kind[i] && table.area[lastRow] === table.area[i] && table.dimension[lastRow] === table.dimension[i] && table.category[lastRow] === table.category[i] && table.source[lastRow] === table.source[i]) continue;
      lastRow = i;
      const label = table.text(table.label[i]);
      if (label !== lastLabel) [lastLabel, lastId] = [label, matcher.match(label)];
      if (!lastId) continue;
      const source = options.source ?? table.sourceOf(i) ?? FORCE_SOURCE;
      const fields = { kpiId: lastId, periodKind: table.periodKind(i), area: table.text(table.area[i]), dimension: table.text(table.dimension[i]), category: table.text(table.category[i]), source };
      if (last && last.kpiId === fields.kpiId && last.periodKind === fields.periodKind && last.area === fields.area && last.dimension === fields.dimension && last.category === fields.category && last.source === source) continue;
      last = fields;
      involved.set(seriesKey(last), last);
      // Another source's figures are compared with the force's own for the same months (said, never replaced).
      if (source !== FORCE_SOURCE) involved.set(seriesKey({ ...last, source: FORCE_SOURCE }), { ...last, source: FORCE_SOURCE });
      if (!ownSeries.has(lastId)) {
        ownSeries.add(lastId);
        const own = { kpiId: lastId, periodKind: 'month' as const, area: '', dimension: '', category: '', source: FORCE_SOURCE };
        involved.set(seriesKey(own), own);
      }
    }
  }
  const figureCount = readings.reduce((n, r) => n + r.sheets.reduce((m, sheet) => m + sheet.figures.length, 0), 0);
  // What reading the files left behind (their cells, the reader's own) goes before the plan is made.
  if (figureCount >= LARGE_IMPORT) collectGarbage();
  yield { phase: `Checking ${figureCount.toLocaleString('en-GB')} figures`, done: 0, total: 0 };
  const now = options.now ?? new Date();
  // Compares the figures read with what the workspace holds: done again inside the write transaction when
  // another window or command has written since (see commitSteps).
  const compare = (): ImportPlan & { dataVersion: number } => {
    const dataVersion = dataVersionOf(workspace.db);
    const existing = new FigureIndex<number>();
    const history = new Map<string, Map<number, number>>();
    for (const { key, value } of figuresOfSeries(workspace.db, involved.values())) {
      existing.set(key, value);
      if (key.periodKind === 'month' && !key.area && !key.dimension && key.source === FORCE_SOURCE) {
        const series = history.get(key.kpiId) ?? new Map<number, number>();
        series.set(parseMonthKey(key.periodStart), value);
        history.set(key.kpiId, series);
      }
    }
    const plan = planImport({ readings, matcher, kpis: byId, existing, history, now: monthIndex(now.getFullYear(), now.getMonth() + 1), addUnknown: options.addUnknown, addLabels: options.addLabels, newKpiDefinitions: options.newKpis, newKpiDefaults: options.newKpiDefaults, source: options.source });
    return { ...plan, dataVersion };
  };
  const extra = { shapes: shapes.map(({ mappings: _, layouts: __, ...shape }) => shape), namedSource: options.source ?? null, mappings, layouts, unread };
  const release = () => {
    for (const sheets of [...readings.map((r) => r.sheets), ...firstReadings]) for (const sheet of sheets) sheet.figures = new FigureTable(sheet.sheet);
  };
  const make = (): FilePlan => ({ ...compare(), ...extra, replan: make, release });
  return make();
}

export function planFiles(workspace: Workspace, paths: readonly string[], options: ImportOptions = {}): Promise<FilePlan> {
  return runToEnd(planSteps(workspace, paths, options));
}

export function toPreview(plan: FilePlan, kpis: ReadonlyMap<string, Kpi>): ImportPreview {
  return {
    files: plan.files,
    errors: plan.errors,
    warnings: plan.warnings,
    skipped: plan.skipped,
    unmatched: plan.unmatched,
    newKpis: plan.newKpis,
    summary: plan.summary,
    totals: plan.totals,
    changed: plan.changes.changed(CHANGED_LISTED).map(({ figure, oldValue }) => ({
      kpiId: figure.kpiId,
      name: kpis.get(figure.kpiId)?.name ?? figure.label,
      period: figure.periodKind === 'month' ? formatMonth(parseMonthKey(figure.periodStart)) : `${figure.periodKind} from ${formatMonth(parseMonthKey(figure.periodStart))}`,
      breakdown: figure.dimension ? `${figure.dimension}: ${figure.category}` : null,
      area: figure.area || null,
      oldValue: oldValue!,
      newValue: figure.value,
      file: figure.file,
      sheet: figure.sheet,
      cell: figure.cell,
    })),
    changedNotListed: Math.max(0, plan.changes.changedCount - CHANGED_LISTED),
    profiles: plan.shapes.filter((s) => s.profile !== null).map((s) => ({ file: s.file, profile: s.profile! })),
    mappings: plan.mappings,
    layouts: plan.layouts,
    unread: plan.unread,
    canCommit: plan.errors.length === 0 && plan.changes.length > 0,
  };
}

function newKpi(plan: FilePlan, id: string): Kpi {
  const { label, ...k } = plan.newKpis.find((n) => n.id === id)!;
  return {
    ...k,
    aliases: label === k.name ? [] : [label],
    // A count adds up over a period; a rate or time sent as itself is averaged.
    aggregation: k.unit === 'count' || k.unit === 'currency' ? { type: 'sum' } : { type: 'mean' },
    breakdowns: [],
    description: `Added by the import of ${plan.files.map((f) => f.file).join(', ')}.`,
    headline: false,
  };
}

/**
 * The plan's changes as the database writes them, one at a time rather than as a second copy of them all:
 * one object, filled again for each (applyChanges reads each change as it comes and keeps none of them).
 */
function* changesToWrite(plan: FilePlan): Generator<FigureChange> {
  const { changes } = plan;
  const { tables } = changes.figures;
  const change: FigureChange = { kpiId: '', periodKind: 'month', periodStart: '', area: '', dimension: '', category: '', source: '', value: 0, oldValue: null, sourceFile: null, sourceSheet: null, sourceCell: null, cellRow: undefined, cellColumn: undefined };
  const monthTexts = new Map<number, string>();
  for (let k = 0; k < changes.length; k++) {
    const p = changes.planned(k);
    const { table, file } = tables[changes.figures.table[p]];
    const i = changes.figures.index[p];
    const series = changes.figures.fields(p);
    const month = table.month[i];
    let periodStart = monthTexts.get(month);
    if (periodStart === undefined) monthTexts.set(month, (periodStart = monthKey(month)));
    change.kpiId = series.kpiId;
    change.periodKind = series.periodKind as FigureChange['periodKind'];
    change.periodStart = periodStart;
    change.area = series.area;
    change.dimension = series.dimension;
    change.category = series.category;
    change.source = series.source;
    change.value = table.value[i];
    change.oldValue = changes.oldValue(k);
    change.sourceFile = file;
    change.sourceSheet = table.sheet;
    const numbered = table.hasCellNumbers(i);
    change.sourceCell = numbered ? null : table.cell(i);
    change.cellRow = numbered ? table.cellRow[i] : undefined;
    change.cellColumn = numbered ? table.cellColumn[i] : undefined;
    yield change;
  }
}

export async function previewImport(workspace: Workspace, paths: readonly string[], options: ImportOptions = {}): Promise<ImportPreview> {
  return toPreview(await planFiles(workspace, paths, options), kpiIndex(workspace).byId);
}

/**
 * Imports the files in one transaction, or not at all: any error leaves the workspace as it was. Files
 * whose figures are all already there change nothing and leave no import behind. Step by step: closing
 * the steps early (cancelling) rolls back whatever was written.
 */
export async function* commitSteps(workspace: Workspace, paths: readonly string[], options: ImportOptions = {}): AsyncGenerator<ImportStep, ImportResult> {
  const { db } = workspace;
  refuseReadOnly(workspace, 'imported');
  let plan = yield* planSteps(workspace, paths, options);
  const byId = () => kpiIndex(workspace).byId;
  if (plan.errors.length) return { ...toPreview(plan, byId()), status: 'blocked', importId: null };
  if (!plan.changes.length) return { ...toPreview(plan, byId()), status: 'nothing_to_do', importId: null };
  yield { phase: 'Backing up the workspace', done: 0, total: 1 };
  crashPoint('before-backup');
  await backupBefore(workspace, 'import');
  crashPoint('before-write');
  yield { phase: 'Writing', done: 0, total: plan.changes.length };
  // A transaction held open across steps: while it is, the workspace answers nothing else (see Session).
  // Another window or command writing now makes this wait (busy timeout), then say the workspace is busy.
  const transaction = beginWrite(db);
  workspace.writing = true;
  let committed = false;
  try {
    // Figures written by another window or command since the plan was made: compare again, inside the
    // write transaction, so that this import does what it would have done had it started after that one.
    if (dataVersionOf(db) !== plan.dataVersion) plan = plan.replan();
    const preview = toPreview(plan, byId());
    plan.release();
    if (plan.changes.length >= LARGE_IMPORT) collectGarbage();
    if (plan.errors.length) return { ...preview, status: 'blocked', importId: null };
    if (!plan.changes.length) return { ...preview, status: 'nothing_to_do', importId: null };
    const total = plan.changes.length;
    const used = plan.changes.kpiIds();
    addUserKpis(db, plan.newKpis.filter((k) => used.has(k.id)).map((k) => newKpi(plan, k.id)));
    const importId = createImport(db, {
      kind: 'file',
      label: plan.files.map((f) => f.file).join(', '),
      fileName: plan.files.map((f) => f.file).join(', '),
      fileSha256: plan.files.map((f) => f.sha256).join(','),
    });
    let batches = 0;
    for (const written of applyChanges(db, importId, changesToWrite(plan))) {
      crashPoint('inside-write', ++batches);
      yield { phase: 'Writing', done: written, total };
    }
    setImportSummary(db, importId, plan.totals);
    for (const file of plan.files) for (const sheet of file.sheets) if (sheet.title) setSheetTitle(db, importId, file.file, sheet.sheet, sheet.title);
    saveProfiles(db, plan);
    crashPoint('before-commit');
    transaction.commit();
    committed = true;
    crashPoint('after-commit');
    return { ...preview, status: 'committed', importId };
  } finally {
    workspace.writing = false;
    if (!committed) transaction.rollback();
  }
}

export function commitImport(workspace: Workspace, paths: readonly string[], options: ImportOptions = {}): Promise<ImportResult> {
  return runToEnd(commitSteps(workspace, paths, options));
}

/**
 * Remembers, for each file's shape, the labels the analyst mapped or added as KPIs, so that next month's
 * file of the same shape needs no mapping.
 */
function saveProfiles(db: Workspace['db'], plan: FilePlan): void {
  const added = Object.fromEntries(plan.newKpis.map((k) => [k.label, k.id]));
  const chosen: Record<string, string> = { ...plan.mappings, ...added };
  for (const shape of plan.shapes) {
    const mappings = Object.fromEntries(shape.labels.filter((l) => chosen[l] !== undefined).map((l) => [l, chosen[l]]));
    const prefix = sheetKey(shape.file, '');
    const layouts = Object.fromEntries(Object.entries(plan.layouts).filter(([key]) => key.startsWith(prefix)).map(([key, choice]) => [key.slice(prefix.length), choice]));
    const source = plan.namedSource ?? undefined;
    if (Object.keys(mappings).length || Object.keys(layouts).length || source !== undefined) saveProfile(db, { signature: shape.signature, name: shape.file, mappings, layouts, ...(source !== undefined ? { source } : {}) });
  }
}

/** Says why nothing can be written to a workspace open read-only, before any work is done. */
export function refuseReadOnly(workspace: Workspace, what: string): void {
  if (workspace.readOnly) throw new WorkbenchError('conflict', `the workspace is open read-only: ${workspace.readOnly}. Nothing was ${what}.`, { file: workspace.path });
}

/** Undoes an import, unless a later import has changed its figures since (undo that one first); backs up first. */
/** The figures an import wrote that it still holds: each can be undone on its own (undoImportFigure). */
export function figuresOfImport(workspace: Workspace, importId: number): ImportFigure[] {
  if (!getImport(workspace.db, importId)) throw new WorkbenchError('not_found', `There is no import ${importId}. \`workbench imports\` lists them.`);
  return importFigures(workspace.db, importId);
}

/**
 * Undoes one figure of an import (a batch of hand entries, say): it gets back what it replaced, or goes if
 * the import created it. Refused if a later import has changed it since.
 */
export async function undoFigureOfImport(
  workspace: Workspace,
  importId: number,
  key: { kpiId: string; month: string; dimension?: string; category?: string },
): Promise<{ importId: number; action: 'restored' | 'removed'; remaining: number }> {
  const { db } = workspace;
  refuseReadOnly(workspace, 'undone');
  const entry = getImport(db, importId);
  if (!entry) throw new WorkbenchError('not_found', `There is no import ${importId}. \`workbench imports\` lists them.`);
  if (entry.undone_at) throw new WorkbenchError('conflict', `Import ${importId} (${entry.label}) was already undone on ${entry.undone_at.slice(0, 10)}.`);
  const month = parseMonthKey(key.month);
  const [dimension, category] = [key.dimension ?? '', key.category ?? ''];
  const figure = importFigures(db, importId).find((f) => f.kpiId === key.kpiId && f.month === month && f.dimension === dimension && f.category === category);
  if (!figure) throw new WorkbenchError('conflict', `Import ${importId} holds no figure of ${key.kpiId}${key.dimension ? ` (${key.dimension}: ${key.category})` : ''} for ${key.month} now: it never wrote one, or a later import has changed it since.`);
  await backupBefore(workspace, `undo of a figure of import ${importId}`);
  const action = db.transaction(() => undoImportFigure(db, importId, figure.seriesId, figure.month))();
  return { importId, action, remaining: importFigures(db, importId).length };
}

export async function undoImport(workspace: Workspace, importId: number): Promise<{ importId: number; restored: number; removed: number }> {
  const { db } = workspace;
  refuseReadOnly(workspace, 'undone');
  const entry = getImport(db, importId);
  if (!entry) throw new WorkbenchError('not_found', `There is no import ${importId}. \`workbench imports\` lists them.`);
  if (entry.undone_at) throw new WorkbenchError('conflict', `Import ${importId} (${entry.label}) was already undone on ${entry.undone_at.slice(0, 10)}.`);
  const later = figuresChangedSince(db, importId);
  if (later.length) {
    const list = later.map((l) => `import ${l.importId} (${l.count} figure${l.count === 1 ? '' : 's'})`).join(', ');
    throw new WorkbenchError('conflict', `Import ${importId} cannot be undone: its figures were changed again by ${list}. Undo ${later.length === 1 ? 'that import' : 'those imports'} first.`);
  }
  await backupBefore(workspace, `undo of import ${importId}`);
  const result = db.transaction(() => undoImportChanges(db, importId))();
  return { importId, ...result };
}
