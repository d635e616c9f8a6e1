import { DATA_POLICE_UK } from '../domain/sources';
import { parseMonth } from '../domain/periods';
import { cellAddress, cellText, columnName, headRows, isBlank, type CellValue, type Grid, type SheetPlace } from './grid';
import { londonMonthOf } from './months';
import { FigureTable } from './figureTable';
import type { ImportProblem, SheetReading } from './types';

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
  return recordHeaderOf(headRows(grid)[0] ?? []);
}

export function recordHeaderOf(first: readonly CellValue[]): RecordHeader | undefined {
  const columns = new Map<string, number>();
  first.forEach((v, c) => typeof v === 'string' && columns.set(v.trim(), c));
  for (const kind of Object.keys(REQUIRED) as RecordKind[]) {
    if (REQUIRED[kind].every((name) => columns.has(name))) return { kind, row: 0, columns };
  }
  return undefined;
}

/** A key no crime type can have, for the all-crime tally among a month's types. */
const ALL_CRIME = '\u0000all-crime';

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

/**
 * The tallies one record can add to, found once per month (and reason) rather than once per count: a
 * file of half a million searches makes six counts a record, and building a key for each was most of the
 * time the import took to read it.
 */
interface TallyGroup {
  all: Tally;
  positive: Tally;
  arrests: Tally;
}

interface OutcomeKind {
  positive: boolean;
  arrest: boolean;
}

function outcomeKind(outcome: string): OutcomeKind {
  return { positive: outcome !== '' && !NO_FURTHER_ACTION.test(outcome), arrest: /^arrest/i.test(outcome) };
}

function bump(tally: Tally, r: number): void {
  if (tally.count++ === 0) tally.first = r;
  tally.last = r;
}

export function readRecordSheet(grid: Grid, header: RecordHeader): SheetReading {
  const tally = recordTally(grid, header);
  for (let r = header.row + 1; r < grid.rows.length; r++) tally.add(grid.rows[r], r);
  return tally.finish();
}

/** Counts a record-level sheet one row at a time, as a text file's rows are parsed: none need be held. */
export interface RecordTally {
  add(row: readonly CellValue[], r: number): void;
  finish(): SheetReading;
}

/** A tally of the records of a sheet (its place names each problem's cell). */
export function recordTally(grid: SheetPlace & { file: string }, header: RecordHeader): RecordTally {
  const problems: ImportProblem[] = [];
  const tallies: Tally[] = [];
  const tally = (label: string, month: number, dimension: string, category: string): Tally => {
    const t: Tally = { label, month, dimension, category, count: 0, first: 0, last: 0 };
    tallies.push(t);
    return t;
  };
  const searchGroup = (month: number, dimension: string, category: string): TallyGroup => ({
    all: tally('stop-searches', month, dimension, category),
    positive: tally('stop-search-positive-outcomes', month, dimension, category),
    arrests: tally('stop-search-arrests', month, dimension, category),
  });
  // A file has a handful of outcomes, each written the same way half a million times.
  const outcomes = new Map<string, OutcomeKind>();
  const byMonth = new Map<number, TallyGroup>();
  const byMonthAndReason = new Map<number, Map<string, TallyGroup>>();
  const byMonthAndType = new Map<number, Map<string, Tally>>();
  const col = (name: string) => header.columns.get(name)!;
  const monthColumn = header.kind === 'stop-and-search' ? col('Date') : col('Month');
  const reasonColumn = header.kind === 'stop-and-search' ? col('Object of search') : -1;
  const outcomeColumn = header.kind === 'stop-and-search' ? col('Outcome') : -1;
  const typeColumn = header.kind === 'street-crime' ? col('Crime type') : -1;

  const add = (row: readonly CellValue[], r: number): void => {
    const when = cellText(row[monthColumn]);
    if (when === '' && row.every(isBlank)) return;
    const month = header.kind === 'stop-and-search' ? londonMonthOf(when) : parseMonth(when);
    if (month === undefined) {
      problems.push({ severity: 'error', file: grid.file, sheet: grid.sheet, cell: cellAddress(grid, r, monthColumn), message: `"${when}" is not a ${header.kind === 'stop-and-search' ? 'date and time' : 'month'}` });
      return;
    }
    if (header.kind === 'stop-and-search') {
      const reason = cellText(row[reasonColumn]) || 'Not stated';
      const outcome = cellText(row[outcomeColumn]);
      let kind = outcomes.get(outcome);
      if (kind === undefined) outcomes.set(outcome, (kind = outcomeKind(outcome)));
      let total = byMonth.get(month);
      if (!total) byMonth.set(month, (total = searchGroup(month, '', '')));
      let reasons = byMonthAndReason.get(month);
      if (!reasons) byMonthAndReason.set(month, (reasons = new Map()));
      let byReason = reasons.get(reason);
      if (!byReason) reasons.set(reason, (byReason = searchGroup(month, 'Reason', reason)));
      bump(total.all, r);
      bump(byReason.all, r);
      if (kind.positive) {
        bump(total.positive, r);
        bump(byReason.positive, r);
      }
      if (kind.arrest) {
        bump(total.arrests, r);
        bump(byReason.arrests, r);
      }
    } else {
      const type = cellText(row[typeColumn]);
      if (!type) {
        problems.push({ severity: 'error', file: grid.file, sheet: grid.sheet, cell: cellAddress(grid, r, typeColumn), message: 'this crime has no crime type' });
        return;
      }
      let types = byMonthAndType.get(month);
      if (!types) byMonthAndType.set(month, (types = new Map()));
      let ofType = types.get(type);
      if (!ofType) types.set(type, (ofType = tally(type, month, '', '')));
      bump(ofType, r);
      // police.uk's "all crime" leaves anti-social behaviour out.
      if (type.toLowerCase() !== 'anti-social behaviour') {
        let all = types.get(ALL_CRIME);
        if (!all) types.set(ALL_CRIME, (all = tally('all-crime', month, '', '')));
        bump(all, r);
      }
    }
    };

  const finish = (): SheetReading => {
  const letter = columnName(grid.originColumn + monthColumn);
  const figures = new FigureTable(grid.sheet);
  for (const tally of tallies) {
    if (tally.count === 0) continue;
    const first = grid.originRow + tally.first + 1;
    const last = grid.originRow + tally.last + 1;
    figures.add({
      label: tally.label,
      periodKind: 'month',
      month: tally.month,
      area: '',
      dimension: tally.dimension,
      category: tally.category,
      value: tally.count,
      cellRow: first,
      cellColumn: grid.originColumn + monthColumn + 1,
      cell: `${letter}${first}:${letter}${last} (${tally.count} rows)`,
      labelRow: first,
      labelColumn: grid.originColumn + monthColumn + 1,
      // The count of every record the file holds: one warning for a short month, not one per subset of it.
      counted: tally.label === 'stop-searches' || tally.label === 'all-crime',
      source: DATA_POLICE_UK,
    });
  }
  return { sheet: grid.sheet, layout: 'records', figures, problems, skipped: [] };
  };
  return { add, finish };
}
