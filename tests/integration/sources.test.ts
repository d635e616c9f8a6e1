import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import { cli } from './cliHarness';
import { sourceReportWideWorkbook } from '../fixtures/spreadsheets';
import { tempDir } from './workspaceFixtures';

// The force's monthly workbook and the real data.police.uk stop-and-search files for April–June 2019
// (Leicestershire, tests/fixtures/data-police-uk, Open Government Licence): two sources of 5.1 Number of Stop
// and Searches, which count differently (the force 961 for Q1 2019/20, the open data 746).

const OPEN_DATA = ['2019-04', '2019-05', '2019-06'].map((m) => path.resolve(`tests/fixtures/data-police-uk/${m}-leicestershire-stop-and-search.csv`));
let dir: string;
let force: string;
beforeAll(() => {
  dir = tempDir();
  force = sourceReportWideWorkbook(path.join(dir, 'force.xlsx'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const json = async (...args: string[]) => {
  const run = await cli(...args);
  expect(run.status, run.err).toBe(0);
  return JSON.parse(run.out);
};
const stopSearchRow = async (db: string) => (await json('table', '--db', db, '--period', 'Q1 2019/20', '--json')).find((r: { kpiId: string; breakdown: string | null }) => r.kpiId === 'stop-searches' && r.breakdown === null);

describe('two sources of one figure', () => {
  it('imports the force’s workbook and the open data together, keeps them side by side, and reports the force’s own', async () => {
    const db = path.join(dir, 'together.sqlite');
    await cli('new', '--db', db);
    const imported = await json('import', '--db', db, '--json', force, ...OPEN_DATA);
    expect(imported.status).toBe('committed');
    expect(imported.errors).toEqual([]);
    // The open data's months are added beside the force's, never over them.
    expect(imported.warnings.map((w: { message: string }) => w.message)).toContainEqual(expect.stringMatching(/^data\.police\.uk for 5\.1 Number of Stop and Searches, April–June 2019: 211, 276, 259 beside the force's \d+, \d+, \d+; kept side by side/));
    expect((await stopSearchRow(db)).display).toEqual({ current: '961', previous: '789', change: '+172', changePercent: '+22%' });

    const reconciled = await json('reconcile', '--db', db, '--period', 'Q1 2019/20', '--json');
    expect(reconciled.find((r: { kpiId: string }) => r.kpiId === 'stop-searches')).toEqual({
      kpiId: 'stop-searches',
      name: 'Number of Stop and Searches',
      period: 'Q1 2019/20',
      sources: [
        { source: 'force', name: 'the force’s own systems', value: 961 },
        { source: 'data.police.uk', name: 'data.police.uk open data', value: 746 },
      ],
      difference: -215,
      differencePercent: -22.4,
      reportedFrom: 'the force’s own systems',
      unit: 'count',
      display: { values: ['961', '746'], difference: '-215', differencePercent: '-22%' },
      note: null,
      noted: null,
    });
    const line = await cli('reconcile', '--db', db, '--period', 'Q1 2019/20');
    expect(line.out).toContain('Number of Stop and Searches, Q1 2019/20: the force’s own systems 961 against data.police.uk open data 746 (-215, -22%)');

    // The analyst's explanation is kept with who and when, and shown with the difference.
    const noted = await json('reconcile', '--db', db, '--period', 'Q1 2019/20', '--kpi', '5.1', '--note', 'The open data leaves out searches that fail its location checks.', '--json');
    const stopSearch = noted.find((r: { kpiId: string }) => r.kpiId === 'stop-searches');
    expect(stopSearch.note).toBe('The open data leaves out searches that fail its location checks.');
    expect(stopSearch.noted.by).toEqual(expect.any(String));
    expect(stopSearch.noted.at.slice(0, 4)).toMatch(/^20\d\d$/);
    expect((await cli('reconcile', '--db', db, '--period', 'Q1 2019/20')).out).toMatch(/\n {2}Note \(.+, \d{4}-\d\d-\d\d\): The open data leaves out searches that fail its location checks\.\n/);
    // The report names each table's source and prints the difference, with the note, in its appendix.
    const html = path.join(dir, 'report.html');
    const docx = path.join(dir, 'report.docx');
    expect((await cli('settings', '--db', db, '--force-name', 'Leicestershire Police', '--author', 'Performance team')).status).toBe(0);
    for (const out of [html, docx]) expect((await cli('report', '--db', db, '--period', 'Q1 2019/20', '--out', out)).status).toBe(0);
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toContain('<p class="source">Source: the force’s own systems.</p>');
    expect(page).toMatch(/<h2 id="reconciliation">Appendix: figures from two sources<\/h2>[\s\S]*<th scope="row">Number of Stop and Searches<\/th><td>the force’s own systems: 961<br>data\.police\.uk open data: 746<\/td><td>-215<\/td><td>-22%<\/td><td class="note">The open data leaves out searches that fail its location checks\. \(noted by .+, \d{1,2} \w+ \d{4}\)<\/td>/);
    const word = (await mammoth.extractRawText({ path: docx })).value;
    expect(word).toContain('Appendix: figures from two sources');
    expect(word).toMatch(/the force’s own systems: 961; data\.police\.uk open data: 746\s+-215\s+-22%\s+The open data leaves out searches that fail its location checks\./);

    const cleared = await json('reconcile', '--db', db, '--period', 'Q1 2019/20', '--kpi', '5.1', '--note', '', '--json');
    expect(cleared.find((r: { kpiId: string }) => r.kpiId === 'stop-searches')).toMatchObject({ note: null, noted: null });
    const nothingToExplain = await cli('reconcile', '--db', db, '--period', 'Q1 2019/20', '--kpi', '1.1', '--note', 'why');
    expect(nothingToExplain.status).not.toBe(0);
    expect(nothingToExplain.err).toContain('is not held from two sources in Q1 2019/20: there is no difference to explain.');
  });

  it('imported one after the other, the second source changes nothing of the first', async () => {
    const db = path.join(dir, 'after.sqlite');
    await cli('new', '--db', db);
    const forceImport = await json('import', '--db', db, '--json', force);
    expect(forceImport.status).toBe('committed');
    const preview = await json('import', '--db', db, '--dry-run', '--json', ...OPEN_DATA);
    expect(preview.totals).toMatchObject({ changed: 0 });
    expect(preview.changed).toEqual([]);
    expect((await json('import', '--db', db, '--json', ...OPEN_DATA)).status).toBe('committed');
    expect((await stopSearchRow(db)).display).toEqual({ current: '961', previous: '789', change: '+172', changePercent: '+22%' });
    // With the force's figures undone, the source that still has figures is the one reported.
    expect((await cli('undo', '--db', db, String(forceImport.importId))).status).toBe(0);
    expect(await stopSearchRow(db)).toMatchObject({ current: 746, source: 'data.police.uk' });
    expect((await json('source', '--db', db, '--kpi', '5.1', '--json')).reporting).toBe('data.police.uk');
  });

  it('reports a KPI from the source the analyst chooses, and never compares it with another source’s figure', async () => {
    const db = path.join(dir, 'together.sqlite');
    const chosen = await json('source', '--db', db, '--kpi', '5.1', '--use', 'data.police.uk', '--json');
    expect(chosen).toMatchObject({ kpiId: 'stop-searches', reporting: 'data.police.uk', reportingName: 'data.police.uk open data', choice: { source: 'data.police.uk' } });
    expect(chosen.sources.map((s: { source: string }) => s.source)).toEqual(['force', 'data.police.uk']);
    // This year from the open data; a year earlier the open data has nothing, so there is no change to show.
    const row = await stopSearchRow(db);
    expect(row.display.current).toBe('746');
    expect(row.current).toBe(746);
    expect(row.previous).toBeNull();
    expect(row.change).toBeNull();
    expect(row).toMatchObject({ source: 'data.police.uk', sourceName: 'data.police.uk open data' });
    expect(row.display).toEqual({ current: '746', previous: 'no data.police.uk figures for Q1 2018/19', change: '–', changePercent: 'n/a' });
    expect(row.words).toMatch(/^no comparison \(no data\.police\.uk figures for Q1 2018\/19\)/);
    const back = await json('source', '--db', db, '--kpi', '5.1', '--default', '--json');
    expect(back).toMatchObject({ reporting: 'force', choice: null });
    expect((await stopSearchRow(db)).display.current).toBe('961');
    const refused = await cli('source', '--db', db, '--kpi', '5.1', '--use', 'Home Office');
    expect(refused.status).toBe(2);
    expect(refused.err).toContain('Number of Stop and Searches has no figures from "Home Office"; it has figures from force, data.police.uk.');
  });

  it('takes the source the analyst names at import', async () => {
    const db = path.join(dir, 'named.sqlite');
    await cli('new', '--db', db);
    expect((await json('import', '--db', db, '--json', force)).status).toBe('committed');
    const again = await json('import', '--db', db, '--json', '--source', 'Finance team extract', force);
    // Every figure is new in its own source: nothing of the force's own is changed.
    expect(again).toMatchObject({ status: 'committed', totals: { changed: 0, unchanged: 0 } });
    expect((await json('source', '--db', db, '--kpi', '1.1', '--json')).sources.map((s: { source: string }) => s.source)).toEqual(['force', 'Finance team extract']);
    // The source is remembered for the file's shape, as a layout is: with that source's figures undone, the
    // same shape imported without --source is that source's again, not the force's (which has them all).
    expect((await cli('undo', '--db', db, String(again.importId))).status).toBe(0);
    expect((await json('source', '--db', db, '--kpi', '1.1', '--json')).sources.map((s: { source: string }) => s.source)).toEqual(['force']);
    const remembered = await json('import', '--db', db, '--json', force);
    expect(remembered).toMatchObject({ status: 'committed', totals: { changed: 0, unchanged: 0 } });
    expect((await json('source', '--db', db, '--kpi', '1.1', '--json')).sources.map((s: { source: string }) => s.source)).toEqual(['force', 'Finance team extract']);
  });

  it('keeps figures entered by hand for a KPI no file supplies as a source of their own, and a typed gap or correction with what it completes', async () => {
    const db = path.join(dir, 'hand.sqlite');
    await cli('new', '--db', db);
    expect((await json('import', '--db', db, '--json', force)).status).toBe('committed');
    const sourcesOf = async (kpi: string) => (await json('source', '--db', db, '--kpi', kpi, '--json')).sources.map((s: { source: string }) => s.source);
    // Patrol hours come from no file: typed for the return, they are figures entered by hand, named so under the table.
    const typed = await cli('enter', '--db', db, '--kpi', 'patrol hours', '--month', '2019-04', '--value', '1250');
    expect(typed.out).toMatch(/^Entered 1250 for Surge Funding: Hotspot Patrol Hours, 2019-04, kept with figures entered by hand, as import \d+\./);
    expect(await sourcesOf('patrol hours')).toEqual(['entered by hand']);
    const april = await json('table', '--db', db, '--period', 'April 2019', '--section', '5', '--json');
    expect(april.find((r: { kpiId: string }) => r.kpiId === 'surge-patrol-hours')).toMatchObject({ current: 1250, source: 'entered by hand', sourceName: 'figures entered by hand' });
    // A month the force's figures lack, typed in, completes them; a typed figure over one of theirs corrects it.
    expect((await cli('enter', '--db', db, '--kpi', '1.1', '--month', '2019-07', '--value', '7000')).out).toContain('2019-07, kept with the force’s own systems, as import');
    const corrected = await json('enter', '--db', db, '--kpi', '1.1', '--month', '2019-06', '--value', '7100', '--json');
    expect(corrected).toMatchObject({ source: 'force', previous: expect.any(Number) });
    expect(await sourcesOf('1.1')).toEqual(['force']);
    // Typed from another source's publication, figures go beside the force's and are reconciled with them.
    for (const [month, value] of [['2019-04', '211'], ['2019-05', '276'], ['2019-06', '259']])
      expect((await json('enter', '--db', db, '--kpi', '5.1', '--month', month, '--value', value, '--source', 'data.police.uk', '--json')).previous).toBeNull();
    expect((await stopSearchRow(db)).display).toEqual({ current: '961', previous: '789', change: '+172', changePercent: '+22%' });
    const reconciled = (await json('reconcile', '--db', db, '--period', 'Q1 2019/20', '--json')).find((r: { kpiId: string }) => r.kpiId === 'stop-searches');
    expect(reconciled).toMatchObject({ sources: [{ source: 'force', value: 961 }, { source: 'data.police.uk', value: 746 }], difference: -215 });
  });
});
