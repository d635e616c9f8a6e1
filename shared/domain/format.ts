import type { Unit } from './kpi';

/**
 * Number formatting as the Force Performance Report prints it: thousands separators, signed volume
 * changes ("+3,857", "-11,335"), % change as a signed whole number ("+11%"), rates to one decimal place
 * with changes in percentage points. ASCII hyphen-minus is used for negatives because the source tables
 * use it and analysts paste these strings into other documents.
 */

/** Number formatters by decimals, made on first use: building one costs tens of milliseconds at start. */
const formatters: Intl.NumberFormat[] = [];
function numberFormat(decimals: 0 | 1 | 2): Intl.NumberFormat {
  return (formatters[decimals] ??= new Intl.NumberFormat('en-GB', { maximumFractionDigits: decimals, minimumFractionDigits: decimals }));
}

export const NOT_APPLICABLE = 'n/a';
export const NO_DATA = '–';

/** Rounds half away from zero, as people (and Excel's ROUND) do; Math.round sends -4.5 to -4. */
export function roundHalfAwayFromZero(value: number, decimals = 0): number {
  const factor = 10 ** decimals;
  // The small nudge absorbs binary representation error, e.g. 1.005 * 100 = 100.49999999999999.
  const rounded = Math.round(Math.abs(value) * factor + 1e-9) / factor;
  return value < 0 ? -rounded : rounded;
}

function withSign(text: string, value: number): string {
  if (value > 0) return `+${text}`;
  if (value < 0) return `-${text}`;
  return text;
}

function decimalsFor(unit: Unit, value: number): number {
  switch (unit) {
    case 'count':
      return Number.isInteger(value) ? 0 : 1;
    case 'percent':
    case 'seconds':
    case 'minutes':
    case 'hours':
      return 1;
    case 'rate_per_1000':
      return 2;
    case 'currency':
      return 0;
  }
}

/**
 * A figure rounded as it is printed. Changes are taken between printed figures so that a table never shows
 * 92.7% and 91.8% with a change of +0.8pp.
 */
export function roundForDisplay(value: number, unit: Unit): number {
  return roundHalfAwayFromZero(value, decimalsFor(unit, value));
}

/** A change as the table prints it: between the printed figures, so 7.55s against 7.51s is +0.1s, not 0.0s. */
export function printedChange(current: number | null, previous: number | null, unit: Unit): number | null {
  if (current === null || previous === null) return null;
  return roundForDisplay(current, unit) - roundForDisplay(previous, unit);
}

function grouped(value: number, decimals: number): string {
  const rounded = roundHalfAwayFromZero(Math.abs(value), decimals);
  const formatter = numberFormat(decimals === 0 ? 0 : decimals === 1 ? 1 : 2);
  return formatter.format(rounded);
}

function suffix(unit: Unit): string {
  switch (unit) {
    case 'percent':
      return '%';
    case 'seconds':
      return 's';
    case 'minutes':
      return ' min';
    case 'hours':
      return ' h';
    default:
      return '';
  }
}

/** A figure in its unit: "40,089", "69.4%", "8.5s", "£1,400,000". */
export function formatValue(value: number | null, unit: Unit): string {
  if (value === null || !Number.isFinite(value)) return NO_DATA;
  const text = grouped(value, decimalsFor(unit, value));
  const body = unit === 'currency' ? `£${text}` : `${text}${suffix(unit)}`;
  return value < 0 ? `-${body}` : body;
}

/** A change in the KPI's own unit, signed: "+3,857", "-11,335"; for rates in percentage points: "-5.0pp". */
export function formatChange(change: number | null, unit: Unit): string {
  if (change === null || !Number.isFinite(change)) return NO_DATA;
  const decimals = decimalsFor(unit, change);
  const rounded = roundHalfAwayFromZero(change, decimals);
  if (unit === 'percent') return withSign(`${grouped(rounded, 1)}pp`, rounded);
  const text = unit === 'currency' ? `£${grouped(rounded, 0)}` : `${grouped(rounded, decimals)}${suffix(unit)}`;
  return withSign(text, rounded);
}

/** % change as a signed whole number: "+11%", "-13%", "0%"; "n/a" where undefined (zero base, rates). */
export function formatPercentChange(percent: number | null): string {
  if (percent === null || !Number.isFinite(percent)) return NOT_APPLICABLE;
  const rounded = roundHalfAwayFromZero(percent, 0);
  return withSign(`${numberFormat(0).format(Math.abs(rounded))}%`, rounded);
}

/** A plain count with separators, for narrative text: "3,857". */
export function formatCount(value: number): string {
  return `${value < 0 ? '-' : ''}${grouped(value, Number.isInteger(value) ? 0 : 1)}`;
}

/** "2 December 2026": the day a choice or note was made, as the app and the report say it. */
export function formatDay(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
