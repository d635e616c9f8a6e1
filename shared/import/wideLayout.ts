import { monthKey } from '../domain/periods';
import { invalidNumberMessage, cellAddress, cellText, headRows, isBlank, readNumber, type Grid } from './grid';
import type { KpiMatcher } from './labels';
import { readMonthCell } from './months';
import { FigureTable } from './figureTable';
import type { ImportProblem, SheetReading } from './types';

/** How far down a sheet the header row may sit, below titles and merged banners. */
export const HEADER_SEARCH_ROWS = 40;

export interface MonthHeader {
  row: number;
  /** Month columns: grid column → month index. */
  months: Map<number, number>;
}

/** The row with the most month cells, among the first rows of the sheet. */
export function findMonthHeader(grid: Grid): MonthHeader | undefined {
  let best: MonthHeader | undefined;
  const rows = headRows(grid);
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r++) {
    const months = new Map<number, number>();
    rows[r].forEach((value, c) => {
      const month = readMonthCell(value);
      if (month !== undefined) months.set(c, month);
    });
    if (months.size > (best?.months.size ?? 0)) best = { row: r, months };
  }
  return best;
}

const FOOTNOTE = /^(\*|†|‡|note\b|notes\b|source\b|sources\b|please note|n\.?b\.?\b)/i;
const DIMENSION_HEADING = /^[A-Za-z][A-Za-z ]{1,30}$/;

/**
 * KPIs down, months across. The header is the row with the most month cells; the label column is the
 * column left of the months that holds the most text. Columns that are not months (Total, YTD, Average)
 * and rows without figures (titles, section headings such as "1. Calls", blank rows, footnotes) are
 * skipped. Under a KPI with breakdowns, a heading naming one of its dimensions ("Gender") makes the rows
 * below it that KPI's categories ("Male", "Female").
 */
export function readWideSheet(
  grid: Grid,
  header: MonthHeader,
  matcher: KpiMatcher,
  dimensionsOf: (kpiId: string) => readonly string[],
  /** The column of labels, when the analyst has said which. */
  chosenLabelColumn?: number,
): SheetReading {
  const problems: ImportProblem[] = [];
  const skipped: string[] = [];
  const figures = new FigureTable(grid.sheet);
  const at = (r: number, c: number) => cellAddress(grid, r, c);
  const problem = (r: number, c: number, message: string) =>
    problems.push({ severity: 'error', file: grid.file, sheet: grid.sheet, cell: at(r, c), message });

  const monthColumns = [...header.months.keys()].sort((a, b) => a - b);
  const seenMonths = new Map<number, number>();
  for (const c of monthColumns) {
    const month = header.months.get(c)!;
    const earlier = seenMonths.get(month);
    if (earlier !== undefined) problem(header.row, c, `${monthKey(month)} appears twice in the header (also ${at(header.row, earlier)})`);
    seenMonths.set(month, c);
  }
  grid.rows[header.row].forEach((value, c) => {
    if (!header.months.has(c) && c > monthColumns[0] && !isBlank(value)) skipped.push(`column ${at(header.row, c)} "${cellText(value)}" (not a month)`);
  });

  const firstMonthColumn = monthColumns[0];
  const labelColumn = chosenLabelColumn ?? chooseLabelColumn(grid, header.row, firstMonthColumn);
  if (labelColumn === undefined) {
    problem(header.row, firstMonthColumn, 'there is no column of labels to the left of the months');
    return { sheet: grid.sheet, layout: 'wide', figures, problems, skipped };
  }

  let contextKpi: string | undefined;
  let contextDimension: string | undefined;
  for (let r = header.row + 1; r < grid.rows.length; r++) {
    const row = grid.rows[r];
    const label = labelOf(row, labelColumn, firstMonthColumn);
    const hasFigures = monthColumns.some((c) => readNumber(row[c]).kind !== 'missing');
    if (!hasFigures) {
      if (!label) continue;
      const kpiId = matcher.match(label);
      if (kpiId) {
        contextKpi = kpiId;
        contextDimension = undefined;
      } else if (contextKpi && DIMENSION_HEADING.test(label) && dimensionsOf(contextKpi).some((d) => d.toLowerCase() === label.toLowerCase())) {
        contextDimension = dimensionsOf(contextKpi).find((d) => d.toLowerCase() === label.toLowerCase());
      } else {
        contextKpi = undefined;
        contextDimension = undefined;
      }
      skipped.push(`row ${grid.originRow + r + 1} "${truncate(label)}" (${FOOTNOTE.test(label) ? 'footnote' : 'heading, no figures'})`);
      continue;
    }
    if (!label) {
      problem(r, labelColumn, 'this row has figures but no label');
      continue;
    }
    const kpiId = matcher.match(label);
    let rowLabel = label;
    let dimension = '';
    let category = '';
    if (kpiId) {
      contextKpi = kpiId;
      contextDimension = undefined;
    } else if (contextKpi && contextDimension) {
      rowLabel = contextKpi;
      dimension = contextDimension;
      category = label;
    }
    for (const c of monthColumns) {
      const reading = readNumber(row[c]);
      if (reading.kind === 'missing') continue;
      if (reading.kind === 'invalid') {
        problem(r, c, invalidNumberMessage(reading));
        continue;
      }
      figures.add({
        label: rowLabel,
        periodKind: 'month',
        month: header.months.get(c)!,
        area: '',
        dimension,
        category,
        value: reading.value,
        cellRow: grid.originRow + r + 1,
        cellColumn: grid.originColumn + c + 1,
        labelRow: grid.originRow + r + 1,
        labelColumn: grid.originColumn + labelColumn + 1,
      });
    }
  }
  return { sheet: grid.sheet, layout: 'wide', figures, problems, skipped };
}

/** The label of a row: its label column, or failing that the first text to the left of the months. */
function labelOf(row: readonly unknown[], labelColumn: number, firstMonthColumn: number): string {
  const own = cellText(row[labelColumn] as never);
  if (own) return own;
  for (let c = 0; c < firstMonthColumn; c++) {
    const text = cellText(row[c] as never);
    if (text && readNumber(row[c] as never).kind !== 'number') return text;
  }
  return '';
}

function chooseLabelColumn(grid: Grid, headerRow: number, firstMonthColumn: number): number | undefined {
  let best: number | undefined;
  let bestCount = 0;
  for (let c = 0; c < firstMonthColumn; c++) {
    let count = 0;
    for (let r = headerRow + 1; r < grid.rows.length; r++) {
      const value = grid.rows[r][c];
      if (!isBlank(value) && readNumber(value).kind !== 'number') count++;
    }
    if (count > bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return best;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
