import { describe, expect, it } from 'vitest';
import { monthKey, parseMonthKey } from '../../shared/domain/periods';
import type { Grid } from '../../shared/import/grid';
import { KpiMatcher } from '../../shared/import/labels';
import { FigureIndex, planImport, WARNINGS_LISTED_PER_KIND, type PlanInput } from '../../shared/import/plan';
import { readSheet } from '../../shared/import/readSheet';
import { FigureTable } from '../../shared/import/figureTable';
import { catalogue, kpisById } from './helpers';

const matcher = new KpiMatcher(catalogue.kpis);

/** A long table's rows (Month, Measure, Area, Value) as one sheet of one file. */
function plan(rows: (string | number)[][], extra: Partial<PlanInput> = {}) {
  const grid: Grid = { file: 'long.csv', sheet: 'Sheet1', originRow: 0, originColumn: 0, rows: [['Month', 'Measure', 'Area', 'Value'], ...rows] };
  const sheet = readSheet(grid, matcher, () => []);
  return planImport({
    readings: [{ file: 'long.csv', sha256: '', sheets: [sheet], problems: [] }],
    matcher,
    kpis: kpisById,
    existing: new FigureIndex<number>(),
    history: new Map(),
    now: parseMonthKey('2026-12'),
    ...extra,
  });
}

describe('a plan of figures held column by column', () => {
  it('finds a figure given twice in a file ordered month by month, naming both cells', () => {
    // Month-major, as a force's extract often is: every measure for April, then every measure for May.
    const rows = [
      ['2019-04', 'Number of 999 Calls', '', 100],
      ['2019-04', 'Number of 101 Calls', '', 200],
      ['2019-05', 'Number of 999 Calls', '', 110],
      ['2019-05', 'Number of 101 Calls', '', 210],
      ['2019-04', 'Number of 999 Calls', '', 100],
      ['2019-05', 'Number of 101 Calls', '', 999],
    ];
    const result = plan(rows);
    expect(result.errors.map((e) => [e.cell, e.message])).toEqual([['D7', 'two values for Number of 101 Calls, May 2019: 999 here and 210 at Sheet1!D5']]);
    expect(result.warnings.map((w) => [w.cell, w.message])).toEqual([['D6', 'Number of 999 Calls, April 2019 is given twice (also at Sheet1!D2), with the same value']]);
    expect(result.totals).toEqual({ added: 4, changed: 0, unchanged: 0 });
  });

  it('keeps a series that spans centuries (a mistyped year) apart from its neighbours', () => {
    const result = plan([
      ['2019-04', 'Number of 999 Calls', '', 100],
      ['2919-04', 'Number of 999 Calls', '', 100],
      ['2019-04', 'Number of 999 Calls', '', 101],
    ]);
    expect(result.errors.map((e) => e.message)).toEqual(['two values for Number of 999 Calls, April 2019: 101 here and 100 at Sheet1!D2']);
    expect(result.totals.added).toBe(2);
  });

  it('compares with what the workspace holds, and counts warnings past those it lists', () => {
    const existing = new FigureIndex<number>();
    existing.set({ kpiId: 'calls-999', periodKind: 'month', periodStart: '2019-04', area: '', dimension: '', category: '', source: '' }, 100);
    existing.set({ kpiId: 'calls-999', periodKind: 'month', periodStart: '2019-05', area: '', dimension: '', category: '', source: '' }, 105);
    const future = Array.from({ length: WARNINGS_LISTED_PER_KIND + 5 }, (_, i) => [monthKey(parseMonthKey('2027-01') + i), 'Number of 999 Calls', '', 100]);
    const result = plan([['2019-04', 'Number of 999 Calls', '', 100], ['2019-05', 'Number of 999 Calls', '', 110], ...future], { existing });
    expect(result.totals).toEqual({ added: future.length, changed: 1, unchanged: 1 });
    expect(result.changes.length).toBe(future.length + 1);
    expect(result.changes.changed(10).map((c) => [c.figure.periodStart, c.oldValue, c.figure.value, c.figure.cell])).toEqual([['2019-05', 105, 110, 'D3']]);
    const futureWarnings = result.warnings.filter((w) => w.message.endsWith('is in the future'));
    expect(futureWarnings).toHaveLength(WARNINGS_LISTED_PER_KIND);
    expect(futureWarnings[0]).toMatchObject({ cell: 'D4', message: 'Number of 999 Calls, January 2027 is in the future' });
    expect(result.warnings.map((w) => w.message)).toContain('… and 5 more figures in the future like those above');
  });

  it('keeps each figure’s cell, source and count through a crossing between threads', () => {
    const table = new FigureTable('Searches');
    table.add({ label: 'stop-searches', periodKind: 'month', month: parseMonthKey('2019-04'), area: '', dimension: '', category: '', value: 211, cellRow: 2, cellColumn: 2, cell: 'B2:B212 (211 rows)', labelRow: 2, labelColumn: 2, counted: true, source: 'data.police.uk' });
    table.add({ label: 'calls-999', periodKind: 'quarter', month: parseMonthKey('2019-04'), area: 'Leicestershire', dimension: '', category: '', value: 7, cellRow: 9, cellColumn: 28, labelRow: 9, labelColumn: 1 });
    const copy = FigureTable.fromData(structuredClone(table.toData()));
    expect([copy.figure(0), copy.figure(1)]).toEqual([table.figure(0), table.figure(1)]);
    expect(copy.figure(0)).toMatchObject({ cell: 'B2:B212 (211 rows)', labelCell: 'B2', counted: true, source: 'data.police.uk', periodStart: '2019-04' });
    expect(copy.figure(1)).toMatchObject({ cell: 'AB9', cellRow: 9, cellColumn: 28, labelCell: 'A9', periodKind: 'quarter', area: 'Leicestershire' });
    expect(copy.figure(1).source).toBeUndefined();
    copy.add({ label: 'calls-101', periodKind: 'month', month: 0, area: '', dimension: '', category: '', value: 1, cellRow: 1, cellColumn: 1, labelRow: 1, labelColumn: 1 });
    expect(copy.labels()).toEqual(['stop-searches', 'calls-999', 'calls-101']);
  });
});
