import { monthKey, MONTHS_IN_KEY, parseMonthKey } from '../shared/domain/periods';
import { grown } from '../shared/typedArrays';
import { parseCellRef, type CellRef } from './cellRef';
import type { Db } from './open';

/** A figure as stored: one KPI, one month (or quarter/year), one breakdown, one area. */
export interface ObservationInput {
  kpiId: string;
  periodKind?: 'month' | 'quarter' | 'year';
  periodStart: string; // YYYY-MM
  area?: string;
  dimension?: string;
  category?: string;
  value: number;
  sourceFile?: string | null;
  sourceSheet?: string | null;
  sourceCell?: string | null;
  /** '' for the force's own (shared/domain/sources.ts). */
  source?: string;
}

/** The columns that identify a figure, as the view `observations` shows them. */
export interface FigureKeyColumns {
  kpi_id: string;
  period_kind: string;
  period_start: string;
  area: string;
  dimension: string;
  category: string;
}

export interface ObservationRow extends FigureKeyColumns {
  source: string;
  value: number;
  import_id: number;
  source_file: string | null;
  source_sheet: string | null;
  source_cell: string | null;
  import_kind: string;
  import_label: string;
}

/** Writes figures that are all new (the demo, test fixtures), through the same path as an import. */
export function insertObservations(db: Db, importId: number, rows: Iterable<ObservationInput>, now = new Date().toISOString()): number {
  let count = 0;
  function* asChanges(): Generator<FigureChange> {
    for (const row of rows) {
      count++;
      yield {
        kpiId: row.kpiId,
        periodKind: row.periodKind ?? 'month',
        periodStart: row.periodStart,
        area: row.area ?? '',
        dimension: row.dimension ?? '',
        category: row.category ?? '',
        source: row.source ?? '',
        value: row.value,
        oldValue: null,
        sourceFile: row.sourceFile ?? null,
        sourceSheet: row.sourceSheet ?? null,
        sourceCell: row.sourceCell ?? null,
      };
    }
  }
  for (const _ of applyChanges(db, importId, asChanges(), now)) {
    // applyChanges reports progress; nobody is watching here.
  }
  return count;
}

/**
 * Each KPI's reporting source: the analyst's choice, else the force's own where it has any monthly figure,
 * else the one source it has (the first by name, were there several). Every table, chart and verdict reads a
 * KPI's figures from this one source, so no comparison mixes two.
 */
const REPORTING_SOURCES = `
  reporting AS (
    SELECT s.kpi_id, coalesce(c.source, CASE WHEN max(s.source = '') = 1 THEN '' ELSE min(s.source) END) AS source
    FROM series s LEFT JOIN kpi_source_choices c ON c.kpi_id = s.kpi_id
    WHERE s.period_kind = 'month' AND s.area = '' AND EXISTS (SELECT 1 FROM figures f WHERE f.series_id = s.id)
    GROUP BY s.kpi_id
  )`;

/** Figures as the rest of the app reads them (the view `observations`, with the import that wrote each), from each KPI's reporting source. */
const SELECT_WITH_IMPORT = `
  WITH ${REPORTING_SOURCES}
  SELECT o.kpi_id, o.period_kind, o.period_start, o.area, o.dimension, o.category, o.source, o.value, o.import_id,
    o.source_file, o.source_sheet, o.source_cell, i.kind AS import_kind, i.label AS import_label
  FROM reporting rs JOIN observations o ON o.kpi_id = rs.kpi_id AND o.source = rs.source JOIN imports i ON i.id = o.import_id`;

/** The workspace's own monthly figures between two months (inclusive), for every KPI and breakdown. */
export function monthlyObservationsBetween(db: Db, fromMonth: string, toMonth: string): ObservationRow[] {
  return db
    .prepare<[number, number], ObservationRow>(`${SELECT_WITH_IMPORT} WHERE o.period_kind = 'month' AND o.area = '' AND o.month BETWEEN ? AND ? ORDER BY o.month, o.series_id`)
    .all(parseMonthKey(fromMonth), parseMonthKey(toMonth));
}

/** Every monthly figure of the KPIs (all breakdowns), oldest first. */
export function monthlyObservationsOfKpis(db: Db, kpiIds: readonly string[]): ObservationRow[] {
  const placeholders = kpiIds.map(() => '?').join(', ');
  return db
    .prepare<string[], ObservationRow>(`${SELECT_WITH_IMPORT} WHERE o.period_kind = 'month' AND o.area = '' AND o.kpi_id IN (${placeholders}) ORDER BY o.month, o.series_id`)
    .all(...kpiIds);
}

