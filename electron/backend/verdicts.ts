import type { InboxEvent, Step } from '../../shared/api/analysisSchemas';
import { eventDetail, eventSummary } from '../../shared/analysis/eventWords';
import { eventsOf, type SeriesVerdict } from '../../shared/analysis/verdict';
import { formatChange, formatPercentChange, formatValue, roundForDisplay } from '../../shared/domain/format';
import type { Kpi } from '../../shared/domain/kpi';
import { compareFigures, type RowVerdict } from '../../shared/domain/kpiTable';
import { monthKey } from '../../shared/domain/periods';
import { HEADLINE, type BreakdownKey } from '../../shared/domain/series';
import { listReviews, reviewKey, type AnomalyReview } from '../../db/anomalyReviews';
import type { AnalysisContext } from './analysis';

/** A series' verdict as a table row carries it. */
export function rowVerdict(verdict: SeriesVerdict): RowVerdict {
  if (!verdict.judged) return { variation: null, assurance: null, notJudged: verdict.reason, rules: [], side: null };
  return { variation: verdict.variation, assurance: verdict.assurance, notJudged: null, rules: verdict.deciding?.rules ?? [], side: verdict.deciding?.side ?? null };
}

/** The period's verdict of every row: what the KPI table's verdictOf option asks for. */
export function verdictOf(context: AnalysisContext) {
  return (kpi: Kpi, key: BreakdownKey) => rowVerdict(context.verdict(kpi, key));
}

/** How many months a sparkline shows. */
const SPARK_MONTHS = 24;

export function sparkOf(context: AnalysisContext, kpi: Kpi, key: BreakdownKey = HEADLINE) {
  const verdict = context.verdict(kpi, key);
  const points = verdict.points.length ? verdict.points : context.points(kpi, key).map((p) => ({ ...p, variation: 'common_cause' as const }));
  const last = points.slice(-SPARK_MONTHS);
  return { months: last.map((p) => monthKey(p.month)), values: last.map((p) => p.value), flagged: last.map((p) => p.variation !== 'common_cause') };
}

/** Every series the analysis judges: each KPI's headline figure and its breakdowns. */
/** How many series the period's verdicts judged (a series without figures for the period is not counted). */
export function judgedCount(context: AnalysisContext): number {
  let judged = 0;
  for (const { kpi, key } of judgedSeries(context)) if (context.verdict(kpi, key).judged) judged++;
  return judged;
}

export function* judgedSeries(context: AnalysisContext): Generator<{ kpi: Kpi; key: BreakdownKey }> {
  for (const kpi of context.kpis) {
    yield { kpi, key: HEADLINE };
    for (const key of context.breakdowns(kpi)) yield { kpi, key };
  }
}

/** The review of an event: the latest decision, once every month of it has one. */
function reviewOfMonths(reviews: ReadonlyMap<string, AnomalyReview>, kpi: Kpi, key: BreakdownKey, from: number, to: number): AnomalyReview | null {
  let latest: AnomalyReview | null = null;
  for (let m = from; m <= to; m++) {
    const review = reviews.get(reviewKey({ kpiId: kpi.id, dimension: key.dimension, category: key.category, month: monthKey(m) }));
    if (!review) return null;
    if (!latest || review.reviewedAt > latest.reviewedAt) latest = review;
  }
  return latest;
}

