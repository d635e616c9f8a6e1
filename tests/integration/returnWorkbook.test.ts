import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../checkedApi';
import { createSession } from '../../electron/backend/session';
import { openWorkspace } from '../../electron/backend/workspace';
import { readZipParts } from '../fixtures/zipFiles';
import { cli } from './cliHarness';
import { suiteWorkspaces } from './workspaceFixtures';

/**
 * A return workbook made like a government department's (tests/fixtures/return-workbook, made by
 * scripts/fixtures/make-return-workbook.py and saved by LibreOffice): a guidance sheet, the return sheet
 * with merged headers, validated input cells, formulas for the quarter, the totals and the share of the
 * allocation, protected, with landscape print settings, and a hidden lookup sheet. Mapped from its labels,
 * filled for Q1 2019/20 in a copy, and read back: only the mapped cells changed.
 */

const workspaces = suiteWorkspaces();
const FIXTURE = path.resolve('tests/fixtures/return-workbook/surge-funding-return.xlsx');
const PERIOD = 'Q1 2019/20';
const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => fs.existsSync(p));
let db: string;
let workbook: string;

/** The hand-entered patrol hours: April–June 2019 and the same months of 2018. */
const PATROL = { '2019-04': 410, '2019-05': 395, '2019-06': 430, '2018-04': 0, '2018-05': 0, '2018-06': 0 };
const OFFENSIVE_WEAPONS = ['B14', 'C14', 'D14', 'F14', 'G14'];

beforeAll(async () => {
  db = workspaces.demo();
  workbook = path.join(workspaces.dir(), 'surge-funding-return.xlsx');
  fs.copyFileSync(FIXTURE, workbook);
  const session = createSession(openWorkspace(db));
  try {
    const api = createApi(session);
    for (const [month, value] of Object.entries(PATROL)) await api['figures.enter']({ kpiId: 'surge-patrol-hours', month, value, dimension: '', category: '' });
  } finally {
    session.close();
  }
});

async function sheetsOf(file: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book;
}

