import { compareKpiNumbers, isRateUnit, type Direction, type Kpi, type Unit } from './kpi';
import { VARIATION_WORDS, type Assurance, type Variation, type VerdictRule } from '../analysis/verdict';
import { formatChange, formatPercentChange, formatValue, printedChange } from './format';
import { formatPeriod, periodMonths, samePeriodLastYear, type Period } from './periods';
import { aggregate, HEADLINE, sourceOfKpi, type AggregationContext, type BreakdownKey } from './series';
import { FORCE_SOURCE, sourceLabel, sourceName } from './sources';

export interface Comparison {
  current: number | null;
  previous: number | null;
  /** In the KPI's unit; for rates, in percentage points. */
  change: number | null;
  /** Null where undefined: a zero or missing base, or a rate (rates change in percentage points). */
  changePercent: number | null;
}

/**
 * The period's verdict on a row, from shared/analysis/verdict.ts: whether its months show a special cause
 * and, for a KPI with a standard, whether it can meet it. Null variation: not judged, and why.
 */
export interface RowVerdict {
  variation: Variation | null;
  assurance: Assurance | null;
  /** Why the row is not judged (too little history, a rolling figure); null when it is. */
  notJudged: string | null;
  rules: VerdictRule[];
  /** Which way the deciding month departed: Making Data Count's icons show H or L. */
  side: 'high' | 'low' | null;
}

export const NOT_JUDGED: RowVerdict = { variation: null, assurance: null, notJudged: 'no verdict was worked out', rules: [], side: null };

export function compareFigures(current: number | null, previous: number | null, unit: Unit): Comparison {
  const change = current !== null && previous !== null ? current - previous : null;
  const changePercent =
    change !== null && previous !== null && previous !== 0 && !isRateUnit(unit) ? (100 * change) / Math.abs(previous) : null;
  return { current, previous, change, changePercent };
}

/**
 * The change in words beside its verdict, kept apart: whether it is up or down is not whether it is more
 * than chance ("up 5%, within common-cause variation").
 */
export function describeChange(row: Pick<KpiTableRow, 'change' | 'display' | 'unit' | 'verdict'>, noComparison?: string): string {
  const size = isRateUnit(row.unit) ? row.display.change.replace(/^[+-]/, '') : row.display.changePercent === 'n/a' ? row.display.change.replace(/^[+-]/, '') : row.display.changePercent.replace(/^[+-]/, '');
  const moved = row.change === null ? (noComparison ? `no comparison (${noComparison})` : 'no comparison') : row.change === 0 ? 'unchanged' : `${row.change > 0 ? 'up' : 'down'} ${size}`;
  if (row.verdict.variation === null) return `${moved}; not judged (${row.verdict.notJudged})`;
  return `${moved}, ${row.verdict.variation === 'common_cause' ? 'within common-cause variation' : VARIATION_WORDS[row.verdict.variation]}`;
}

export interface KpiTableRow extends Comparison {
  kpiId: string;
  number: string;
  name: string;
  section: number;
  unit: Unit;
  direction: Direction;
  /** The breakdown dimension ("Gender") and category ("Male"); null for the KPI's headline row. */
  breakdown: string | null;
  category: string | null;
  verdict: RowVerdict;
  /** The source the row's figures come from, as the command line names it ("force", "data.police.uk"), and in words. */
  source: string;
  sourceName: string;
  /** The change and the verdict in words, kept apart (describeChange). */
  words: string;
  coverage: {
    current: { months: number; expected: number };
    previous: { months: number; expected: number };
  };
  /** Exactly as the report prints them. */
  display: { current: string; previous: string; change: string; changePercent: string };
}

export interface KpiTableOptions {
  period: Period;
  kpis: readonly Kpi[];
  context: AggregationContext;
  section?: number;
  /** Only the report's headline rows, or every KPI that has figures. */
  scope?: 'headline' | 'all';
  includeBreakdowns?: boolean;
  /** Each row's verdict for the period (see electron/backend/analysis.ts); rows are not judged without it. */
  verdictOf?: (kpi: Kpi, key: BreakdownKey) => RowVerdict;
}