/** The events of a series in the period, as the inbox and the KPI page list them. */
export function seriesEvents(context: AnalysisContext, kpi: Kpi, key: BreakdownKey, reviews: ReadonlyMap<string, AnomalyReview>): InboxEvent[] {
  const verdict = context.verdict(kpi, key);
  const spark = sparkOf(context, kpi, key);
  return eventsOf(verdict, context.months).map((event) => {
    const peak = event.peak;
    // Expected values are estimates; shown at the KPI's own precision, the difference is taken between what is shown.
    const expected = peak.centre === null ? null : kpi.unit === 'count' ? Math.round(peak.centre) : roundForDisplay(peak.centre, kpi.unit);
    const { change, changePercent } = compareFigures(roundForDisplay(peak.value, kpi.unit), expected, kpi.unit);
    const review = reviewOfMonths(reviews, kpi, key, event.from, event.to);
    return {
      id: [kpi.id, key.dimension, key.category, monthKey(event.from)].join('|'),
      kpiId: kpi.id,
      number: kpi.number,
      name: kpi.name,
      section: kpi.section,
      unit: kpi.unit,
      breakdown: key.dimension || null,
      category: key.category || null,
      from: monthKey(event.from),
      to: monthKey(event.to),
      months: event.months,
      variation: event.variation,
      side: event.side,
      rule: event.rules[0],
      rules: event.rules,
      summary: eventSummary(event, context.lastMonth),
      detail: eventDetail(event, kpi.unit),
      peak: monthKey(peak.month),
      value: peak.value,
      expected: peak.centre,
      size: Number(peak.size.toFixed(2)),
      display: {
        value: formatValue(peak.value, kpi.unit),
        expected: formatValue(expected, kpi.unit),
        difference: formatChange(change, kpi.unit),
        percent: formatPercentChange(changePercent),
      },
      spark,
      review: review ? { status: review.status, reason: review.reason, annotationId: review.annotationId, author: review.author, reviewedAt: review.reviewedAt } : null,
    };
  });
}

/** Concern first, then the largest departures; events already decided go last. */
export function compareEvents(a: InboxEvent, b: InboxEvent): number {
  const rank = (e: InboxEvent) => (e.review ? 4 : e.variation === 'special_concerning' ? 0 : e.variation === 'special_neither' ? 1 : 2);
  return rank(a) - rank(b) || b.size - a.size || a.from.localeCompare(b.from) || a.kpiId.localeCompare(b.kpiId);
}

export function periodEvents(context: AnalysisContext): InboxEvent[] {
  const reviews = listReviews(context.workspace.db);
  const events: InboxEvent[] = [];
  for (const { kpi, key } of judgedSeries(context)) events.push(...seriesEvents(context, kpi, key, reviews));
  return events.sort(compareEvents);
}

/** Step changes: proposed as at the period, and every decision taken, for one KPI or all. */
export function periodSteps(context: AnalysisContext, kpiId?: string): Step[] {
  const steps: Step[] = [];
  const kpis = kpiId ? context.kpis.filter((k) => k.id === kpiId) : context.kpis;
  const display = (kpi: Kpi, value: number) => formatValue(value, kpi.unit);
  for (const kpi of kpis) {
    const proposal = context.step(kpi);
    if (proposal) {
      steps.push({
        kpiId: kpi.id,
        number: kpi.number,
        name: kpi.name,
        month: monthKey(proposal.month),
        before: proposal.before,
        after: proposal.after,
        display: { before: display(kpi, proposal.before), after: display(kpi, proposal.after) },
        status: 'proposed',
        reason: '',
        annotationId: null,
        decidedBy: null,
        decidedAt: null,
      });
    }
    const emerging = context.emerging(kpi);
    if (emerging) {
      steps.push({
        kpiId: kpi.id,
        number: kpi.number,
        name: kpi.name,
        month: monthKey(emerging.month),
        before: emerging.before,
        after: emerging.after,
        display: { before: display(kpi, emerging.before), after: display(kpi, emerging.after) },
        status: 'emerging',
        monthsSoFar: emerging.months,
        monthsNeeded: emerging.needed,
        reason: '',
        annotationId: null,
        decidedBy: null,
        decidedAt: null,
      });
    }
    for (const d of context.decisions.filter((x) => x.kpiId === kpi.id)) {
      steps.push({
        kpiId: kpi.id,
        number: kpi.number,
        name: kpi.name,
        month: d.month,
        before: d.before,
        after: d.after,
        display: { before: display(kpi, d.before), after: display(kpi, d.after) },
        status: d.status,
        reason: d.reason,
        annotationId: d.annotationId,
        decidedBy: d.author,
        decidedAt: d.decidedAt,
      });
    }
  }
  return steps;
}

/** The levels before and after a month, for a step the analyst names: each side's mean over up to a year. */
export function levelsAround(context: AnalysisContext, kpi: Kpi, month: number): { before: number; after: number } | null {
  const points = context.points(kpi);
  const before = points.filter((p) => p.month < month && p.month >= month - 12).map((p) => p.value);
  const after = points.filter((p) => p.month >= month && p.month < month + 12).map((p) => p.value);
  if (!before.length || !after.length) return null;
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  return { before: mean(before), after: mean(after) };
}
