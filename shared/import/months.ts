import { monthIndex, parseMonth, parsePeriod, PeriodError, periodBounds, type Period } from '../domain/periods';
import { cellText, type CellValue } from './grid';

/**
 * The month a header or period cell names: a date (the reader turns date-formatted cells into UTC Dates),
 * or text such as "Apr-19", "April 2019", "2019-04", "04/2019", "2019-04-01" or "01/04/2019".
 * Plain numbers are never months: a figure such as 40,089 is also a valid Excel date.
 */
export function readMonthCell(value: CellValue | undefined): number | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    return monthIndex(value.getUTCFullYear(), value.getUTCMonth() + 1);
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!text || text.length > 40) return undefined;
  const month = parseMonth(text);
  if (month !== undefined) return month;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text);
  if (m) return monthIndex(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return monthIndex(Number(m[3]), Number(m[2]));
  return undefined;
}

/** A period cell in a long table: a month, or a quarter or year written as the reports write them. */
export function readPeriodCell(value: CellValue | undefined): Period | undefined {
  const month = readMonthCell(value);
  if (month !== undefined) return { kind: 'month', month };
  const text = cellText(value);
  if (!text) return undefined;
  try {
    const period = parsePeriod(text);
    return period.kind === 'quarter' || period.kind === 'year' ? period : undefined;
  } catch (error) {
    if (error instanceof PeriodError) return undefined;
    throw error;
  }
}

export function periodStart(period: Period): number {
  return periodBounds(period)[0];
}

let london: Intl.DateTimeFormat | undefined;
/** UK months by UTC hour: a year of records spans 8,760 hours, and asking Intl for each record is slow. */
const londonMonthByHour = new Map<number, number>();

/**
 * The UK month of a timestamp with an offset ("2019-05-31T23:03:00+00:00" is 00:03 on 1 June in BST),
 * as data.police.uk's record-level files need.
 */
export function londonMonthOf(timestamp: string): number | undefined {
  // "2019-05-31T23:03:00+00:00": the same date, hour and offset are the same UK month whatever the minutes.
  // (Minutes and seconds are checked here, as Date.parse would for a timestamp not cached.)
  const iso = timestamp.length === 25 && MINUTES.test(timestamp);
  // Records come in time order, so most share the hour of the one before: that needs no key built.
  if (iso && last.month !== undefined && timestamp.startsWith(last.hour) && timestamp.endsWith(last.offset)) return last.month;
  const key = iso ? `${timestamp.slice(0, 13)}${timestamp.slice(19)}` : null;
  let month = key === null ? undefined : londonMonthByText.get(key);
  if (month === undefined) {
    month = londonMonthOfTime(Date.parse(timestamp));
    if (key !== null && month !== undefined) londonMonthByText.set(key, month);
  }
  if (iso && month !== undefined) last = { hour: timestamp.slice(0, 13), offset: timestamp.slice(19), month };
  return month;
}

/** An ISO timestamp's shape up to its seconds, its minutes and seconds in range. */
const MINUTES = /^\d{4}-\d\d-\d\dT\d\d:[0-5]\d:[0-5]\d[+-]/;
let last: { hour: string; offset: string; month: number | undefined } = { hour: '', offset: '', month: undefined };

const londonMonthByText = new Map<string, number>();

function londonMonthOfTime(time: number): number | undefined {
  if (Number.isNaN(time)) return undefined;
  // The UK's offset from UTC changes on the hour, so every instant of one UTC hour is in the same UK month.
  const hour = Math.floor(time / 3_600_000);
  const known = londonMonthByHour.get(hour);
  if (known !== undefined) return known;
  // UK time is UTC or an hour ahead of it, so it is in UTC's month except in the last hour of a month.
  const utc = new Date(time);
  const nextHour = new Date(time + 3_600_000);
  if (nextHour.getUTCMonth() === utc.getUTCMonth()) {
    const month = monthIndex(utc.getUTCFullYear(), utc.getUTCMonth() + 1);
    londonMonthByHour.set(hour, month);
    return month;
  }
  london ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' });
  const parts = london.formatToParts(new Date(time));
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = monthIndex(year, Number(parts.find((p) => p.type === 'month')?.value));
  londonMonthByHour.set(hour, month);
  return month;
}