/** Each KPI's reporting source, for the KPIs that have monthly figures. */
export function reportingSources(db: Db): Map<string, string> {
  const rows = db.prepare<[], { kpi_id: string; source: string }>(`WITH ${REPORTING_SOURCES} SELECT kpi_id, source FROM reporting`).all();
  return new Map(rows.map((r) => [r.kpi_id, r.source]));
}

/** The sources a KPI has monthly figures from, with how many each. */
export function sourcesOfKpi(db: Db, kpiId: string): { source: string; figures: number }[] {
  return db
    .prepare<[string], { source: string; figures: number }>(
      `SELECT s.source, count(*) AS figures FROM series s JOIN figures f ON f.series_id = s.id
       WHERE s.kpi_id = ? AND s.period_kind = 'month' AND s.area = '' GROUP BY s.source ORDER BY s.source`,
    )
    .all(kpiId);
}

export function reportingSourceChoice(db: Db, kpiId: string): { source: string; by: string; at: string } | null {
  return db.prepare<[string], { source: string; by: string; at: string }>('SELECT source, chosen_by AS by, chosen_at AS at FROM kpi_source_choices WHERE kpi_id = ?').get(kpiId) ?? null;
}

/** The analyst's choice of a KPI's reporting source; null puts back the default. */
export function chooseReportingSource(db: Db, kpiId: string, choice: { source: string; by: string } | null, now = new Date().toISOString()): void {
  if (choice === null) db.prepare('DELETE FROM kpi_source_choices WHERE kpi_id = ?').run(kpiId);
  else
    db.prepare(
      'INSERT INTO kpi_source_choices (kpi_id, source, chosen_by, chosen_at) VALUES (?, ?, ?, ?) ON CONFLICT (kpi_id) DO UPDATE SET source = excluded.source, chosen_by = excluded.chosen_by, chosen_at = excluded.chosen_at',
    ).run(kpiId, choice.source, choice.by, now);
}

/** Monthly figures of the KPIs (headline and breakdowns) in the months, from every source, for reconciling them. */
export function monthlyFiguresBySource(db: Db, fromMonth: string, toMonth: string): (ObservationRow & { source: string })[] {
  return db
    .prepare<[number, number], ObservationRow & { source: string }>(
      `SELECT o.kpi_id, o.period_kind, o.period_start, o.area, o.dimension, o.category, o.source, o.value, o.import_id,
         o.source_file, o.source_sheet, o.source_cell, i.kind AS import_kind, i.label AS import_label
       FROM observations o JOIN imports i ON i.id = o.import_id
       WHERE o.period_kind = 'month' AND o.area = '' AND o.month BETWEEN ? AND ? ORDER BY o.month, o.series_id`,
    )
    .all(parseMonthKey(fromMonth), parseMonthKey(toMonth));
}

/** How many figures the workspace holds. */
export function countFigures(db: Db): number {
  return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM figures').get()!.n;
}

/** Whether the workspace holds any figure at all. */
export function hasFigures(db: Db): boolean {
  return db.prepare<[], { any: number }>('SELECT EXISTS (SELECT 1 FROM figures) AS any').get()!.any === 1;
}

/** A source's monthly figure of a KPI (or one breakdown of it), the force's own unless named, if the workspace holds one. */
export function monthlyFigure(db: Db, kpiId: string, month: string, dimension = '', category = '', source = ''): number | undefined {
  return db
    .prepare<[string, string, string, string, number], { value: number }>(
      `SELECT f.value FROM series s JOIN figures f ON f.series_id = s.id
       WHERE s.kpi_id = ? AND s.period_kind = 'month' AND s.area = '' AND s.dimension = ? AND s.category = ? AND s.source = ? AND f.month = ?`,
    )
    .get(kpiId, dimension, category, source, parseMonthKey(month))?.value;
}

export interface MonthRange {
  first: string | null;
  last: string | null;
  count: number;
}

