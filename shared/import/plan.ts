import { compareKpiNumbers, UnitSchema, type Direction, type Kpi, type Unit } from '../domain/kpi';
import { describeMonths, formatMonth, monthKey, MONTHS_IN_KEY, parseMonthKey } from '../domain/periods';
import { FORCE_SOURCE, sourceName } from '../domain/sources';
import type { KpiMatcher } from './labels';
import type { FigureTable } from './figureTable';
import { grown } from '../typedArrays';
import type { ImportProblem, RawFigure, SheetReading } from './types';

const UNITS = UnitSchema.options.join('|');

export interface FileReading {
  file: string;
  sha256: string;
  sheets: SheetReading[];
  problems: ImportProblem[];
}

/** A figure with its KPI, as it will be stored. */
export interface PlannedFigure extends RawFigure {
  kpiId: string;
  file: string;
  source: string;
}

/** What makes figures one series: KPI, kind of period, area and breakdown. */
export interface SeriesFields {
  kpiId: string;
  periodKind: string;
  area: string;
  dimension: string;
  category: string;
  /** The figure's source (shared/domain/sources.ts): '' is the force's own. */
  source: string;
}

export function seriesKey(f: SeriesFields): string {
  return `${f.kpiId}\u0000${f.periodKind}\u0000${f.area}\u0000${f.dimension}\u0000${f.category}\u0000${f.source}`;
}

function sameSeries(a: SeriesFields, b: SeriesFields): boolean {
  return a.kpiId === b.kpiId && a.periodKind === b.periodKind && a.area === b.area && a.dimension === b.dimension && a.category === b.category && a.source === b.source;
}

/**
 * Values by series, then by period start. A file gives a series' figures one after another, so its key is
 * made once for the run of them rather than once a figure, and a period is found by its short string.
 */
export class FigureIndex<T> {
  readonly bySeries = new Map<string, Map<string, T>>();
  private last: { fields: SeriesFields; periods: Map<string, T> | undefined } | null = null;

  private periodsOf(f: SeriesFields, create: boolean): Map<string, T> | undefined {
    if (this.last && sameSeries(this.last.fields, f) && (this.last.periods || !create)) return this.last.periods;
    const key = seriesKey(f);
    let periods = this.bySeries.get(key);
    if (!periods && create) this.bySeries.set(key, (periods = new Map()));
    this.last = { fields: { kpiId: f.kpiId, periodKind: f.periodKind, area: f.area, dimension: f.dimension, category: f.category, source: f.source }, periods };
    return periods;
  }

  get(f: SeriesFields & { periodStart: string }): T | undefined {
    return this.periodsOf(f, false)?.get(f.periodStart);
  }

  set(f: SeriesFields & { periodStart: string }, value: T): void {
    this.periodsOf(f, true)!.set(f.periodStart, value);
  }

  get size(): number {
    return this.bySeries.size;
  }
}

/** A new or changed figure, as a preview lists it. */
export interface PlannedChange {
  figure: PlannedFigure;
  oldValue: number | null;
}

/** The series the files' figures belong to, each numbered once. */
class SeriesNumbers {
  readonly list: SeriesFields[] = [];
  readonly keys: string[] = [];
  private readonly byKey = new Map<string, number>();

  numberOf(fields: SeriesFields): number {
    const key = seriesKey(fields);
    let n = this.byKey.get(key);
    if (n === undefined) {
      n = this.list.length;
      this.list.push(fields);
      this.keys.push(key);
      this.byKey.set(key, n);
    }
    return n;
  }

  find(fields: SeriesFields): number | undefined {
    return this.byKey.get(seriesKey(fields));
  }
}

/**
 * The figures of the files that match a KPI, by position: each its file's table and place in it, and its
 * series. A million of them are three typed arrays, and a figure is made as an object only to be quoted.
 */
export class PlannedFigures {
  table = new Int32Array(1024);
  index = new Int32Array(1024);
  series = new Int32Array(1024);
  length = 0;

  constructor(
    readonly tables: readonly { table: FigureTable; file: string }[],
    readonly seriesNumbers: SeriesNumbers,
  ) {}

  push(table: number, index: number, series: number): void {
    if (this.length === this.table.length) {
      const n = this.table.length * 2;
      [this.table, this.index, this.series] = [grown(this.table, n), grown(this.index, n), grown(this.series, n)];
    }
    this.table[this.length] = table;
    this.index[this.length] = index;
    this.series[this.length++] = series;
  }

