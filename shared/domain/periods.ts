/**
 * Reporting periods of an English police force: calendar months, financial quarters (Q1 = April–June),
 * financial years (1 April – 31 March), year to date and rolling twelve months.
 *
 * Months are handled as integer indices (year * 12 + month - 1) so that shifting by a year or walking a
 * range is arithmetic, and are stored as "YYYY-MM" keys, which sort correctly as text.
 */

export type MonthKey = string; // "YYYY-MM"

export type Period =
  | { kind: 'month'; month: number }
  | { kind: 'quarter'; fy: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: 'year'; fy: number }
  | { kind: 'ytd'; fy: number; toMonth: number }
  | { kind: 'rolling12'; toMonth: number };

export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

export const FY_MONTH_ABBREVIATIONS = ['Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar'] as const;

export class PeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PeriodError';
  }
}

export function monthIndex(year: number, month1to12: number): number {
  return year * 12 + (month1to12 - 1);
}

export function monthYear(index: number): number {
  return Math.floor(index / 12);
}

/** 1 = January … 12 = December */
export function monthOfYear(index: number): number {
  return (index % 12) + 1;
}

/**
 * A power of two above every month number (years up to 9999 run to 119,999): series × this + month is one
 * number that orders and keys a figure by its series and month.
 */
export const MONTHS_IN_KEY = 131072;

export function monthKey(index: number): MonthKey {
  return `${monthYear(index)}-${String(monthOfYear(index)).padStart(2, '0')}`;
}

export function parseMonthKey(key: MonthKey): number {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) throw new PeriodError(`"${key}" is not a month (expected YYYY-MM)`);
  const month = Number(m[2]);
  if (month < 1 || month > 12) throw new PeriodError(`"${key}" is not a month (expected YYYY-MM)`);
  return monthIndex(Number(m[1]), month);
}

/** Financial year that a month falls in, named by its starting calendar year (April 2019 → 2019, i.e. 2019/20). */
export function financialYearOf(index: number): number {
  const year = monthYear(index);
  return monthOfYear(index) >= 4 ? year : year - 1;
}

/** Position of a month within its financial year: April = 0 … March = 11. */
export function fyMonthPosition(index: number): number {
  return (monthOfYear(index) + 8) % 12;
}

export function quarterOf(index: number): 1 | 2 | 3 | 4 {
  return (Math.floor(fyMonthPosition(index) / 3) + 1) as 1 | 2 | 3 | 4;
}

export function fyStart(fy: number): number {
  return monthIndex(fy, 4);
}

/** "2019/20" */
export function formatFinancialYear(fy: number): string {
  return `${fy}/${String((fy + 1) % 100).padStart(2, '0')}`;
}

/** "19/20", as the report's table headers print it */
export function formatFinancialYearShort(fy: number): string {
  return `${String(fy % 100).padStart(2, '0')}/${String((fy + 1) % 100).padStart(2, '0')}`;
}

export function formatMonth(index: number): string {
  return `${MONTH_NAMES[monthOfYear(index) - 1]} ${monthYear(index)}`;
}

export function formatMonthShort(index: number): string {
  return `${MONTH_NAMES[monthOfYear(index) - 1].slice(0, 3)} ${monthYear(index)}`;
}

/**
 * A set of months in words, runs of consecutive months joined: "April–June 2018 or April–June 2019",
 * "December 2018 – February 2019".
 */
export function describeMonths(months: Iterable<number>, joiner = ' or '): string {
  const sorted = [...new Set(months)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const m of sorted) {
    const last = runs[runs.length - 1];
    if (last && m === last[1] + 1) last[1] = m;
    else runs.push([m, m]);
  }
  const name = (m: number) => MONTH_NAMES[monthOfYear(m) - 1];
  return runs
    .map(([from, to]) => {
      if (from === to) return formatMonth(from);
      if (monthYear(from) === monthYear(to)) return `${name(from)}–${name(to)} ${monthYear(to)}`;
      return `${formatMonth(from)} – ${formatMonth(to)}`;
    })
    .join(joiner);
}

/** Every month a period covers, oldest first. */
export function periodMonths(period: Period): number[] {
  const [first, last] = periodBounds(period);
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(i);
  return out;
}

export function periodBounds(period: Period): [number, number] {
  switch (period.kind) {
    case 'month':
      return [period.month, period.month];
    case 'quarter': {
      const first = fyStart(period.fy) + (period.quarter - 1) * 3;
      return [first, first + 2];
    }
    case 'year':
      return [fyStart(period.fy), fyStart(period.fy) + 11];
    case 'ytd':
      return [fyStart(period.fy), period.toMonth];
    case 'rolling12':
      return [period.toMonth - 11, period.toMonth];
  }
}

