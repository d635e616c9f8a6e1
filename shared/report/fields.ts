import type { KpiTableRowDto } from '../api/tableSchemas';
import { NO_DATA } from '../domain/format';
import { isRateUnit } from '../domain/kpi';
import { ASSURANCE_WORDS } from '../analysis/verdict';
import { panelVerdict } from './register';
import { plainTemplate } from './richText';

/**
 * Live fields in the narrative: `{{all-crime.change}}` or, for a breakdown,
 * `{{missing-person-records[Gender=Unspecified].changePercent}}`. A field is worked out from the data each
 * time the report is shown or exported, so it follows a re-import; typed text does not.
 */

export const FIELD_MEASURES = {
  name: 'the KPI’s name (a breakdown’s category)',
  current: 'this period’s figure',
  previous: 'the same period last year',
  change: 'the signed change: +922, -5.0pp',
  changePercent: 'the signed % change: +4%',
  difference: 'the size of the change without sign: 922, 5.0 percentage points',
  percent: 'the size of the % change without sign: 4%',
  direction: 'increase, reduction or no change',
  changed: 'increased, decreased or did not change',
  variation: 'the verdict in the Panel’s words: within the expected range, higher than usual or lower than usual',
  assurance: 'against the KPI’s standard: consistently meets, consistently fails, or hit and miss',
  share: 'a breakdown’s share of its KPI’s figure this period: 30%',
} as const;
export type FieldMeasure = keyof typeof FIELD_MEASURES;

/** What a live figure is, in a few words: shown on a chip and read out for it. */
export const FIELD_LABELS: Record<FieldMeasure, string> = {
  name: 'name',
  current: 'this period',
  previous: 'same period last year',
  change: 'change',
  changePercent: '% change',
  difference: 'size of the change',
  percent: 'size of the % change',
  direction: 'direction (increase / reduction)',
  changed: 'direction (increased / decreased)',
  variation: 'verdict',
  assurance: 'against its standard',
  share: 'share of the whole',
};

/** Reads a field's source back into what it names, or null if it is not a field. */
export function parseField(source: string): FieldRef | null {
  const match = new RegExp(`^${FIELD.source}$`).exec(source);
  if (!match || !(match[4] in FIELD_MEASURES)) return null;
  return { kpiId: match[1], dimension: (match[2] ?? '').trim(), category: (match[3] ?? '').trim(), measure: match[4] as FieldMeasure };
}

export interface FieldRef {
  kpiId: string;
  dimension: string;
  category: string;
  measure: FieldMeasure;
}

const FIELD = /\{\{\s*([a-z0-9]+(?:-[a-z0-9]+)*)(?:\[([^=\]]+)=([^\]]+)\])?\.([a-zA-Z]+)\s*\}\}/g;

export function fieldText(ref: FieldRef): string {
  const breakdown = ref.dimension ? `[${ref.dimension}=${ref.category}]` : '';
  return `{{${ref.kpiId}${breakdown}.${ref.measure}}}`;
}

export type Segment = { kind: 'text'; text: string } | { kind: 'field'; text: string; ref: FieldRef; source: string; known: boolean };

/** The figures a field can name: the rows of the report's KPI tables, breakdowns included. */
export type RowLookup = (kpiId: string, dimension: string, category: string) => KpiTableRowDto | undefined;

export function rowLookup(rows: readonly KpiTableRowDto[]): RowLookup {
  const byKey = new Map(rows.map((r) => [`${r.kpiId}\u0000${r.breakdown ?? ''}\u0000${r.category ?? ''}`, r]));
  return (kpiId, dimension, category) => byKey.get(`${kpiId}\u0000${dimension}\u0000${category}`);
}

/** A breakdown's share of its KPI's headline figure this period, in whole per cent; counts only. */
function shareText(row: KpiTableRowDto, headline: KpiTableRowDto | undefined): string {
  if (row.breakdown === null || !headline || row.current === null || !headline.current || isRateUnit(row.unit)) return NO_DATA;
  return `${Math.round((row.current / headline.current) * 100)}%`;
}

function measureText(row: KpiTableRowDto, measure: Exclude<FieldMeasure, 'share'>): string {
  const rate = isRateUnit(row.unit);
  // The sign of the change as printed, so the words agree with the figures beside them.
  const sign = row.change === null ? null : row.display.change.startsWith('+') ? 1 : row.display.change.startsWith('-') ? -1 : 0;
  switch (measure) {
    case 'name':
      return row.category ?? row.name;
    case 'current':
      return row.display.current;
    case 'previous':
      return row.display.previous;
    case 'change':
      return row.display.change;
    case 'changePercent':
      return row.display.changePercent;
    // The size of the change as the table prints it, so "by 0.1s" never stands beside a table's "+0.1s" as "0.0s".
    case 'difference': {
      if (row.change === null) return NO_DATA;
      const text = row.display.change.replace(/^[+-]/, '');
      return rate ? text.replace(/pp$/, ' percentage points') : text;
    }
    case 'percent':
      return row.display.changePercent.replace(/^[+-]/, '');
    case 'direction':
      return sign === null ? NO_DATA : sign > 0 ? 'increase' : sign < 0 ? 'reduction' : 'no change';
    case 'changed':
      return sign === null ? NO_DATA : sign > 0 ? 'increased' : sign < 0 ? 'decreased' : 'did not change';
    case 'variation':
      return panelVerdict(row.verdict);
    case 'assurance':
      return row.verdict.assurance === null ? 'not judged against a standard' : ASSURANCE_WORDS[row.verdict.assurance];
  }
}

/** Splits narrative text into typed text and fields, each field worked out against the data. */
export function renderSegments(text: string, lookup: RowLookup): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (const match of text.matchAll(FIELD)) {
    if (match.index! > at) segments.push({ kind: 'text', text: text.slice(at, match.index) });
    const [source, kpiId, dimension = '', category = '', measure] = match;
    at = match.index! + source.length;
    if (!(measure in FIELD_MEASURES)) {
      segments.push({ kind: 'text', text: source });
      continue;
    }
    const ref = { kpiId, dimension: dimension.trim(), category: category.trim(), measure: measure as FieldMeasure };
    const row = lookup(ref.kpiId, ref.dimension, ref.category);
    const value = !row ? `[no figure: ${source.slice(2, -2)}]` : ref.measure === 'share' ? shareText(row, lookup(ref.kpiId, '', '')) : measureText(row, ref.measure);
    segments.push({ kind: 'field', text: value, ref, source, known: row !== undefined });
  }
  if (at < text.length) segments.push({ kind: 'text', text: text.slice(at) });
  return segments;
}

/** The paragraph as it reads, formatting markers and list prefixes gone. */
export function renderText(text: string, lookup: RowLookup): string {
  return renderSegments(plainTemplate(text), lookup)
    .map((s) => s.text)
    .join('');
}
