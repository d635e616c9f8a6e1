/** What a spreadsheet number format shows: a date, a percentage, or the number as it is. */

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, with the East Asian ones). */
export const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
/** Built-in number formats that show a percentage: 0% and 0.00%. */
export const BUILT_IN_PERCENT_FORMATS = new Set([9, 10]);

/** A format code with its quoted text, escapes, padding and [colour] tags taken out: what it shows. */
function bareFormatCode(code: string): string {
  return code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '')
    .replace(/\*./g, '')
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '');
}

/** Whether a format code shows a date or time: d, m, y, h or s outside quoted text, escapes and [colour] tags. */
export function isDateFormatCode(code: string): boolean {
  // A general or number format may carry an exponent "E+" or words like "General"; neither has these letters.
  return /[dmyhs]/i.test(bareFormatCode(code).replace(/General/gi, ''));
}

/** Whether a format code shows a number as a percentage (Excel multiplies by 100 to show it). */
export function isPercentFormatCode(code: string): boolean {
  // Only the first section (positive numbers) decides, as Excel's own percent formats repeat it.
  return !isDateFormatCode(code) && bareFormatCode(code.split(';')[0]).includes('%');
}