/** The same period one year earlier: the standard comparison of the Force Performance Report. */
export function samePeriodLastYear(period: Period): Period {
  switch (period.kind) {
    case 'month':
      return { kind: 'month', month: period.month - 12 };
    case 'quarter':
      return { kind: 'quarter', fy: period.fy - 1, quarter: period.quarter };
    case 'year':
      return { kind: 'year', fy: period.fy - 1 };
    case 'ytd':
      return { kind: 'ytd', fy: period.fy - 1, toMonth: period.toMonth - 12 };
    case 'rolling12':
      return { kind: 'rolling12', toMonth: period.toMonth - 12 };
  }
}

/** The financial year a period is reported in (for a rolling period, the year of its last month). */
export function periodFinancialYear(period: Period): number {
  return financialYearOf(periodBounds(period)[1]);
}

/** Canonical short label, the form `parsePeriod` reads back: "Q1 2019/20", "2019/20", "April 2019". */
export function formatPeriod(period: Period): string {
  switch (period.kind) {
    case 'month':
      return formatMonth(period.month);
    case 'quarter':
      return `Q${period.quarter} ${formatFinancialYear(period.fy)}`;
    case 'year':
      return formatFinancialYear(period.fy);
    case 'ytd':
      return `${formatFinancialYear(period.fy)} to ${formatMonth(period.toMonth)}`;
    case 'rolling12':
      return `12 months to ${formatMonth(period.toMonth)}`;
  }
}

/** Column header form used in the KPI table: "Q1 19/20", "18/19", "Apr 2019". */
export function formatPeriodHeader(period: Period): string {
  switch (period.kind) {
    case 'month':
      return formatMonthShort(period.month);
    case 'quarter':
      return `Q${period.quarter} ${formatFinancialYearShort(period.fy)}`;
    case 'year':
      return formatFinancialYearShort(period.fy);
    case 'ytd':
      return `YTD ${formatFinancialYearShort(period.fy)} (to ${formatMonthShort(period.toMonth)})`;
    case 'rolling12':
      return `12m to ${formatMonthShort(period.toMonth)}`;
  }
}

/** Cover-page form: "Quarter 1 2019/20 (April 2019 – June 2019)". */
export function formatPeriodLong(period: Period): string {
  const [first, last] = periodBounds(period);
  const range = first === last ? formatMonth(first) : `${formatMonth(first)} – ${formatMonth(last)}`;
  switch (period.kind) {
    case 'month':
      return range;
    case 'quarter':
      return `Quarter ${period.quarter} ${formatFinancialYear(period.fy)} (${range})`;
    case 'year':
      return `Financial year ${formatFinancialYear(period.fy)} (${range})`;
    case 'ytd':
      return `${formatFinancialYear(period.fy)} year to date (${range})`;
    case 'rolling12':
      return `12 months to ${formatMonth(last)} (${range})`;
  }
}

const MONTH_LOOKUP: Record<string, number> = Object.fromEntries(
  MONTH_NAMES.flatMap((name, i) => [
    [name.toLowerCase(), i + 1],
    [name.slice(0, 3).toLowerCase(), i + 1],
    ...(name === 'September' ? [['sept', 9] as [string, number]] : []),
  ]),
);

/** Month names and abbreviations, lower case, to 1–12; undefined for anything else. */
export function monthNumberFromName(name: string): number | undefined {
  return MONTH_LOOKUP[name.trim().toLowerCase().replace(/\.$/, '')];
}

function expandYear(text: string): number {
  const n = Number(text);
  return text.length === 2 ? 2000 + n : n;
}

/**
 * Reads a financial year written "2019/20", "19/20", "2019-20", "2019/2020" or "FY 2019/20".
 * The two halves must be consecutive years.
 */
export function parseFinancialYear(text: string): number | undefined {
  const m = /^(?:fy\s*)?(\d{2}|\d{4})\s*[/-]\s*(\d{2}|\d{4})$/i.exec(text.trim());
  if (!m) return undefined;
  const start = expandYear(m[1]);
  const endText = m[2];
  const end = endText.length === 2 ? Math.floor(start / 100) * 100 + Number(endText) : Number(endText);
  const expectedEnd = start + 1;
  if (end !== expectedEnd && !(endText.length === 2 && Number(endText) === expectedEnd % 100)) return undefined;
  return start;
}

/**
 * Reads a single month: "April 2019", "Apr 2019", "Apr-19", "2019-04", "04/2019".
 * Returns the month index, or undefined when the text is not a month.
 */
