import { FigureTable } from './figureTable';
import { invalidNumberMessage, cellAddress, cellText, headRows, isBlank, readNumber, type CellValue, type Grid } from './grid';
import { periodStart, readPeriodCell } from './months';
import type { ImportProblem, SheetReading } from './types';
import { HEADER_SEARCH_ROWS } from './wideLayout';

const PERIOD_HEADERS = new Set(['month', 'period', 'date', 'month year', 'reporting month', 'reporting period', 'quarter', 'month ending']);
const MEASURE_HEADERS = new Set(['measure', 'kpi', 'indicator', 'metric', 'series', 'measure name', 'kpi name', 'indicator name']);
const VALUE_HEADERS = new Set(['value', 'count', 'figure', 'number', 'total', 'volume', 'amount', 'result']);
const AREA_HEADERS = new Set(['area', 'force', 'force name', 'police force', 'district', 'local policing area', 'lpa']);
const DIMENSION_NAME_HEADERS = new Set(['breakdown', 'dimension', 'breakdown type']);
const CATEGORY_HEADERS = new Set(['category', 'breakdown value', 'group']);

/** Distinct cell texts a long table's reading remembers; past this, a column of free text is read cell by cell. */
const DISTINCT_TEXTS = 65_536;

export interface LongHeader {
  row: number;
  period: number;
  measure: number;
  value: number;
  area?: number;
  dimensionName?: number;
  category?: number;
  /** Any other named column is a breakdown of its own: column → dimension name ("Age band"). */
  breakdowns: Map<number, string>;
}

/** A header row naming a period, a measure and a value column. */
export function findLongHeader(grid: Grid): LongHeader | undefined {
  const rows = headRows(grid);
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r++) {
    const names = rows[r].map((v) => (typeof v === 'string' ? normaliseHeader(v) : ''));
    const find = (set: Set<string>) => {
      const i = names.findIndex((n) => set.has(n));
      return i === -1 ? undefined : i;
    };
    const period = find(PERIOD_HEADERS);
    const measure = find(MEASURE_HEADERS);
    const value = find(VALUE_HEADERS);
    if (period === undefined || measure === undefined || value === undefined) continue;
    const area = find(AREA_HEADERS);
    const dimensionName = find(DIMENSION_NAME_HEADERS);
    const category = find(CATEGORY_HEADERS);
    const used = new Set([period, measure, value, area, dimensionName, category]);
    const breakdowns = new Map<number, string>();
    rows[r].forEach((v, c) => {
      if (!used.has(c) && typeof v === 'string' && v.trim()) breakdowns.set(c, v.trim());
    });
    return { row: r, period, measure, value, area, dimensionName, category, breakdowns };
  }
  return undefined;
}

function normaliseHeader(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * One row per figure: period, measure and value columns; an Area or Force column; a Breakdown/Category
 * pair, or any other column (Age band, Gender) as a breakdown of its own.
 */
export function readLongSheet(grid: Grid, header: LongHeader): SheetReading {
  const problems: ImportProblem[] = [];
  const figures = new FigureTable(grid.sheet);
  const skipped: string[] = [];
  const at = (r: number, c: number) => cellAddress(grid, r, c);
  const problem = (r: number, c: number, message: string) =>
    problems.push({ severity: 'error', file: grid.file, sheet: grid.sheet, cell: at(r, c), message });

  // A long table repeats a few measures, months and areas on every row: each distinct cell is read once,
  // and every figure naming it holds the number of its text.
  const ids = new Map<CellValue, number>();
  const idOf = (value: CellValue | undefined): number => {
    if (typeof value !== 'string') return figures.textId(cellText(value));
    let id = ids.get(value);
    if (id === undefined) {
      id = figures.textId(cellText(value));
      if (ids.size < DISTINCT_TEXTS) ids.set(value, id);
    }
    return id;
  };
  const periods = new Map<CellValue, ReturnType<typeof readPeriodCell>>();
  const periodOf = (value: CellValue | undefined) => {
    if (value === undefined || value instanceof Date) return readPeriodCell(value);
    if (periods.has(value)) return periods.get(value);
    const period = readPeriodCell(value);
    if (periods.size < DISTINCT_TEXTS) periods.set(value, period);
    return period;
  };
  const noText = figures.textId('');
  const valueColumn = grid.originColumn + header.value + 1;
  const labelColumn = grid.originColumn + header.measure + 1;
  // A text table's rows are read in turn into one array, not a million arrays made first.
  const rowAt = grid.text ? grid.text.cursor() : (r: number) => grid.rows[r];
  const rowCount = grid.text ? grid.text.length : grid.rows.length;
  for (let r = header.row + 1; r < rowCount; r++) {
    const row = rowAt(r);
    const measure = idOf(row[header.measure]);
    // A row with a measure is not blank: only one without is looked at cell by cell.
    if (measure === noText && row.every(isBlank)) continue;
    const periodCell = row[header.period];
    const reading = readNumber(row[header.value]);
    if (measure === noText && isBlank(periodCell)) {
      skipped.push(`row ${grid.originRow + r + 1} "${cellText(row.find((v) => !isBlank(v)) ?? null)}" (no measure or period)`);
      continue;
    }
    if (measure === noText) {
      problem(r, header.measure, 'this row has no measure');
      continue;
    }
    const period = periodOf(periodCell);
    if (!period) {
      problem(r, header.period, `"${cellText(periodCell)}" is not a month, quarter or financial year`);
      continue;
    }
    if (reading.kind === 'missing') continue;
    if (reading.kind === 'invalid') {
      problem(r, header.value, invalidNumberMessage(reading));
      continue;
    }
    let dimension = header.dimensionName !== undefined ? idOf(row[header.dimensionName]) : noText;
    let category = header.category !== undefined ? idOf(row[header.category]) : noText;
    const extra = header.breakdowns.size ? [...header.breakdowns].filter(([c]) => !isBlank(row[c])) : [];
    if (extra.length) {
      dimension = figures.textId([figures.text(dimension), ...extra.map(([, name]) => name)].filter(Boolean).join(' / '));
      category = figures.textId([figures.text(category), ...extra.map(([c]) => cellText(row[c]))].filter(Boolean).join(' / '));
    }
    if ((dimension === noText) !== (category === noText)) {
      problem(r, header.category ?? header.dimensionName ?? header.measure, 'a breakdown needs both its name and its category');
      continue;
    }
    const sheetRow = grid.originRow + r + 1;
    figures.addIds(
      measure,
      period.kind === 'month' ? 0 : period.kind === 'quarter' ? 1 : 2,
      periodStart(period),
      header.area !== undefined ? idOf(row[header.area]) : noText,
      dimension,
      category,
      reading.value,
      sheetRow,
      valueColumn,
      sheetRow,
      labelColumn,
    );
  }
  if (!figures.length && !problems.length) skipped.push(`sheet ${grid.sheet}: a long table with no figures`);
  return { sheet: grid.sheet, layout: 'long', figures, problems, skipped };
}
