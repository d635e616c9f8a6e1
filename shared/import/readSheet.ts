import { findForceTableHeader, readForceTableSheet } from './forceTableLayout';
import { FigureTable } from './figureTable';
import { readNumber, type Grid } from './grid';
import type { KpiMatcher } from './labels';
import { findLongHeader, readLongSheet } from './longLayout';
import { findRecordHeader, readRecordSheet } from './recordLayout';
import type { SheetReading } from './types';
import { findMonthHeader, readWideSheet } from './wideLayout';
import { longHeaderFrom, wideHeaderFrom, type LayoutChoice } from './layoutChoice';

/**
 * Recognises a sheet's layout and reads it: record-level (data.police.uk headers), the Home Office's
 * quarterly tables by force, long (period, measure and value columns), or wide (months across), unless the
 * analyst has said how it is laid out. A sheet with no figures at all, such as a notes sheet, is passed over;
 * one with figures but no recognisable layout is an error.
 */
export function readSheet(grid: Grid, matcher: KpiMatcher, dimensionsOf: (kpiId: string) => readonly string[], choice?: LayoutChoice): SheetReading {
  // A record-level file was counted where it was parsed (its columns say what it is, whatever layout is chosen).
  if (grid.preRead) return grid.preRead;
  const reading = readSheetLayout(grid, matcher, dimensionsOf, choice);
  if (grid.percentCells && reading.figures.length) {
    // Said once per sheet, so that a rate of 88.4 is known to have been the cell 0.884 shown as 88.4%.
    const n = grid.percentCells;
    reading.problems.push({
      severity: 'warning',
      file: grid.file,
      sheet: grid.sheet,
      message: `${n.toLocaleString('en-GB')} cell${n === 1 ? ' is' : 's are'} formatted as percentages and ${n === 1 ? 'was' : 'were'} read as the spreadsheet shows ${n === 1 ? 'it' : 'them'} (0.884 shown as 88.4% is 88.4)`,
    });
  }
  return reading;
}

function readSheetLayout(grid: Grid, matcher: KpiMatcher, dimensionsOf: (kpiId: string) => readonly string[], choice?: LayoutChoice): SheetReading {
  if (choice?.kind === 'wide') {
    const { header, labelColumn } = wideHeaderFrom(grid, choice);
    if (header.months.size) return readWideSheet(grid, header, matcher, dimensionsOf, labelColumn);
  }
  if (choice?.kind === 'long') return readLongSheet(grid, longHeaderFrom(grid, choice));
  const records = findRecordHeader(grid);
  if (records) return readRecordSheet(grid, records);
  const forces = findForceTableHeader(grid);
  if (forces) return readForceTableSheet(grid, forces);
  const long = findLongHeader(grid);
  if (long) return readLongSheet(grid, long);
  const wide = findMonthHeader(grid);
  if (wide) return readWideSheet(grid, wide, matcher, dimensionsOf);
  const hasFigures = grid.rows.some((row) => row.some((v) => readNumber(v).kind === 'number'));
  if (!hasFigures) return { sheet: grid.sheet, layout: 'empty', figures: new FigureTable(grid.sheet), problems: [], skipped: [`sheet ${grid.sheet} (no figures)`] };
  return {
    sheet: grid.sheet,
    layout: 'empty',
    figures: new FigureTable(grid.sheet),
    skipped: [],
    problems: [
      {
        severity: 'error',
        file: grid.file,
        sheet: grid.sheet,
        message: 'no recognisable months in a header row (looked for "Apr-19", "April 2019", "2019-04", "04/2019" or dates), and no Month/Measure/Value columns',
      },
    ],
  };
}