  fields(p: number): SeriesFields {
    return this.seriesNumbers.list[this.series[p]];
  }

  month(p: number): number {
    return this.tables[this.table[p]].table.month[this.index[p]];
  }

  value(p: number): number {
    return this.tables[this.table[p]].table.value[this.index[p]];
  }

  counted(p: number): boolean {
    return this.tables[this.table[p]].table.counted[this.index[p]] === 1;
  }

  file(p: number): string {
    return this.tables[this.table[p]].file;
  }

  figure(p: number): PlannedFigure {
    const { table, file } = this.tables[this.table[p]];
    const { kpiId, source } = this.fields(p);
    return { ...table.figure(this.index[p]), kpiId, file, source };
  }
}

/**
 * The first planned figure of each series and month. Each series' months span a few years, so the figures
 * are found by place in one array of slots, series by series, rather than by hashing a million keys; a
 * series spread over centuries (a mistyped year) falls back to a map.
 */
class FirstOfKey {
  private readonly from: Int32Array;
  private readonly base: Float64Array;
  private readonly slots: Int32Array | null;
  private readonly map: Map<number, number> | null;

  constructor(private readonly planned: PlannedFigures) {
    const count = planned.seriesNumbers.list.length;
    const from = new Int32Array(count).fill(2 ** 31 - 1);
    const to = new Int32Array(count).fill(-1);
    for (let p = 0; p < planned.length; p++) {
      const [s, m] = [planned.series[p], planned.month(p)];
      if (m < from[s]) from[s] = m;
      if (m > to[s]) to[s] = m;
    }
    const base = new Float64Array(count + 1);
    for (let s = 0; s < count; s++) base[s + 1] = base[s] + (to[s] >= from[s] ? to[s] - from[s] + 1 : 0);
    this.from = from;
    this.base = base;
    const fits = base[count] <= 8 * planned.length + 4096;
    this.slots = fits ? new Int32Array(base[count]).fill(-1) : null;
    this.map = fits ? null : new Map();
  }

  /** The earlier planned figure of p's series and month, or -1 when p is the first (and now recorded). */
  claim(p: number): number {
    const [s, m] = [this.planned.series[p], this.planned.month(p)];
    if (this.map) {
      const key = s * MONTHS_IN_KEY + m;
      const earlier = this.map.get(key);
      if (earlier !== undefined) return earlier;
      this.map.set(key, p);
      return -1;
    }
    const slot = this.base[s] + m - this.from[s];
    const earlier = this.slots![slot];
    if (earlier < 0) this.slots![slot] = p;
    return earlier;
  }

  /** The first planned figure of a series and month, if the files give one. */
  get(series: number, month: number): number | undefined {
    if (this.map) return this.map.get(series * MONTHS_IN_KEY + month);
    const at = month - this.from[series];
    if (at < 0 || this.base[series] + at >= this.base[series + 1]) return undefined;
    const p = this.slots![this.base[series] + at];
    return p < 0 ? undefined : p;
  }
}

/** The figures an import would write, new or changed, by their place among the planned figures. */
export class PlannedChanges {
  private at = new Int32Array(1024);
  private old = new Float64Array(1024);
  private replaces = new Uint8Array(1024);
  length = 0;
  /** How many of them change a figure the workspace holds. */
  changedCount = 0;

  constructor(readonly figures: PlannedFigures) {}

  push(p: number, oldValue: number | null): void {
    if (this.length === this.at.length) {
      const n = this.at.length * 2;
      [this.at, this.old, this.replaces] = [grown(this.at, n), grown(this.old, n), grown(this.replaces, n)];
    }
    const k = this.length++;
    this.at[k] = p;
    if (oldValue !== null) {
      this.old[k] = oldValue;
      this.replaces[k] = 1;
      this.changedCount++;
    }
  }

  /** The planned figure of the k-th change. */
  planned(k: number): number {
    return this.at[k];
  }

  oldValue(k: number): number | null {
    return this.replaces[k] ? this.old[k] : null;
  }

