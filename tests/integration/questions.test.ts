import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { formatDay } from '../../shared/domain/format';
import { cli } from './cliHarness';
import { suiteWorkspaces } from './workspaceFixtures';
import { pdfPages } from '../fixtures/pdfLayout';

/**
 * A Panel question from the minutes, answered with live figures and exported as a one-page brief, on the
 * command line: the demo's drug offences (+710, of which the dedicated operation's +365), as the minutes of
 * the source reports' Panel asked of Operation Lionheart.
 */

const workspaces = suiteWorkspaces();
const MINUTES = 'A member questioned how many of the additional drug offences related to Operation Lionheart, and what proportion of them resulted in positive outcomes.';
const ANSWER =
  'Drug offences rose by {{drug-offences.difference}} to {{drug-offences.current}} in the quarter. Of these, {{drug-offences[Operation=Dedicated operation].current}} ({{drug-offences[Operation=Dedicated operation].share}}) were recorded by the dedicated operation, {{drug-offences[Operation=Dedicated operation].difference}} more than a year earlier.';
const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => fs.existsSync(p));

describe('a Panel question answered and exported as a one-page brief', () => {
  it('records it from the minutes, its figures of the last full quarter before the meeting, and lists it as open', async () => {
    const db = workspaces.demo();
    const added = await cli('question', 'add', '--db', db, '--meeting', '2019-09-10', '--text', MINUTES, '--kpi', 'Drug Offences');
    expect(added.err).toBe('');
    expect(added.out).toBe('Recorded Q1, from the meeting of 2019-09-10, about Drug Offences (Q1 2019/20).\n');
    const listed = JSON.parse((await cli('questions', '--db', db, '--json')).out);
    expect(listed).toMatchObject([{ label: 'Q1', meeting: '2019-09-10', member: null, text: MINUTES, kpiIds: ['drug-offences'], period: 'Q1 2019/20', status: 'open', answeredAt: null }]);
  });

  it('answers it with live figures, worked out from the data, and checks a typed number as the report does', async () => {
    const db = workspaces.demo();
    const wrong = await cli('question', 'answer', '1', '--db', db, '--text', 'Drug offences rose by 606 in the quarter.');
    expect(wrong.err).toMatch(/^workbench: Q1: “606” is typed, and matches none of the figures/);
    const out = path.join(workspaces.dir(), 'refused.docx');
    const refused = await cli('brief', '--db', db, '--question', '1', '--out', out);
    expect(refused.status).not.toBe(0);
    expect(refused.err).toMatch(/^workbench: The check found 1 problem in the answer; fix or accept each before exporting\./);
    expect(fs.existsSync(out)).toBe(false);

    const answered = await cli('question', 'answer', 'Q1', '--db', db, '--text', ANSWER);
    expect(answered.err).toBe('');
    expect(answered.out).toBe('Q1 answered: Drug offences rose by 710 to 1,361 in the quarter. Of these, 406 (30%) were recorded by the dedicated operation, 365 more than a year earlier.\n');
    const [q] = JSON.parse((await cli('questions', '--db', db, '--json')).out);
    expect([q.status, q.openIssues, formatDay(q.answeredAt)]).toEqual(['answered', 0, formatDay(new Date().toISOString())]);
    expect((await cli('questions', '--db', db)).out).toMatch(/Q1 +2019-09-10 +A member questioned .+ Drug Offences +answered \d{1,2} \w+ \d{4}\n$/);
  });

  it('writes the brief as a PDF of one page: the marking, the question, the answer, its figures and chart', async () => {
    const out = path.join(workspaces.dir(), 'Q1.pdf');
    const written = await cli('brief', '--db', workspaces.demo(), '--question', '1', '--out', out);
    expect(written.err).toBe('');
    const pages = await pdfPages(out, 'OFFICIAL');
    expect(pages).toHaveLength(1);
    const lines = pages[0].lines.map((l) => l.text);
    const text = lines.join(' ');
    expect(text).toContain('Panel question Q1: the answer');
    expect(text).toContain('Meeting 10 September 2019');
    expect(text).toContain('related to Operation Lionheart');
    expect(text).toContain('Drug offences rose by 710 to 1,361 in the quarter. Of these, 406 (30%) were recorded by the dedicated operation, 365 more than a year earlier.');
    expect(lines).toContain('3.12 Drug Offences 1,361 651 +710 +109%');
    expect(text).toContain('3.12 Drug Offences: 2018/19 and 2019/20 by month');
    expect(fs.readFileSync(out).toString('latin1')).toMatch(/\/StructTreeRoot/);
  });

  it('writes it in Word too, one page as LibreOffice lays it out, with the chart’s alt text', async () => {
    const out = path.join(workspaces.dir(), 'Q1.docx');
    expect((await cli('brief', '--db', workspaces.demo(), '--question', '1', '--out', out)).err).toBe('');
    const text = (await mammoth.extractRawText({ path: out })).value;
    expect(text).toContain('Of these, 406 (30%) were recorded by the dedicated operation');
    const document = (await import('../fixtures/zipFiles')).readZipParts(fs.readFileSync(out)).find((p) => p.name === 'word/document.xml')!.data.toString('utf8');
    expect(document).toMatch(/descr="Line chart of Drug Offences by month/);
    if (!soffice && !process.env.CI) return;
    expect(soffice, 'LibreOffice lays out the Word file').toBeDefined();
    const outdir = path.join(workspaces.dir(), 'brief-laid-out');
    execFileSync(soffice!, ['--headless', `-env:UserInstallation=file://${outdir}/profile`, '--convert-to', 'pdf', '--outdir', outdir, out], { stdio: 'ignore', timeout: 120_000 });
    expect(await pdfPages(path.join(outdir, 'Q1.pdf'), 'OFFICIAL')).toHaveLength(1);
  }, 150_000);

  it('reopens an answered question, and says what is wrong with a bad meeting date or an unknown KPI', async () => {
    const db = workspaces.demo();
    expect((await cli('question', 'reopen', '1', '--db', db)).out).toBe('Q1 is open again.\n');
    const badDate = await cli('question', 'add', '--db', db, '--meeting', '10/09/2019', '--text', 'x');
    expect(badDate.err).toContain('a meeting date is written YYYY-MM-DD, e.g. 2019-09-10');
    const badKpi = await cli('question', 'add', '--db', db, '--meeting', '2019-09-10', '--text', 'x', '--kpi', 'no such thing');
    expect(badKpi.err).toBe('workbench: --kpi: there is no KPI "no such thing". `workbench kpis` lists them.\n');
    expect(JSON.parse((await cli('questions', '--db', db, '--json')).out).map((q: { label: string; status: string }) => [q.label, q.status])).toEqual([['Q1', 'open']]);
  });
});
