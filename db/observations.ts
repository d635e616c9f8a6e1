import { monthKey, parseMonthKey } from '../shared/domain/periods';
import { parseCellRef } from './cellRef';
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

/** Figures as the rest of the app reads them (the view `observations`, with the import that wrote each). */
const SELECT_WITH_IMPORT = `
  SELECT o.kpi_id, o.period_kind, o.period_start, o.area, o.dimension, o.category, o.value, o.import_id,
    o.source_file, o.source_sheet, o.source_cell, i.kind AS import_kind, i.label AS import_label
  FROM observations o JOIN imports i ON i.id = o.import_id`;

/** The workspace's own monthly figures between two months (inclusive), for every KPI and breakdown. */
export function monthlyObservationsBetween(db: Db, fromMonth: string, toMonth: string): ObservationRow[] {
  return db
    .prepare<[number, number], ObservationRow>(`${SELECT_WITH_IMPORT} WHERE o.period_kind = 'month' AND o.area = '' AND o.source = '' AND o.month BETWEEN ? AND ? ORDER BY o.month, o.series_id`)
    .all(parseMonthKey(fromMonth), parseMonthKey(toMonth));
}

/** Every monthly figure of the KPIs (all breakdowns), oldest first. */
export function monthlyObservationsOfKpis(db: Db, kpiIds: readonly string[]): ObservationRow[] {
  const placeholders = kpiIds.map(() => '?').join(', ');
  return db
    .prepare<string[], ObservationRow>(`${SELECT_WITH_IMPORT} WHERE o.period_kind = 'month' AND o.area = '' AND o.source = '' AND o.kpi_id IN (${placeholders}) ORDER BY o.month, o.series_id`)
    .all(...kpiIds);
}

/** How many figures the workspace holds. */
export function countFigures(db: Db): number {
  return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM figures').get()!.n;
}

/** Whether the workspace holds any figure at all. */
export function hasFigures(db: Db): boolean {
  return db.prepare<[], { any: number }>('SELECT EXISTS (SELECT 1 FROM figures) AS any').get()!.any === 1;
}

