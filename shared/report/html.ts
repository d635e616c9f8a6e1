import { attentionCaption, attentionParts, type AttentionRow, type DocumentParagraph, type DocumentSection, type DocumentTableRow, type ReconciliationEntry, type ReportDocument } from './model';
import { groupBlocks, type Run } from './richText';
import { contrastRatio } from '../domain/contrast';

/**
 * The report as one self-contained, accessible HTML file: headings in order, tables with captions and
 * header scopes, charts as images with alt text followed by their figures, the marking at top and foot.
 * Chromium prints the same file to PDF.
 */

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const escape = escapeHtml;

export interface ChartImage {
  /** An SVG document, embedded as a data URI. */
  svg: string;
  width: number;
  height: number;
}

/** The report's colours, and the text-on-background pairs they make (each must reach WCAG AA's 4.5:1). */
export const REPORT_COLOURS = {
  text: '#1f2328',
  paper: '#ffffff',
  heading: '#0b4f8a',
  draft: '#a3261b',
  demoText: '#5c3900',
  demoBackground: '#fff3d6',
  tableHeader: '#dde4eb',
} as const;
export const REPORT_TEXT_PAIRS: [keyof typeof REPORT_COLOURS, keyof typeof REPORT_COLOURS][] = [
  ['text', 'paper'],
  ['heading', 'paper'],
  ['draft', 'paper'],
  ['demoText', 'demoBackground'],
  ['text', 'tableHeader'],
];

const C = REPORT_COLOURS;
export const REPORT_CSS = `
:root { color: ${C.text}; background: ${C.paper}; font-family: Arial, 'Liberation Sans', Helvetica, sans-serif; font-size: 11pt; line-height: 1.45; }
body { max-width: 48rem; margin: 0 auto; padding: 1.5rem; }
.marking { text-align: center; font-weight: 700; letter-spacing: 0.04em; margin: 0 0 1rem; }
.marking.foot { margin: 2rem 0 0; }
.cover { border-bottom: 3px solid ${C.heading}; padding-bottom: 1rem; margin-bottom: 1.5rem; }
.cover h1 { font-size: 20pt; margin: 0.5rem 0; color: ${C.heading}; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
.cover dt { font-weight: 700; }
.cover dd { margin: 0; }
.draft { color: ${C.draft}; font-weight: 700; }
.demo { background: ${C.demoBackground}; color: ${C.demoText}; border: 1px solid #c48a00; padding: 0.3rem 0.6rem; }
h2 { font-size: 15pt; color: ${C.heading}; margin: 2rem 0 0.75rem; break-after: avoid; }
h3 { font-size: 12pt; margin: 1.25rem 0 0.5rem; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 10pt; }
caption { text-align: left; font-weight: 700; padding: 0.3rem 0; }
th, td { border: 1px solid #8a939c; padding: 0.25rem 0.45rem; }
thead th { background: ${C.tableHeader}; text-align: right; }
thead th:first-child { text-align: left; }
td { text-align: right; font-variant-numeric: tabular-nums; }
td.note { text-align: left; }
tbody th { text-align: left; font-weight: 400; }
tr.breakdown th { padding-left: 1.5rem; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
figure { margin: 1rem 0; break-inside: avoid; }
figure img { width: 100%; height: auto; }
figcaption { font-weight: 700; margin-bottom: 0.3rem; }
.chart-figures { font-size: 9pt; }
.chart-figures.across { font-size: 8pt; }
.chart-figures.across td, .chart-figures.across th { padding: 0.15rem 0.25rem; }
p.source { font-size: 9pt; margin: -0.6rem 0 1rem; }
figure p.source { margin: 0.2rem 0 0; }
p.numbered, div.numbered { display: grid; grid-template-columns: 2.5rem 1fr; margin: 0.5rem 0; }
div.numbered p, div.numbered ul, div.numbered ol { margin: 0 0 0.35rem; }
dl.glossary dt { font-weight: 700; margin-top: 0.6rem; }
dl.glossary dd { margin: 0.1rem 0 0; white-space: pre-line; }
nav.contents ul { list-style: none; padding-left: 0; }
nav.contents li { margin: 0.15rem 0; }
nav.contents a { display: inline-block; min-height: 24px; line-height: 24px; }
details > summary { cursor: pointer; font-size: 9pt; margin: 0.3rem 0; }
.summary ul { padding-left: 1.2rem; }
@media print { section.summary { break-after: page; } .chart-figures { break-inside: avoid; } }
@media print { table, .chart-pair, p.numbered { break-inside: avoid; } table + p.source { break-before: avoid; } }
@media print { h2 { margin: 1.25rem 0 0.5rem; } h3 { margin: 0.9rem 0 0.4rem; } nav.contents li { margin: 0; } dl.glossary { font-size: 10pt; line-height: 1.35; } dl.glossary dt { margin-top: 0.4rem; } }
table.attention { font-size: 8.5pt; line-height: 1.25; }
table.attention thead th:last-child { text-align: left; }
table.attention td, table.attention th { padding: 0.15rem 0.35rem; }
@media print { body { max-width: none; padding: 0; } .marking { display: none; } .cover { break-after: page; border-bottom: none; } }
`;

