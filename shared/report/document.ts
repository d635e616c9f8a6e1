import { trendDescription } from '../charts/trendChart';
import type { Trend } from '../api/contract';
import type { Reconciliation } from '../api/sourceSchemas';
import type { KpiTableRowDto } from '../api/tableSchemas';
import { formatDay } from '../domain/format';
import { describeSources } from '../domain/sources';
import { ASSURANCE_WORDS } from '../analysis/verdict';
import { panelVerdict } from './register';
import { SECTIONS, type Kpi } from '../domain/kpi';
import { renderSegments, rowLookup } from './fields';
import { renderBlocks } from './richText';
import { inReportOrder, numberParagraphs, type DocumentTableRow, type GlossaryEntry, type Marking, type AttentionRow, type Paragraph, type ReconciliationEntry, type ReportDocument, type ReportTemplate } from './model';

export interface DocumentInputs {
  title: string;
  force: string;
  author: string;
  date: string;
  marking: Marking;
  version: 'draft' | 'final';
  isDemo: boolean;
  period: string;
  periodLong: string;
  previousPeriod: string;
  headers: { current: string; previous: string };
  template: ReportTemplate;
  paragraphs: readonly Paragraph[];
  glossary: readonly GlossaryEntry[];
  /** Every row of the period's KPI tables, breakdowns included. */
  rows: readonly KpiTableRowDto[];
  /** The trend of each KPI the template charts. */
  trends: ReadonlyMap<string, Trend>;
  kpisById: ReadonlyMap<string, Kpi>;
  /** The period's KPIs held from two sources (electron/backend/sourcesApi.ts), for the appendix. */
  reconciliation?: readonly Reconciliation[];
}

/** How many of the largest changes the summary lists. */
const SUMMARY_CHANGES = 3;

/** A count's change as a share, a rate's in points: what the Panel compares. */
const changeOf = (r: KpiTableRowDto) => (r.changePercent !== null ? r.display.changePercent : r.display.change);

function rowSentence(r: KpiTableRowDto): string {
  return `${r.number} ${r.name}: ${r.display.current} against ${r.display.previous} a year earlier (${changeOf(r)})`;
}

/**
 * The summary page, from the verdicts the tables show: every headline figure with a special cause or failing
 * its standard, then the largest changes by share (counts only; a rate's change is in points, not a share).
 */
export function reportSummary(rows: readonly KpiTableRowDto[]): NonNullable<ReportDocument['summary']> {
  const headline = rows.filter((r) => r.breakdown === null && r.current !== null);
  const attention = headline
    .filter((r) => (r.verdict.variation !== null && r.verdict.variation !== 'common_cause') || r.verdict.assurance === 'fails')
    .map((r): AttentionRow => {
      const said = [r.verdict.variation && r.verdict.variation !== 'common_cause' ? panelVerdict(r.verdict) : null, r.verdict.assurance === 'fails' ? ASSURANCE_WORDS.fails : null].filter((s) => s !== null);
      const reason = said.join('; ');
      return { label: `${r.number} ${r.name}`, current: r.display.current, previous: r.display.previous, change: changeOf(r), reason: reason.charAt(0).toUpperCase() + reason.slice(1) };
    });
  const changes = headline
    .filter((r) => r.changePercent !== null)
    .sort((a, b) => Math.abs(b.changePercent!) - Math.abs(a.changePercent!))
    .slice(0, SUMMARY_CHANGES)
    .map((r) => `${rowSentence(r)}.`);
  return { attention, changes };
}