/** The force's own monthly figure of a KPI (or one breakdown of it), if the workspace holds one. */
export function monthlyFigure(db: Db, kpiId: string, month: string, dimension = '', category = ''): number | undefined {
  return db
    .prepare<[string, string, string, number], { value: number }>(
      `SELECT f.value FROM series s JOIN figures f ON f.series_id = s.id
       WHERE s.kpi_id = ? AND s.period_kind = 'month' AND s.area = '' AND s.dimension = ? AND s.category = ? AND s.source = '' AND f.month = ?`,
    )
    .get(kpiId, dimension, category, parseMonthKey(month))?.value;
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
       WHERE s.period_kind = 'month' AND s.area = '' AND s.source = ''`,
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
}

type PeriodKind = 'month' | 'quarter' | 'year';

interface SeriesRow {
  id: number;
  kpi_id: string;
  period_kind: PeriodKind;
  area: string;
  dimension: string;
  category: string;
}

/** Every figure of the given KPIs, keyed as the import planner keys them. */
export function figuresOfKpis(db: Db, kpiIds: readonly string[]): { key: FigureKeyFields; value: number }[] {
  if (!kpiIds.length) return [];
  const seriesOf = db.prepare<[string], SeriesRow>("SELECT id, kpi_id, period_kind, area, dimension, category FROM series WHERE kpi_id = ? AND source = ''");
  const figuresOf = db.prepare<[number], { month: number; value: number }>('SELECT month, value FROM figures WHERE series_id = ?');
  const months = new MonthKeys();
  return kpiIds.flatMap((id) =>
    seriesOf.all(id).flatMap((s) =>
      figuresOf.all(s.id).map((f) => ({
        key: { kpiId: s.kpi_id, periodKind: s.period_kind, periodStart: months.text(f.month), area: s.area, dimension: s.dimension, category: s.category },
        value: f.value,
      })),
    ),
  );
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
    for (const s of db.prepare<[], SeriesRow>("SELECT id, kpi_id, period_kind, area, dimension, category FROM series WHERE source = ''").all()) {
      this.ids.set(SeriesIds.key(s.kpi_id, s.period_kind, s.area, s.dimension, s.category), s.id);
    }
    this.add = db.prepare<[string, string, string, string, string], { id: number }>('INSERT INTO series (kpi_id, period_kind, area, dimension, category) VALUES (?, ?, ?, ?, ?) RETURNING id');
  }

  private static key(kpiId: string, periodKind: string, area: string, dimension: string, category: string): string {
    return `${kpiId}\u0000${periodKind}\u0000${area}\u0000${dimension}\u0000${category}`;
  }

  idOf(c: FigureKeyFields): number {
    const key = SeriesIds.key(c.kpiId, c.periodKind, c.area, c.dimension, c.category);
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.add.get(c.kpiId, c.periodKind, c.area, c.dimension, c.category)!.id));
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

  idOf(file: string | null, sheet: string | null): number {
    const key = `${file === null ? '\u0001' : file}\u0000${sheet === null ? '\u0001' : sheet}`;
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.add.get(this.importId, file, sheet)!.id));
    return id;
  }
}

/** A figure as the figures table stores it, in column order. */
type FigureValues = [seriesId: number, month: number, value: number, sheetId: number, row: number | null, column: number | null, lastRow: number | null, rowCount: number | null];

function figureValues(c: FigureChange, seriesId: number, month: number, sheetId: number): FigureValues {
  const cell = parseCellRef(c.sourceCell);
  return [seriesId, month, c.value, sheetId, cell?.row ?? null, cell?.column ?? null, cell?.lastRow ?? null, cell?.rowCount ?? null];
}

/** Figures per INSERT: one statement of many rows runs SQLite's parser once for them all. */
const INSERT_BATCH = 500;

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
 */
export function* applyChanges(db: Db, importId: number, changes: Iterable<FigureChange>, now = new Date().toISOString()): Generator<number, void> {
  const series = new SeriesIds(db);
  const sheets = new SheetIds(db, importId);
  const months = new MonthKeys();
  const added: FigureValues[] = [];
  const changed: { values: FigureValues; oldValue: number }[] = [];
  for (const c of changes) {
    const values = figureValues(c, series.idOf(c), months.number(c.periodStart), sheets.idOf(c.sourceFile, c.sourceSheet));
    if (c.oldValue === null) added.push(values);
    else changed.push({ values, oldValue: c.oldValue });
  }
  added.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const row = '(?, ?, ?, ?, ?, ?, ?, ?)';
  const insertMany = db.prepare(`INSERT INTO figures (series_id, month, value, sheet_id, cell_row, cell_column, last_row, row_count) VALUES ${Array(INSERT_BATCH).fill(row).join(', ')}`);
  const insertOne = db.prepare<FigureValues>(`INSERT INTO figures (series_id, month, value, sheet_id, cell_row, cell_column, last_row, row_count) VALUES ${row}`);
  let written = 0;
  const whole = added.length - (added.length % INSERT_BATCH);
  for (let i = 0; i < whole; i += INSERT_BATCH) {
    // A figure the plan found new is inserted straight away: were it there after all, the key stops the import.
    insertMany.run(added.slice(i, i + INSERT_BATCH).flat());
    written += INSERT_BATCH;
    if (written % WRITE_STEP === 0) yield written;
  }
  for (let i = whole; i < added.length; i++) insertOne.run(...added[i]);
  written = added.length;
  if (added.length) yield written;
  const current = db.prepare<[number, number], CurrentFigure>('SELECT value, sheet_id, cell_row, cell_column, last_row, row_count FROM figures WHERE series_id = ? AND month = ?');
  const update = db.prepare<[number, number, number | null, number | null, number | null, number | null, number, number]>(
    'UPDATE figures SET value = ?, sheet_id = ?, cell_row = ?, cell_column = ?, last_row = ?, row_count = ? WHERE series_id = ? AND month = ?',
  );
  const revision = db.prepare(`
    INSERT INTO figure_revisions (series_id, month, import_id, reason, old_value, old_sheet_id, old_cell_row, old_cell_column, old_last_row, old_row_count, new_value, changed_at)
    VALUES (?, ?, ?, 'import', ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const { values } of changed) {
    if (++written % WRITE_STEP === 0) yield written;
    const [seriesId, month, value, sheetId, cellRow, cellColumn, lastRow, rowCount] = values;
    const had = current.get(seriesId, month);
    if (!had) {
      insertOne.run(...values);
      continue;
    }
    update.run(value, sheetId, cellRow, cellColumn, lastRow, rowCount, seriesId, month);
    revision.run(seriesId, month, importId, had.value, had.sheet_id, had.cell_row, had.cell_column, had.last_row, had.row_count, value, now);
  }
}