  /** The first changes of figures the workspace holds, as a preview lists them. */
  changed(limit: number): PlannedChange[] {
    const listed: PlannedChange[] = [];
    for (let k = 0; k < this.length && listed.length < limit; k++) if (this.replaces[k]) listed.push({ figure: this.figures.figure(this.at[k]), oldValue: this.old[k] });
    return listed;
  }

  kpiIds(): Set<string> {
    const ids = new Set<string>();
    let last = -1;
    for (let k = 0; k < this.length; k++) {
      const series = this.figures.series[this.at[k]];
      if (series !== last) ids.add(this.figures.seriesNumbers.list[(last = series)].kpiId);
    }
    return ids;
  }
}

export interface UnmatchedLabel {
  label: string;
  file: string;
  sheet: string;
  cell: string;
  figures: number;
}

export interface KpiSummary {
  kpiId: string;
  number: string;
  name: string;
  added: number;
  changed: number;
  unchanged: number;
}

export interface NewKpi {
  id: string;
  section: number;
  number: string;
  name: string;
  unit: Unit;
  direction: Direction;
  /** The label in the file it was added for (the name may differ). */
  label: string;
}

/** What the analyst says of a label added as a new KPI: never guessed, since a KPI's unit and direction decide its verdicts. */
export interface NewKpiDefinition {
  /** As the KPI is to be named; the label when not given. */
  name?: string;
  section: number;
  unit: Unit;
  direction: Direction;
}

export interface ImportPlan {
  files: { file: string; sha256: string; sheets: { sheet: string; layout: string; figures: number; title?: string }[] }[];
  errors: ImportProblem[];
  warnings: ImportProblem[];
  skipped: string[];
  unmatched: UnmatchedLabel[];
  newKpis: NewKpi[];
  summary: KpiSummary[];
  totals: { added: number; changed: number; unchanged: number };
  /** New and changed figures: what a commit writes. */
  changes: PlannedChanges;
}

export interface PlanInput {
  readings: FileReading[];
  matcher: KpiMatcher;
  kpis: ReadonlyMap<string, Kpi>;
  /** What the workspace holds now. */
  existing: FigureIndex<number>;
  /** The workspace's headline monthly series of the KPIs involved, for gaps and unusual values. */
  history: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** The current month: a figure after it is in the future. */
  now: number;
  /** Add labels that match nothing as new KPIs, rather than listing them. */
  addUnknown?: boolean;
  /** Add just these labels as new KPIs. */
  addLabels?: readonly string[];
  /** Each added label's definition, by label; else `newKpiDefaults`; a label with neither blocks the import. */
  newKpiDefinitions?: Readonly<Record<string, NewKpiDefinition>>;
  /** The definition of every added label not defined by itself (`--add-unknown --section … --unit … --direction …`). */
  newKpiDefaults?: Omit<NewKpiDefinition, 'name'>;
  /** The source every figure of these files is from, as the analyst named it; else as each file's shape says. */
  source?: string;
}

function slug(label: string): string {
  return label.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'kpi';
}

/**
 * What importing these files would do, worked out without writing anything: every figure matched to a
 * KPI, compared with what the workspace holds, with the errors that block the import and the warnings
 * that do not.
 */
