import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, withApi } from '../checkedApi';
import { createSession } from '../../electron/backend/session';
import { openWorkspace } from '../../electron/backend/workspace';
import { MISSING_PERSON_ROWS, Q1_ROWS } from '../fixtures/sourceReport';
import { cli } from './cliHarness';
import { chromiumPdfPrinter, pageTemplates } from '../../electron/backend/report/pdf';
import { reviseMonth, sourceReportWorkspace, tempDir } from './workspaceFixtures';
import { readZipParts } from '../fixtures/zipFiles';

/** One part of a zip (a .docx) as text. */
const readZipPart = async (file: string, name: string) => readZipParts(fs.readFileSync(file)).find((p) => p.name === name)!.data.toString('utf8');

let dir: string;
let db: string;
let pristine: string;

beforeAll(() => {
  dir = tempDir();
  db = sourceReportWorkspace(dir);
  pristine = path.join(dir, 'pristine.sqlite');
  fs.copyFileSync(db, pristine);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));


const copy = (name: string) => {
  const file = path.join(dir, name);
  fs.copyFileSync(pristine, file);
  return file;
};

/** Table rows of a mammoth HTML rendering, each as the texts of its cells. */
function tableRows(html: string): string[][] {
  return [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) => [...row[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').trim()));
}

/** Where a heading of mammoth's HTML starts (its bookmark and bold inside it). */
function headingAt(html: string, title: string): number {
  const at = html.search(new RegExp(`<h1>(?:<[^>]+>)*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:<[^>]+>)*</h1>`));
  expect(at, title).toBeGreaterThan(-1);
  return at;
}

describe('workbench report to Word', () => {
  let html: string;
  let text: string;

  beforeAll(async () => {
    const out = path.join(dir, 'Q1.docx');
    const result = await cli('report', '--db', db, '--period', 'Q1 2019/20', '--out', out);
    expect(result.err).toBe('');
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/^Wrote .*Q1\.docx: Force Performance Report, Quarter 1 2019\/20 \(April 2019 – June 2019\) \(draft\), \d+ paragraphs\.\nSHA-256 [0-9a-f]{64}; kept as export 1\.\n$/);
    html = (await mammoth.convertToHtml({ path: out })).value;
    text = (await mammoth.extractRawText({ path: out })).value;
  });

  it('declares its language, en-GB, on the styles every run takes', async () => {
    const styles = await readZipPart(path.join(dir, 'Q1.docx'), 'word/styles.xml');
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*<w:lang w:val="en-GB"\/>[\s\S]*<\/w:docDefaults>/);
  });

  it('has the cover, the five sections as real headings, and the glossary', () => {
    expect([...html.matchAll(/<h1>(.*?)<\/h1>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''))).toEqual([
      'Summary',
      '1. Calls',
      '2. Incidents',
      '3. Crime',
      '4. Outcomes',
      '5. Prevention',
      'Appendix: the figures behind the charts',
      'Glossary',
    ]);
    expect(text).toContain('Period: Quarter 1 2019/20 (April 2019 – June 2019)');
    // The glossary holds the terms the report uses, and no others.
    const glossary = html.slice(headingAt(html, 'Glossary'));
    expect(glossary).toContain('<strong>Positive Outcome</strong>');
    expect(glossary).not.toContain('Clare');
    expect(text).not.toContain('Clare\'s Law');
  });

  it('opens with a contents field Word updates, then a summary of what needs attention drawn from the verdicts', async () => {
    const document = await readZipPart(path.join(dir, 'Q1.docx'), 'word/document.xml');
    expect(document).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-1&quot;<\/w:instrText>/);
    const contents = text.slice(text.indexOf('Contents'), text.indexOf('What needs attention'));
    for (const heading of ['Summary', '1. Calls', '2. Incidents', '3. Crime', '4. Outcomes', '5. Prevention', 'Appendix: the figures behind the charts', 'Glossary']) expect(contents).toContain(heading);
    const summary = text.slice(text.indexOf('What needs attention'), text.indexOf('1. Calls: Q1 2019/20'));
    // What needs attention is a table: the KPI, both periods' figures, the change and why, in the Panel's words.
    const rows = tableRows(html.slice(html.indexOf('What needs attention')));
    expect(rows[0]).toEqual(['KPI', 'Q1 19/20', 'Q1 18/19', 'Change', 'Why']);
    expect(rows).toContainEqual(['3.1 All Crime', '23,871', '22,949', '+4%', 'Higher than usual']);
    expect(summary).toMatch(/The largest changes\s+5\.1 Number of Stop and Searches: 961 against 789 a year earlier \(\+22%\)\./);
  });

  it('keeps the figures behind the charts in an appendix, a year to a row, not after every chart', () => {
    const appendix = html.slice(headingAt(html, 'Appendix: the figures behind the charts'), headingAt(html, 'Glossary'));
    const rows = tableRows(appendix);
    expect(rows[0]).toEqual(['Year', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar']);
    expect(rows.filter((r) => r[0] === 'Year')).toHaveLength(Q1_ROWS.length);
    expect(rows).toContainEqual(['2019/20', '12,932', '13,449', '13,708', '–', '–', '–', '–', '–', '–', '–', '–', '–']);
    const sections = html.slice(0, headingAt(html, 'Appendix: the figures behind the charts'));
    expect(tableRows(sections).some((r) => r[0] === 'Month')).toBe(false);
  });

  it('carries DOMAIN.md’s rows in its KPI tables, computed from the monthly figures', () => {
    const rows = tableRows(html);
    expect(rows).toContainEqual(['KPI', 'Performance Q1 19/20', 'Performance Q1 18/19', 'Volume Change', '% Change']);
    for (const r of Q1_ROWS) expect(rows).toContainEqual([r.label, r.current, r.previous, r.change, r.changePercent]);
  });

  it('has the missing-persons breakdown with Unspecified +23 and +22%', () => {
    const rows = tableRows(html);
    expect(rows).toContainEqual(['Unspecified', '129', '106', '+23', '+22%']);
    for (const r of MISSING_PERSON_ROWS) expect(rows).toContainEqual([r.category, r.current.toLocaleString('en-GB'), r.previous.toLocaleString('en-GB'), r.change, r.changePercent]);
  });

  it('has numbered paragraphs in the source’s register, figures alongside percentages', () => {
    expect(text).toContain('3.1\tAll crime increased by 922 (+4%) when compared to the same quarter of the last financial year, from 22,949 to 23,871.');
    expect(text).toContain('1.2\tThe number of 101 calls decreased by 11,335 (-11%) when compared to the same quarter of the last financial year, from 101,730 to 90,395.');
    // The verdict in the Panel's words, each event a sentence of its own; Making Data Count's terms are the glossary's.
    expect(text).toContain('This is higher than usual. It has been above its usual range since July 2018 (12 months), after rising month on month from March 2018.');
    expect(text.match(/This is [^.]*\./g)).toEqual(['higher', 'lower', 'lower', 'higher', 'lower', 'higher'].map((side) => `This is ${side} than usual.`));
    expect(text).not.toMatch(/special cause of|common-cause variation\./);
    // The glossary gives the Making Data Count term of each the report uses, and not of the one it does not.
    expect(text).toContain('Higher than usual (special cause)');
    expect(text).toContain('Lower than usual (special cause)');
    expect(text).not.toContain('Expected range (common-cause variation)');
    expect(text).toMatch(/By gender, against the same quarter of the last financial year: Male \+101 \(\+18%\); Female -176 \(-23%\); Unspecified \+23 \(\+22%\)\./);
  });
});

describe('the number check before export', () => {
  it('lists a planted wrong figure and a planted wrong direction word, and exports once each is fixed or accepted', async () => {
    const file = copy('check.sqlite');
    await withApi(file, async (api) => {
      const view = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      expect(view.issues).toEqual([]);
      const crime = view.paragraphs.find((p) => p.kpiId === 'all-crime')!;
      const missing = view.paragraphs.find((p) => p.kpiId === 'missing-person-records' && p.text.startsWith('By gender'))!;
      const edited = view.paragraphs.map((p) =>
        p.id === crime.id
          ? { ...p, text: 'The force recorded an additional 929 crimes compared to the same quarter of the previous year.' }
          : p.id === missing.id
            ? { ...p, text: 'Female and Unspecified missing person records both show reductions.' }
            : p,
      );
      const checked = await api['report.save']({ period: 'Q1 2019/20', changes: { paragraphs: edited.map(({ id, section, kpiId, text }) => ({ id, section, kpiId, text })) } });
      expect(checked.issues.map((i) => [i.paragraphNumber, i.kind, i.message])).toEqual([
        [missing.number, 'direction', '“reductions” says a fall, but Unspecified rose (+23, +22%).'],
        [crime.number, 'number', '“929” is typed, and matches none of the figures this paragraph is about (All Crime: 23,871 against 22,949, +922, +4%). Use a live field, or correct it.'],
      ]);
      await expect(api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft' })).rejects.toThrow(/The check found 2 problems in the narrative; fix or accept each before exporting/);
      // Fix the figure; accept the wording consciously.
      const fixed = await api['report.save']({
        period: 'Q1 2019/20',
        changes: { paragraphs: checked.paragraphs.map(({ id, section, kpiId, text }) => ({ id, section, kpiId, text: text.replace('929', '922') })) },
      });
      expect(fixed.openIssues).toBe(1);
      expect(fixed.issues.filter((i) => !i.accepted).map((i) => i.kind)).toEqual(['direction']);
      const accepted = await api['report.accept']({ period: 'Q1 2019/20', issueId: fixed.issues[0].id, accepted: true, reason: 'The Panel asked for the rounded figure' });
      expect(accepted.openIssues).toBe(0);
      const out = path.join(dir, 'checked.html');
      await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'final', path: out });
      expect(fs.readFileSync(out, 'utf8')).toContain('The force recorded an additional 922 crimes');
    });
  });

  it('refuses on the command line too, naming the paragraph, and writes nothing', async () => {
    const file = copy('check-cli.sqlite');
    await withApi(file, async (api) => {
      const view = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      const paragraphs = view.paragraphs.map(({ id, section, kpiId, text }) => ({ id, section, kpiId, text: kpiId === 'calls-999' ? 'Calls rose by 3,875.' : text }));
      await api['report.save']({ period: 'Q1 2019/20', changes: { paragraphs } });
    });
    const out = path.join(dir, 'refused.docx');
    const result = await cli('report', '--db', file, '--period', 'Q1 2019/20', '--out', out);
    expect(result.status).toBe(2);
    expect(result.err).toContain('workbench: paragraph 1.1: “3,875” is typed, and matches none of the figures this paragraph is about');
    expect(result.err).toContain('nothing was exported');
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('HTML and PDF exports', () => {
  it('writes one self-contained, accessible HTML file', async () => {
    const out = path.join(dir, 'Q1.html');
    expect((await cli('report', '--db', copy('html.sqlite'), '--period', 'Q1 2019/20', '--out', out)).status).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    const headings = [...html.matchAll(/<h([1-6])[ >]/g)].map((m) => Number(m[1]));
    expect(headings[0]).toBe(1);
    headings.forEach((level, i) => i > 0 && expect(level - headings[i - 1]).toBeLessThanOrEqual(1));
    expect((html.match(/<table( class="(chart-figures|attention)")?>/g) ?? []).length).toBe((html.match(/<caption>/g) ?? []).length);
    expect(html).not.toMatch(/<th>(?!<)/);
    const images = [...html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    // One trend chart for each KPI of DOMAIN.md's table (the report's headline rows), in its section.
    expect(images).toHaveLength(Q1_ROWS.length);
    for (const img of images) expect(img).toMatch(/src="data:image\/svg\+xml;base64,[^"]+" width="\d+" height="\d+" alt="Line chart of [^"]+"/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect((html.match(/<p class="marking[^"]*">OFFICIAL<\/p>/g) ?? []).length).toBe(2);
    // A contents list linking to every part, and each chart's figures folded under it.
    const links = [...html.matchAll(/<nav aria-labelledby="contents" class="contents">[\s\S]*?<\/nav>/g)][0][0].match(/href="#([^"]+)"/g)!.map((h) => h.slice(7, -1));
    expect(links).toEqual(['summary', 'section-1', 'section-2', 'section-3', 'section-4', 'section-5', 'glossary']);
    for (const id of links) expect(html).toContain(`<h2 id="${id}">`);
    expect((html.match(/<details><summary>The figures in the chart<\/summary>/g) ?? []).length).toBe(images.length);
    // The editor says which of its glossary's terms are printed: exactly those the export lists.
    const printed = [.../<dl class="glossary">(.*?)<\/dl>/s.exec(html)![1].matchAll(/<dt>(.*?)<\/dt>/g)].map((m) => m[1].replace(/&#39;/g, "'"));
    const view = await withApi(copy('glossary.sqlite'), (api) => api['report.open']({ period: 'Q1 2019/20', start: 'draft' }));
    expect(view.glossaryUsed).toEqual(printed);
    expect(view.glossaryUsed.length).toBeGreaterThan(2);
    expect(view.glossary.length).toBeGreaterThan(view.glossaryUsed.length);
  });

  it('prints the same report to PDF through Chromium, with the marking in the header and footer of every page', async () => {
    const out = path.join(dir, 'Q1.pdf');
    const file = copy('pdf.sqlite');
    const printed: { html: string; marking: string }[] = [];
    const session = createSession(openWorkspace(file));
    try {
      const api = createApi(session, {
        printPdf: (html, marking) => (printed.push({ html, marking }), chromiumPdfPrinter(html, marking)),
      });
      await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      await api['report.save']({ period: 'Q1 2019/20', changes: { marking: 'OFFICIAL-SENSITIVE' } });
      const html = path.join(dir, 'Q1-for-pdf.html');
      await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft', path: html });
      await api['report.export']({ period: 'Q1 2019/20', format: 'pdf', version: 'draft', path: out });
      // The PDF is the HTML export, printed: the same document, except that the figures behind each chart,
      // folded under it on screen, are printed in an appendix (a folded table would not print).
      expect(printed.map((p) => p.marking)).toEqual(['OFFICIAL-SENSITIVE']);
      const onScreen = fs.readFileSync(html, 'utf8');
      const withoutChartData = (page: string) =>
        page
          .replace(/<details><summary>The figures in the chart<\/summary>[\s\S]*?<\/details>/g, '')
          .replace(/<p class="source">Its figures: <a href="#data-[^"]+">Appendix: the figures behind the charts<\/a>\.<\/p>/g, '')
          .replace(/<section aria-labelledby="chart-data">[\s\S]*?<\/section>/, '')
          .replace('<li><a href="#chart-data">Appendix: the figures behind the charts</a></li>', '')
          .replace(/\n+/g, '\n');
      expect(withoutChartData(printed[0].html)).toBe(withoutChartData(onScreen));
      expect(printed[0].html).toMatch(/<h2 id="chart-data">Appendix: the figures behind the charts<\/h2>/);
      expect((printed[0].html.match(/<table class="chart-figures across">/g) ?? []).length).toBe((onScreen.match(/<details><summary>The figures in the chart<\/summary>/g) ?? []).length);
    } finally {
      session.close();
    }
    // Chromium repeats its header and footer templates on every page it prints.
    const { headerTemplate, footerTemplate } = pageTemplates('OFFICIAL-SENSITIVE');
    expect(headerTemplate).toContain('>OFFICIAL-SENSITIVE<');
    expect(footerTemplate).toContain('>OFFICIAL-SENSITIVE<');
    expect(footerTemplate).toContain('Page <span class="pageNumber"></span> of <span class="totalPages"></span>');
    const pdf = fs.readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf.toString('latin1');
    const pages = (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThan(5);
    // Published accessibly: a tagged PDF (a structure tree of headings, tables with header cells, and
    // figures with their alt text), in the document's language, with bookmarks.
    // Structure elements may sit in compressed object streams: read them inflated too.
    const streams = [...text.matchAll(/stream\r?\n([\s\S]*?)endstream/g)].map((m) => {
      try {
        return zlib.inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
      } catch {
        return '';
      }
    });
    const objects = [text, ...streams].join('\n');
    const count = (pattern: RegExp) => (objects.match(new RegExp(pattern.source, 'g')) ?? []).length;
    // The structure is that of the HTML printed (its chart figures in an appendix).
    const exported = printed[0].html;
    expect(text).toMatch(/\/StructTreeRoot/);
    expect(text).toMatch(/\/MarkInfo\s*<<[^>]*\/Marked true/);
    expect(text).toMatch(/\/Lang \(en-GB\)/);
    expect(text).toMatch(/\/Outlines/);
    expect(count(/\/S \/H1\b/)).toBe((exported.match(/<h1[ >]/g) ?? []).length);
    expect(count(/\/S \/H2\b/)).toBe((exported.match(/<h2[ >]/g) ?? []).length);
    expect(count(/\/S \/Table\b/)).toBe((exported.match(/<table[ >]/g) ?? []).length);
    expect(count(/\/Alt\s*\(/)).toBe((exported.match(/<img [^>]*alt="/g) ?? []).length);
  }, 60_000);
});

describe('reports over time', () => {
  it('keeps each export with the document it was written from, so a final report reads the same after a re-import', async () => {
    const file = copy('history.sqlite');
    await withApi(file, async (api) => {
      await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      const first = path.join(dir, 'final.html');
      const written = await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'final', path: first });
      // A later import changes April 2019's 999 calls.
      reviseMonth(file, 'calls-999', '2019-04', 100);
      const now = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      expect(now.paragraphs.find((p) => p.kpiId === 'calls-999')!.rendered).toContain('from 36,232 to 40,189');
      const again = path.join(dir, 'final-again.html');
      const rewritten = await api['report.reexport']({ exportId: written.exportId, format: 'html', path: again });
      expect(rewritten.sha256).toBe(written.sha256);
      expect(fs.readFileSync(again, 'utf8')).toContain('from 36,232 to 40,089');
      expect(now.exports.map((e) => [e.version, e.format, e.sha256])).toEqual([['final', 'html', written.sha256]]);
    });
  });

  it('carries last quarter’s wording forward, its live fields showing the new quarter, and reuses the template', async () => {
    const file = copy('forward.sqlite');
    await withApi(file, async (api) => {
      const q1 = await api['report.open']({ period: '2018/19', start: 'draft' });
      const template = {
        sections: q1.template.sections.map((s) => ({ ...s, kpis: s.kpis.filter((k) => ['calls-999', 'calls-101', 'all-crime', 'incidents'].includes(k.kpiId)).reverse() })),
      };
      const saved = await api['report.save']({
        period: '2018/19',
        changes: { template, paragraphs: [{ id: 'a', section: 3, kpiId: 'all-crime', text: 'Crime {{all-crime.changed}} by {{all-crime.difference}} ({{all-crime.changePercent}}).' }] },
      });
      expect(saved.paragraphs.map((p) => p.rendered)).toEqual(['Crime increased by 8,164 (+10%).']);
      const next = await api['report.open']({ period: 'Q1 2019/20', start: 'previous' });
      expect(next.carriedFrom).toBe('2018/19');
      expect(next.paragraphs.map((p) => [p.number, p.rendered])).toEqual([['3.1', 'Crime increased by 922 (+4%).']]);
      expect(next.template).toEqual(template);
      // A fresh draft of another period starts from the template last saved.
      const fresh = await api['report.open']({ period: 'Q1 2018/19', start: 'draft' });
      expect(fresh.template.sections[0].kpis.map((k) => k.kpiId)).toEqual(['calls-101', 'calls-999']);
    });
  });

  it('drafts one KPI’s paragraphs afresh in their place, leaving the others as the analyst wrote them', async () => {
    const file = copy('redraft.sqlite');
    await withApi(file, async (api) => {
      const view = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      const edited = view.paragraphs.map(({ id, section, kpiId, text }) => ({ id, section, kpiId, text: kpiId === 'all-crime' || kpiId === 'calls-999' ? `Rewritten: ${kpiId}.` : text }));
      await api['report.save']({ period: 'Q1 2019/20', changes: { paragraphs: edited } });
      const redrafted = await api['report.redraft']({ period: 'Q1 2019/20', kpiId: 'all-crime' });
      const crime = redrafted.paragraphs.find((p) => p.kpiId === 'all-crime')!;
      expect(crime.number).toBe(view.paragraphs.find((p) => p.kpiId === 'all-crime')!.number);
      expect(crime.rendered).toMatch(/^All crime increased by 922 \(\+4%\) when compared to the same quarter of the last financial year/);
      expect(redrafted.paragraphs.find((p) => p.kpiId === 'calls-999')!.text).toBe('Rewritten: calls-999.');
      expect(redrafted.paragraphs).toHaveLength(view.paragraphs.length);
    });
  });

  it('covers a quarter or a financial year, and says so for anything else', async () => {
    const result = await cli('report', '--db', db, '--period', 'April 2019', '--out', path.join(dir, 'x.docx'));
    expect(result).toMatchObject({ status: 2, err: 'workbench: A Force Performance Report covers a quarter or a financial year: e.g. "Q1 2019/20" or "2018/19".\n' });
  });
});
