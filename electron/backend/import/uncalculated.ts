import { columnName } from '../../../shared/import/grid';

/** Cells holding a formula that no spreadsheet has calculated (no saved result), by sheet. */
export interface Uncalculated {
  sheet: string;
  cells: { row: number; column: number }[];
}

/** A file with formulas that have no saved result: the workbench never works one out itself. */
export class UncalculatedFormulas extends Error {
  constructor(readonly sheets: Uncalculated[]) {
    super(describeUncalculated(sheets));
    this.name = 'UncalculatedFormulas';
  }
}

/** "KPI Summary!AZ5:AZ18, B4:D4": the cells as rectangles, a column's run of rows joined with its neighbours'. */
export function describeUncalculated(sheets: readonly Uncalculated[]): string {
  const ranges: string[] = [];
  let cells = 0;
  for (const { sheet, cells: list } of sheets) {
    cells += list.length;
    const byColumn = new Map<number, number[]>();
    for (const c of list) byColumn.set(c.column, [...(byColumn.get(c.column) ?? []), c.row]);
    // Runs of rows per column, then runs with the same rows in neighbouring columns made one rectangle.
    const runs: { column: number; top: number; bottom: number; right: number }[] = [];
    for (const [column, rows] of [...byColumn].sort((a, b) => a[0] - b[0])) {
      rows.sort((a, b) => a - b);
      for (let i = 0; i < rows.length; ) {
        let j = i;
        while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
        const left = runs.find((r) => r.right === column - 1 && r.top === rows[i] && r.bottom === rows[j]);
        if (left) left.right = column;
        else runs.push({ column, top: rows[i], bottom: rows[j], right: column });
        i = j + 1;
      }
    }
    for (const r of runs) {
      const from = `${columnName(r.column)}${r.top + 1}`;
      const to = `${columnName(r.right)}${r.bottom + 1}`;
      ranges.push(`${sheet}!${from}${to === from ? '' : `:${to}`}`);
    }
  }
  const listed = ranges.length > 4 ? `${ranges.slice(0, 4).join(', ')} and ${ranges.length - 4} more ranges` : ranges.join(', ');
  const verb = cells === 1 ? 'holds a formula' : 'hold formulas';
  return `${listed} ${verb} that no spreadsheet has calculated; open and save the file in Excel or LibreOffice, or export values`;
}
