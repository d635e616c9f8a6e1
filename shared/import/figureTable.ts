import { monthKey } from '../domain/periods';
import { columnName } from './cellNames';
import { grown, type NumberArray } from '../typedArrays';

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

/** The kinds of period a figure covers, by number in a FigureTable. */
export const PERIOD_KINDS = ['month', 'quarter', 'year'] as const satisfies readonly RawFigure['periodKind'][];

/** What a reader gives for one figure; texts are kept once each, cells as 1-based row and column. */
export interface FigureFields {
  label: string;
  periodKind: RawFigure['periodKind'];
  /** The period's first month as a month number (shared/domain/periods.ts). */
  month: number;
  area: string;
  dimension: string;
  category: string;
  value: number;
  /** The value's cell, 1-based; or `cell` as text for a range of records counted. */
  cellRow: number;
  cellColumn: number;
  cell?: string;
  /** The label's cell, 1-based. */
  labelRow: number;
  labelColumn: number;
  counted?: boolean;
  source?: string;
}

/** A table's columns as they cross between threads (a class loses its prototype there). */
export interface FigureTableData {
  sheet: string;
  length: number;
  texts: string[];
  columns: { label: Int32Array; kind: Uint8Array; month: Int32Array; area: Int32Array; dimension: Int32Array; category: Int32Array; source: Int32Array; value: Float64Array; cellRow: Int32Array; cellColumn: Int32Array; labelRow: Int32Array; labelColumn: Int32Array; counted: Uint8Array };
  cellTexts: [number, string][];
}

const NO_SOURCE = -1;

/**
 * The figures one sheet yielded, column by column: a million figures of a long table are a dozen typed arrays
 * and a few hundred distinct texts, not a million objects for the collector to copy from one generation to the
 * next. The plan reads them by position; `figure(i)` makes one figure's object where a message quotes it.
 */
export class FigureTable {
  length = 0;
  private texts: string[] = [''];
  private readonly textIds = new Map<string, number>([['', 0]]);
  label = new Int32Array(64);
  kind = new Uint8Array(64);
  month = new Int32Array(64);
  area = new Int32Array(64);
  dimension = new Int32Array(64);
  category = new Int32Array(64);
  /** A text id, or -1 where the reader did not say (the force's own unless the import names one). */
  source = new Int32Array(64);
  value = new Float64Array(64);
  cellRow = new Int32Array(64);
  cellColumn = new Int32Array(64);
  labelRow = new Int32Array(64);
  labelColumn = new Int32Array(64);
  counted = new Uint8Array(64);
  /** A cell said as text (a range of records counted), by position: few. */
  private cellTexts = new Map<number, string>();

  constructor(readonly sheet: string) {}