export function buildRow(kpi: Kpi, key: BreakdownKey, period: Period, context: AggregationContext, verdict: RowVerdict = NOT_JUDGED): KpiTableRow {
  const current = aggregate(kpi, key, periodMonths(period), context);
  const previous = aggregate(kpi, key, periodMonths(samePeriodLastYear(period)), context);
  const comparison = compareFigures(current.value, previous.value, kpi.unit);
  const headline = key.dimension === '' && key.category === '';
  const source = sourceOfKpi(kpi, context);
  // Another source's figure for the earlier period is never used: the row says the reporting source lacks it.
  const lacksEarlier = source !== FORCE_SOURCE && current.value !== null && previous.value === null
    ? `no ${source} figures for ${formatPeriod(samePeriodLastYear(period))}`
    : undefined;
  const display = {
    current: formatValue(comparison.current, kpi.unit),
    previous: lacksEarlier ?? formatValue(comparison.previous, kpi.unit),
    change: formatChange(printedChange(comparison.current, comparison.previous, kpi.unit), kpi.unit),
    changePercent: formatPercentChange(comparison.changePercent),
  };
  return {
    kpiId: kpi.id,
    number: kpi.number,
    name: kpi.name,
    section: kpi.section,
    unit: kpi.unit,
    direction: kpi.direction,
    breakdown: headline ? null : key.dimension,
    category: headline ? null : key.category,
    ...comparison,
    verdict,
    source: sourceLabel(source),
    sourceName: sourceName(source),
    words: describeChange({ change: comparison.change, display, unit: kpi.unit, verdict }, lacksEarlier),
    coverage: {
      current: { months: current.monthsCovered, expected: current.monthsExpected },
      previous: { months: previous.monthsCovered, expected: previous.monthsExpected },
    },
    display,
  };
}


/**
 * The KPI table of the report: each KPI (and, below it, each of its breakdowns) for the period and the
 * same period a year earlier. KPIs with no figure in either period are left out.
 */
export function buildKpiTable(options: KpiTableOptions): KpiTableRow[] {
  const { period, context, section, scope = 'all', includeBreakdowns = true, verdictOf } = options;
  const row = (kpi: Kpi, key: BreakdownKey) => buildRow(kpi, key, period, context, verdictOf?.(kpi, key));
  const kpis = options.kpis
    .filter((k) => section === undefined || k.section === section)
    .filter((k) => scope === 'all' || k.headline)
    .slice()
    .sort((a, b) => compareKpiNumbers(a.number, b.number));
  const rows: KpiTableRow[] = [];
  for (const kpi of kpis) {
    const headline = row(kpi, HEADLINE);
    const hasFigures = (row: KpiTableRow) => row.current !== null || row.previous !== null;
    const breakdownRows = includeBreakdowns
      ? context.series.breakdownsOf(kpi.id).map((key) => row(kpi, key)).filter(hasFigures)
      : [];
    // A breakdown row always follows the row that names its KPI: with no headline figure, that row says so.
    if (hasFigures(headline)) rows.push(headline);
    else if (breakdownRows.length) rows.push(withoutHeadline(headline));
    rows.push(...orderBreakdowns(kpi, breakdownRows));
  }
  return rows;
}

/** What a KPI's own row says where it has breakdowns but no headline figure of its own. */
export const NO_HEADLINE = 'no headline figure';

function withoutHeadline(row: KpiTableRow): KpiTableRow {
  return {
    ...row,
    verdict: { ...NOT_JUDGED, notJudged: NO_HEADLINE },
    words: `${NO_HEADLINE}; its breakdowns follow`,
    display: { current: NO_HEADLINE, previous: '', change: '', changePercent: '' },
  };
}

/** Breakdowns in the order the catalogue names their dimensions, categories in the order they arrived. */
function orderBreakdowns(kpi: Kpi, rows: KpiTableRow[]): KpiTableRow[] {
  const rank = (dimension: string | null) => {
    const i = kpi.breakdowns.indexOf(dimension ?? '');
    return i === -1 ? kpi.breakdowns.length : i;
  };
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => rank(a.row.breakdown) - rank(b.row.breakdown) || a.i - b.i)
    .map(({ row }) => row);
}