describe('a return workbook sent by the Home Office, mapped once and filled in a copy', () => {
  it('proposes a mapping from its row and column labels, leaving its formulas and unlabelled rows alone', async () => {
    const shown = await cli('return-map', workbook, '--db', db, '--json');
    expect(shown.err).toBe('');
    const view = JSON.parse(shown.out);
    expect(view.mapping.source).toBe('proposed');
    expect(view.sheets.map((s: { name: string; hidden: boolean }) => [s.name, s.hidden])).toEqual([['Guidance', false], ['Return', false], ['Lookups', true]]);
    const cells = new Map(view.mapping.cells.map((c: { mapped: { sheet: string; cell: string; kpi: string; period: string }; label: string }) => [`${c.mapped.sheet}!${c.mapped.cell}`, `${c.mapped.kpi}@${c.mapped.period} (${c.label})`]));
    expect(cells.get('Return!B8')).toBe('surge-patrol-hours@month1 (Hotspot patrol hours · Month 1)');
    expect(cells.get('Return!G13')).toBe('knife-crime@year_to_date (Knife crime offences · Year to date)');
    // The quarter total is the workbook's own formula; the stop-search row names a breakdown it cannot guess.
    expect(cells.has('Return!E8')).toBe(false);
    // The sheet is protected with its input cells unlocked: spend has no comparison columns to fill.
    expect(['Return!F17', 'Return!G17', 'Return!F18', 'Return!G18'].filter((c) => cells.has(c))).toEqual([]);
    expect(cells.size).toBe(31);
    expect([...cells.keys()].some((c) => String(c).endsWith('14'))).toBe(false);
  });

  it('keeps the mapping as accepted and changed, cell by cell, with its version, and exports it for a colleague', async () => {
    const breakdown = (cell: string, period: string) => `Return!${cell}=stop-searches/Reason=Offensive weapons@${period}`;
    const periods = ['month1', 'month2', 'month3', 'same_quarter_last_year', 'year_to_date'];
    const set = await cli('return-map', workbook, '--db', db, '--accept', ...OFFENSIVE_WEAPONS.flatMap((c, i) => ['--set', breakdown(c, periods[i])]), '--set', 'Return!F17=', '--set', 'Return!G17=', '--set', 'Return!F18=', '--set', 'Return!G18=');
    expect(set.err).toBe('');
    expect(set.out).toMatch(/^surge-funding-return\.xlsx: mapping "surge-funding-return\.xlsx", version 1, by .+, 36 cells\.\n/);
    expect(set.out).toMatch(/Return!B14 +Stop and searches for offensive weapons · Month 1 +stop-searches\/Reason=Offensive weapons@month1/);
    const wrong = await cli('return-map', workbook, '--db', db, '--set', 'Return!E8=knife-crime@quarter');
    expect(wrong.err).toBe('workbench: Return!E8 holds a formula (=SUM(B8:D8)): the workbook works it out; map the cells it adds up instead.\n');
    const unknown = await cli('return-map', workbook, '--db', db, '--set', 'Return!B8=no such kpi@month1');
    expect(unknown.err).toBe('workbench: Return!B8: there is no KPI "no such kpi". `workbench kpis` lists them.\n');
    const out = path.join(workspaces.dir(), 'mapping.json');
    expect((await cli('return-map', workbook, '--db', db, '--export', out)).err).toBe('');
    const exported = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect([exported.format, exported.version, exported.cells.length]).toEqual(['performance-workbench/return-mapping', 1, 36]);
    // Another workspace takes it, and fills the same workbook by it.
    const other = workspaces.demoCopy('other');
    expect(JSON.parse((await cli('return-map', workbook, '--db', other, '--import', out, '--json')).out).mapping).toMatchObject({ source: 'saved', version: 2 });
  });

  it('says which cells lack a figure and writes nothing, then fills a copy once they are entered or marked n/a', async () => {
    const copy = path.join(workspaces.dir(), 'filled.xlsx');
    const refused = await cli('return', workbook, '--db', db, '--period', PERIOD, '--out', copy);
    expect(refused.status).toBe(2);
    expect(refused.err).toContain('workbench: Return!B9 (Intelligence reports · Month 1): no figure for April 2019 of Surge Funding: Intelligence Reports (surge-intelligence-reports@month1); enter it, or mark the cell not available with a reason\n');
    expect(fs.existsSync(copy)).toBe(false);
    const fill = JSON.parse((await cli('return', workbook, '--db', db, '--period', PERIOD, '--check', '--json')).out);
    for (const p of fill.problems) {
      const marked = await cli('not-available', workbook, '--db', db, '--period', PERIOD, '--cell', p.address, '--reason', 'not collected for this quarter');
      expect(marked.err).toBe('');
    }
    const written = await cli('return', workbook, '--db', db, '--period', PERIOD, '--out', copy);
    expect(written.err).toBe('');
    expect(written.out).toMatch(/^Wrote .*filled\.xlsx: surge-funding-return\.xlsx for Q1 2019\/20, 36 cells filled, the rest of the workbook as it was\.\n/);
  });

  it('changes only the mapped cells: formulas, merges, validation, protection, the hidden sheet and print settings are as they were', async () => {
    const copy = path.join(workspaces.dir(), 'filled.xlsx');
    const [before, after] = await Promise.all([sheetsOf(FIXTURE), sheetsOf(copy)]);
    const fill = JSON.parse((await cli('return', workbook, '--db', db, '--period', PERIOD, '--check', '--json')).out);
    const mapped = new Map<string, number | string>(fill.cells.map((c: { sheet: string; cell: string; value: number | null }) => [`${c.sheet}!${c.cell}`, c.value ?? 'n/a']));
    expect(after.worksheets.map((w) => [w.name, w.state])).toEqual(before.worksheets.map((w) => [w.name, w.state]));
    expect(after.getWorksheet('Lookups')!.state).toBe('hidden');
    for (const sheet of before.worksheets) {
      const other = after.getWorksheet(sheet.name)!;
      expect(other.model.merges, sheet.name).toEqual(sheet.model.merges);
      // ExcelJS reads validation into a model its types do not declare.
      const validation = (w: ExcelJS.Worksheet) => JSON.stringify((w as unknown as { dataValidations: { model: unknown } }).dataValidations.model);
      expect(validation(other), sheet.name).toBe(validation(sheet));
      if (sheet.name === 'Return') expect(validation(other)).toContain('Enter a whole number of 0 or more.');
      expect(other.pageSetup, sheet.name).toEqual(sheet.pageSetup);
      sheet.eachRow({ includeEmpty: true }, (row, r) =>
        row.eachCell({ includeEmpty: true }, (cell, c) => {
          const address = `${sheet.name}!${cell.address}`;
          const now = other.getRow(r).getCell(c);
          expect(now.style, address).toEqual(cell.style);
          if (mapped.has(address)) expect(now.value, address).toBe(mapped.get(address));
          else if (cell.formula) expect(now.formula, address).toBe(cell.formula);
          else expect(now.value, address).toEqual(cell.value);
        }),
      );
    }
    expect(after.definedNames.model).toEqual(before.definedNames.model);
    // The hand-entered patrol hours, and their quarter as the workbook's own formula, its result written.
    const ret = after.getWorksheet('Return')!;
    expect([ret.getCell('B8').value, ret.getCell('C8').value, ret.getCell('D8').value]).toEqual([410, 395, 430]);
    expect(ret.getCell('E8').value).toEqual({ formula: 'SUM(B8:D8)', result: 1235 });
    expect(ret.getCell('B9').value).toBe('n/a');
    // Every other part of the package is the file's own, byte for byte.
    const parts = (file: string) => new Map(readZipParts(fs.readFileSync(file)).map((p) => [p.name, p.data]));
    const [was, is] = [parts(FIXTURE), parts(copy)];
    expect([...is.keys()].sort()).toEqual([...was.keys()].sort());
    expect([...is.keys()].filter((name) => !is.get(name)!.equals(was.get(name)!)).sort()).toEqual(['xl/workbook.xml', 'xl/worksheets/sheet2.xml']);
    // Set to work every formula out again when it is opened.
    expect(is.get('xl/workbook.xml')!.toString('utf8')).toMatch(/<calcPr [^>]*fullCalcOnLoad="1"/);
    // The return sheet is still protected as it was, password and all.
    const protection = (xml: Buffer) => /<sheetProtection [^>]*>/.exec(xml.toString('utf8'))?.[0];
    expect(protection(is.get('xl/worksheets/sheet2.xml')!)).toBe('<sheetProtection sheet="true" password="de0d"/>');
    expect(protection(was.get('xl/worksheets/sheet2.xml')!)).toBe(protection(is.get('xl/worksheets/sheet2.xml')!));
  });

  it.skipIf(!soffice && !process.env.CI)('opens in LibreOffice, which works the totals out again to the same results', async () => {
    expect(soffice, 'LibreOffice (apt-get install libreoffice-calc-nogui) opens the workbook').toBeDefined();
    const copy = path.join(workspaces.dir(), 'filled.xlsx');
    const outdir = path.join(workspaces.dir(), 'resaved');
    execFileSync(soffice!, ['--headless', `-env:UserInstallation=file://${outdir}/profile`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', outdir, copy], { stdio: 'ignore', timeout: 120_000 });
    const ret = XLSX.read(fs.readFileSync(path.join(outdir, 'filled.xlsx')), { cellFormula: true }).Sheets.Return;
    expect([ret.E8.v, ret.E8.f]).toEqual([1235, 'SUM(B8:D8)']);
    expect(ret.B9.v).toBe('n/a');
  }, 150_000);

  it('says which cells of the written copy the workspace now gives differently, after a hand change', async () => {
    const changed = await cli('enter', '--db', db, '--kpi', 'surge-patrol-hours', '--month', '2019-05', '--value', '380');
    expect(changed.err).toBe('');
    const [written] = JSON.parse((await cli('exports', '--db', db, '--json')).out);
    expect(written.differences).toEqual([
      { address: 'Return!C8', label: 'Hotspot patrol hours · Month 2', was: '395.0 h', now: '380.0 h' },
      { address: 'Return!G8', label: 'Hotspot patrol hours · Year to date', was: '1,235.0 h', now: '1,220.0 h' },
    ]);
    expect((await cli('undo', /as import (\d+)/.exec(changed.out)![1], '--db', db)).status).toBe(0);
    expect(JSON.parse((await cli('exports', '--db', db, '--json')).out)[0].differences).toEqual([]);
  });

  it('recognises next quarter’s copy of the same workbook by its layout', async () => {
    const next = path.join(workspaces.dir(), 'surge-funding-return Q2.xlsx');
    fs.copyFileSync(path.join(workspaces.dir(), 'filled.xlsx'), next);
    const view = JSON.parse((await cli('return-map', next, '--db', db, '--json')).out);
    expect(view.mapping).toMatchObject({ source: 'saved', name: 'surge-funding-return.xlsx', version: 1 });
  });

  it('writes a percentage into a cell formatted as one as the fraction it shows, and as itself into a cell that is not', async () => {
    const file = path.join(workspaces.dir(), 'rates-return.xlsx');
    const sheet = XLSX.utils.aoa_to_sheet([
      ['Measure', 'Quarter (%)', 'Quarter (figure)'],
      ['999 calls answered within 10 seconds', null, null],
    ]);
    sheet.B2 = { t: 'z', z: '0.0%' };
    sheet.C2 = { t: 'z', z: '0.0' };
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Return');
    fs.writeFileSync(file, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }));
    const session = createSession(openWorkspace(db));
    try {
      const api = createApi(session);
      await api['returnMaps.set']({ path: file, set: ['Return!B2=calls-999-answered-10s-rate@quarter', 'Return!C2=calls-999-answered-10s-rate@quarter'] });
      const fill = await api['returns.fillWorkbook']({ path: file, period: PERIOD });
      const rate = (await api['table.get']({ scope: 'all', period: PERIOD })).rows.find((r) => r.kpiId === 'calls-999-answered-10s-rate' && r.breakdown === null)!;
      const [b2, c2] = ['B2', 'C2'].map((cell) => fill.cells.find((c) => c.cell === cell)!);
      expect([b2.value, b2.display, c2.value]).toEqual([rate.current, rate.display.current, rate.current]);
      const out = path.join(workspaces.dir(), 'rates-return Q1.xlsx');
      await api['returns.exportWorkbook']({ path: file, period: PERIOD, out });
      const written = XLSX.read(fs.readFileSync(out), { cellNF: true }).Sheets.Return;
      expect([written.B2.v, written.B2.z, written.B2.w]).toEqual([Number((rate.current! / 100).toPrecision(15)), '0.0%', rate.display.current]);
      expect([written.C2.v, written.C2.z]).toEqual([rate.current, '0.0']);
    } finally {
      session.close();
    }
  });
});