  /** The number standing for a text in this table's columns. */
  textId(text: string): number {
    let id = this.textIds.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.textIds.set(text, id);
    }
    return id;
  }

  text(id: number): string {
    return this.texts[id];
  }

  add(f: FigureFields): void {
    this.addIds(this.textId(f.label), f.periodKind === 'month' ? 0 : f.periodKind === 'quarter' ? 1 : 2, f.month, this.textId(f.area), this.textId(f.dimension), this.textId(f.category), f.value, f.cellRow, f.cellColumn, f.labelRow, f.labelColumn);
    const i = this.length - 1;
    if (f.cell !== undefined) this.cellTexts.set(i, f.cell);
    if (f.counted) this.counted[i] = 1;
    if (f.source !== undefined) this.source[i] = this.textId(f.source);
  }

  /** A figure by the ids of its texts (textId), for a reader that has them already. */
  addIds(label: number, kind: number, month: number, area: number, dimension: number, category: number, value: number, cellRow: number, cellColumn: number, labelRow: number, labelColumn: number): void {
    if (this.length === this.label.length) this.grow();
    const i = this.length++;
    this.label[i] = label;
    this.kind[i] = kind;
    this.month[i] = month;
    this.area[i] = area;
    this.dimension[i] = dimension;
    this.category[i] = category;
    this.source[i] = NO_SOURCE;
    this.value[i] = value;
    this.cellRow[i] = cellRow;
    this.cellColumn[i] = cellColumn;
    this.labelRow[i] = labelRow;
    this.labelColumn[i] = labelColumn;
  }

  private grow(): void {
    const n = Math.max(64, this.label.length * 2);
    const more = <T extends NumberArray>(a: T): T => grown(a, n);
    this.label = more(this.label);
    this.kind = more(this.kind);
    this.month = more(this.month);
    this.area = more(this.area);
    this.dimension = more(this.dimension);
    this.category = more(this.category);
    this.source = more(this.source);
    this.value = more(this.value);
    this.cellRow = more(this.cellRow);
    this.cellColumn = more(this.cellColumn);
    this.labelRow = more(this.labelRow);
    this.labelColumn = more(this.labelColumn);
    this.counted = more(this.counted);
  }

  periodKind(i: number): RawFigure['periodKind'] {
    return PERIOD_KINDS[this.kind[i]];
  }

  /** The figure's source as its reader said, or undefined. */
  sourceOf(i: number): string | undefined {
    return this.source[i] === NO_SOURCE ? undefined : this.texts[this.source[i]];
  }

  /** Every figure of the table said to come from one source (a source named for the file's shape). */
  setSource(source: string): void {
    const id = this.textId(source);
    this.source.fill(id, 0, this.length);
  }

  /** The value's cell as text ("D7", or a range of records counted). */
  cell(i: number): string {
    return this.cellTexts.get(i) ?? `${columnName(this.cellColumn[i] - 1)}${this.cellRow[i]}`;
  }

  /** Whether the value's cell is one cell, known by its row and column. */
  hasCellNumbers(i: number): boolean {
    return !this.cellTexts.has(i);
  }

  labelCell(i: number): string {
    return `${columnName(this.labelColumn[i] - 1)}${this.labelRow[i]}`;
  }

  /** The labels the sheet names, in the order they first appear. */
  labels(): string[] {
    const seen = new Set<number>();
    for (let i = 0; i < this.length; i++) seen.add(this.label[i]);
    return [...seen].map((id) => this.texts[id]);
  }

  /** One figure as an object, for what a message or a preview says of it. */
  figure(i: number): RawFigure {
    const source = this.sourceOf(i);
    const numbered = this.hasCellNumbers(i);
    return {
      label: this.texts[this.label[i]],
      periodKind: this.periodKind(i),
      periodStart: monthKey(this.month[i]),
      area: this.texts[this.area[i]],
      dimension: this.texts[this.dimension[i]],
      category: this.texts[this.category[i]],
      value: this.value[i],
      sheet: this.sheet,
      cell: this.cell(i),
      labelCell: this.labelCell(i),
      ...(numbered ? { cellRow: this.cellRow[i], cellColumn: this.cellColumn[i] } : {}),
      ...(this.counted[i] ? { counted: true } : {}),
      ...(source !== undefined ? { source } : {}),
    };
  }

  /** The columns cut to the figures held, to cross to another thread. */
  toData(): FigureTableData {
    const n = this.length;
    return {
      sheet: this.sheet,
      length: n,
      texts: this.texts,
      columns: {
        label: this.label.slice(0, n),
        kind: this.kind.slice(0, n),
        month: this.month.slice(0, n),
        area: this.area.slice(0, n),
        dimension: this.dimension.slice(0, n),
        category: this.category.slice(0, n),
        source: this.source.slice(0, n),
        value: this.value.slice(0, n),
        cellRow: this.cellRow.slice(0, n),
        cellColumn: this.cellColumn.slice(0, n),
        labelRow: this.labelRow.slice(0, n),
        labelColumn: this.labelColumn.slice(0, n),
        counted: this.counted.slice(0, n),
      },
      cellTexts: [...this.cellTexts],
    };
  }

  static fromData(data: FigureTableData): FigureTable {
    const table = new FigureTable(data.sheet);
    table.length = data.length;
    table.texts = data.texts;
    data.texts.forEach((text, id) => table.textIds.set(text, id));
    Object.assign(table, data.columns);
    table.cellTexts = new Map(data.cellTexts);
    return table;
  }
}
