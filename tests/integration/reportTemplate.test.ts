import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness';
import { suiteWorkspaces } from './workspaceFixtures';
import { readZipParts } from '../fixtures/zipFiles';
import { imagesOnPage, pdfPages } from '../fixtures/pdfLayout';

/**
 * The office's own template (tests/fixtures/report-template, saved by LibreOffice from
 * scripts/fixtures/make-report-template.mjs): DejaVu Serif text, DejaVu Sans headings in #6a1b4d, A4 with
 * 25 mm side margins, a header of a logo and the office's name, a footer line. The export carries each.
 */

const workspaces = suiteWorkspaces();
const FIXTURES = path.resolve('tests/fixtures/report-template');
const TEMPLATE = path.join(FIXTURES, 'office-template.docx');
const PERIOD = 'Q1 2019/20';
const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => fs.existsSync(p));

const parts = (file: string) => new Map(readZipParts(fs.readFileSync(file)).map((p) => [p.name, p.data]));
const partText = (all: Map<string, Buffer>, name: string) => all.get(name)!.toString('utf8');

async function exportReport(db: string, name: string): Promise<string> {
  const out = path.join(workspaces.dir(), name);
  const result = await cli('report', '--db', db, '--period', PERIOD, '--out', out, '--force');
  expect(result.err).toBe('');
  return out;
}

/** The rId a header or footer gives its picture, and the part that relationship points at. */
function pictureOf(all: Map<string, Buffer>, part: string): Buffer | undefined {
  const id = /<a:blip r:embed="([^"]+)"/.exec(partText(all, part))?.[1];
  const rels = partText(all, part.replace('word/', 'word/_rels/') + '.rels');
  const target = id && new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels);
  const file = target && `word/${target[1] ?? target[2]}`;
  return file ? all.get(file) : undefined;
}

