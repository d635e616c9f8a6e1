import { AUTHOR_NOT_SET } from '../author';
import type ExcelJS from 'exceljs';
import type { Unit } from '../../../shared/domain/kpi';

/**
 * Spreadsheets written with ExcelJS rather than SheetJS: SheetJS Community Edition writes values and number
 * formats but not bold headers, fills, frozen panes or page headers and footers (its maintainers keep
 * those for the Pro edition), and a return must carry its marking and read as a formatted table.
 */

export const NUMBER_FORMATS: Record<Unit | 'share' | 'change' | 'percentChange', string> = {
  count: '#,##0',
  percent: '0.0%',
  seconds: '#,##0.0',
  minutes: '#,##0.0',
  hours: '#,##0.0',
  rate_per_1000: '#,##0.00',
  currency: '£#,##0',
  share: '0.0%',
  change: '+#,##0;-#,##0;0',
  percentChange: '+0%;-0%;0%',
};

/** Rates are stored as 92.7 for 92.7%; Excel's percent format wants 0.927. */
export function cellNumber(value: number, unit: Unit | 'share'): number {
  return unit === 'percent' ? value / 100 : value;
}

export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE4EB' } };

/**
 * Writes text as a text cell (a shared string), never as a formula: Excel and Calc show "=HYPERLINK(…)" in such
 * a cell as the characters it is. ExcelJS makes a formula only of a { formula } value, so every text goes
 * through here rather than being assigned where a value could be an object.
 */
export function setText(cell: ExcelJS.Cell, text: string): void {
  cell.value = text;
}

/** ExcelJS is loaded when a spreadsheet is first written, not when the command line starts. */
export async function newWorkbook(author: string): Promise<ExcelJS.Workbook> {
  const { default: ExcelJSModule } = await import('exceljs');
  const workbook = new ExcelJSModule.Workbook();
  // The file's properties name a person only when one was given (Settings); never an invented one.
  const creator = author === AUTHOR_NOT_SET ? 'Performance Workbench' : author;
  workbook.creator = creator;
  workbook.lastModifiedBy = creator;
  workbook.created = new Date();
  return workbook;
}

export function addMarkedSheet(workbook: ExcelJS.Workbook, name: string, marking: string, frozen: { rows: number; columns: number }): ExcelJS.Worksheet {
  return workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: frozen.columns, ySplit: frozen.rows }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddHeader: `&C&B${marking}`, oddFooter: `&C&B${marking}&B   Page &P of &N` },
  });
}

export async function workbookBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