export function planImport(input: PlanInput): ImportPlan {
  const { readings, matcher, kpis, existing } = input;
  const found = readings.flatMap((r) => [...r.problems, ...r.sheets.flatMap((s) => s.problems)]);
  const errors = found.filter((p) => p.severity === 'error');
  const warnings = found.filter((p) => p.severity === 'warning');
  const skipped = readings.flatMap((r) => r.sheets.flatMap((s) => s.skipped.map((text) => `${r.file}: ${text}`)));

  // A file that yields nothing is an error: "imported" with nothing taken from it would be a success that is not.
  for (const reading of readings) {
    if (errors.some((e) => e.file === reading.file)) continue;
    if (reading.sheets.some((s) => s.figures.length > 0)) continue;
    const passed = reading.sheets.flatMap((s) => s.skipped).slice(0, 3);
    errors.push({
      severity: 'error',
      kind: 'nothing_to_import',
      file: reading.file,
      message: `nothing to import: no sheet holds figures the workbench can read${passed.length ? ` (passed over: ${passed.join('; ')})` : ''}`,
    });
  }

  const unmatchedByLabel = new Map<string, UnmatchedLabel>();
  const newKpis = new Map<string, NewKpi>();
  const takenIds = new Set(kpis.keys());
  const nextNumber = new Map<number, number>();
  const undefinedLabels = new Map<string, UnmatchedLabel>();
  for (const kpi of kpis.values()) {
    const [section, n] = kpi.number.split('.').map(Number);
    nextNumber.set(section, Math.max(nextNumber.get(section) ?? 0, n));
  }
  // What a label means is worked out at its first figure: a KPI, or a label left out (counted per figure).
  const meaning = new Map<string, { kpiId: string } | { left: UnmatchedLabel }>();
  const meaningOf = (label: string, file: string, table: FigureTable, i: number): { kpiId: string } | { left: UnmatchedLabel } => {
    const known = meaning.get(label);
    if (known) return known;
    let outcome: { kpiId: string } | { left: UnmatchedLabel };
    const kpiId = matcher.match(label);
    if (kpiId) outcome = { kpiId };
    else if (input.addUnknown || input.addLabels?.includes(label)) {
      const definition = input.newKpiDefinitions?.[label] ?? input.newKpiDefaults;
      if (!definition) {
        const left = { label, file, sheet: table.sheet, cell: table.labelCell(i), figures: 0 };
        undefinedLabels.set(label, left);
        outcome = { left };
      } else {
        const name = input.newKpiDefinitions?.[label]?.name?.trim() || label;
        let id = slug(name);
        for (let k = 2; takenIds.has(id); k++) id = `${slug(name)}-${k}`;
        takenIds.add(id);
        const { section } = definition;
        const n = (nextNumber.get(section) ?? 0) + 1;
        nextNumber.set(section, n);
        newKpis.set(label, { id, section, number: `${section}.${n}`, name, unit: definition.unit, direction: definition.direction, label });
        outcome = { kpiId: id };
      }
    } else {
      const left = { label, file, sheet: table.sheet, cell: table.labelCell(i), figures: 0 };
      unmatchedByLabel.set(label, left);
      outcome = { left };
    }
    meaning.set(label, outcome);
    return outcome;
  };

  const tables = readings.flatMap((r) => r.sheets.map((s) => ({ table: s.figures, file: r.file })));
  const seriesNumbers = new SeriesNumbers();
  const planned = new PlannedFigures(tables, seriesNumbers);
  for (const [t, { table, file }] of tables.entries()) {
    const byLabel: (ReturnType<typeof meaningOf> | undefined)[] = [];
    const sources: (string | undefined)[] = [];
    // A file gives a series' figures one after another: a run of them is numbered once.
    let last = -1;
    let series = -1;
    for (let i = 0; i < table.length; i++) {
      const labelId = table.label[i];
      const outcome = (byLabel[labelId] ??= meaningOf(table.text(labelId), file, table, i));
      if ('left' in outcome) {
        outcome.left.figures++;
        continue;
      }
      const sourceId = table.source[i];
      const source = input.source ?? (sources[sourceId + 1] ??= table.sourceOf(i) ?? FORCE_SOURCE);
      if (!(last >= 0 && table.label[last] === labelId && table.kind[last] === table.kind[i] && table.area[last] === table.area[i] && table.dimension[last] === table.dimension[i] && table.category[last] === table.category[i] && table.source[last] === sourceId)) {
        series = seriesNumbers.numberOf({ kpiId: outcome.kpiId, periodKind: table.periodKind(i), area: table.text(table.area[i]), dimension: table.text(table.dimension[i]), category: table.text(table.category[i]), source });
      }
      last = i;
      planned.push(t, i, series);
    }
  }

  // Two values for one figure: an error when they differ, a note when a file repeats itself.
  const firstOf = new FirstOfKey(planned);
  const unique = new Int32Array(planned.length);
  let uniqueCount = 0;
  for (let p = 0; p < planned.length; p++) {
    const earlierAt = firstOf.claim(p);
    if (earlierAt < 0) {
      unique[uniqueCount++] = p;
      continue;
    }
    const [earlier, figure] = [planned.figure(earlierAt), planned.figure(p)];
    const what = describeFigure(figure, kpis);
    const place = earlier.file === figure.file ? `${earlier.sheet}!${earlier.cell}` : `${earlier.file}: ${earlier.sheet}!${earlier.cell}`;
    if (earlier.value !== figure.value) {
      errors.push({ severity: 'error', file: figure.file, sheet: figure.sheet, cell: figure.cell, message: `two values for ${what}: ${figure.value} here and ${earlier.value} at ${place}` });
    } else {
      warnings.push({ severity: 'warning', file: figure.file, sheet: figure.sheet, cell: figure.cell, message: `${what} is given twice (also at ${place}), with the same value` });
    }
  }
  const uniques = unique.subarray(0, uniqueCount);

  for (const note of besideNotes(planned, uniques, firstOf, existing, kpis)) warnings.push(note);
  const summaries = new Map<string, KpiSummary>();
  const changes = new PlannedChanges(planned);
  // Other areas' figures (the Home Office tables by force) are summarised apart from the force's own KPI.
  const areasOf = new Map<string, Set<string>>();
  const monthTexts = new Map<number, string>();
  let lastSeries = -1;
  let summary: KpiSummary | undefined;
  let held: Map<string, number> | undefined;
  for (const p of uniques) {
    const series = planned.series[p];
    if (series !== lastSeries) {
      lastSeries = series;
      const fields = seriesNumbers.list[series];
      const key = fields.area ? `${fields.kpiId}\u0000areas` : fields.kpiId;
      summary = summaries.get(key);
      if (!summary) {
        const kpi = kpis.get(fields.kpiId);
        const name = kpi?.name ?? planned.figure(p).label;
        summary = fields.area
          ? { kpiId: fields.kpiId, number: '', name: `${name} by area, for the Peers page (${sourceName(fields.source)}; not the force's own ${kpi?.number ?? ''} ${name})`.replace(/ {2,}/g, ' '), added: 0, changed: 0, unchanged: 0 }
          : { kpiId: fields.kpiId, number: kpi?.number ?? newKpiOf(newKpis, fields.kpiId)?.number ?? '', name, added: 0, changed: 0, unchanged: 0 };
        summaries.set(key, summary);
      }
      if (fields.area) {
        const areas = areasOf.get(key) ?? new Set();
        areas.add(fields.area);
        areasOf.set(key, areas);
      }
      held = existing.size ? existing.bySeries.get(seriesNumbers.keys[series]) : undefined;
    }
    let old: number | undefined;
    if (held) {
      const month = planned.month(p);
      let text = monthTexts.get(month);
      if (text === undefined) monthTexts.set(month, (text = monthKey(month)));
      old = held.get(text);
    }
    const value = planned.value(p);
    if (old === undefined) {
      summary!.added++;
      changes.push(p, null);
    } else if (old !== value) {
      summary!.changed++;
      changes.push(p, old);
    } else {
      summary!.unchanged++;
    }
  }

  for (const u of undefinedLabels.values()) {
    errors.push({
      severity: 'error',
      kind: 'undefined_kpi',
      file: u.file,
      sheet: u.sheet,
      cell: u.cell,
      message: `"${u.label}" would be added as a new KPI (${u.figures} figure${u.figures === 1 ? '' : 's'}): say its section, unit and direction of good (--add-unknown --section N --unit ${UNITS} --direction up|down|neutral, or --define "${u.label}=N,UNIT,DIRECTION[,NAME]")`,
    });
  }
  // A label that matches nothing blocks the import: importing the rest would silently leave figures out.
  for (const u of unmatchedByLabel.values()) {
    errors.push({
      severity: 'error',
      kind: 'unmatched_label',
      file: u.file,
      sheet: u.sheet,
      cell: u.cell,
      message: `"${u.label}" matches no KPI (${u.figures} figure${u.figures === 1 ? '' : 's'}): map it to a KPI, or add it as a new KPI (--add-unknown)`,
    });
  }
  for (const warning of checkFigures(planned, uniques, input)) warnings.push(warning);
  for (const [key, areas] of areasOf) {
    const summary = summaries.get(key)!;
    summary.name = summary.name.replace(' by area,', ` of ${areas.size} area${areas.size === 1 ? '' : 's'},`);
  }
  const summaryList = [...summaries.values()].sort((a, b) => compareKpiNumbers(a.number || '9.999', b.number || '9.999'));
  return {
    files: readings.map((r) => ({ file: r.file, sha256: r.sha256, sheets: r.sheets.map((s) => ({ sheet: s.sheet, layout: s.layout, figures: s.figures.length, ...(s.title ? { title: s.title } : {}) })) })),
    errors,
    warnings,
    skipped,
    unmatched: [...unmatchedByLabel.values()],
    newKpis: [...newKpis.values()],
    summary: summaryList,
    totals: {
      added: summaryList.reduce((s, k) => s + k.added, 0),
      changed: summaryList.reduce((s, k) => s + k.changed, 0),
      unchanged: summaryList.reduce((s, k) => s + k.unchanged, 0),
    },
    changes,
  };
}

