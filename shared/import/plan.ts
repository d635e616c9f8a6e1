import { compareKpiNumbers, UnitSchema, type Direction, type Kpi, type Unit } from '../domain/kpi';
import { describeMonths, formatMonth, parseMonthKey } from '../domain/periods';
import { FORCE_SOURCE, sourceName } from '../domain/sources';
import type { KpiMatcher } from './labels';
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

export interface PlannedChange {
  figure: PlannedFigure;
  oldValue: number | null;
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
  changes: PlannedChange[];
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
  const planned: PlannedFigure[] = [];
  const takenIds = new Set(kpis.keys());
  const nextNumber = new Map<number, number>();
  const undefinedLabels = new Map<string, UnmatchedLabel>();
  for (const kpi of kpis.values()) {
    const [section, n] = kpi.number.split('.').map(Number);
    nextNumber.set(section, Math.max(nextNumber.get(section) ?? 0, n));
  }

  for (const reading of readings) {
    for (const sheet of reading.sheets) {
      for (const raw of sheet.figures) {
        let kpiId = matcher.match(raw.label) ?? newKpis.get(raw.label)?.id;
        if (!kpiId && (input.addUnknown || input.addLabels?.includes(raw.label))) {
          const definition = input.newKpiDefinitions?.[raw.label] ?? input.newKpiDefaults;
          if (!definition) {
            const known = undefinedLabels.get(raw.label);
            if (known) known.figures++;
            else undefinedLabels.set(raw.label, { label: raw.label, file: reading.file, sheet: raw.sheet, cell: raw.labelCell, figures: 1 });
            continue;
          }
          const name = input.newKpiDefinitions?.[raw.label]?.name?.trim() || raw.label;
          let id = slug(name);
          for (let i = 2; takenIds.has(id); i++) id = `${slug(name)}-${i}`;
          takenIds.add(id);
          const { section } = definition;
          const n = (nextNumber.get(section) ?? 0) + 1;
          nextNumber.set(section, n);
          newKpis.set(raw.label, { id, section, number: `${section}.${n}`, name, unit: definition.unit, direction: definition.direction, label: raw.label });
          kpiId = id;
        }
        if (!kpiId) {
          const known = unmatchedByLabel.get(raw.label);
          if (known) known.figures++;
          else unmatchedByLabel.set(raw.label, { label: raw.label, file: reading.file, sheet: raw.sheet, cell: raw.labelCell, figures: 1 });
          continue;
        }
        // Extended in place rather than copied: a file can hold millions of figures.
        const figure = raw as PlannedFigure;
        figure.kpiId = kpiId;
        figure.file = reading.file;
        figure.source = input.source ?? raw.source ?? FORCE_SOURCE;
        planned.push(figure);
      }
    }
  }

  // Two values for one figure: an error when they differ, a note when a file repeats itself.
  const byKey = new FigureIndex<PlannedFigure>();
  const unique: PlannedFigure[] = [];
  for (const figure of planned) {
    const earlier = byKey.get(figure);
    if (!earlier) {
      byKey.set(figure, figure);
      unique.push(figure);
      continue;
    }
    const what = describeFigure(figure, kpis);
    const place = earlier.file === figure.file ? `${earlier.sheet}!${earlier.cell}` : `${earlier.file}: ${earlier.sheet}!${earlier.cell}`;
    if (earlier.value !== figure.value) {
      errors.push({ severity: 'error', file: figure.file, sheet: figure.sheet, cell: figure.cell, message: `two values for ${what}: ${figure.value} here and ${earlier.value} at ${place}` });
    } else {
      warnings.push({ severity: 'warning', file: figure.file, sheet: figure.sheet, cell: figure.cell, message: `${what} is given twice (also at ${place}), with the same value` });
    }
  }

