import type { KpiTableRowDto } from '../api/tableSchemas';
import type { Annotation } from '../domain/annotation';
import { annotationSentence } from './annotationNotices';
import { escapeText } from './richText';
import { isRateUnit, type Kpi } from '../domain/kpi';
import { fieldText, type FieldMeasure } from './fields';
import { subjectOf, subjectWithin } from './register';

/**
 * First drafts of the narrative, in the register of the source reports: figures alongside percentages,
 * the comparison with the same period of the last financial year, then what explains it (seasonality,
 * control-limit signals, annotations). Figures and the words that follow their sign are live fields.
 */

export interface NarrativeContext {
  /** "quarter" or "year": "the same quarter of the last financial year". */
  periodKind: 'quarter' | 'year' | 'period';
  /** Months the period covers, YYYY-MM. */
  months: readonly string[];
  /** Seasonal KPIs and the calendar positions (0 = April) of their peak months. */
  seasonalPeaks: ReadonlyMap<string, number[]>;
  /** The events of the period as sentences, per KPI (headline figures): "It has been above its usual range since April 2019 (3 months)." */
  events: ReadonlyMap<string, string[]>;
  /** KPIs whose months could be judged (enough history); only they are given a verdict. */
  judgedKpis: ReadonlySet<string>;
  /** Annotations that apply to the period. */
  annotations: readonly Annotation[];
}

export interface DraftParagraph {
  kpiId: string | null;
  text: string;
}

const f = (kpiId: string, measure: FieldMeasure, dimension = '', category = '') => fieldText({ kpiId, dimension, category, measure });

/** "the same quarter of the last financial year", as the source reports put it; a year is "the previous financial year". */
function earlier(samePeriod: string): string {
  return samePeriod === 'year' ? 'the previous financial year' : `the same ${samePeriod} of the last financial year`;
}

function comparisonSentence(kpi: Kpi, row: KpiTableRowDto, samePeriod: string): string {
  const k = kpi.id;
  const subject = subjectOf(kpi.name);
  if (row.current === null) return `No figure for ${subjectWithin(kpi.name)} was reported in the period.`;
  if (row.previous === null) return `${subject} was ${f(k, 'current')} in the period; there is no figure for ${earlier(samePeriod)} to compare it with.`;
  if (isRateUnit(kpi.unit)) {
    return `${subject} was ${f(k, 'current')}, ${article(row)} ${f(k, 'direction')} from ${f(k, 'previous')} in ${earlier(samePeriod)}, a change of ${f(k, 'difference')}.`;
  }
  return `${subject} ${f(k, 'changed')} by ${f(k, 'difference')} (${f(k, 'changePercent')}) when compared to ${earlier(samePeriod)}, from ${f(k, 'previous')} to ${f(k, 'current')}.`;
}

/** "an increase" but "a reduction": the article must follow the live word, so it is chosen by the data too. */
function article(row: KpiTableRowDto): string {
  return row.display.change.startsWith('+') ? 'an' : 'a';
}

function breakdownSentence(kpi: Kpi, rows: readonly KpiTableRowDto[], samePeriod: string): string | null {
  const parts = rows.filter((r) => r.previous !== null && r.current !== null);
  if (!parts.length) return null;
  const dimension = parts[0].breakdown!;
  const items = parts.map((r) => `${r.category} ${f(kpi.id, 'change', dimension, r.category!)} (${f(kpi.id, 'changePercent', dimension, r.category!)})`);
  return `By ${dimension.toLowerCase()}, against ${earlier(samePeriod)}: ${items.join('; ')}.`;
}

const FY_MONTH_NAMES = ['April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'January', 'February', 'March'];

function monthNames(positions: number[]): string {
  const names = positions.map((p) => FY_MONTH_NAMES[p]);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
}

/** One paragraph per KPI in the report, with a second for its breakdowns where it has them. */
export function draftNarrative(kpis: readonly Kpi[], rows: readonly KpiTableRowDto[], context: NarrativeContext): DraftParagraph[] {
  const samePeriod = context.periodKind === 'period' ? 'period' : context.periodKind;
  const paragraphs: DraftParagraph[] = [];
  for (const kpi of kpis) {
    const headline = rows.find((r) => r.kpiId === kpi.id && r.breakdown === null);
    if (!headline) continue;
    const sentences = [comparisonSentence(kpi, headline, samePeriod)];
    const peaks = context.seasonalPeaks.get(kpi.id);
    if (peaks?.length) sentences.push(`The series is seasonal, with its peak in ${monthNames(peaks)}.`);
    if (context.judgedKpis.has(kpi.id)) {
      // The verdict is a live field: after a re-import it follows the data, as the figures do.
      sentences.push(`This is ${f(kpi.id, 'variation')}.`);
      sentences.push(...(context.events.get(kpi.id) ?? []));
      if (kpi.standard && kpi.direction !== 'neutral') sentences.push(`Measured against its standard (${kpi.standard.text}), it ${f(kpi.id, 'assurance')}.`);
    }
    for (const a of context.annotations) {
      if (a.scope === 'kpis' && !a.kpiIds.includes(kpi.id)) continue;
      sentences.push(escapeText(annotationSentence(a)));
    }
    paragraphs.push({ kpiId: kpi.id, text: sentences.join(' ') });
    const byDimension = new Map<string, KpiTableRowDto[]>();
    for (const r of rows) if (r.kpiId === kpi.id && r.breakdown) byDimension.set(r.breakdown, [...(byDimension.get(r.breakdown) ?? []), r]);
    for (const parts of byDimension.values()) {
      const sentence = breakdownSentence(kpi, parts, samePeriod);
      if (sentence) paragraphs.push({ kpiId: kpi.id, text: sentence });
    }
  }
  return paragraphs;
}
