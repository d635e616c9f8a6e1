import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableOfContents,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { attentionCaption, attentionParts, type AttentionRow, type DocumentParagraph, type DocumentTableRow, type ReportDocument } from '../../../shared/report/model';
import { groupBlocks, type Run } from '../../../shared/report/richText';
import { REPORT_CHART_SIZE } from './charts';

/**
 * The report as a Word document: real headings, tables whose header row repeats on every page, charts as
 * images with alt text followed by their figures, page numbers, and the marking in every header and footer.
 */

/**
 * How text is set: the workbench's own look (Arial, its sizes and colours on every run), or an office
 * template's, where the runs carry no font or colour of their own and headings, body text and captions take
 * the template's styles. Tables, captions and source lines keep their smaller sizes either way, to fit.
 */
export interface Look {
  font?: string;
  size: (halfPoints: number) => number | undefined;
  colour: (hex: string) => string | undefined;
  /** The width between the page's margins in CSS pixels, where a template's page is narrower than the charts. */
  textWidthPx?: number;
}
export const OWN_LOOK: Look = { font: 'Arial', size: (n) => n, colour: (c) => c };
export const TEMPLATE_LOOK: Look = { font: undefined, size: (n) => (n <= 20 ? n : undefined), colour: () => undefined };

export const face = (look: Look, size: number, colour?: string) => ({ font: look.font, size: look.size(size), color: colour === undefined ? undefined : look.colour(colour) });
const border = { style: BorderStyle.SINGLE, size: 4, color: '8A939C' };
const borders = { top: border, bottom: border, left: border, right: border };

/**
 * A table cell. Every row's paragraphs keep with the next, as Word keeps a table whole: a table smaller than a
 * page moves on to the next page rather than split, and its caption above and source line below move with it.
 */
function cell(look: Look, text: string, options: { header?: boolean; right?: boolean; indent?: boolean } = {}): TableCell {
  return new TableCell({
    borders,
    shading: options.header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'DDE4EB' } : undefined,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [
      new Paragraph({
        alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: options.indent ? { left: 240 } : undefined,
        keepNext: true,
        children: [new TextRun({ text, bold: options.header, ...face(look, 19) })],
      }),
    ],
  });
}

export function caption(look: Look, text: string): Paragraph {
  return new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun({ text, bold: true, ...face(look, 20) })] });
}

export function comparisonTable(look: Look, first: string, rows: readonly DocumentTableRow[], headers: ReportDocument['headers']): Table {
  const head = [first, `Performance ${headers.current}`, `Performance ${headers.previous}`, 'Volume Change', '% Change'];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    // Twentieths of a point across the A4 text width: the KPI's name gets the room it needs.
    columnWidths: [3500, 1750, 1750, 1350, 1250],
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: head.map((h, i) => cell(look, h, { header: true, right: i > 0 })) }),
      ...rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: [cell(look, r.label, { indent: r.breakdown }), cell(look, r.current, { right: true }), cell(look, r.previous, { right: true }), cell(look, r.change, { right: true }), cell(look, r.changePercent, { right: true })],
          }),
      ),
    ],
  });
}

function attentionTable(look: Look, rows: readonly AttentionRow[], headers: ReportDocument['headers']): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [3600, 1300, 1300, 1000, 2400],
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: ['KPI', headers.current, headers.previous, 'Change', 'Why'].map((h, i) => cell(look, h, { header: true, right: i > 0 && i < 4 })) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: [cell(look, r.label), cell(look, r.current, { right: true }), cell(look, r.previous, { right: true }), cell(look, r.change, { right: true }), cell(look, r.reason)] })),
    ],
  });
}

/** "Source: the force’s own systems." under a table or chart; nothing for exports from before sources. */
export function sourceLine(look: Look, source: string | undefined, keepNext = false): Paragraph[] {
  return source ? [new Paragraph({ spacing: { before: 60, after: 120 }, keepNext, children: [new TextRun({ text: `${source}.`, ...face(look, 18) })] })] : [];
}

function reconciliationTable(look: Look, entries: NonNullable<ReportDocument['reconciliation']>): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [2200, 2500, 1200, 1400, 2400],
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: ['KPI', 'Figures', 'Difference', '% Difference', 'Note'].map((h, i) => cell(look, h, { header: true, right: i === 2 || i === 3 })) }),
      ...entries.map(
        (e) =>
          new TableRow({
            cantSplit: true,
            children: [cell(look, e.kpi), cell(look, e.sources.map((s) => `${s.name}: ${s.value}`).join('; ')), cell(look, e.difference, { right: true }), cell(look, e.differencePercent, { right: true }), cell(look, e.note)],
          }),
      ),
    ],
  });
}

