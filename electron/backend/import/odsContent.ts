import { Token, XmlCursor, xmlString } from './xmlCursor';
import type { Uncalculated } from './uncalculated';

/**
 * What SheetJS does not say of an .ods file's content.xml, found in one strict pass over it before SheetJS
 * reads it: that it is well-formed XML to its last byte (a writer that stopped part way leaves a zip that is
 * whole around XML that is not, and SheetJS would read the sheets before the cut), which cells hold a
 * formula with no saved result (SheetJS leaves them out without a word), and whether any date is written
 * with a time zone (SheetJS moves it to UTC, so 2015-04-01T00:00:00+01:00 would be 31 March).
 */
export interface OdsContentCheck {
  uncalculated: Uncalculated[];
  zonedDates: boolean;
}

/** Cells listed by position at most: a sheet of formulas is named by its ranges, not cell by cell. */
const LISTED_CELLS = 10_000;

const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/;

function repeatOf(cursor: XmlCursor, attribute: string): number {
  const n = Number(cursor.attribute(attribute) ?? 1);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

export function checkOdsContent(bytes: Buffer, part = 'content.xml'): OdsContentCheck {
  const cursor = new XmlCursor(xmlString(bytes, part), part);
  const uncalculated: Uncalculated[] = [];
  let zonedDates = false;
  let sheet: Uncalculated | null = null;
  let row = 0;
  let rowsRepeated = 1;
  let column = 0;
  let listed = 0;
  for (let token = cursor.next(); token !== Token.End; token = cursor.next()) {
    if (token === Token.Close) {
      if (cursor.is('table-row')) row += rowsRepeated;
      else if (cursor.is('table') && sheet) {
        if (sheet.cells.length) uncalculated.push(sheet);
        sheet = null;
      }
      continue;
    }
    if (token !== Token.Open) continue;
    if (cursor.is('table') && cursor.name() === 'table:table') {
      sheet = { sheet: cursor.attribute('table:name') ?? '', cells: [] };
      row = 0;
    } else if (cursor.is('table-row')) {
      rowsRepeated = repeatOf(cursor, 'table:number-rows-repeated');
      column = 0;
    } else if (cursor.is('table-cell') || cursor.is('covered-table-cell')) {
      const columns = repeatOf(cursor, 'table:number-columns-repeated');
      if (cursor.attribute('table:formula') !== undefined && cursor.attribute('office:value-type') === undefined && sheet) {
        for (let r = 0; r < rowsRepeated && listed < LISTED_CELLS; r++) {
          for (let c = 0; c < columns && listed < LISTED_CELLS; c++, listed++) sheet.cells.push({ row: row + r, column: column + c });
        }
      }
      const date = cursor.attribute('office:date-value');
      if (date && date.includes('T') && ZONED.test(date)) zonedDates = true;
      column += columns;
      if (!cursor.selfClosing) cursor.skipElement();
      else cursor.next();
    }
  }
  return { uncalculated, zonedDates };
}

/** content.xml with every date written with a time zone as the calendar date and time it shows. */
export function withoutDateZones(content: string): string {
  return content.replace(/(office:date-value="[^"]*T[^"]*?)(?:Z|[+-]\d{2}:?\d{2})"/g, '$1"');
}