  const summaries = new Map<string, KpiSummary>();
  const changes: PlannedChange[] = [];
  for (const note of besideNotes(unique, byKey, existing, kpis)) warnings.push(note);
  byKey.bySeries.clear();
  // Other areas' figures (the Home Office tables by force) are summarised apart from the force's own KPI.
  const areasOf = new Map<string, Set<string>>();
  for (const figure of unique) {
    const key = figure.area ? `${figure.kpiId}\u0000areas` : figure.kpiId;
    let summary = summaries.get(key);
    if (!summary) {
      const kpi = kpis.get(figure.kpiId);
      const name = kpi?.name ?? figure.label;
      summary = figure.area
        ? { kpiId: figure.kpiId, number: '', name: `${name} by area, for the Peers page (${sourceName(figure.source)}; not the force's own ${kpi?.number ?? ''} ${name})`.replace(/ {2,}/g, ' '), added: 0, changed: 0, unchanged: 0 }
        : { kpiId: figure.kpiId, number: kpi?.number ?? newKpiOf(newKpis, figure.kpiId)?.number ?? '', name, added: 0, changed: 0, unchanged: 0 };
      summaries.set(key, summary);
    }
    if (figure.area) {
      const areas = areasOf.get(key) ?? new Set();
      areas.add(figure.area);
      areasOf.set(key, areas);
    }
    const old = existing.size ? existing.get(figure) : undefined;
    if (old === undefined) {
      summary.added++;
      changes.push({ figure, oldValue: null });
    } else if (old !== figure.value) {
      summary.changed++;
      changes.push({ figure, oldValue: old });
    } else {
      summary.unchanged++;
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
  for (const warning of checkFigures(unique, input)) warnings.push(warning);
  for (const [key, areas] of areasOf) {
    const summary = summaries.get(key)!;
    summary.name = summary.name.replace(' by area,', ` of ${areas.size} area${areas.size === 1 ? '' : 's'},`);
  }
  const summary = [...summaries.values()].sort((a, b) => compareKpiNumbers(a.number || '9.999', b.number || '9.999'));
  return {
    files: readings.map((r) => ({ file: r.file, sha256: r.sha256, sheets: r.sheets.map((s) => ({ sheet: s.sheet, layout: s.layout, figures: s.figures.length, ...(s.title ? { title: s.title } : {}) })) })),
    errors,
    warnings,
    skipped,
    unmatched: [...unmatchedByLabel.values()],
    newKpis: [...newKpis.values()],
    summary,
    totals: {
      added: summary.reduce((s, k) => s + k.added, 0),
      changed: summary.reduce((s, k) => s + k.changed, 0),
      unchanged: summary.reduce((s, k) => s + k.unchanged, 0),
    },
    changes,
  };
}

/**
 * Figures of another source for months the force's own figures already cover (in the workspace or in these
 * files) are added beside them, never over them: said once per KPI and source, with both sets of figures.
 */
function besideNotes(figures: readonly PlannedFigure[], inFiles: FigureIndex<PlannedFigure>, existing: FigureIndex<number>, kpis: ReadonlyMap<string, Kpi>): ImportProblem[] {
  const groups = new Map<string, { first: PlannedFigure; months: number[]; theirs: number[]; force: number[] }>();
  for (const f of figures) {
    if (f.source === FORCE_SOURCE || f.area || f.dimension) continue;
    const own = { ...f, source: FORCE_SOURCE };
    const force = inFiles.get(own)?.value ?? existing.get(own);
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A month of records below this share of its usual count is worth a look: was the file cut short? */
const SHORT_MONTH_SHARE = 0.6;

/**
 * Counts of records (stop and search, street crime) far below the same KPI's other months, in the file or
 * already in the workspace: the sign of a file that lost its last rows, which no other check can see.
 */
function warnShortMonths(figures: readonly PlannedFigure[], input: PlanInput, warn: (f: PlannedFigure, message: string, kind: string) => void): void {
  const byKpi = new Map<string, PlannedFigure[]>();
  for (const f of figures) if (f.counted && f.periodKind === 'month' && !f.area && !f.dimension) byKpi.set(`${f.kpiId}\u0000${f.source}`, [...(byKpi.get(`${f.kpiId}\u0000${f.source}`) ?? []), f]);
  for (const own of byKpi.values()) {
    const inFile = new Map(own.map((f) => [parseMonthKey(f.periodStart), f.value]));
    // The workspace's history is the force's own: another source's counts are compared with their own file.
    const history = (own[0].source === FORCE_SOURCE ? input.history.get(own[0].kpiId) : undefined) ?? new Map<number, number>();
    for (const f of own) {
      const month = parseMonthKey(f.periodStart);
      const others = new Map([...history].filter(([m]) => m !== month && Math.abs(m - month) <= 12));
      for (const [m, v] of inFile) if (m !== month) others.set(m, v);
      if (others.size < 2) continue;
      const usual = median([...others.values()]);
      if (f.value < SHORT_MONTH_SHARE * usual) {
        warn(f, `${describeFigure(f, input.kpis)} counts ${f.value} records, far fewer than its usual ${Math.round(usual)}: is the file complete?`, 'short');
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
function warnAgainstFile(figures: readonly PlannedFigure[], input: PlanInput, warn: (f: PlannedFigure, message: string, kind: string) => void): void {
  const bySeries = new Map<string, PlannedFigure[]>();
  let list: PlannedFigure[] | undefined;
  let last: PlannedFigure | undefined;
  for (const f of figures) {
    if (f.periodKind !== 'month') continue;
    // A run of one series' figures is looked up once.
    if (!(last && list && sameSeries(last, f))) {
      const key = `${f.kpiId}\u0000${f.area}\u0000${f.dimension}\u0000${f.category}`;
      list = bySeries.get(key);
      if (!list) bySeries.set(key, (list = []));
    }
    list.push(f);
    last = f;
  }
  for (const series of bySeries.values()) {
    if (series.length < 4) continue;
    // The median with the figure itself among them: one wild month barely moves it, and it is worked out once.
    const usual = median(series.map((f) => f.value));
    if (!(usual > 0)) continue;
    for (const f of series) {
      const high = f.value > FILE_MEDIAN_RATIO * usual;
      const low = f.value >= 0 && f.value < usual / FILE_MEDIAN_RATIO && usual >= FILE_MEDIAN_RATIO;
      if (high || low) {
        const times = high ? `${Math.round(f.value / usual).toLocaleString('en-GB')} times` : `under a twentieth of`;
        warn(f, `${describeFigure(f, input.kpis)} is ${f.value.toLocaleString('en-GB')}, ${times} the file's usual ${Number(usual.toPrecision(4)).toLocaleString('en-GB')} for it: is the cell right?`, 'contradicts');
      }
    }
  }
}

/** Warnings of one kind listed one by one; past this, the rest are counted. */
export const WARNINGS_LISTED_PER_KIND = 20;

/** Warnings that do not block: future months, gaps, unusual values, rates over 100%, negative counts. */
function checkFigures(figures: PlannedFigure[], input: PlanInput): ImportProblem[] {
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
  const warn = (f: PlannedFigure, message: string, kind = 'other') => {
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    if (n <= WARNINGS_LISTED_PER_KIND) warnings.push({ severity: 'warning', file: f.file, sheet: f.sheet, cell: f.cell, message });
  };
  const monthsByKpi = new Map<string, Set<number>>();
  const monthOf = new Map<string, number>();
  for (const f of figures) {
    const kpi = input.kpis.get(f.kpiId);
    let month = monthOf.get(f.periodStart);
    if (month === undefined) monthOf.set(f.periodStart, (month = parseMonthKey(f.periodStart)));
    // Described only for a warning: a million figures need no million descriptions.
    const what = () => describeFigure(f, input.kpis);
    if (month > input.now) warn(f, `${what()} is in the future`, 'future');
    if (kpi?.unit === 'percent' && f.value > 100) warn(f, `${what()} is ${f.value}%, over 100%`, 'over100');
    if (kpi?.unit === 'count' && f.value < 0) warn(f, `${what()} is a negative count (${f.value})`, 'negative');
    // Gaps and unusual values are judged against the force's own series, never another source's.
    if (f.periodKind !== 'month' || f.area || f.dimension || f.source !== FORCE_SOURCE) continue;
    const months = monthsByKpi.get(f.kpiId) ?? new Set<number>();
    months.add(month);
    monthsByKpi.set(f.kpiId, months);
    const history = input.history.get(f.kpiId);
    if (history && history.size >= 6) {
      const values = [...history.entries()].filter(([m]) => m !== month && m >= month - 36 && m < month + 36).map(([, v]) => v);
      if (values.length >= 6) {
        const mid = median(values);
        const spread = 1.4826 * median(values.map((v) => Math.abs(v - mid)));
        const far = Math.abs(f.value - mid) > Math.max(8 * spread, 0.5 * Math.abs(mid));
        if (far) warn(f, `${what()} is ${f.value}, far outside its usual range (typically about ${Math.round(mid * 10) / 10})`, 'unusual');
      }
    }
  }
  warnShortMonths(figures, input, warn);
  warnAgainstFile(figures, input, warn);
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
      warnings.push({ severity: 'warning', file: figures.find((f) => f.kpiId === kpiId)!.file, message: `${name} has a gap: no figure for ${list}` });
    }
  }
  for (const [kind, n] of counts) {
    if (n > WARNINGS_LISTED_PER_KIND) {
      warnings.push({ severity: 'warning', file: figures[0].file, message: `… and ${n - WARNINGS_LISTED_PER_KIND} more ${KIND_TEXT[kind] ?? 'warnings'} like those above` });
    }
  }
  return warnings;
}

