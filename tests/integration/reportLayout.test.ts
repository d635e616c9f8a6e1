import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../shared/domain/periods';
import { attentionCaption, type ReportDocument } from '../../shared/report/model';
import { openReport, reportContext, reportDocument } from '../../electron/backend/report/reportService';
import { closeWorkspace, openWorkspace } from '../../electron/backend/workspace';
import { layoutFaults, pdfPages, type LayoutParts } from '../fixtures/pdfLayout';
import { cli } from './cliHarness';
import { suiteWorkspaces } from './workspaceFixtures';

/**
 * The report's layout rules, checked on pages as they were laid out: the PDF as Chromium prints it, and the
 * Word file as LibreOffice lays it out (converted to PDF). Each rule is read off the printed text, line by
 * line: a caption or heading never ends a page apart from its table or chart, a section's charts come after
 * its table, the contents page lists every section, and no page but the cover is nearly empty.
 */

const workspaces = suiteWorkspaces();
const PERIOD = 'Q1 2019/20';
let doc: ReportDocument;

/** What introduces something and must stay with it: every caption and heading the report prints. */
function layoutParts(d: ReportDocument): LayoutParts {
  return {
    leads: [
      'What needs attention',
      attentionCaption(d),
      'The largest changes',
      ...d.sections.flatMap((s) => [`${s.number}. ${s.title}`, s.table.caption, ...s.breakdowns.map((b) => b.caption), ...(s.charts.length ? ['Trends'] : []), ...s.charts.map((c) => c.title)]),
    ],
    sections: d.sections.map((s) => ({ title: `${s.number}. ${s.title}`, table: s.table.caption, charts: s.charts.map((c) => c.title) })),
  };
}

/** LibreOffice's soffice: CI installs it; a machine without it cannot lay out a Word file, and says so. */
const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => fs.existsSync(p));

beforeAll(() => {
  const workspace = openWorkspace(workspaces.demo());
  try {
    const period = parsePeriod(PERIOD);
    const context = reportContext(workspace, period);
    doc = reportDocument(context, openReport(context).record, 'draft');
  } finally {
    closeWorkspace(workspace);
  }
});

async function exported(format: 'pdf' | 'docx'): Promise<string> {
  const out = path.join(workspaces.dir(), `Q1.${format}`);
  const result = await cli('report', '--db', workspaces.demo(), '--period', PERIOD, '--out', out, '--force');
  expect(result.err).toBe('');
  return out;
}

describe('the report’s layout, on the pages as printed', () => {
  it('finds each fault on pages made to have it', () => {
    const parts: LayoutParts = { leads: ['1. Calls: Q1 2019/20 compared with Q1 2018/19', 'Trends'], sections: [{ title: '1. Calls', table: '1. Calls: Q1 2019/20 compared with Q1 2018/19', charts: ['1.1 Number of 999 Calls by month'] }] };
    const lines = (...texts: [number, string][]) => texts.map(([y, text]) => ({ y, text }));
    const pages = [
      { height: 842, lines: lines([60, 'Force Performance Report']) },
      { height: 842, lines: lines([60, '1.1 Number of 999 Calls by month'], [700, 'Text'], [760, '1. Calls: Q1 2019/20 compared'], [772, 'with Q1 2018/19']) },
      { height: 842, lines: lines([60, 'KPI Performance'], [120, 'Trends']) },
      { height: 842, lines: lines([60, 'Text'], [760, 'Text']) },
    ];
    expect(layoutFaults(pages, parts)).toEqual([
      '"1. Calls: Q1 2019/20 compared with Q1 2018/19" ends page 2, apart from what it introduces',
      '"Trends" ends page 3, apart from what it introduces',
      'the chart "1.1 Number of 999 Calls by month" comes before its section\'s table',
      'page 3 is nearly empty: its text ends 8% of the way down',
    ]);
  });

  it('holds in the PDF: captions with what they introduce, charts after their table, no page nearly empty', async () => {
    const pages = await pdfPages(await exported('pdf'), doc.marking);
    expect(layoutFaults(pages, layoutParts(doc))).toEqual([]);
    // The contents and the summary share the page after the cover, and every section is listed.
    const second = pages[1].lines.map((l) => l.text);
    for (const s of doc.sections) expect(second).toContain(`${s.number}. ${s.title}`);
    expect(second).toContain('The largest changes');
    expect(pages.length).toBe(17);
  }, 60_000);

  it.skipIf(!soffice && !process.env.CI)('holds in the Word file as LibreOffice lays it out', async () => {
    expect(soffice, 'LibreOffice (apt-get install libreoffice-writer-nogui) lays out the Word file').toBeDefined();
    const docx = await exported('docx');
    const outdir = path.join(workspaces.dir(), 'laid-out');
    execFileSync(soffice!, ['--headless', `-env:UserInstallation=file://${outdir}/profile`, '--convert-to', 'pdf', '--outdir', outdir, docx], { stdio: 'ignore', timeout: 120_000 });
    const pages = await pdfPages(path.join(outdir, 'Q1.pdf'), doc.marking);
    expect(layoutFaults(pages, layoutParts(doc))).toEqual([]);
    const second = pages[1].lines.map((l) => l.text).join('\n');
    for (const s of doc.sections) expect(second).toContain(`${s.number}. ${s.title}`);
    expect(second).toContain('The largest changes');
    expect(pages.length).toBe(16);
  }, 150_000);
});