/** The glossary's entries the report uses: the term, or its abbreviation in brackets, appears in its words. */
export function usedGlossary(glossary: readonly GlossaryEntry[], words: string): GlossaryEntry[] {
  const text = words.toLowerCase();
  return glossary.filter((g) => {
    const term = g.term.toLowerCase();
    const [name, abbreviation] = [term.replace(/\s*\([^)]*\)\s*$/, '').trim(), /\(([^)]+)\)\s*$/.exec(g.term)?.[1]];
    if (text.includes(name)) return true;
    return abbreviation !== undefined && new RegExp(`\\b${abbreviation.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(words);
  });
}

function reconciliationEntry(r: Reconciliation): ReconciliationEntry {
  return {
    kpi: r.name,
    sources: r.sources.map((s, i) => ({ name: s.name, value: r.display.values[i] })),
    difference: r.display.difference,
    differencePercent: r.display.differencePercent,
    note: r.note && r.noted ? `${r.note} (noted by ${r.noted.by}, ${formatDay(r.noted.at)})` : '',
  };
}

function tableRow(r: KpiTableRowDto, label: string): DocumentTableRow {
  return { label, breakdown: r.breakdown !== null, current: r.display.current, previous: r.display.previous, change: r.display.change, changePercent: r.display.changePercent };
}

/** Works out the whole report: tables from the data, paragraphs with their fields filled, charts' data. */
export function buildReportDocument(input: DocumentInputs): ReportDocument {
  const lookup = rowLookup(input.rows);
  const numbered = numberParagraphs(inReportOrder(input.paragraphs));
  const fieldValue = (source: string) =>
    renderSegments(source, lookup)
      .map((s) => s.text)
      .join('');
  const doc: ReportDocument = {
    title: input.title,
    force: input.force,
    period: input.period,
    periodLong: input.periodLong,
    previousPeriod: input.previousPeriod,
    author: input.author,
    date: input.date,
    marking: input.marking,
    version: input.version,
    isDemo: input.isDemo,
    headers: input.headers,
    sections: input.template.sections.map((section) => {
      const title = SECTIONS.find((s) => s.number === section.number)!.title;
      const headlineRows = section.kpis.flatMap(({ kpiId }) => {
        const row = input.rows.find((r) => r.kpiId === kpiId && r.breakdown === null);
        return row ? [{ row, printed: tableRow(row, `${row.number} ${row.name}`) }] : [];
      });
      return {
        number: section.number,
        title,
        table: {
          caption: `${section.number}. ${title}: ${input.period} compared with ${input.previousPeriod}`,
          rows: headlineRows.map((r) => r.printed),
          source: describeSources(headlineRows.map((r) => r.row)),
        },
        charts: section.kpis.flatMap(({ kpiId, chart }) => {
          const trend = chart ? input.trends.get(kpiId) : undefined;
          const kpi = input.kpisById.get(kpiId);
          if (!trend || !kpi) return [];
          return [
            {
              id: `chart-${kpiId}`,
              title: `${kpi.number} ${kpi.name}: ${trend.lastYear.label} and ${trend.thisYear.label} by month`,
              alt: trendDescription(kpi.name, trend),
              trend,
              source: describeSources(input.rows.filter((r) => r.kpiId === kpiId && r.breakdown === null)),
            },
          ];
        }),
        breakdowns: section.kpis.flatMap(({ kpiId, breakdowns }) =>
          breakdowns.flatMap((dimension) => {
            const rows = input.rows.filter((r) => r.kpiId === kpiId && r.breakdown === dimension);
            if (!rows.length) return [];
            return [{ caption: `${rows[0].number} ${rows[0].name} by ${dimension.toLowerCase()}: ${input.period} compared with ${input.previousPeriod}`, dimension, rows: rows.map((r) => tableRow(r, r.category ?? '')), source: describeSources(rows) }];
          }),
        ),
        paragraphs: numbered
          .filter((p) => p.section === section.number)
          .map((p) => {
            const blocks = renderBlocks(p.text, fieldValue);
            return { id: p.id, number: p.number, template: p.text, text: blocks.map((b) => b.runs.map((r) => r.text).join('')).join('\n'), blocks };
          }),
      };
    }),
    glossary: [],
    summary: reportSummary(input.rows),
    reconciliation: (input.reconciliation ?? []).map(reconciliationEntry),
  };
  // The glossary keeps the terms the report's own words use: its paragraphs, tables and captions.
  const words = [
    ...doc.sections.flatMap((s) => [s.title, s.table.caption, ...s.table.rows.map((r) => r.label), ...s.breakdowns.flatMap((b) => [b.caption, ...b.rows.map((r) => r.label)]), ...s.charts.map((c) => c.title), ...s.paragraphs.map((p) => p.text)]),
    ...doc.summary!.attention.map((a) => (typeof a === 'string' ? a : a.reason)),
    ...doc.summary!.changes,
  ].join('\n');
  doc.glossary = usedGlossary(input.glossary, words);
  return doc;
}