export function parseMonth(text: string): number | undefined {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})$/.exec(t);
  if (m) return validMonth(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) return validMonth(Number(m[2]), Number(m[1]));
  m = /^([A-Za-z]+)\.?[\s\-/']*(\d{2}|\d{4})$/.exec(t);
  if (m) {
    const month = monthNumberFromName(m[1]);
    if (month === undefined) return undefined;
    return monthIndex(expandYear(m[2]), month);
  }
  return undefined;
}

function validMonth(year: number, month: number): number | undefined {
  if (month < 1 || month > 12 || year < 1900 || year > 2999) return undefined;
  return monthIndex(year, month);
}

/**
 * Reads any period the analyst may type: "Q1 2019/20", "Quarter 1 2019/20", "Q1 19/20", "2019/20",
 * "19/20", "April 2019", "2019-04", "YTD 2019/20 to June 2019", "2019/20 to June 2019",
 * "12 months to June 2019". Throws PeriodError with the accepted forms when it cannot.
 */
export function parsePeriod(text: string): Period {
  const t = text.trim().replace(/\s+/g, ' ');
  let m = /^(?:q|quarter)\s?([1-4])\s+(.+)$/i.exec(t);
  if (m) {
    const fy = parseFinancialYear(m[2]);
    if (fy !== undefined) return { kind: 'quarter', fy, quarter: Number(m[1]) as 1 | 2 | 3 | 4 };
  }
  m = /^(?:ytd\s+)?(.+?)\s+(?:to|to date to)\s+(.+)$/i.exec(t);
  if (m && !/^12 months$/i.test(m[1])) {
    const fy = parseFinancialYear(m[1]);
    const to = parseMonth(m[2]);
    if (fy !== undefined && to !== undefined) {
      if (financialYearOf(to) !== fy) {
        throw new PeriodError(`"${text}": ${formatMonth(to)} is not in the financial year ${formatFinancialYear(fy)}`);
      }
      return { kind: 'ytd', fy, toMonth: to };
    }
  }
  m = /^(?:rolling\s+)?12\s*months?\s+(?:to|ending)\s+(.+)$/i.exec(t);
  if (m) {
    const to = parseMonth(m[1]);
    if (to !== undefined) return { kind: 'rolling12', toMonth: to };
  }
  const fy = parseFinancialYear(t);
  if (fy !== undefined) return { kind: 'year', fy };
  const month = parseMonth(t);
  if (month !== undefined) return { kind: 'month', month };
  throw new PeriodError(
    `"${text}" is not a period. Use a quarter ("Q1 2019/20"), a financial year ("2019/20"), a month ("April 2019"), ` +
      `year to date ("2019/20 to June 2019") or rolling twelve months ("12 months to June 2019").`,
  );
}

export function periodsEqual(a: Period, b: Period): boolean {
  return formatPeriod(a) === formatPeriod(b);
}

/** The latest quarter whose last month is at or before `lastMonth`: the default period of the dashboard. */
export function latestCompleteQuarter(lastMonth: number): Extract<Period, { kind: 'quarter' }> {
  const position = fyMonthPosition(lastMonth);
  const quarterEnd = position % 3 === 2 ? lastMonth : lastMonth - (position % 3) - 1;
  return { kind: 'quarter', fy: financialYearOf(quarterEnd), quarter: quarterOf(quarterEnd) };
}

export function previousQuarter(q: Extract<Period, { kind: 'quarter' }>): Extract<Period, { kind: 'quarter' }> {
  return q.quarter > 1
    ? { kind: 'quarter', fy: q.fy, quarter: (q.quarter - 1) as 1 | 2 | 3 }
    : { kind: 'quarter', fy: q.fy - 1, quarter: 4 };
}

/** Every quarter, newest first, whose months lie within [firstMonth, lastMonth]. */
export function completeQuartersBetween(firstMonth: number, lastMonth: number): Period[] {
  const out: Period[] = [];
  let q = latestCompleteQuarter(lastMonth);
  while (periodBounds(q)[0] >= firstMonth) {
    out.push(q);
    q = previousQuarter(q);
  }
  return out;
}

/** Every complete financial year, newest first, within [firstMonth, lastMonth]. */
export function completeYearsBetween(firstMonth: number, lastMonth: number): Period[] {
  const out: Period[] = [];
  let fy = financialYearOf(lastMonth);
  if (fyStart(fy) + 11 > lastMonth) fy -= 1;
  for (; fyStart(fy) >= firstMonth; fy--) out.push({ kind: 'year', fy });
  return out;
}
