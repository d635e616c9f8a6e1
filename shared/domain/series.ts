import type { Aggregation, Kpi } from './kpi';
import { FORCE_SOURCE } from './sources';

/** A breakdown of a KPI, such as Gender = Male; the headline figure has neither. */
export interface BreakdownKey {
  dimension: string;
  category: string;
}

export const HEADLINE: BreakdownKey = { dimension: '', category: '' };

export function isHeadline(key: BreakdownKey): boolean {
  return key.dimension === '' && key.category === '';
}

function seriesKey(kpiId: string, key: BreakdownKey): string {
  return `${kpiId}\u0000${key.dimension}\u0000${key.category}`;
}

/**
 * Monthly figures held in memory for one computation: KPI × breakdown → month index → value.
 * Breakdowns keep the order they were first added in, which is the order the force's files list them.
 */
export class MonthlySeriesSet {
  private readonly series = new Map<string, Map<number, number>>();
  private readonly breakdowns = new Map<string, BreakdownKey[]>();
  private readonly sources = new Map<string, string>();

  /** The source a KPI's figures here were read from (each KPI is read from its one reporting source). */
  setSource(kpiId: string, source: string): void {
    if (source !== FORCE_SOURCE) this.sources.set(kpiId, source);
  }

  sourceOf(kpiId: string): string {
    return this.sources.get(kpiId) ?? FORCE_SOURCE;
  }

  // Figures arrive a series at a time (stored by series, then month): the last one's months are kept to hand.
  private lastSeries: { kpiId: string; dimension: string; category: string; months: Map<number, number> } | null = null;

  add(kpiId: string, key: BreakdownKey, month: number, value: number): void {
    const last = this.lastSeries;
    if (last && last.kpiId === kpiId && last.dimension === key.dimension && last.category === key.category) {
      last.months.set(month, value);
      return;
    }
    const k = seriesKey(kpiId, key);
    let months = this.series.get(k);
    if (!months) {
      months = new Map();
      this.series.set(k, months);
      if (!isHeadline(key)) {
        const list = this.breakdowns.get(kpiId) ?? [];
        list.push({ ...key });
        this.breakdowns.set(kpiId, list);
      }
    }
    months.set(month, value);
    this.lastSeries = { kpiId, dimension: key.dimension, category: key.category, months };
  }

  get(kpiId: string, key: BreakdownKey = HEADLINE): ReadonlyMap<number, number> | undefined {
    return this.series.get(seriesKey(kpiId, key));
  }

  breakdownsOf(kpiId: string): readonly BreakdownKey[] {
    return this.breakdowns.get(kpiId) ?? [];
  }
}

export interface AggregateResult {
  value: number | null;
  /** Months of the period that contributed a figure. */
  monthsCovered: number;
  monthsExpected: number;
}

/** What the aggregation of a KPI needs to see besides its own series. */
export interface AggregationContext {
  series: MonthlySeriesSet;
  kpisById: ReadonlyMap<string, Kpi>;
}

/** The source a KPI's value is reported from: a ratio's is its numerator's. */
export function sourceOfKpi(kpi: Kpi, ctx: AggregationContext): string {
  return ctx.series.sourceOf(kpi.aggregation.type === 'ratio' ? kpi.aggregation.numerator : kpi.id);
}

/** Combines a KPI's monthly figures over `months` according to its aggregation rule. */
export function aggregate(kpi: Kpi, key: BreakdownKey, months: readonly number[], ctx: AggregationContext): AggregateResult {
  return aggregateBy(kpi.aggregation, kpi.id, key, months, ctx);
}

function aggregateBy(
  rule: Aggregation,
  kpiId: string,
  key: BreakdownKey,
  months: readonly number[],
  ctx: AggregationContext,
): AggregateResult {
  const own = ctx.series.get(kpiId, key);
  const expected = months.length;
  switch (rule.type) {
    case 'sum': {
      let total = 0;
      let covered = 0;
      for (const m of months) {
        const v = own?.get(m);
        if (v !== undefined) {
          total += v;
          covered++;
        }
      }
      return { value: covered ? total : null, monthsCovered: covered, monthsExpected: expected };
    }
    case 'ratio': {
      // Parts from two sources (the force's arrests over the open data's searches) are never divided.
      const oneSource = ctx.series.sourceOf(rule.numerator) === ctx.series.sourceOf(rule.denominator);
      const num = oneSource ? ctx.series.get(rule.numerator, key) : undefined;
      const den = oneSource ? ctx.series.get(rule.denominator, key) : undefined;
      let n = 0;
      let d = 0;
      let covered = 0;
      for (const m of months) {
        const a = num?.get(m);
        const b = den?.get(m);
        if (a !== undefined && b !== undefined) {
          n += a;
          d += b;
          covered++;
        }
      }
      if (covered && d !== 0) return { value: (100 * n) / d, monthsCovered: covered, monthsExpected: expected };
      // The force sometimes sends the rate itself rather than its parts: fall back to its monthly values.
      return aggregateBy({ type: 'mean' }, kpiId, key, months, ctx);
    }
    case 'mean': {
      const values = months.filter((m) => own?.has(m)).map((m) => ({ month: m, value: own!.get(m)! }));
      if (!values.length) return { value: null, monthsCovered: 0, monthsExpected: expected };
      const weights = rule.weight ? ctx.series.get(rule.weight, key) : undefined;
      // Weight by volume only when every month has its volume; mixing weighted and unweighted months would skew it.
      const weighted = weights !== undefined && values.every(({ month }) => weights.has(month));
      let total = 0;
      let weightTotal = 0;
      for (const { month, value } of values) {
        const w = weighted ? weights!.get(month)! : 1;
        total += value * w;
        weightTotal += w;
      }
      return { value: weightTotal ? total / weightTotal : null, monthsCovered: values.length, monthsExpected: expected };
    }
    case 'latest': {
      const last = months[months.length - 1];
      const v = own?.get(last);
      // A 12-month rolling rate describes the year to its month, so only the period's last month answers.
      return { value: v ?? null, monthsCovered: v === undefined ? 0 : 1, monthsExpected: 1 };
    }
  }
}
