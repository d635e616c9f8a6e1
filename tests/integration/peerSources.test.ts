import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cliHarness';
import { sourceReportWideWorkbook, writeWorkbook, type Row } from '../fixtures/spreadsheets';
import { tempDir } from './workspaceFixtures';

// A Home Office table by force, as published (a title above the header; one row per year, quarter, force and
// offence group), imported into a workspace holding the force's own workbook: the tables are other forces'
// figures and the force's own as the Home Office counts it, never the force's own 3.1 All Crime.

const GROUPS = ['Robbery', 'Theft offences', 'Violence against the person', 'Criminal damage and arson'];
const OFFENCES: Record<string, number[]> = {
  Leicestershire: [120, 2100, 2300, 427],
  Sussex: [180, 3100, 3900, 700],
  Hertfordshire: [110, 2200, 2500, 480],
  Essex: [260, 3600, 4200, 800],
  Bedfordshire: [140, 1300, 1700, 330],
  Hampshire: [250, 3700, 4400, 850],
  Nottinghamshire: [200, 2300, 2600, 520],
  Kent: [240, 3900, 4600, 900],
};
const TITLE = 'Police recorded crime by Police Force Area, year ending June 2019 (Office for National Statistics, published 17 October 2019)';

let dir: string;
let db: string;
let tables: string;
beforeAll(async () => {
  dir = tempDir();
  db = path.join(dir, 'peers.sqlite');
  const rows: Row[] = [[TITLE], [], ['Financial Year', 'Financial Quarter', 'Force Name', 'Offence Group', 'Number of Offences']];
  for (const [force, values] of Object.entries(OFFENCES)) GROUPS.forEach((g, i) => rows.push(['2019/20', 1, force, g, values[i]]));
  tables = writeWorkbook(path.join(dir, 'prc-pfa-tables.xlsx'), { 'Table P1': { rows } });
  expect((await cli('new', '--db', db)).status).toBe(0);
  expect((await cli('import', '--db', db, sourceReportWideWorkbook(path.join(dir, 'force.xlsx')))).status).toBe(0);
  expect((await cli('settings', '--db', db, '--force-name', 'Leicestershire')).status).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const json = async (...args: string[]) => {
  const run = await cli(...args);
  expect(run.status, run.err).toBe(0);
  return JSON.parse(run.out);
};
const allCrimeRow = async () => (await json('table', '--db', db, '--period', 'Q1 2019/20', '--json')).find((r: { kpiId: string; breakdown: string | null }) => r.kpiId === 'all-crime' && r.breakdown === null);

describe('the Home Office tables by force, with their provenance', () => {
  it('are previewed as other areas’ figures for the Peers page, never as the force’s own 3.1 All Crime, and change none of its KPIs', async () => {
    const before = await allCrimeRow();
    const preview = await json('import', '--db', db, '--dry-run', '--json', tables);
    expect(preview.summary).toEqual([
      {
        kpiId: 'all-crime',
        number: '',
        name: 'All Crime of 8 areas, for the Peers page (the Home Office police recorded crime tables by force; not the force\'s own 3.1 All Crime)',
        added: 40,
        changed: 0,
        unchanged: 0,
      },
    ]);
    expect((await cli('import', '--db', db, tables)).status).toBe(0);
    expect(await allCrimeRow()).toEqual(before);
    expect((await json('source', '--db', db, '--kpi', '3.1', '--json')).sources.map((s: { source: string }) => s.source)).toEqual(['force']);
  });

  it('are named on the Peers page with their file, title and import, what their "All crime" adds up, and the force’s own figure beside the dashboard’s', async () => {
    const peers = await json('peers', '--db', db, '--period', 'Q1 2019/20', '--json');
    expect(peers.provenance).toEqual({
      source: 'the Home Office police recorded crime tables by force',
      files: [{ file: 'prc-pfa-tables.xlsx', sheet: 'Table P1', title: TITLE, importedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), quarters: 'Q1 2019/20' }],
      allCrimeSums: ['Criminal damage and arson', 'Robbery', 'Theft offences', 'Violence against the person'],
    });
    const dashboard = (await allCrimeRow()).current as number;
    const difference = 4947 - dashboard;
    expect(peers.own).toEqual({
      kpi: '3.1 All Crime',
      tables: '4,947',
      dashboard: dashboard.toLocaleString('en-GB'),
      difference: `${difference > 0 ? '+' : '-'}${Math.abs(difference).toLocaleString('en-GB')}`,
      differencePercent: `${difference > 0 ? '+' : '-'}${Math.round(Math.abs((100 * difference) / dashboard))}%`,
    });
    // One offence group has no "All crime" of its own to set beside the dashboard's.
    expect((await json('peers', '--db', db, '--period', 'Q1 2019/20', '--offence', 'Robbery', '--json')).own).toBeNull();
  });

  it('are reconciled with the dashboard’s figure like any other second source, note and all', async () => {
    const rows = await json('reconcile', '--db', db, '--period', 'Q1 2019/20', '--json');
    const allCrime = rows.find((r: { kpiId: string }) => r.kpiId === 'all-crime');
    const dashboard = (await allCrimeRow()).current as number;
    expect(allCrime.sources).toEqual([
      { source: 'force', name: 'the force’s own systems', value: dashboard },
      { source: 'Home Office tables', name: 'the Home Office police recorded crime tables by force (Leicestershire)', value: 4947 },
    ]);
    expect(allCrime.difference).toBe(4947 - dashboard);
    const noted = await json('reconcile', '--db', db, '--period', 'Q1 2019/20', '--kpi', '3.1', '--note', 'The tables hold four offence groups only.', '--json');
    expect(noted.find((r: { kpiId: string }) => r.kpiId === 'all-crime').note).toBe('The tables hold four offence groups only.');
  });
});