/**
 * Figures of another source for months the force's own figures already cover (in the workspace or in these
 * files) are added beside them, never over them: said once per KPI and source, with both sets of figures.
 */
function besideNotes(planned: PlannedFigures, uniques: Int32Array, inFiles: FirstOfKey, existing: FigureIndex<number>, kpis: ReadonlyMap<string, Kpi>): ImportProblem[] {
  const groups = new Map<string, { first: PlannedFigure; months: number[]; theirs: number[]; force: number[] }>();
  for (const p of uniques) {
    const fields = planned.fields(p);
    if (fields.source === FORCE_SOURCE || fields.area || fields.dimension) continue;
    const f = planned.figure(p);
    const own = { ...f, source: FORCE_SOURCE };
    const ownSeries = planned.seriesNumbers.find(own);
    const inFile = ownSeries === undefined ? undefined : inFiles.get(ownSeries, planned.month(p));
    const force = inFile !== undefined ? planned.value(inFile) : existing.get(own);
    if (force === undefined) continue;
    const key = `${f.kpiId}\u0000${f.source}\u0000${f.periodKind}`;
    const group = groups.get(key) ?? { first: f, months: [], theirs: [], force: [] };
    groups.set(key, group);
    group.months.push(parseMonthKey(f.periodStart));
    group.theirs.push(f.value);
    group.force.push(force);
  }
  return [...groups.values()].map(({ first, months, theirs, force }) => {
    const kpi = kpis.get(first.kpiId);
    const name = kpi ? `${kpi.number} ${kpi.name}` : first.label;
    const when = describeMonths(months, ', ');
    const list = (values: number[]) => (values.length > 6 ? `${values.length} figures` : values.map((v) => v.toLocaleString('en-GB')).join(', '));
    return {
      severity: 'warning' as const,
      file: first.file,
      message: `${first.source} for ${name}, ${when}: ${list(theirs)} beside the force's ${list(force)}; kept side by side, the force's own still reported`,
    };
  });
}