export function monthlyRange(db: Db): MonthRange {
  const row = db
    .prepare<[], { first: number | null; last: number | null; count: number }>(
      `SELECT min(f.month) AS first, max(f.month) AS last, count(*) AS count FROM series s JOIN figures f ON f.series_id = s.id
       WHERE s.period_kind = 'month' AND s.area = ''`,
    )
    .get()!;
  return { first: row.first === null ? null : monthKey(row.first), last: row.last === null ? null : monthKey(row.last), count: row.count };
}

export interface FigureKeyFields {
  kpiId: string;
  periodKind: PeriodKind;
  periodStart: string;
  area: string;
  dimension: string;
  category: string;
  /** '' for the force's own figures (shared/domain/sources.ts); absent is the same. */
  source?: string;
}

type PeriodKind = 'month' | 'quarter' | 'year';

interface SeriesRow {
  id: number;
  kpi_id: string;
  period_kind: PeriodKind;
  area: string;
  dimension: string;
  category: string;
  source: string;
}

/** The figures of the series named (KPI, kind of period, area, breakdown), each found by its key. */
export function figuresOfSeries(db: Db, wanted: Iterable<Omit<FigureKeyFields, 'periodStart'>>): { key: FigureKeyFields & { source: string }; value: number }[] {
  const seriesOf = db.prepare<[string, string, string, string, string, string], { id: number }>(
    'SELECT id FROM series WHERE kpi_id = ? AND period_kind = ? AND area = ? AND dimension = ? AND category = ? AND source = ?',
  );
  const figuresOf = db.prepare<[number], { month: number; value: number }>('SELECT month, value FROM figures WHERE series_id = ?');
  const months = new MonthKeys();
  const found: { key: FigureKeyFields & { source: string }; value: number }[] = [];
  for (const s of wanted) {
    const series = seriesOf.get(s.kpiId, s.periodKind, s.area, s.dimension, s.category, s.source ?? '');
    if (!series) continue;
    for (const f of figuresOf.all(series.id)) found.push({ key: { ...s, source: s.source ?? '', periodStart: months.text(f.month) }, value: f.value });
  }
  return found;
}

/** How many figures are written between two progress reports. */
export const WRITE_STEP = 5000;

export interface FigureChange extends FigureKeyFields {
  value: number;
  /** The value it replaces; null for a new figure. */
  oldValue: number | null;
  sourceFile: string | null;
  sourceSheet: string | null;
  sourceCell: string | null;
  /** The cell as numbers, where the reading has them: saves writing its text only to read it back. */
  cellRow?: number;
  cellColumn?: number;
}

/** Month texts and numbers both ways, each worked out once: an import names a few hundred months a million times. */
class MonthKeys {
  private readonly numbers = new Map<string, number>();
  private readonly texts = new Map<number, string>();

  number(text: string): number {
    let n = this.numbers.get(text);
    if (n === undefined) this.numbers.set(text, (n = parseMonthKey(text)));
    return n;
  }

  text(n: number): string {
    let text = this.texts.get(n);
    if (text === undefined) this.texts.set(n, (text = monthKey(n)));
    return text;
  }
}

/** The workspace's series by their text key, read once per write; a series not yet there is added when first named. */
class SeriesIds {
  private readonly ids = new Map<string, number>();
  private readonly add;

  constructor(db: Db) {
    for (const s of db.prepare<[], SeriesRow>('SELECT id, kpi_id, period_kind, area, dimension, category, source FROM series').all()) {
      this.ids.set(SeriesIds.key(s.kpi_id, s.period_kind, s.area, s.dimension, s.category, s.source), s.id);
    }
    this.add = db.prepare<[string, string, string, string, string, string], { id: number }>(
      'INSERT INTO series (kpi_id, period_kind, area, dimension, category, source) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
    );
  }

  private static key(kpiId: string, periodKind: string, area: string, dimension: string, category: string, source: string): string {
    return `${kpiId}\u0000${periodKind}\u0000${area}\u0000${dimension}\u0000${category}\u0000${source}`;
  }

  private last: { c: FigureKeyFields; id: number } | null = null;

  idOf(c: FigureKeyFields): number {
    // A file names one series in many consecutive figures (a KPI's months in turn): those need no lookup.
    const last = this.last;
    const source = c.source ?? '';
    if (last && last.c.kpiId === c.kpiId && last.c.periodKind === c.periodKind && last.c.area === c.area && last.c.dimension === c.dimension && last.c.category === c.category && last.c.source === source) {
      return last.id;
    }
    const key = SeriesIds.key(c.kpiId, c.periodKind, c.area, c.dimension, c.category, source);
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.add.get(c.kpiId, c.periodKind, c.area, c.dimension, c.category, source)!.id));
    this.last = { c: { kpiId: c.kpiId, periodKind: c.periodKind, periodStart: '', area: c.area, dimension: c.dimension, category: c.category, source }, id };
    return id;
  }
}

