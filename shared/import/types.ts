import type { FigureTable } from './figureTable';

/** A figure read from a file, before its label is matched to a KPI. */
export interface RawFigure {
  /** The KPI as the file names it (or a KPI id, for counts the workbench derives itself). */
  label: string;
  periodKind: 'month' | 'quarter' | 'year';
  /** First month of the period, "YYYY-MM". */
  periodStart: string;
  area: string;
  dimension: string;
  category: string;
  value: number;
  sheet: string;
  cell: string;
  /** Where the label itself is, for listing labels that match nothing. */
  labelCell: string;
  /** The value's cell as 1-based row and column, where the reading knows them without its text. */
  cellRow?: number;
  cellColumn?: number;
  /** A count of the file's records (not a figure the file states): a month cut short shows as a low count. */
  counted?: boolean;
  /** Where the figure comes from, when the file's shape says (data.police.uk's records); else the force's own. */
  source?: string;
}

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
