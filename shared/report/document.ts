import { trendDescription } from '../charts/trendChart';
import type { KpiTableRowDto, Reconciliation, Trend } from '../api/contract';
import { formatDay } from '../domain/format';
import { describeSources } from '../domain/sources';
import { SECTIONS, type Kpi } from '../domain/kpi';
import { renderSegments, rowLookup } from './fields';
import { renderBlocks } from './richText';
import { inReportOrder, numberParagraphs, type DocumentTableRow, type GlossaryEntry, type Marking, type Paragraph, type ReconciliationEntry, type ReportDocument, type ReportTemplate } from './model';

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
  return {
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
    glossary: [...input.glossary],
    reconciliation: (input.reconciliation ?? []).map(reconciliationEntry),
  };
}
