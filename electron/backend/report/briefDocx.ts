import { HeadingLevel, ImageRun, Packer, Paragraph, TextRun } from 'docx';
import type { BriefDocument } from '../../../shared/report/brief';
import { caption, chartFiguresTable, comparisonTable, face, markedDocument, OWN_LOOK, runs, sourceLine, textRun, type Look } from './docx';
import { REPORT_CHART_SIZE } from './charts';

/**
 * A Panel question's brief as a Word document of one page: the marking in its header and footer, the
 * question in the minutes' words, the answer, the figures and the chart (smaller than the report's, so
 * that the page holds it all), each table and the chart with its caption and source.
 */
export async function writeBriefDocx(brief: BriefDocument, chartPng: Buffer | undefined, look: Look = OWN_LOOK): Promise<Buffer> {
  const text = (t: string, options: { bold?: boolean; size?: number; colour?: string } = {}) => textRun(look, t, options);
  const heading = (t: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, spacing: { before: 160, after: 60 }, children: [text(t, { bold: true, size: 24, colour: '0B4F8A' })] });
  const width = Math.min(REPORT_CHART_SIZE.width, look.textWidthPx ?? REPORT_CHART_SIZE.width) * 0.8;
  const answer = brief.answer.length
    ? brief.answer.map((b) =>
        b.kind === 'paragraph'
          ? new Paragraph({ spacing: { after: 100 }, children: runs(look, b.runs) })
          : new Paragraph({ spacing: { after: 60 }, numbering: { reference: b.kind === 'bullet' ? 'report-bullet' : 'report-ordered', level: 0 }, children: runs(look, b.runs) }),
      )
    : [new Paragraph({ children: [text('Not answered yet.')] })];
  const details = [
    ['Force', brief.force],
    ['Meeting', brief.meeting],
    ['Asked by', brief.member ?? 'a member of the Panel'],
    ['Period', brief.periodLong],
  ].map(([label, value]) => new Paragraph({ spacing: { after: 40 }, children: [text(`${label}: `, { bold: true }), text(value)] }));
  const chart = brief.chart && chartPng
    ? [
        caption(look, brief.chart.title),
        new Paragraph({
          keepNext: true,
          children: [new ImageRun({ type: 'png', data: chartPng, transformation: { width: Math.round(width), height: Math.round((width * REPORT_CHART_SIZE.height) / REPORT_CHART_SIZE.width) }, altText: { name: brief.chart.id, title: brief.chart.title, description: brief.chart.alt } })],
        }),
        chartFiguresTable(look, brief.chart.trend),
        ...sourceLine(look, brief.chart.source),
      ]
    : [];
  const document = markedDocument(look, { creator: brief.author, title: `${brief.title}, ${brief.force}`, description: `Panel question ${brief.label}, meeting of ${brief.meeting}`, marking: brief.marking }, [
    ...(brief.isDemo ? [new Paragraph({ children: [text('DEMO DATA — a fictional force. These figures describe no real force.', { bold: true, colour: '7A4B00' })] })] : []),
    new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { after: 120 }, children: [text(brief.title, { bold: true, size: 32, colour: '0B4F8A' })] }),
    ...details,
    heading('The question'),
    new Paragraph({ indent: { left: 567 }, spacing: { after: 100 }, children: [new TextRun({ text: brief.question, italics: true, ...face(look, 22) })] }),
    heading('The answer'),
    ...answer,
    ...(brief.table.rows.length ? [caption(look, brief.table.caption), comparisonTable(look, 'KPI', brief.table.rows, brief.headers), ...sourceLine(look, brief.table.source)] : []),
    ...chart,
    new Paragraph({ spacing: { before: 120 }, children: [text(`Prepared by ${brief.author}, ${brief.date}.`, { size: 18 })] }),
  ]);
  return Packer.toBuffer(document);
}