/** The files and sheets one import wrote from, each recorded once. */
class SheetIds {
  private readonly ids = new Map<string, number>();
  private readonly add;

  constructor(
    db: Db,
    private readonly importId: number,
  ) {
    this.add = db.prepare<[number, string | null, string | null], { id: number }>('INSERT INTO import_sheets (import_id, file, sheet) VALUES (?, ?, ?) RETURNING id');
  }

  private last: { file: string | null; sheet: string | null; id: number } | null = null;

  idOf(file: string | null, sheet: string | null): number {
    if (this.last && this.last.file === file && this.last.sheet === sheet) return this.last.id;
    this.last = { file, sheet, id: this.lookUp(file, sheet) };
    return this.last.id;
  }

  private lookUp(file: string | null, sheet: string | null): number {
    const key = `${file === null ? '\u0001' : file}\u0000${sheet === null ? '\u0001' : sheet}`;
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.add.get(this.importId, file, sheet)!.id));
    return id;
  }
}

/** Figures per INSERT: one statement of many rows costs one call from JavaScript into SQLite, not one per figure. */
const INSERT_BATCH = 500;

/**
 * New figures, column by column: a million of them are six typed arrays rather than a million objects (or six
 * arrays of boxed numbers with room to grow). A cell's row and column are 1-based, so 0 stands for none. A
 * figure counted from records also names its last row and how many it counted; those are few, and kept apart.
 */
class NewFigures {
  series = new Int32Array(1024);
  months = new Int32Array(1024);
  values = new Float64Array(1024);
  sheets = new Int32Array(1024);
  private rows = new Int32Array(1024);
  private columns = new Int32Array(1024);
  readonly ranges = new Map<number, { lastRow: number | null; rowCount: number | null }>();
  length = 0;

  push(seriesId: number, month: number, value: number, sheetId: number, c: FigureChange): void {
    if (this.length === this.series.length) this.grow();
    const i = this.length++;
    if (c.cellRow !== undefined && c.cellColumn !== undefined) {
      this.rows[i] = c.cellRow;
      this.columns[i] = c.cellColumn;
    } else {
      const cell = cellOf(c);
      if (cell && cell.lastRow !== null) this.ranges.set(i, { lastRow: cell.lastRow, rowCount: cell.rowCount });
      this.rows[i] = cell?.row ?? 0;
      this.columns[i] = cell?.column ?? 0;
    }
    this.series[i] = seriesId;
    this.months[i] = month;
    this.values[i] = value;
    this.sheets[i] = sheetId;
  }

  row(i: number): number | null {
    return this.rows[i] || null;
  }

  column(i: number): number | null {
    return this.columns[i] || null;
  }

  private grow(): void {
    const n = this.series.length * 2;
    [this.series, this.months, this.sheets, this.rows, this.columns] = [this.series, this.months, this.sheets, this.rows, this.columns].map((a) => grown(a, n));
    this.values = grown(this.values, n);
  }

  /** The figures' positions in key order, or null when they are in it already, as a file read in key order is. */
  order(): Uint32Array | null {
    const key = (i: number) => this.series[i] * MONTHS_IN_KEY + this.months[i];
    let sorted = true;
    for (let i = 1; i < this.length && sorted; i++) sorted = key(i - 1) < key(i);
    if (sorted) return null;
    const keys = Float64Array.from({ length: this.length }, (_, i) => key(i));
    return Uint32Array.from({ length: this.length }, (_, i) => i).sort((a, b) => keys[a] - keys[b]);
  }
}

function cellOf(c: FigureChange): CellRef | null {
  if (c.cellRow !== undefined && c.cellColumn !== undefined) return { row: c.cellRow, column: c.cellColumn, lastRow: null, rowCount: null };
  return parseCellRef(c.sourceCell);
}

interface CurrentFigure {
  value: number;
  sheet_id: number;
  cell_row: number | null;
  cell_column: number | null;
  last_row: number | null;
  row_count: number | null;
}

