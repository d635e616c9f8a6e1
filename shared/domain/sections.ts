/** The five sections of the Force Performance Report. */
export const SECTIONS = [
  { number: 1, title: 'Calls' },
  { number: 2, title: 'Incidents' },
  { number: 3, title: 'Crime' },
  { number: 4, title: 'Outcomes' },
  { number: 5, title: 'Prevention' },
] as const;

/** "1.10" sorts after "1.9". */
export function compareKpiNumbers(a: string, b: string): number {
  const [as, an] = a.split('.').map(Number);
  const [bs, bn] = b.split('.').map(Number);
  return as - bs || an - bn;
}

/** Rates are compared in percentage points, not per cent. */
export function isRateUnit(unit: string): boolean {
  return unit === 'percent';
}
