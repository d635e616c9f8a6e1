import type { FigureTable } from './figureTable';

export type { RawFigure } from './figureTable';

export type Severity = 'error' | 'warning';

/** Something the analyst should know about a file, with its place. */
export interface ImportProblem {
  severity: Severity;
  /** What kind of problem, for logic to test; the message is for people. */
  kind?: 'unmatched_label' | 'undefined_kpi' | 'nothing_to_import';
  file: string;
  sheet?: string;
  cell?: string;
  message: string;
}

export type Layout = 'wide' | 'long' | 'records' | 'force-table' | 'empty';

/** What one sheet yielded. */
export interface SheetReading {
  sheet: string;
  layout: Layout;
  /** Column by column (FigureTable): a long table's million figures are not a million objects. */
  figures: FigureTable;
  problems: ImportProblem[];
  /** Rows and columns recognised as not data (totals, headings, footnotes), for the preview. */
  skipped: string[];
  /** The sheet's title above its header, where a published table carries one: kept with the figures' provenance. */
  title?: string;
}
