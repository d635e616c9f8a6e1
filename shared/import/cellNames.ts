/** A sheet's column letters from its 0-based number: 0 is A, 26 is AA. */
export function columnName(column: number): string {
  let n = column + 1;
  let name = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}
