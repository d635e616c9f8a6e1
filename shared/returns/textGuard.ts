/**
 * Text from imported files must never be written so that a spreadsheet would run it. A value that starts
 * with =, +, -, @, a tab or a carriage return is what Excel and LibreOffice read as a formula (OWASP's CSV
 * injection list); such text is written as text, and in CSV behind a leading apostrophe.
 */
export function isFormulaLike(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

/** Text for a CSV cell: a formula-like value is shown with a leading apostrophe, which spreadsheets hide. */
export function csvSafe(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}
