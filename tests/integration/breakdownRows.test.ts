import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { cli } from './cliHarness';
import { longCsv } from '../fixtures/spreadsheets';
import { tempDir } from './workspaceFixtures';

/**
 * A KPI with breakdowns and no headline figure of its own (drug offences by operation, as the force's
 * workbook gives Operation Lionheart's): its breakdown rows stand under its own name everywhere, never under
 * the KPI before it.
 */

let dir: string;
let db: string;
beforeAll(async () => {
  dir = tempDir();
  db = path.join(dir, 'ws.sqlite');
  await cli('new', '--db', db);
  const months = ['2018-04', '2018-05', '2018-06', '2019-04', '2019-05', '2019-06'];
  const csv = longCsv(path.join(dir, 'breakdowns.csv'), [
    ['Month', 'Measure', 'Breakdown', 'Category', 'Value'],
    // The KPI before it has a headline figure; drug offences has only its operation's.
    ...months.map((m, i) => [m, 'Child Sexual Exploitation Offences', '', '', 20 + i]),
    ...months.map((m, i) => [m, 'Drug Offences', 'Operation', 'Lionheart', i < 3 ? 90 : 110 + i]),
  ]);
  const run = await cli('import', '--db', db, csv);
  expect(run.err).toBe('');
  expect(run.status).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a KPI with breakdowns and no headline figure', () => {
  it('has a row of its own name, saying so, above its breakdowns in the KPI table', async () => {
    const run = await cli('table', '--db', db, '--period', 'Q1 2019/20', '--section', '3', '--json');
    const rows = JSON.parse(run.out) as { name: string; number: string; breakdown: string | null; category: string | null; display: { current: string } }[];
    const lionheart = rows.findIndex((r) => r.category === 'Lionheart');
    expect(lionheart).toBeGreaterThan(0);
    expect(rows[lionheart - 1]).toMatchObject({ name: 'Drug Offences', breakdown: null, category: null, display: { current: 'no headline figure' } });
    expect(rows[lionheart]).toMatchObject({ name: 'Drug Offences', breakdown: 'Operation', display: { current: '342' } });
    const text = await cli('table', '--db', db, '--period', 'Q1 2019/20', '--section', '3');
    expect(text.out).toMatch(/3\.12 Drug Offences\s+no headline figure\s*\n\s+Operation: Lionheart\s+342\s+270\s+\+72\s+\+27%/);
  });

  it('keeps its name above its rows in the exported tables', async () => {
    const out = path.join(dir, 'tables.xlsx');
    expect((await cli('export', '--db', db, '--period', 'Q1 2019/20', '--out', out)).status).toBe(0);
    XLSX.set_fs(fs);
    const book = XLSX.readFile(out);
    const rows = book.SheetNames.flatMap((name) => XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[name], { header: 1 }));
    const at = rows.findIndex((r) => r.some((v) => String(v).includes('Lionheart')));
    expect(at).toBeGreaterThan(0);
    expect(String(rows[at - 1].join(' '))).toContain('Drug Offences');
    expect(String(rows[at - 1].join(' '))).toContain('no headline figure');
  });
});

describe('in the Word and HTML reports', () => {
  it('keeps the KPI row, saying it has no headline figure, in the section table, and names the KPI over its breakdown table', async () => {
    await cli('settings', '--db', db, '--force-name', 'Leicestershire Police', '--author', 'Performance Manager, OPCC');
    const mammoth = await import('mammoth');
    const docx = path.join(dir, 'report.docx');
    expect((await cli('report', '--db', db, '--period', 'Q1 2019/20', '--out', docx)).err).toBe('');
    const html = path.join(dir, 'report.html');
    expect((await cli('report', '--db', db, '--period', 'Q1 2019/20', '--out', html)).err).toBe('');
    for (const text of [(await mammoth.convertToHtml({ path: docx })).value, fs.readFileSync(html, 'utf8')]) {
      const lines = text
        // A table row on one line, whatever its cells hold; then every paragraph, heading and caption.
        .replace(/<tr[\s\S]*?<\/tr>/g, (row) => `${row.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')}\n`)
        .replace(/<\/(p|h\d|caption|figcaption)>/g, '\n')
        .replace(/<[^>]+>/g, ' ')
        .split('\n')
        .map((l) => l.replace(/\s+/g, ' ').trim())
        .filter(Boolean);
      const own = lines.findIndex((l) => /^3\.12 Drug Offences no headline figure$/.test(l));
      expect(own, 'the section table row').toBeGreaterThan(0);
      expect(lines[own + 1]).toMatch(/^3\.13 Child Sexual Exploitation Offences 72 63 \+9 \+14%$/);
      const lionheart = lines.findIndex((l) => /^Lionheart 342 270 \+72 \+27%$/.test(l));
      expect(lines.slice(own, lionheart).some((l) => /^3\.12 Drug Offences by operation/.test(l)), 'the breakdown table names its KPI').toBe(true);
    }
  });
});