/** A chart's figures across the page, a year to a row (the appendix: a few lines a chart, not a page). */
export function chartFiguresTable(look: Look, trend: ReportDocument['sections'][number]['charts'][number]['trend']): Table {
  const value = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-GB', { maximumFractionDigits: 1 }));
  const small = (t: string, options: { header?: boolean; right?: boolean } = {}) =>
    new TableCell({
      borders,
      shading: options.header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'DDE4EB' } : undefined,
      margins: { top: 20, bottom: 20, left: 40, right: 40 },
      children: [new Paragraph({ keepNext: true, alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text: t, bold: options.header, ...face(look, 15) })] })],
    });
  const row = (series: typeof trend.thisYear) => new TableRow({ cantSplit: true, children: [small(series.label, { header: true }), ...series.values.map((v) => small(value(v), { right: true }))] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [1000, ...trend.months.map(() => 716)],
    layout: TableLayoutType.FIXED,
    rows: [new TableRow({ tableHeader: true, cantSplit: true, children: [small('Year', { header: true }), ...trend.months.map((m) => small(m, { header: true, right: true }))] }), row(trend.lastYear), row(trend.thisYear)],
  });
}

export const textRun = (look: Look, t: string, options: { bold?: boolean; size?: number; colour?: string } = {}) => new TextRun({ text: t, bold: options.bold, ...face(look, options.size ?? 22, options.colour) });

const LIST_INDENT = { left: 1134, hanging: 567 };
export const NUMBERING = {
  config: [
    {
      reference: 'report-bullet',
      levels: [{ level: 0, format: LevelFormat.BULLET, text: '\u2022', alignment: AlignmentType.LEFT, style: { paragraph: { indent: LIST_INDENT } } }],
    },
    {
      reference: 'report-ordered',
      levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT, style: { paragraph: { indent: LIST_INDENT } } }],
    },
  ],
};

export const runs = (look: Look, list: readonly Run[]) => list.map((r) => new TextRun({ text: r.text, ...face(look, 22), bold: r.bold, italics: r.italic }));

/**
 * A numbered paragraph: "1.1", a tab, then its text, hanging so that every line starts at the text; further
 * blocks and list items indented to match. Each numbered list starts again at 1.
 */
function numberedParagraph(look: Look, p: DocumentParagraph, nextListInstance: () => number): Paragraph[] {
  const blocks = p.blocks ?? [{ kind: 'paragraph' as const, runs: [{ text: p.text }] }];
  const number = new TextRun({ text: `${p.number}\t`, ...face(look, 22), bold: true });
  const out: Paragraph[] = [];
  const first = blocks[0];
  if (first?.kind === 'paragraph') out.push(new Paragraph({ spacing: { after: 120 }, indent: { left: 567, hanging: 567 }, children: [number, ...runs(look, first.runs)] }));
  else out.push(new Paragraph({ spacing: { after: 60 }, keepNext: true, children: [number] }));
  for (const group of groupBlocks(first?.kind === 'paragraph' ? blocks.slice(1) : blocks)) {
    if (group.kind === 'paragraph') {
      for (const b of group.items) out.push(new Paragraph({ spacing: { after: 120 }, indent: { left: 567 }, children: runs(look, b.runs) }));
      continue;
    }
    const instance = nextListInstance();
    for (const b of group.items) {
      out.push(new Paragraph({ spacing: { after: 60 }, numbering: { reference: group.kind === 'bullet' ? 'report-bullet' : 'report-ordered', level: 0, instance }, children: runs(look, b.runs) }));
    }
  }
  return out;
}

/**
 * A document's frame: its language (en-GB, on the default run: what Word and screen readers read it as), its
 * list numbering, and one A4 section with the marking in its header and footer and page numbers.
 */
export function markedDocument(look: Look, meta: { creator: string; title: string; description: string; marking: string }, children: (Paragraph | Table | TableOfContents)[]): Document {
  const marking = () => new Paragraph({ alignment: AlignmentType.CENTER, children: [textRun(look, meta.marking, { bold: true, size: 18 })] });
  return new Document({
    creator: meta.creator,
    title: meta.title,
    description: meta.description,
    styles: { default: { document: { run: { ...face(look, 22), language: { value: 'en-GB' } } } } },
    numbering: NUMBERING,
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        headers: { default: new Header({ children: [marking()] }) },
        footers: {
          default: new Footer({
            children: [marking(), new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ ...face(look, 18), children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })] })],
          }),
        },
        children,
      },
    ],
  });
}