/** What an office template gives the HTML and PDF: its fonts, and its heading colour where it reads against white. */
export interface HtmlLook {
  bodyFont: string | null;
  headingFont: string | null;
  headingColour: string | null;
}

const fontFamily = (font: string) => `'${font.replace(/['\\<>;{}]/g, '')}', Arial, 'Liberation Sans', Helvetica, sans-serif`;

/** The template's fonts and heading colour over the report's own; a colour below WCAG AA's 4.5:1 on white is not taken. */
export function lookCss(look: HtmlLook | undefined): string {
  if (!look) return '';
  const rules: string[] = [];
  if (look.bodyFont) rules.push(`:root { font-family: ${fontFamily(look.bodyFont)}; }`);
  if (look.headingFont) rules.push(`h1, h2, h3, figcaption, caption { font-family: ${fontFamily(look.headingFont)}; }`);
  if (look.headingColour && /^#[0-9a-f]{6}$/i.test(look.headingColour) && contrastRatio(look.headingColour, REPORT_COLOURS.paper) >= 4.5) rules.push(`h2, .cover h1 { color: ${look.headingColour}; } .cover { border-bottom-color: ${look.headingColour}; }`);
  return rules.join('\n');
}

export function comparisonTable(caption: string, first: string, rows: readonly DocumentTableRow[], headers: ReportDocument['headers']): string {
  const head = [first, `Performance ${headers.current}`, `Performance ${headers.previous}`, 'Volume Change', '% Change'];
  return `<table>
<caption>${escape(caption)}</caption>
<thead><tr>${head.map((h) => `<th scope="col">${escape(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows
  .map(
    (r) =>
      `<tr${r.breakdown ? ' class="breakdown"' : ''}><th scope="row">${escape(r.label)}</th><td>${escape(r.current)}</td><td>${escape(r.previous)}</td><td>${escape(r.change)}</td><td>${escape(r.changePercent)}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`;
}

function chartFigures(chart: DocumentSection['charts'][number]): string {
  const { trend } = chart;
  const cell = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-GB', { maximumFractionDigits: 1 }));
  return `<table class="chart-figures">
<caption>Figures for the chart: ${escape(chart.title)}</caption>
<thead><tr><th scope="col">Month</th><th scope="col">${escape(trend.lastYear.label)}</th><th scope="col">${escape(trend.thisYear.label)}</th></tr></thead>
<tbody>
${trend.months.map((m, i) => `<tr><th scope="row">${escape(m)}</th><td>${cell(trend.lastYear.values[i])}</td><td>${cell(trend.thisYear.values[i])}</td></tr>`).join('\n')}
</tbody>
</table>`;
}

/** A chart's figures across the page, a year to a row: what the appendix holds, a few lines a chart. */
export function chartFiguresAcross(chart: DocumentSection['charts'][number]): string {
  const { trend } = chart;
  const cell = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-GB', { maximumFractionDigits: 1 }));
  const row = (series: typeof trend.thisYear) => `<tr><th scope="row">${escape(series.label)}</th>${series.values.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`;
  return `<table class="chart-figures across">
<caption>${escape(chart.title)}</caption>
<thead><tr><th scope="col">Year</th>${trend.months.map((m) => `<th scope="col">${escape(m)}</th>`).join('')}</tr></thead>
<tbody>
${row(trend.lastYear)}
${row(trend.thisYear)}
</tbody>
</table>`;
}

export function base64(text: string): string {
  // Buffer in Node, btoa in a browser; both are standard where this runs.
  if (typeof Buffer !== 'undefined') return Buffer.from(text, 'utf8').toString('base64');
  return btoa(unescape(encodeURIComponent(text)));
}

export const runHtml = (r: Run) => {
  let html = escape(r.text);
  if (r.italic) html = `<em>${html}</em>`;
  if (r.bold) html = `<strong>${html}</strong>`;
  return html;
};

/** A numbered paragraph: its number, then its text, with bold, italic and lists where it has them. */
function paragraphHtml(p: DocumentParagraph): string {
  const blocks = p.blocks ?? [{ kind: 'paragraph' as const, runs: [{ text: p.text }] }];
  if (blocks.length === 1 && blocks[0].kind === 'paragraph') return `<p class="numbered"><span>${escape(p.number)}</span><span>${blocks[0].runs.map(runHtml).join('')}</span></p>`;
  return `<div class="numbered"><span>${escape(p.number)}</span><div>${blocksHtml(blocks)}</div></div>`;
}

/** Paragraphs and lists as the report sets them: a bulleted list as <ul>, a numbered one as <ol>. */
export function blocksHtml(blocks: readonly { kind: 'paragraph' | 'bullet' | 'ordered'; runs: readonly Run[] }[]): string {
  return groupBlocks(blocks)
    .map((g) => {
      if (g.kind === 'paragraph') return g.items.map((b) => `<p>${b.runs.map(runHtml).join('')}</p>`).join('');
      const tag = g.kind === 'bullet' ? 'ul' : 'ol';
      return `<${tag}>${g.items.map((b) => `<li>${b.runs.map(runHtml).join('')}</li>`).join('')}</${tag}>`;
    })
    .join('\n');
}

export const sourceLine = (source: string | undefined) => (source ? `<p class="source">${escape(source)}.</p>` : '');

/** The appendix's table: each KPI held from two sources, both figures, the difference and the analyst's note. */
function reconciliationTable(entries: readonly ReconciliationEntry[], period: string): string {
  return `<table>
<caption>Figures held from two sources, ${escape(period)}: the second less the first</caption>
<thead><tr><th scope="col">KPI</th><th scope="col">Figures</th><th scope="col">Difference</th><th scope="col">% Difference</th><th scope="col">Note</th></tr></thead>
<tbody>
${entries
  .map(
    (e) =>
      `<tr><th scope="row">${escape(e.kpi)}</th><td>${e.sources.map((s) => `${escape(s.name)}: ${escape(s.value)}`).join('<br>')}</td><td>${escape(e.difference)}</td><td>${escape(e.differencePercent)}</td><td class="note">${escape(e.note)}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`;
}

/**
 * Where a chart's figures go: under it, folded in a <details> (the HTML export and the editor), or in an
 * appendix of their own (the printed PDF, where a folded table would not print and one after every chart
 * would double the pages).
 */
export type ChartData = 'details' | 'appendix';

/** A section's KPI table, breakdown tables and charts: in the export, and in the editor as they will export. */
export function renderSectionFigures(s: DocumentSection, doc: Pick<ReportDocument, 'headers' | 'period'>, charts: ReadonlyMap<string, ChartImage>, chartData: ChartData = 'details'): string {
  const parts: string[] = [];
  if (s.table.rows.length) parts.push(comparisonTable(s.table.caption, 'KPI', s.table.rows, doc.headers), sourceLine(s.table.source));
  else parts.push(`<p>No figures in this section for ${escape(doc.period)}.</p>`);
  for (const b of s.breakdowns) parts.push(comparisonTable(b.caption, b.dimension, b.rows, doc.headers), sourceLine(b.source));
  if (s.charts.length) parts.push('<h3>Trends</h3>');
  // Charts two to a page: each pair is kept together, so a page holds two charts, never one and a half.
  s.charts.forEach((c, i) => {
    const image = charts.get(c.id);
    if (i % 2 === 0) parts.push(i > 0 ? '</div><div class="chart-pair">' : '<div class="chart-pair">');
    parts.push(
      `<figure id="${escape(c.id)}">
<figcaption>${escape(c.title)}</figcaption>
${image ? `<img src="data:image/svg+xml;base64,${base64(image.svg)}" width="${image.width}" height="${image.height}" alt="${escape(c.alt)}">` : ''}
${chartData === 'details' ? `<details><summary>The figures in the chart</summary>\n${chartFigures(c)}\n</details>` : `<p class="source">Its figures: <a href="#data-${escape(c.id)}">Appendix: the figures behind the charts</a>.</p>`}
${sourceLine(c.source)}
</figure>`,
    );
  });
  if (s.charts.length) parts.push('</div>');
  return parts.join('\n');
}

/** One section's figures as a page of their own, styled as the export: what the editor shows beside the text. */
export function renderSectionFiguresPage(s: DocumentSection, doc: Pick<ReportDocument, 'headers' | 'period'>, charts: ReadonlyMap<string, ChartImage>): string {
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>${escape(`${s.number}. ${s.title}: figures`)}</title><style>${REPORT_CSS} body { max-width: none; padding: 0 0.25rem; }</style></head>
<body>${renderSectionFigures(s, doc, charts)}</body>
</html>
`;
}

/** The summary's table: each headline figure that needs attention, its figures and why. */
export function attentionTableHtml(rows: readonly AttentionRow[], doc: Pick<ReportDocument, 'headers' | 'period' | 'previousPeriod'>): string {
  const head = ['KPI', doc.headers.current, doc.headers.previous, 'Change', 'Why'];
  return `<table class="attention">
<caption>${escape(attentionCaption(doc))}</caption>
<thead><tr>${head.map((h) => `<th scope="col">${escape(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((r) => `<tr><th scope="row">${escape(r.label)}</th><td>${escape(r.current)}</td><td>${escape(r.previous)}</td><td>${escape(r.change)}</td><td class="note">${escape(r.reason)}</td></tr>`).join('\n')}
</tbody>
</table>`;
}

/** The summary page: what needs attention in the period, then its largest changes. */
function summaryHtml(summary: NonNullable<ReportDocument['summary']>, doc: ReportDocument): string {
  const list = (items: string[], none: string) => (items.length ? `<ul>${items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>` : `<p>${escape(none)}</p>`);
  const { rows, sentences } = attentionParts(summary);
  const none = `No headline figure shows a special cause or fails its standard in ${doc.period}.`;
  return `<section aria-labelledby="summary" class="summary"><h2 id="summary">Summary</h2>
<h3>What needs attention</h3>
${rows.length ? attentionTableHtml(rows, doc) : list(sentences, none)}
<h3>The largest changes</h3>
${list(summary.changes, 'No change to compare.')}
</section>`;
}

/** The report's parts in order, each with its heading's id: the contents list links to them. */
function contentsEntries(doc: ReportDocument): { id: string; title: string }[] {
  return [
    ...(doc.summary ? [{ id: 'summary', title: 'Summary' }] : []),
    ...doc.sections.map((s) => ({ id: `section-${s.number}`, title: `${s.number}. ${s.title}` })),
    ...(doc.sections.some((s) => s.charts.length) ? [{ id: 'chart-data', title: 'Appendix: the figures behind the charts' }] : []),
    ...(doc.reconciliation?.length ? [{ id: 'reconciliation', title: 'Appendix: figures from two sources' }] : []),
    ...(doc.glossary.length ? [{ id: 'glossary', title: 'Glossary' }] : []),
  ];
}

export function renderReportHtml(doc: ReportDocument, charts: ReadonlyMap<string, ChartImage>, chartData: ChartData = 'details', look?: HtmlLook): string {
  const entries = contentsEntries(doc).filter((e) => e.id !== 'chart-data' || chartData === 'appendix');
  const contents = `<nav aria-labelledby="contents" class="contents"><h2 id="contents">Contents</h2><ul>${entries.map((e) => `<li><a href="#${e.id}">${escape(e.title)}</a></li>`).join('')}</ul></nav>`;
  const chartAppendix =
    chartData === 'appendix' && doc.sections.some((s) => s.charts.length)
      ? `<section aria-labelledby="chart-data"><h2 id="chart-data">Appendix: the figures behind the charts</h2>
${doc.sections.flatMap((s) => s.charts.map((c) => `<div id="data-${escape(c.id)}">${chartFiguresAcross(c)}</div>`)).join('\n')}
</section>`
      : '';
  const sections = doc.sections
    .map((s) => {
      const parts = [`<section aria-labelledby="section-${s.number}">`, `<h2 id="section-${s.number}">${s.number}. ${escape(s.title)}</h2>`, renderSectionFigures(s, doc, charts, chartData)];
      if (s.paragraphs.length) {
        parts.push('<h3>Commentary</h3>');
        for (const p of s.paragraphs) parts.push(paragraphHtml(p));
      }
      parts.push('</section>');
      return parts.join('\n');
    })
    .join('\n');
  const glossary = doc.glossary.length
    ? `<section aria-labelledby="glossary"><h2 id="glossary">Glossary</h2><dl class="glossary">${doc.glossary.map((g) => `<dt>${escape(g.term)}</dt><dd>${escape(g.definition)}</dd>`).join('')}</dl></section>`
    : '';
  const reconciliation = doc.reconciliation?.length
    ? `<section aria-labelledby="reconciliation"><h2 id="reconciliation">Appendix: figures from two sources</h2>
<p>These figures are held from more than one source, which count differently. The report uses one source for each KPI, named under its table; the other is shown here for comparison.</p>
${reconciliationTable(doc.reconciliation, doc.period)}</section>`
    : '';
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(`${doc.title}: ${doc.periodLong}`)}</title>
<style>${REPORT_CSS}${lookCss(look)}</style>
</head>
<body>
<p class="marking">${escape(doc.marking)}</p>
<main>
<div class="cover">
${doc.isDemo ? '<p class="demo">DEMO DATA — a fictional force. These figures describe no real force.</p>' : ''}
<h1>${escape(doc.title)}</h1>
<dl>
<dt>Force</dt><dd>${escape(doc.force)}</dd>
<dt>Period</dt><dd>${escape(doc.periodLong)}</dd>
<dt>Compared with</dt><dd>${escape(doc.previousPeriod)}</dd>
<dt>Author</dt><dd>${escape(doc.author)}</dd>
<dt>Date</dt><dd>${escape(doc.date)}</dd>
<dt>Version</dt><dd>${doc.version === 'final' ? 'Final' : '<span class="draft">Draft</span>'}</dd>
</dl>
</div>
${contents}
${doc.summary ? summaryHtml(doc.summary, doc) : ''}
${sections}
${chartAppendix}
${reconciliation}
${glossary}
</main>
<p class="marking foot">${escape(doc.marking)}</p>
</body>
</html>
`;
}