/**
 * Writes an import's new and changed figures. Runs inside the caller's transaction. A new figure is only
 * inserted (the import that created it is known from its sheet); a changed one is updated and gets a
 * revision holding what it replaced (value and provenance). New figures, usually nearly all of a monthly file,
 * are inserted in the order of the figures' key, so SQLite appends to its B-tree rather than splitting pages
 * across it. A generator: it reports how many figures it has written as it goes, and must be run to its end.
 * It keeps none of the change objects it is given, so a caller may give one object filled again for each.
 */
export function* applyChanges(db: Db, importId: number, changes: Iterable<FigureChange>, now = new Date().toISOString()): Generator<number, void> {
  const series = new SeriesIds(db);
  const sheets = new SheetIds(db, importId);
  const months = new MonthKeys();
  const added = new NewFigures();
  const changed: { seriesId: number; month: number; value: number; sheetId: number; cell: CellRef | null }[] = [];
  for (const c of changes) {
    const seriesId = series.idOf(c);
    const month = months.number(c.periodStart);
    const sheetId = sheets.idOf(c.sourceFile, c.sourceSheet);
    if (c.oldValue === null) added.push(seriesId, month, c.value, sheetId, c);
    else changed.push({ seriesId, month, value: c.value, sheetId, cell: cellOf(c) });
  }
  const columns = 'series_id, month, value, sheet_id, cell_row, cell_column';
  const insertMany = db.prepare(`INSERT INTO figures (${columns}) VALUES ${Array(INSERT_BATCH).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`);
  const insertOne = db.prepare<[number, number, number, number, number | null, number | null, number | null, number | null]>(
    `INSERT INTO figures (${columns}, last_row, row_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const order = added.order();
  const batch: (number | null)[] = [];
  let written = 0;
  for (let k = 0; k < added.length; k++) {
    const i = order ? order[k] : k;
    const range = added.ranges.size ? added.ranges.get(i) : undefined;
    // A figure the plan found new is inserted straight away: were it there after all, the key stops the import.
    if (range) insertOne.run(added.series[i], added.months[i], added.values[i], added.sheets[i], added.row(i), added.column(i), range.lastRow, range.rowCount);
    else batch.push(added.series[i], added.months[i], added.values[i], added.sheets[i], added.row(i), added.column(i));
    if (batch.length === INSERT_BATCH * 6) {
      // Spread rather than passed as one array: better-sqlite3 binds arguments several times faster than an array's items.
      insertMany.run(...batch);
      batch.length = 0;
    }
    if (++written % WRITE_STEP === 0) yield written;
  }
  for (let j = 0; j < batch.length; j += 6) insertOne.run(batch[j]!, batch[j + 1]!, batch[j + 2]!, batch[j + 3]!, batch[j + 4], batch[j + 5], null, null);
  if (added.length) yield written;
  const current = db.prepare<[number, number], CurrentFigure>('SELECT value, sheet_id, cell_row, cell_column, last_row, row_count FROM figures WHERE series_id = ? AND month = ?');
  const update = db.prepare<[number, number, number | null, number | null, number | null, number | null, number, number]>(
    'UPDATE figures SET value = ?, sheet_id = ?, cell_row = ?, cell_column = ?, last_row = ?, row_count = ? WHERE series_id = ? AND month = ?',
  );
  const revision = db.prepare(`
    INSERT INTO figure_revisions (series_id, month, import_id, reason, old_value, old_sheet_id, old_cell_row, old_cell_column, old_last_row, old_row_count, new_value, changed_at)
    VALUES (?, ?, ?, 'import', ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const { seriesId, month, value, sheetId, cell } of changed) {
    if (++written % WRITE_STEP === 0) yield written;
    const [cellRow, cellColumn, lastRow, rowCount] = [cell?.row ?? null, cell?.column ?? null, cell?.lastRow ?? null, cell?.rowCount ?? null];
    const had = current.get(seriesId, month);
    if (!had) {
      insertOne.run(seriesId, month, value, sheetId, cellRow, cellColumn, lastRow, rowCount);
      continue;
    }
    update.run(value, sheetId, cellRow, cellColumn, lastRow, rowCount, seriesId, month);
    revision.run(seriesId, month, importId, had.value, had.sheet_id, had.cell_row, had.cell_column, had.last_row, had.row_count, value, now);
  }
}