export async function writeDocx(doc: ReportDocument, chartPngs: ReadonlyMap<string, Buffer>, look: Look = OWN_LOOK): Promise<Buffer> {
  const text = (t: string, options: { bold?: boolean; size?: number; colour?: string } = {}) => textRun(look, t, options);
  const scale = Math.min(1, (look.textWidthPx ?? REPORT_CHART_SIZE.width) / REPORT_CHART_SIZE.width);
  const chartSize = { width: Math.round(REPORT_CHART_SIZE.width * scale), height: Math.round(REPORT_CHART_SIZE.height * scale) };
  let listInstances = 0;
  const cover = [
    ...(doc.isDemo ? [new Paragraph({ children: [text('DEMO DATA — a fictional force. These figures describe no real force.', { bold: true, colour: '7A4B00' })] })] : []),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [text(doc.title, { bold: true, size: 40, colour: '0B4F8A' })] }),
    ...[
      ['Force', doc.force],
      ['Period', doc.periodLong],
      ['Compared with', doc.previousPeriod],
      ['Author', doc.author],
      ['Date', doc.date],
      ['Version', doc.version === 'final' ? 'Final' : 'Draft'],
    ].map(([label, value]) => new Paragraph({ spacing: { after: 60 }, children: [text(`${label}: `, { bold: true }), text(value)] })),
  ];
  const heading1 = (title: string, pageBreakBefore = false) => new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore, keepNext: true, children: [text(title, { bold: true, size: 30, colour: '0B4F8A' })] });
  const heading2 = (title: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: [text(title, { bold: true, size: 24 })] });
  // Sections follow one another down the page (only the first starts a page, after the summary): a section
  // that started a page of its own left the end of the one before it nearly empty.
  const body = doc.sections.flatMap((s, sectionIndex) => {
    const out: (Paragraph | Table)[] = [heading1(`${s.number}. ${s.title}`, sectionIndex === 0)];
    if (s.table.rows.length) out.push(caption(look, s.table.caption), comparisonTable(look, 'KPI', s.table.rows, doc.headers), ...sourceLine(look, s.table.source));
    else out.push(new Paragraph({ children: [text(`No figures in this section for ${doc.period}.`)] }));
    for (const b of s.breakdowns) out.push(new Paragraph({ children: [] }), caption(look, b.caption), comparisonTable(look, b.dimension, b.rows, doc.headers), ...sourceLine(look, b.source));
    if (s.charts.length) out.push(heading2('Trends'));
    s.charts.forEach((c, i) => {
      // Charts two to a page: the first of each pair keeps with the second, so a page holds both or neither.
      const keepWithPair = i % 2 === 0 && i + 1 < s.charts.length;
      const png = chartPngs.get(c.id);
      out.push(caption(look, c.title));
      if (png) {
        out.push(
          new Paragraph({
            keepNext: true,
            children: [
              new ImageRun({
                type: 'png',
                data: png,
                transformation: chartSize,
                altText: { name: c.id, title: c.title, description: c.alt },
              }),
            ],
          }),
        );
      }
      out.push(...(c.source ? sourceLine(look, c.source, keepWithPair) : [new Paragraph({ keepNext: keepWithPair, children: [] })]));
    });
    if (s.paragraphs.length) out.push(heading2('Commentary'));
    for (const p of s.paragraphs) out.push(...numberedParagraph(look, p, () => ++listInstances));
    return out;
  });
  const glossary = doc.glossary.length
    ? [
        heading1('Glossary'),
        ...doc.glossary.flatMap((g) => [
          new Paragraph({ keepNext: true, spacing: { before: 120 }, children: [text(g.term, { bold: true })] }),
          ...g.definition.split('\n').map((line) => new Paragraph({ children: [text(line)] })),
        ]),
      ]
    : [];
  const bullets = (items: string[], none: string) =>
    items.length
      ? items.map((item) => new Paragraph({ spacing: { after: 80 }, numbering: { reference: 'report-bullet', level: 0 }, children: [text(item)] }))
      : [new Paragraph({ spacing: { after: 120 }, children: [text(none)] })];
  // Contents (a field Word updates, written with an entry for each section so it reads before it is updated)
  // and the summary share the page after the cover.
  const contents = [
    new Paragraph({ pageBreakBefore: true, spacing: { after: 120 }, keepNext: true, children: [text('Contents', { bold: true, size: 30, colour: '0B4F8A' })] }),
    new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-1' }),
  ];
  const attention = doc.summary ? attentionParts(doc.summary) : { rows: [], sentences: [] };
  const summary = doc.summary
    ? [
        heading1('Summary'),
        heading2('What needs attention'),
        ...(attention.rows.length
          ? [caption(look, attentionCaption(doc)), attentionTable(look, attention.rows, doc.headers), new Paragraph({ spacing: { after: 60 }, children: [] })]
          : bullets(attention.sentences, `No headline figure shows a special cause or fails its standard in ${doc.period}.`)),
        heading2('The largest changes'),
        ...bullets(doc.summary.changes, 'No change to compare.'),
      ]
    : [];
  const charts = doc.sections.flatMap((s) => s.charts);
  const chartData = charts.length
    ? [heading1('Appendix: the figures behind the charts'), ...charts.flatMap((c) => [caption(look, c.title), chartFiguresTable(look, c.trend), new Paragraph({ spacing: { after: 60 }, children: [] })])]
    : [];
  const reconciliation = doc.reconciliation?.length
    ? [
        heading1('Appendix: figures from two sources'),
        new Paragraph({ spacing: { after: 120 }, children: [text('These figures are held from more than one source, which count differently. The report uses one source for each KPI, named under its table; the other is shown here for comparison.')] }),
        caption(look, `Figures held from two sources, ${doc.period}: the second less the first`),
        reconciliationTable(look, doc.reconciliation),
      ]
    : [];
  const document = markedDocument(look, { creator: doc.author, title: `${doc.title}: ${doc.periodLong}`, description: `Force Performance Report, ${doc.periodLong}, ${doc.version}`, marking: doc.marking }, [
    ...cover,
    ...contents,
    ...summary,
    ...body,
    ...chartData,
    ...reconciliation,
    ...glossary,
  ]);
  return Packer.toBuffer(document);
}