function newKpiOf(newKpis: Map<string, NewKpi>, id: string): NewKpi | undefined {
  return [...newKpis.values()].find((k) => k.id === id);
}

function describeFigure(f: PlannedFigure, kpis: ReadonlyMap<string, Kpi>): string {
  const name = kpis.get(f.kpiId)?.name ?? f.label;
  const breakdown = f.dimension ? ` (${f.dimension}: ${f.category})` : '';
  const area = f.area ? ` in ${f.area}` : '';
  const when = f.periodKind === 'month' ? formatMonth(parseMonthKey(f.periodStart)) : `the ${f.periodKind} from ${formatMonth(parseMonthKey(f.periodStart))}`;
  return `${name}${breakdown}${area}, ${when}`;
}

function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A month of records below this share of its usual count is worth a look: was the file cut short? */
const SHORT_MONTH_SHARE = 0.6;

/** Says a warning of a figure: the figure and the message are made only for a warning that is listed. */
type Warn = (p: number, message: (f: PlannedFigure) => string, kind: string) => void;

/**
 * Counts of records (stop and search, street crime) far below the same KPI's other months, in the file or
 * already in the workspace: the sign of a file that lost its last rows, which no other check can see.
 */
function warnShortMonths(planned: PlannedFigures, uniques: Int32Array, input: PlanInput, warn: Warn): void {
  const byKpi = new Map<string, number[]>();
  for (const p of uniques) {
    const f = planned.fields(p);
    if (!planned.counted(p) || f.periodKind !== 'month' || f.area || f.dimension) continue;
    const key = `${f.kpiId}\u0000${f.source}`;
    byKpi.set(key, [...(byKpi.get(key) ?? []), p]);
  }
  for (const own of byKpi.values()) {
    const inFile = new Map(own.map((p) => [planned.month(p), planned.value(p)]));
    const { kpiId, source } = planned.fields(own[0]);
    // The workspace's history is the force's own: another source's counts are compared with their own file.
    const history = (source === FORCE_SOURCE ? input.history.get(kpiId) : undefined) ?? new Map<number, number>();
    for (const p of own) {
      const month = planned.month(p);
      const value = planned.value(p);
      const others = new Map([...history].filter(([m]) => m !== month && Math.abs(m - month) <= 12));
      for (const [m, v] of inFile) if (m !== month) others.set(m, v);
      if (others.size < 2) continue;
      const usual = median([...others.values()]);
      if (value < SHORT_MONTH_SHARE * usual) {
        warn(p, (f) => `${describeFigure(f, input.kpis)} counts ${value} records, far fewer than its usual ${Math.round(usual)}: is the file complete?`, 'short');
      }
    }
  }
}

