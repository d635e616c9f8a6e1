import type { Trend } from '../api/contract';
import type { KpiTableRowDto } from '../api/tableSchemas';
import { trendDescription } from '../charts/trendChart';
import { describeSources } from '../domain/sources';
import type { Kpi } from '../domain/kpi';
import { rowLookup, renderSegments } from './fields';
import { renderBlocks, type RenderedBlock } from './richText';
import type { DocumentSection, DocumentTableRow, Marking } from './model';
import { base64, blocksHtml, chartFiguresAcross, comparisonTable, escapeHtml as escape, lookCss, REPORT_COLOURS, REPORT_CSS, sourceLine, type ChartImage, type HtmlLook } from './html';

/**
 * A Panel question answered on one page: the question in the minutes' words, the answer (a paragraph with
 * live figures, as the report's), the question's KPIs in a table, and the first KPI's trend with its figures.
 * Worked out once, then written as Word or printed to PDF.
 */
export interface BriefDocument {
  label: string;
  title: string;
  force: string;
  marking: Marking;
  author: string;
  date: string;
  isDemo: boolean;
  meeting: string;
  member: string | null;
  question: string;
  period: string;
  periodLong: string;
  headers: { current: string; previous: string };
  answer: RenderedBlock[];
  table: { caption: string; rows: DocumentTableRow[]; source?: string };
  chart?: DocumentSection['charts'][number];
}

/** What the brief is made from: its heading's facts as printed, the answer as stored, and the figures. */
export interface BriefInputs extends Pick<BriefDocument, 'label' | 'force' | 'marking' | 'author' | 'date' | 'isDemo' | 'meeting' | 'member' | 'question' | 'period' | 'periodLong' | 'headers'> {
  /** The answer as stored: a paragraph with live fields. */
  answer: string;
  previousPeriod: string;
  kpis: readonly Kpi[];
  rows: readonly KpiTableRowDto[];
  /** The trend of the first KPI, for the chart. */
  trend?: Trend;
}

const row = (r: KpiTableRowDto, label: string): DocumentTableRow => ({ label, breakdown: r.breakdown !== null, current: r.display.current, previous: r.display.previous, change: r.display.change, changePercent: r.display.changePercent });

export function buildBrief(input: BriefInputs): BriefDocument {
  const lookup = rowLookup(input.rows);
  const fieldValue = (source: string) =>
    renderSegments(source, lookup)
      .map((s) => s.text)
      .join('');
  // Each KPI's headline row, then its breakdowns' rows under it, as the report's tables set them out.
  const used = input.kpis.flatMap((k) => input.rows.filter((r) => r.kpiId === k.id && r.breakdown === null).concat(input.rows.filter((r) => r.kpiId === k.id && r.breakdown !== null)));
  const first = input.kpis[0];
  const { label, force, marking, author, date, isDemo, meeting, member, question, period, periodLong, headers } = input;
  return {
    label,
    title: `Panel question ${label}: the answer`,
    force,
    marking,
    author,
    date,
    isDemo,
    meeting,
    member,
    question,
    period,
    periodLong,
    headers,
    answer: renderBlocks(input.answer, fieldValue),
    table: {
      caption: `The figures: ${input.period} compared with ${input.previousPeriod}`,
      rows: used.map((r) => row(r, r.breakdown === null ? `${r.number} ${r.name}` : `${r.breakdown}: ${r.category}`)),
      source: used.length ? describeSources(used) : undefined,
    },
    chart:
      first && input.trend
        ? {
            id: `chart-${first.id}`,
            title: `${first.number} ${first.name}: ${input.trend.lastYear.label} and ${input.trend.thisYear.label} by month`,
            alt: trendDescription(first.name, input.trend),
            trend: input.trend,
            source: describeSources(input.rows.filter((r) => r.kpiId === first.id && r.breakdown === null)),
          }
        : undefined,
  };
}

const BRIEF_CSS = `
@media print { body { font-size: 10.5pt; } h2 { margin: 0.9rem 0 0.4rem; } figure { margin: 0.5rem 0; } figure img { width: auto; max-width: 100%; height: 4.6cm; } }
main > table { font-size: 9pt; } main > table thead th:first-child { width: 38%; } main > table th, main > table td { padding: 0.15rem 0.4rem; }
.brief-head h1 { font-size: 18pt; color: ${REPORT_COLOURS.heading}; margin: 0.25rem 0 0.5rem; }
.brief-head dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; margin: 0 0 0.5rem; }
.brief-head dt { font-weight: 700; }
.brief-head dd { margin: 0; }
blockquote.minutes { margin: 0.25rem 0 0.5rem; padding: 0.1rem 0.8rem; border-left: 4px solid #8a939c; font-style: italic; }
.answer p, .answer ul, .answer ol { margin: 0 0 0.4rem; }
.prepared { font-size: 9pt; margin-top: 0.75rem; }
`;

/** The brief as one self-contained HTML page: printed to PDF by Chromium. */
export function renderBriefHtml(brief: BriefDocument, chart: ChartImage | undefined, look?: HtmlLook): string {
  const answer = blocksHtml(brief.answer);
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${escape(`${brief.title}, ${brief.force}`)}</title>
<style>${REPORT_CSS}${BRIEF_CSS}${lookCss(look)}</style>
</head>
<body>
<p class="marking">${escape(brief.marking)}</p>
<main>
${brief.isDemo ? '<p class="demo">DEMO DATA — a fictional force. These figures describe no real force.</p>' : ''}
<div class="brief-head">
<h1>${escape(brief.title)}</h1>
<dl>
<dt>Force</dt><dd>${escape(brief.force)}</dd>
<dt>Meeting</dt><dd>${escape(brief.meeting)}</dd>
<dt>Asked by</dt><dd>${escape(brief.member ?? 'a member of the Panel')}</dd>
<dt>Period</dt><dd>${escape(brief.periodLong)}</dd>
</dl>
</div>
<h2>The question</h2>
<blockquote class="minutes"><p>${escape(brief.question)}</p></blockquote>
<h2>The answer</h2>
<div class="answer">${answer || '<p>Not answered yet.</p>'}</div>
${brief.table.rows.length ? `${comparisonTable(brief.table.caption, 'KPI', brief.table.rows, brief.headers)}\n${sourceLine(brief.table.source)}` : ''}
${
  brief.chart && chart
    ? `<figure id="${escape(brief.chart.id)}">
<figcaption>${escape(brief.chart.title)}</figcaption>
<img src="data:image/svg+xml;base64,${base64(chart.svg)}" width="${chart.width}" height="${chart.height}" alt="${escape(brief.chart.alt)}">
${chartFiguresAcross(brief.chart)}
${sourceLine(brief.chart.source)}
</figure>`
    : ''
}
<p class="prepared">Prepared by ${escape(brief.author)}, ${escape(brief.date)}.</p>
</main>
<p class="marking foot">${escape(brief.marking)}</p>
</body>
</html>
`;
}
