import { monthKey, parseMonth } from '../domain/periods';
import { cellAddress, cellText, columnName, type Grid } from './grid';
import { londonMonthOf } from './months';
import type { ImportProblem, RawFigure, SheetReading } from './types';

/**
 * Record-level files, one row per search or crime, as data.police.uk publishes them. Rows are counted
 * per month and category; the counts become figures of the KPIs the categories map to.
 */
export type RecordKind = 'stop-and-search' | 'street-crime';

export interface RecordHeader {
  kind: RecordKind;
  row: number;
  columns: Map<string, number>;
}

const REQUIRED: Record<RecordKind, string[]> = {
  'stop-and-search': ['Type', 'Date', 'Object of search', 'Outcome'],
  'street-crime': ['Month', 'Crime type'],
};

export function findRecordHeader(grid: Grid): RecordHeader | undefined {
  const first = grid.rows[0] ?? [];
  const columns = new Map<string, number>();
  first.forEach((v, c) => typeof v === 'string' && columns.set(v.trim(), c));
  for (const kind of Object.keys(REQUIRED) as RecordKind[]) {
    if (REQUIRED[kind].every((name) => columns.has(name))) return { kind, row: 0, columns };
  }
  return undefined;
}

/** Outcomes of a search that found nothing to act on; every other recorded outcome is positive. */
const NO_FURTHER_ACTION = /^(a no further action disposal|nothing found - no further action|no further action)$/i;

interface Tally {
  label: string;
  month: number;
  dimension: string;
  category: string;
  count: number;
  /** The first and last rows counted, for the figure's source. */
  first: number;
  last: number;
}

export function readRecordSheet(grid: Grid, header: RecordHeader): SheetReading {
  const problems: ImportProblem[] = [];
  const tallies = new Map<string, Tally>();
  const col = (name: string) => header.columns.get(name)!;
  const monthColumn = header.kind === 'stop-and-search' ? col('Date') : col('Month');
  const count = (label: string, month: number, dimension: string, category: string, r: number) => {
    const key = `${label}\u0000${month}\u0000${dimension}\u0000${category}`;
    const tally = tallies.get(key);
    if (tally) {
      tally.count++;
      tally.last = r;
    } else tallies.set(key, { label, month, dimension, category, count: 1, first: r, last: r });
  };
  const reasonColumn = header.kind === 'stop-and-search' ? col('Object of search') : -1;
  const outcomeColumn = header.kind === 'stop-and-search' ? col('Outcome') : -1;
  const typeColumn = header.kind === 'street-crime' ? col('Crime type') : -1;

  for (let r = header.row + 1; r < grid.rows.length; r++) {
    const row = grid.rows[r];
    if (row.every((v) => cellText(v) === '')) continue;
    const when = cellText(row[monthColumn]);
    const month = header.kind === 'stop-and-search' ? londonMonthOf(when) : parseMonth(when);
    if (month === undefined) {
      problems.push({ severity: 'error', file: grid.file, sheet: grid.sheet, cell: cellAddress(grid, r, monthColumn), message: `"${when}" is not a ${header.kind === 'stop-and-search' ? 'date and time' : 'month'}` });
      continue;
    }
    if (header.kind === 'stop-and-search') {
      const reason = cellText(row[reasonColumn]) || 'Not stated';
      const outcome = cellText(row[outcomeColumn]);
      const positive = outcome !== '' && !NO_FURTHER_ACTION.test(outcome);
      const arrest = /^arrest/i.test(outcome);
      count('stop-searches', month, '', '', r);
      count('stop-searches', month, 'Reason', reason, r);
      if (positive) {
        count('stop-search-positive-outcomes', month, '', '', r);
        count('stop-search-positive-outcomes', month, 'Reason', reason, r);
      }
      if (arrest) {
        count('stop-search-arrests', month, '', '', r);
        count('stop-search-arrests', month, 'Reason', reason, r);
      }
    } else {
      const type = cellText(row[typeColumn]);
      if (!type) {
        problems.push({ severity: 'error', file: grid.file, sheet: grid.sheet, cell: cellAddress(grid, r, typeColumn), message: 'this crime has no crime type' });
        continue;
      }
      count(type, month, '', '', r);
      // police.uk's "all crime" leaves anti-social behaviour out.
      if (type.toLowerCase() !== 'anti-social behaviour') count('all-crime', month, '', '', r);
    }
  }

  const letter = columnName(grid.originColumn + monthColumn);
  const figures: RawFigure[] = [...tallies.values()].map((tally) => {
    const first = grid.originRow + tally.first + 1;
    const last = grid.originRow + tally.last + 1;
    return {
      label: tally.label,
      periodKind: 'month',
      periodStart: monthKey(tally.month),
      area: '',
      dimension: tally.dimension,
      category: tally.category,
      value: tally.count,
      sheet: grid.sheet,
      cell: `${letter}${first}:${letter}${last} (${tally.count} rows)`,
      labelCell: `${letter}${first}`,
      // The count of every record the file holds: one warning for a short month, not one per subset of it.
      counted: tally.label === 'stop-searches' || tally.label === 'all-crime',
    };
  });
  return { sheet: grid.sheet, layout: 'records', figures, problems, skipped: [] };
}