/** A figure this many times its series' median in the file, or under its reciprocal, is questioned. */
export const FILE_MEDIAN_RATIO = 20;

/**
 * A figure that the file itself contradicts: over twenty times, or under a twentieth of, the median of its
 * own series' months in the file. It holds on a first import, with no history to compare against: a
 * damaged .xls (BIFF has no checksum) turned 163 searches into 96,469,155, and a rate typed as a fraction
 * among percentages (0.884 among 88s) is the same kind of slip.
 */
function warnAgainstFile(planned: PlannedFigures, uniques: Int32Array, input: PlanInput, warn: Warn): void {
  // Each series' monthly figures, in the order the files give them, grouped by KPI, area and breakdown.
  const groupOf = new Map<string, number>();
  const groupOfSeries: number[] = [];
  const member = new Int32Array(uniques.length);
  let members = 0;
  let count: number[] = [];
  for (const p of uniques) {
    const series = planned.series[p];
    let group = groupOfSeries[series];
    if (group === undefined) {
      const f = planned.fields(p);
      if (f.periodKind !== 'month') group = -1;
      else {
        const key = `${f.kpiId}\u0000${f.area}\u0000${f.dimension}\u0000${f.category}`;
        const known = groupOf.get(key);
        group = known ?? groupOf.size;
        if (known === undefined) groupOf.set(key, group);
      }
      groupOfSeries[series] = group;
    }
    if (group < 0) continue;
    member[members++] = p;
    count[group] = (count[group] ?? 0) + 1;
  }
  // Laid out group by group, each in the files' order.
  const start = new Int32Array(groupOf.size + 1);
  for (let g = 0; g < groupOf.size; g++) start[g + 1] = start[g] + count[g];
  count = [];
  const next = Int32Array.from(start);
  const ordered = new Int32Array(members);
  for (let k = 0; k < members; k++) ordered[next[groupOfSeries[planned.series[member[k]]]]++] = member[k];
  const values = new Float64Array(members);
  for (let k = 0; k < members; k++) values[k] = planned.value(ordered[k]);
  for (let g = 0; g < groupOf.size; g++) {
    const [from, to] = [start[g], start[g + 1]];
    if (to - from < 4) continue;
    // The median with the figure itself among them: one wild month barely moves it, and it is worked out once.
    const usual = median(values.subarray(from, to));
    if (!(usual > 0)) continue;
    for (let k = from; k < to; k++) {
      const value = values[k];
      const high = value > FILE_MEDIAN_RATIO * usual;
      const low = value >= 0 && value < usual / FILE_MEDIAN_RATIO && usual >= FILE_MEDIAN_RATIO;
      if (high || low) {
        const times = high ? `${Math.round(value / usual).toLocaleString('en-GB')} times` : `under a twentieth of`;
        warn(ordered[k], (f) => `${describeFigure(f, input.kpis)} is ${value.toLocaleString('en-GB')}, ${times} the file's usual ${Number(usual.toPrecision(4)).toLocaleString('en-GB')} for it: is the cell right?`, 'contradicts');
      }
    }
  }
}

/** Warnings of one kind listed one by one; past this, the rest are counted. */
export const WARNINGS_LISTED_PER_KIND = 20;