describe('the office’s Word template', () => {
  it('is taken with what it gives, shown in settings, and the Word export wears it: styles, page, header and logo, footer', async () => {
    const db = workspaces.demo();
    const set = await cli('settings', '--db', db, '--report-template', TEMPLATE, '--json');
    expect(set.err).toBe('');
    const { reportTemplate } = JSON.parse(set.out);
    expect(reportTemplate).toMatchObject({
      fileName: 'office-template.docx',
      bodyFont: 'DejaVu Serif',
      headingFont: 'DejaVu Sans',
      headingColour: '#6a1b4d',
      page: { widthMm: 210, heightMm: 297 },
      header: 'Office of the Police and Crime Commissioner',
      footer: 'Published by the Office of the Police and Crime Commissioner',
      images: 1,
    });

    const docx = await exportReport(db, 'templated.docx');
    const all = parts(docx);
    const styles = partText(all, 'word/styles.xml');
    // The template's styles: its fonts, its heading colour, no outline numbering of its own; British English.
    expect(styles).toMatch(/<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="DejaVu Serif"/);
    expect(styles).toMatch(/w:styleId="Heading1">[\s\S]*?<w:color w:val="6A1B4D"\/>/);
    expect(styles).not.toContain('<w:numPr>');
    expect(styles).toMatch(/<w:rPrDefault><w:rPr>[\s\S]*?<w:lang w:val="en-GB"/);
    // The report's runs leave font and colour to the styles.
    const document = partText(all, 'word/document.xml');
    expect(document).not.toContain('w:ascii="Arial"');
    expect(document).not.toContain('w:val="0B4F8A"');
    // Its page: A4, 25 mm at the sides (1417 twips), in the report's section.
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"\/><w:pgMar w:left="1417" w:right="1417"/);
    // Its header (the logo, the office's name) with the marking under it; its footer line with the marking and page numbers.
    const header = partText(all, 'word/header1.xml');
    expect(header).toContain('Office of the Police and Crime Commissioner');
    expect(header.indexOf('Office of the Police and Crime Commissioner')).toBeLessThan(header.lastIndexOf('>OFFICIAL<'));
    const logo = readZipParts(fs.readFileSync(TEMPLATE)).find((p) => p.name === 'word/media/image1.png')!.data;
    expect(pictureOf(all, 'word/header1.xml')).toEqual(logo);
    const footer = partText(all, 'word/footer1.xml');
    expect(footer).toContain('Published by the Office of the Police and Crime Commissioner');
    expect(footer).toMatch(/>OFFICIAL<[\s\S]*PAGE[\s\S]*NUMPAGES/);
    // The report's charts are still its own pictures, not the logo.
    expect([...all.keys()].filter((n) => /^word\/media\/image\d+\.png$/.test(n))).toHaveLength(6);
    // And it reads as a Word document: headings, tables.
    const html = (await mammoth.convertToHtml({ path: docx })).value;
    expect(html).toMatch(/<h1>(?:<[^>]+>)*1\. Calls(?:<[^>]+>)*<\/h1>/);
  });

  it.skipIf(!soffice && !process.env.CI)('is laid out by LibreOffice in the template’s fonts, its header on every page', async () => {
    expect(soffice, 'LibreOffice (apt-get install libreoffice-writer-nogui) lays out the Word file').toBeDefined();
    const docx = path.join(workspaces.dir(), 'templated.docx');
    const outdir = path.join(workspaces.dir(), 'templated-laid-out');
    execFileSync(soffice!, ['--headless', `-env:UserInstallation=file://${outdir}/profile`, '--convert-to', 'pdf', '--outdir', outdir, docx], { stdio: 'ignore', timeout: 120_000 });
    const pdf = path.join(outdir, 'templated.pdf');
    const fonts = new Set([...fs.readFileSync(pdf).toString('latin1').matchAll(/\/BaseFont\s*\/[A-Z]{6}\+([A-Za-z-]+)/g)].map((m) => m[1]));
    expect([...fonts].sort()).toEqual(expect.arrayContaining(['DejaVuSans-Bold', 'DejaVuSerif']));
    expect([...fonts].some((f) => f.startsWith('Arial') || f.startsWith('LiberationSans'))).toBe(false);
    const pages = await pdfPages(pdf, 'none');
    for (const page of pages) expect(page.lines.slice(0, 2).map((l) => l.text)).toEqual(['Office of the Police and Crime Commissioner', 'OFFICIAL']);
    // The logo is drawn at the head of every page: the cover has no picture of its own besides it.
    expect(await imagesOnPage(pdf, 1)).toBe(1);
  }, 150_000);

  it('gives the HTML and PDF its fonts and heading colour', async () => {
    const html = fs.readFileSync(await exportReport(workspaces.demo(), 'templated.html'), 'utf8');
    expect(html).toContain(":root { font-family: 'DejaVu Serif', Arial, 'Liberation Sans', Helvetica, sans-serif; }");
    expect(html).toContain('h2, .cover h1 { color: #6a1b4d; }');
  });

  it('takes a .dotx as well, refuses what is not a Word template naming the file, and goes back to its own look', async () => {
    const db = workspaces.demo();
    expect(JSON.parse((await cli('settings', '--db', db, '--report-template', path.join(FIXTURES, 'office-template.dotx'), '--json')).out).reportTemplate.fileName).toBe('office-template.dotx');
    const notWord = path.join(workspaces.dir(), 'notes.docx');
    fs.writeFileSync(notWord, 'not a zip');
    const refused = await cli('settings', '--db', db, '--report-template', notWord);
    expect(refused.status).not.toBe(0);
    expect(refused.err).toBe('workbench: notes.docx is not a Word document or template: save it from Word as .docx or .dotx (Word 97–2003 .doc and .dot files cannot be used).\n');
    // The template set before stays.
    expect(JSON.parse((await cli('settings', '--db', db, '--json')).out).reportTemplate.fileName).toBe('office-template.dotx');
    expect(partText(parts(await exportReport(db, 'from-dotx.docx')), 'word/header1.xml')).toContain('Office of the Police and Crime Commissioner');

    const own = await cli('settings', '--db', db, '--no-report-template');
    expect(own.out).toMatch(/Report template\s+none: the workbench’s own look/);
    const plain = parts(await exportReport(db, 'own-look.docx'));
    expect(partText(plain, 'word/header1.xml')).not.toContain('Office of the Police');
    expect(partText(plain, 'word/document.xml')).toContain('w:ascii="Arial"');
  });
});