/** Warnings that do not block: future months, gaps, unusual values, rates over 100%, negative counts. */
function checkFigures(planned: PlannedFigures, uniques: Int32Array, input: PlanInput): ImportProblem[] {
  const warnings: ImportProblem[] = [];
  const counts = new Map<string, number>();
  const KIND_TEXT: Record<string, string> = {
    future: 'figures in the future',
    over100: 'rates over 100%',
    negative: 'negative counts',
    unusual: 'figures far outside their usual range',
    short: 'months with far fewer records than usual',
    contradicts: 'figures far from the same series in the file',
  };
  const warn: Warn = (p, message, kind = 'other') => {
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    if (n > WARNINGS_LISTED_PER_KIND) return;
    const f = planned.figure(p);
    warnings.push({ severity: 'warning', file: f.file, sheet: f.sheet, cell: f.cell, message: message(f) });
  };
  const monthsByKpi = new Map<string, Set<number>>();
  const firstFileOf = new Map<string, string>();
  let lastSeries = -1;
  let fields: SeriesFields | undefined;
  let kpi: Kpi | undefined;
  let months: Set<number> | undefined;
  let history: ReadonlyMap<number, number> | undefined;
  for (const p of uniques) {
    const series = planned.series[p];
    if (series !== lastSeries) {
      lastSeries = series;
      fields = planned.fields(p);
      kpi = input.kpis.get(fields.kpiId);
      if (!firstFileOf.has(fields.kpiId)) firstFileOf.set(fields.kpiId, planned.file(p));
      // Gaps and unusual values are judged against the force's own series, never another source's.
      const own = fields.periodKind === 'month' && !fields.area && !fields.dimension && fields.source === FORCE_SOURCE;
      months = undefined;
      history = undefined;
      if (own) {
        months = monthsByKpi.get(fields.kpiId);
        if (!months) monthsByKpi.set(fields.kpiId, (months = new Set<number>()));
        history = input.history.get(fields.kpiId);
      }
    }
    const month = planned.month(p);
    const value = planned.value(p);
    // Described only for a warning: a million figures need no million descriptions.
    const what = (f: PlannedFigure) => describeFigure(f, input.kpis);
    if (month > input.now) warn(p, (f) => `${what(f)} is in the future`, 'future');
    if (kpi?.unit === 'percent' && value > 100) warn(p, (f) => `${what(f)} is ${value}%, over 100%`, 'over100');
    if (kpi?.unit === 'count' && value < 0) warn(p, (f) => `${what(f)} is a negative count (${value})`, 'negative');
    if (!months) continue;
    months.add(month);
    if (history && history.size >= 6) {
      const values = [...history.entries()].filter(([m]) => m !== month && m >= month - 36 && m < month + 36).map(([, v]) => v);
      if (values.length >= 6) {
        const mid = median(values);
        const spread = 1.4826 * median(values.map((v) => Math.abs(v - mid)));
        const far = Math.abs(value - mid) > Math.max(8 * spread, 0.5 * Math.abs(mid));
        if (far) warn(p, (f) => `${what(f)} is ${value}, far outside its usual range (typically about ${Math.round(mid * 10) / 10})`, 'unusual');
      }
    }
  }
  warnShortMonths(planned, uniques, input, warn);
  warnAgainstFile(planned, uniques, input, warn);
  for (const [kpiId, months] of monthsByKpi) {
    const all = new Set([...months, ...(input.history.get(kpiId)?.keys() ?? [])]);
    let first = Infinity;
    let last = -Infinity;
    for (const m of months) {
      first = Math.min(first, m);
      last = Math.max(last, m);
    }
    let from = first;
    for (const m of all) if (m < first && (from === first || m > from)) from = m;
    const missing: number[] = [];
    for (let m = from + 1; m < last; m++) if (!all.has(m)) missing.push(m);
    if (missing.length) {
      const name = input.kpis.get(kpiId)?.name ?? kpiId;
      const list = missing.length > 4 ? `${missing.length} months from ${formatMonth(missing[0])}` : missing.map(formatMonth).join(', ');
      warnings.push({ severity: 'warning', file: firstFileOf.get(kpiId)!, message: `${name} has a gap: no figure for ${list}` });
    }
  }
  for (const [kind, n] of counts) {
    if (n > WARNINGS_LISTED_PER_KIND) {
      warnings.push({ severity: 'warning', file: planned.file(uniques[0]), message: `… and ${n - WARNINGS_LISTED_PER_KIND} more ${KIND_TEXT[kind] ?? 'warnings'} like those above` });
    }
  }
  return warnings;
}
