import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { execFileSync } from 'node:child_process';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../checkedApi';
import { createSession } from '../../electron/backend/session';
import { closeWorkspace, openWorkspace } from '../../electron/backend/workspace';
import { loadReturnTemplates } from '../../electron/backend/returns/templates';
import type { ReturnMapping } from '../../shared/returns/mapping';
import { csvSafe, isFormulaLike } from '../../shared/returns/textGuard';
import { Q1_ROWS } from '../fixtures/sourceReport';
import { longCsv } from '../fixtures/spreadsheets';
import { cli } from './cliHarness';
import { sourceReportWorkspace, suiteWorkspaces } from './workspaceFixtures';

XLSX.set_fs(fs);

const workspaces = suiteWorkspaces();
const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => fs.existsSync(p));

const MANUAL = ['surge-patrol-hours', 'surge-intelligence-reports', 'surge-arrests', 'weapons-recovered', 'surge-spend-hotspot', 'surge-spend-intelligence', 'surge-spend-investigation', 'surge-spend-equipment'];
const Q1 = ['2019-04', '2019-05', '2019-06'];
/** A manual figure for each funded measure and month: distinct, so that a wrong month would show. */
const manualValue = (kpi: string, month: string) => (MANUAL.indexOf(kpi) + 1) * 1000 + Number(month.slice(5));

async function completeReturn(file: string) {
  for (const kpi of MANUAL) for (const month of Q1) expect((await cli('enter', '--db', file, '--kpi', kpi, '--month', month, '--value', String(manualValue(kpi, month)))).status).toBe(0);
  // Surge funding began in 2019/20: the same quarter last year has no figures, and says so. The total of
  // spend (F21) and its share of the allocation (F22) follow: their parts are all not available.
  // A range and a list at once, with one reason.
  expect((await cli('not-available', 'surge-funding', '--db', file, '--period', 'Q1 2019/20', '--cell', 'F6:F9', '--reason', 'Surge funding began in April 2019')).out).toMatch(/^F6:F9 marked not available; /);
  expect((await cli('not-available', 'surge-funding', '--db', file, '--period', 'Q1 2019/20', '--cell', 'F11:F15,F17:F20', '--reason', 'Surge funding began in April 2019')).status).toBe(0);
}

describe('the surge-funding return', () => {
  let file: string;
  let out: string;
  let sheet: XLSX.WorkSheet;

  beforeAll(async () => {
    file = workspaces.demoCopy('surge');
    out = path.join(workspaces.dir(), 'surge.xlsx');
    const refused = await cli('return', 'surge-funding', '--db', file, '--period', 'Q1 2019/20', '--out', out);
    expect(refused.status).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
    await completeReturn(file);
    const written = await cli('return', 'surge-funding', '--db', file, '--period', 'Q1 2019/20', '--out', out);
    expect(written.err).toBe('');
    expect(written.status).toBe(0);
    const book = XLSX.readFile(out, { cellNF: true });
    expect(book.SheetNames).toEqual(['Surge funding return']);
    sheet = book.Sheets['Surge funding return'];
  });

  it('lists what it cannot fill, a line per row with its cells, and writes nothing until each is filled or marked', async () => {
    const fresh = workspaces.demoCopy('fresh');
    const result = await cli('return', 'surge-funding', '--db', fresh, '--period', 'Q1 2019/20', '--out', path.join(workspaces.dir(), 'never.xlsx'));
    expect(result.status).toBe(2);
    const lines = result.err.trim().split('\n');
    expect(lines[0]).toBe('workbench: surge-funding, B6:G6 Hotspot policing: patrol hours: no figure for April–June 2018 or April–June 2019');
    expect(lines).toContain('workbench: surge-funding, B21:G21 Total spend: cannot be totalled while rows 17, 18, 19, 20 have no figure');
    expect(lines).toContain('workbench: surge-funding, B22:G22 Total spend as a share of the £1.4m allocation: cannot be totalled while row 21 has no figure');
    expect(lines.at(-1)).toBe('workbench: nothing was written: 60 cells in 10 rows to resolve (`workbench enter` a figure, or `workbench not-available`).');
    expect(fs.existsSync(path.join(workspaces.dir(), 'never.xlsx'))).toBe(false);
    // One month entered: its cell is filled, but the quarter is not a partial sum passing for the total.
    await cli('enter', '--db', fresh, '--kpi', 'surge-patrol-hours', '--month', '2019-04', '--value', '1250');
    const again = await cli('return', 'surge-funding', '--db', fresh, '--period', 'Q1 2019/20', '--check', '--json');
    expect(again.status).toBe(2);
    // One JSON document on stdout, with the problems grouped by row and their cells; one line on stderr.
    const report = JSON.parse(again.out) as { canExport: boolean; problems: { range: string; cells: string[]; message: string }[] };
    expect(report.canExport).toBe(false);
    expect(report.problems[0]).toEqual({
      row: 6,
      range: 'C6:G6',
      cells: ['C6', 'D6', 'E6', 'F6', 'G6'],
      label: 'Hotspot policing: patrol hours',
      kind: 'missing',
      message: 'Hotspot policing: patrol hours: no figure for April–June 2018 or May–June 2019',
    });
    expect(again.err.trim().split('\n')).toHaveLength(1);
  });

  it('fills every mapped cell with the figure in the database, as a number with its format', async () => {
    const session = createSession(openWorkspace(file));
    const api = createApi(session);
    const preview = await api['returns.preview']({ templateId: 'surge-funding', period: 'Q1 2019/20' }) as Awaited<ReturnType<(typeof api)['returns.preview']>>;
    const table = await api['table.get']({ period: 'Q1 2019/20', scope: 'all' }) as Awaited<ReturnType<(typeof api)['table.get']>>;
    session.close();
    expect(preview.problems).toEqual([]);
    let checked = 0;
    for (const row of preview.rows) {
      for (const cell of row.cells) {
        const written = sheet[cell.address];
        if (cell.status === 'not_available') {
          expect(written, cell.address).toMatchObject({ t: 's', v: 'n/a' });
          continue;
        }
        expect(written.t, cell.address).toBe('n');
        expect(written.v, cell.address).toBeCloseTo(cell.value!, 9);
        checked++;
      }
    }
    // 16 rows of six columns, less the 16 cells of last year marked not available.
    expect(checked).toBe(80);
    // Manual figures, month by month, and their quarter.
    expect(sheet.B6.v).toBe(manualValue('surge-patrol-hours', '2019-04'));
    expect(sheet.D6.v).toBe(manualValue('surge-patrol-hours', '2019-06'));
    expect(sheet.E6.v).toBe(Q1.reduce((s, m) => s + manualValue('surge-patrol-hours', m), 0));
    // Outcome measures agree with the KPI table of the same quarter.
    const knife = table.rows.find((r) => r.kpiId === 'knife-crime' && r.breakdown === null)!;
    expect(sheet.A11.v).toBe('Knife crime offences');
    expect(sheet.E11.v).toBe(knife.current);
    const searches = table.rows.find((r) => r.kpiId === 'stop-searches' && r.category === 'Offensive weapons')!;
    expect(sheet.E13.v).toBe(searches.current);
    // Spend: formats, the total of its parts, and the share of £1.4m.
    // The workbook's own format, as the office suite that saved it wrote it (LibreOffice escapes the £).
    expect(sheet.B17.z.replace('\\', '')).toBe('£#,##0');
    expect(sheet.B17.w).toMatch(/^£[\d,]+$/);
    const total = [17, 18, 19, 20].reduce((s, r) => s + (sheet[`E${r}`].v as number), 0);
    expect(sheet.E21.v).toBe(total);
    expect(sheet.E22.v).toBeCloseTo(total / 1_400_000, 12);
    expect(sheet.E22.z).toBe('0.0%');
    expect(sheet.A1.v).toBe('Serious violence surge funding: quarterly return');
    expect(sheet.A3.v).toBe('OFFICIAL');
    expect(sheet.A4.v).toBe('Measure');
    expect(sheet.G4.v).toBe('Year to date');
  });

  it('is written into a copy of the return’s own workbook: its formulas, protection, validation and print settings kept, the force and quarter filled', async () => {
    const formulas = XLSX.readFile(out, { cellFormula: true }).Sheets['Surge funding return'];
    expect(formulas.E21.f).toBe('IF(COUNT(E17:E20)=0,"n/a",SUM(E17:E20))');
    expect(formulas.E22.f).toBe('IF(ISNUMBER(E21),E21/1400000,"n/a")');
    // The spend of last year is all n/a: so is its total, as the workbook's own formula says.
    expect([formulas.F21.v, formulas.F22.v]).toEqual(['n/a', 'n/a']);
    expect([sheet.B2.v, sheet.E2.v]).toEqual(['Demo Force (fictional data)', 'Quarter 1 2019/20 (April 2019 – June 2019)']);
    // The sheet's XML, its quotes as the serialiser writes them (&quot; and " are the same text).
    const xml = (file: string) => Buffer.from(unzipSync(fs.readFileSync(file))['xl/worksheets/sheet1.xml']).toString('utf8').replace(/&quot;/g, '"');
    const [was, is] = [xml(path.resolve('resources/returns/surge-funding.xlsx')), xml(out)];
    for (const part of [/<sheetProtection [^>]*>/, /<dataValidations[\s\S]*<\/dataValidations>/, /<pageSetup [^>]*>/, /<headerFooter[\s\S]*<\/headerFooter>/, /<mergeCells[\s\S]*<\/mergeCells>/]) {
      expect(part.exec(is)?.[0], String(part)).toBe(part.exec(was)?.[0]);
    }
  });

  it.skipIf(!soffice && !process.env.CI)('opens in LibreOffice, which works the total and the share out again to the workbench’s results', () => {
    expect(soffice, 'LibreOffice (apt-get install libreoffice-calc-nogui) opens the workbook').toBeDefined();
    const outdir = path.join(workspaces.dir(), 'resaved');
    execFileSync(soffice!, ['--headless', `-env:UserInstallation=file://${outdir}/profile`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', outdir, out], { stdio: 'ignore', timeout: 120_000 });
    const resaved = XLSX.read(fs.readFileSync(path.join(outdir, 'surge.xlsx'))).Sheets['Surge funding return'];
    for (const address of ['E21', 'E22', 'G21', 'G22', 'F21', 'F22']) {
      const [office, ours] = [resaved[address].v, sheet[address].v];
      if (typeof ours === 'number') expect(office, address).toBeCloseTo(ours, 12);
      else expect(office, address).toBe(ours);
    }
    expect(typeof sheet.E22.v).toBe('number');
  }, 150_000);

  it('is one mapping: return-map shows it, and the workbook opened as a file is filled the same, with the same marks', async () => {
    const shown = JSON.parse((await cli('return-map', 'surge-funding', '--db', file, '--json')).out) as { fileName: string; mapping: { source: string; name: string; cells: { mapped: { cell: string; kpi: string; period: string } }[] } };
    expect([shown.fileName, shown.mapping.source, shown.mapping.name]).toEqual(['surge-funding.xlsx', 'built-in', 'Serious violence surge funding: quarterly return']);
    // Thirteen measures of six periods each; the totals and shares are the workbook's own formulas.
    expect(shown.mapping.cells).toHaveLength(78);
    expect(shown.mapping.cells.find((c) => c.mapped.cell === 'F13')?.mapped).toMatchObject({ kpi: 'stop-searches', period: 'same_quarter_last_year' });
    const copy = path.join(workspaces.dir(), 'surge-funding copy.xlsx');
    fs.copyFileSync(path.resolve('resources/returns/surge-funding.xlsx'), copy);
    const checked = await cli('return', copy, '--db', file, '--period', 'Q1 2019/20', '--check', '--json');
    expect(checked.err).toBe('');
    const fill = JSON.parse(checked.out) as { canExport: boolean; cells: { cell: string; value: number | null; status: string }[] };
    // The marks made on the return's page hold for its workbook opened as a file: one return, one state.
    expect(fill.canExport).toBe(true);
    for (const c of fill.cells) {
      const written = sheet[c.cell];
      if (c.status === 'not_available') expect(written.v, c.cell).toBe('n/a');
      else expect(written.v, c.cell).toBeCloseTo(c.value!, 9);
    }
    expect(fill.cells.filter((c) => c.status === 'not_available').map((c) => c.cell)).toEqual(['F6', 'F7', 'F8', 'F9', 'F17', 'F18', 'F19', 'F20']);
  });

  it('keeps the reason a cell was not available, and the export with what it wrote', async () => {
    const session = createSession(openWorkspace(file));
    const api = createApi(session);
    const exports = await api['exports.list']({}) as Awaited<ReturnType<(typeof api)['exports.list']>>;
    session.close();
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({ kind: 'return', name: 'surge-funding', period: 'Q1 2019/20', format: 'xlsx', filePath: out });
    expect(exports[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('undoes a figure entered by hand like an import, and the return written says which cells differ until then', async () => {
    const entered = await cli('enter', '--db', file, '--kpi', 'patrol hours', '--month', '2019-04', '--value', '9999');
    expect(entered.out).toMatch(/^Entered 9999 for Surge Funding: Hotspot Patrol Hours, 2019-04 \(was 1004\), kept with figures entered by hand, as import (\d+)\. To undo it: workbench undo \d+\n$/);
    const id = /as import (\d+)/.exec(entered.out)![1];
    // The return written before no longer matches: the exports list says which cells, and what they were.
    const drifted = await cli('exports', '--db', file);
    expect(drifted.out).toMatch(/^Export +What +Period +Written +File +Now\n/);
    expect(drifted.out).toMatch(/ +surge-funding return +Q1 2019\/20 +\d{1,2} \w+ \d{4} +surge\.xlsx +3 cells differ\n/);
    expect(drifted.out).toMatch(/\nQ1 2019\/20 surge-funding return, exported \d{1,2} \w+ \d{4}: B6 was 1,004\.0 h, now 9,999\.0 h; E6 was 3,015\.0 h, now 12,010\.0 h; G6 was 3,015\.0 h, now 12,010\.0 h\.\n$/);
    expect((await cli('undo', id, '--db', file)).status).toBe(0);
    const [undone] = JSON.parse((await cli('exports', '--db', file, '--json')).out);
    expect(undone.differences).toEqual([]);
    const table = JSON.parse((await cli('table', '--db', file, '--period', 'April 2019', '--section', '5', '--json')).out) as { kpiId: string; current: number }[];
    expect(table.find((r) => r.kpiId === 'surge-patrol-hours')!.current).toBe(1004);
  });
});

describe('hand entries of one sitting', () => {
  it('are one entry in the import history, undone together or one figure at a time', async () => {
    const file = workspaces.demoCopy('sitting');
    const session = createSession(openWorkspace(file));
    try {
      const api = createApi(session);
      const { importId } = await api['figures.enterMany']({
        entries: [
          { kpiId: 'surge-patrol-hours', month: '2019-04', value: 410, dimension: '', category: '' },
          { kpiId: 'surge-patrol-hours', month: '2019-05', value: 395, dimension: '', category: '' },
          { kpiId: 'surge-patrol-hours', month: '2019-06', value: 430, dimension: '', category: '' },
        ],
      });
      const entry = (await api['imports.list']({})).find((i) => i.id === importId)!;
      expect([entry.kind, entry.label, entry.totals]).toEqual(['manual', 'Entered by Performance Manager, Demo OPCC: 3 figures (Surge Funding: Hotspot Patrol Hours)', { added: 3, changed: 0, unchanged: 0 }]);
      // A second sitting changes May: undoing it alone puts back the first sitting's 395.
      const second = await api['figures.enterMany']({ entries: [{ kpiId: 'surge-patrol-hours', month: '2019-05', value: 380, dimension: '', category: '' }, { kpiId: 'surge-patrol-hours', month: '2019-07', value: 300, dimension: '', category: '' }] });
      expect((await api['imports.figures']({ importId: second.importId })).map((f) => [f.month, f.display])).toEqual([['2019-05', '380.0 h'], ['2019-07', '300.0 h']]);
      expect(await api['imports.undoFigure']({ importId: second.importId, kpiId: 'surge-patrol-hours', month: '2019-05', dimension: '', category: '' })).toEqual({ importId: second.importId, action: 'restored', remaining: 1 });
      expect((await api['imports.figures']({ importId })).map((f) => [f.month, f.value])).toEqual([['2019-04', 410], ['2019-05', 395], ['2019-06', 430]]);
      // The first sitting's June alone goes; the rest stay, and the import is not undone until none is left.
      expect(await api['imports.undoFigure']({ importId, kpiId: 'surge-patrol-hours', month: '2019-06', dimension: '', category: '' })).toEqual({ importId, action: 'removed', remaining: 2 });
      expect((await api['imports.list']({})).find((i) => i.id === importId)!.undoneAt).toBeNull();
      await expect(api['imports.undoFigure']({ importId, kpiId: 'surge-patrol-hours', month: '2019-06', dimension: '', category: '' })).rejects.toThrow(/holds no figure of surge-patrol-hours for 2019-06 now/);
    } finally {
      session.close();
    }
    // On the command line too; the last figure undone undoes the import.
    const [entry] = JSON.parse((await cli('imports', '--db', file, '--json')).out).filter((i: { label: string }) => i.label.includes('3 figures'));
    expect((await cli('undo', String(entry.id), '--db', file, '--figure', 'patrol hours@2019-04')).out).toBe(`Undid patrol hours@2019-04 of import ${entry.id}: it is gone; 1 figure of the import left.\n`);
    expect((await cli('undo', String(entry.id), '--db', file, '--figure', 'patrol hours@2019-05')).out).toBe(`Undid patrol hours@2019-05 of import ${entry.id}: it is gone; 0 figures of the import left, so the import is undone.\n`);
  });
});

describe('returns of the analyst’s own: a workbook and its mapping', () => {
  const BUILT_IN = path.resolve('resources/returns');
  const builtInMapping = () => JSON.parse(fs.readFileSync(path.join(BUILT_IN, 'surge-funding.mapping.json'), 'utf8')) as ReturnMapping;
  /** A folder of returns: each NAME.xlsx (a copy of the built-in workbook, or given bytes) and its mapping. */
  function withReturns(name: string, files: Record<string, ReturnMapping | string | Buffer | null>) {
    const userDir = path.join(workspaces.dir(), `returns-${name}`);
    fs.mkdirSync(userDir, { recursive: true });
    for (const [file, body] of Object.entries(files)) {
      if (body === null) fs.copyFileSync(path.join(BUILT_IN, 'surge-funding.xlsx'), path.join(userDir, file));
      else fs.writeFileSync(path.join(userDir, file), typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
    }
    const workspace = openWorkspace(workspaces.demo());
    try {
      return loadReturnTemplates(workspace, { builtIn: BUILT_IN, user: userDir });
    } finally {
      closeWorkspace(workspace);
    }
  }

  it('reads the built-in surge-funding return from its workbook: rows, periods, totals and shares as the workbook has them', () => {
    const loaded = withReturns('none', {});
    expect(loaded.broken).toEqual([]);
    const { template, file } = loaded.templates.get('surge-funding')!;
    expect(path.relative(process.cwd(), file)).toBe(path.join('resources', 'returns', 'surge-funding.xlsx'));
    expect([template.sheet, template.headerRow, template.labelColumn, template.marking]).toEqual(['Surge funding return', 4, 'A', 'OFFICIAL']);
    expect(template.columns.map((c) => `${c.column} ${c.header} ${c.period}`)).toEqual(['B Month 1 month1', 'C Month 2 month2', 'D Month 3 month3', 'E Quarter quarter', 'F Same quarter last year same_quarter_last_year', 'G Year to date year_to_date']);
    expect(template.rows.filter((r) => 'heading' in r)).toEqual([{ heading: 'Activity in the funded areas' }, { heading: 'Outcome measures' }, { heading: 'Spend against the allocation' }]);
    expect(template.rows.find((r) => 'label' in r && r.label === 'Stop and searches for offensive weapons')).toEqual({ label: 'Stop and searches for offensive weapons', kpi: 'stop-searches', dimension: 'Reason', category: 'Offensive weapons' });
    // The workbook's own formulas are the total and the share: read from them, not written down again.
    expect(template.rows.slice(-2)).toEqual([
      { label: 'Total spend', total: ['Spend: hotspot policing', 'Spend: intelligence development', 'Spend: investigative response', 'Spend: equipment and technology'] },
      { label: 'Total spend as a share of the £1.4m allocation', shareOf: 'Total spend', allocation: 1_400_000 },
    ]);
    expect(template.notes).toHaveLength(2);
  });

  it('takes the analyst’s own return without code, and fills a row by the aggregation its mapping asks for', async () => {
    const mapping = builtInMapping();
    const knife = mapping.cells.filter((c) => c.cell.endsWith('11'));
    // Row 12 of the copy takes knife crime again, as a monthly average.
    const average = knife.map((c) => ({ ...c, cell: c.cell.replace('11', '12'), aggregation: 'mean' as const }));
    const mine = { ...mapping, name: 'My return', cells: [...mapping.cells.filter((c) => !c.cell.endsWith('12')), ...average] };
    const loaded = withReturns('mine', { 'my-return.xlsx': null, 'my-return.mapping.json': mine });
    expect(loaded.broken).toEqual([]);
    expect([...loaded.templates.keys()]).toEqual(['surge-funding', 'my-return']);
    const workspace = openWorkspace(workspaces.demo());
    try {
      const { fillReturnFor } = await import('../../electron/backend/returns/returnsService');
      const filled = fillReturnFor(workspace, loaded.templates.get('my-return')!.template, { kind: 'quarter', fy: 2019, quarter: 1 });
      const value = (address: string) => filled.cells.find((c) => c.address === address)!.value!;
      expect(value('E12')).toBeCloseTo(value('E11') / 3, 9);
      expect(value('B12')).toBe(value('B11'));
      expect(filled.problems.filter((p) => p.row === 11 || p.row === 12)).toEqual([]);
    } finally {
      closeWorkspace(workspace);
    }
  });

  it('lists a return it cannot use with the file and what is wrong, and keeps the others', () => {
    const mapping = builtInMapping();
    const loaded = withReturns('broken', {
      'unknown.xlsx': null,
      'unknown.mapping.json': { ...mapping, cells: mapping.cells.map((c) => (c.cell.endsWith('6') && c.cell.length === 2 ? { ...c, kpi: 'unicorn-sightings' } : c)) },
      'changed.xlsx': fs.readFileSync('tests/fixtures/return-workbook/surge-funding-return.xlsx'),
      'changed.mapping.json': mapping,
      'unmapped.xlsx': null,
      'not-json.xlsx': null,
      'not-json.mapping.json': '{ "format": ',
      'half-row.xlsx': null,
      'half-row.mapping.json': { ...mapping, cells: mapping.cells.filter((c) => c.cell !== 'D6') },
      'My Return.xlsx': null,
      'My Return.mapping.json': mapping,
    });
    expect([...loaded.templates.keys()]).toEqual(['surge-funding']);
    const message = (name: string) => loaded.broken.find((b) => path.basename(b.file) === name)?.message;
    expect(message('unknown.xlsx')).toMatch(/unknown\.xlsx: rows\[2\] \("Hotspot policing: patrol hours"\): there is no KPI "unicorn-sightings"$/);
    expect(message('changed.xlsx')).toMatch(/changed\.mapping\.json: it maps another layout than changed\.xlsx has \(the workbook was changed after it was mapped\)/);
    expect(message('unmapped.xlsx')).toMatch(/unmapped\.xlsx: it has no mapping beside it: open it on the Returns page, map its cells and export the mapping as unmapped\.mapping\.json$/);
    expect(message('not-json.xlsx')).toMatch(/not-json\.mapping\.json: not valid JSON/);
    expect(message('half-row.xlsx')).toMatch(/half-row\.xlsx: row 6 \("Hotspot policing: patrol hours"\) leaves D6 unmapped; a measure fills every period$/);
    expect(message('My Return.xlsx')).toMatch(/a return's file is named by its id, lower-case words joined by hyphens/);
  });
});

describe('the formula guard', () => {
  it('takes every character a spreadsheet starts a formula with, and only those', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(isFormulaLike)).toEqual([true, true, true, true, true, true]);
    expect(['1', 'All Crime', ' =1', "'=1"].map(isFormulaLike)).toEqual([false, false, false, false]);
    expect(csvSafe('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(csvSafe('Robbery')).toBe('Robbery');
  });
});

describe('KPI tables as spreadsheets', () => {
  it('writes a sheet per section of real numbers with formats, matching DOMAIN.md’s rows', async () => {
    const db = sourceReportWorkspace(workspaces.dir());
    const out = path.join(workspaces.dir(), 'tables.xlsx');
    expect((await cli('export', '--db', db, '--period', 'Q1 2019/20', '--out', out)).status).toBe(0);
    const book = XLSX.readFile(out, { cellNF: true });
    expect(book.SheetNames).toEqual(['1 Calls', '2 Incidents', '3 Crime', '4 Outcomes', '5 Prevention']);
    for (const r of Q1_ROWS) {
      const sheet = book.Sheets[book.SheetNames[Number(r.label[0]) - 1]];
      const rows = XLSX.utils.sheet_to_json<(string | number)[]>(sheet, { header: 1, raw: true });
      const row = rows.find((x) => `${x[0]} ${x[1]}` === r.label && x[2] === '')!;
      const number = (text: string) => Number(text.replace(/[+,%]/g, ''));
      expect(row.slice(4, 7)).toEqual([number(r.current), number(r.previous), number(r.change)]);
      expect(Math.round((row[7] as number) * 100)).toBe(number(r.changePercent));
      const at = rows.indexOf(row) + 1;
      expect(sheet[`E${at}`]).toMatchObject({ t: 'n', z: '#,##0' });
      expect(sheet[`G${at}`].w).toBe(r.change);
      expect(sheet[`H${at}`].w).toBe(r.changePercent);
    }
  });

  it('never writes text from a file so that a spreadsheet would run it', async () => {
    const file = path.join(workspaces.dir(), 'hostile.sqlite');
    await cli('new', '--db', file);
    const hostile = ['=HYPERLINK("http://example.invalid","click")', '+SUM(1,2)', '-2+3', '@cmd', '\tTabbed'];
    const csv = longCsv(path.join(workspaces.dir(), 'hostile.csv'), [['Month', 'Measure', 'Value'], ...hostile.flatMap((label, i) => [['2019-04', label, 10 + i], ['2018-04', label, 5 + i]])]);
    expect((await cli('import', csv, '--db', file, '--add-unknown', '--section', '3', '--unit', 'count', '--direction', 'neutral')).status).toBe(0);
    const xlsxOut = path.join(workspaces.dir(), 'hostile.xlsx');
    const csvOut = path.join(workspaces.dir(), 'hostile-tables.csv');
    expect((await cli('export', '--db', file, '--period', 'April 2019', '--out', xlsxOut)).status).toBe(0);
    expect((await cli('export', '--db', file, '--period', 'April 2019', '--out', csvOut)).status).toBe(0);
    const book = XLSX.readFile(xlsxOut, { cellFormula: true });
    const cells = Object.values(book.Sheets).flatMap((s) => Object.entries(s).filter(([k]) => !k.startsWith('!')).map(([, c]) => c as XLSX.CellObject));
    expect(cells.some((c) => c.f !== undefined)).toBe(false);
    // The import trims labels, so the tab goes there; the rest reach the export as they were.
    const stored = hostile.map((l) => l.trim());
    for (const label of stored) expect(cells).toContainEqual(expect.objectContaining({ t: 's', v: label }));
    const text = fs.readFileSync(csvOut, 'utf8');
    for (const label of stored.filter(isFormulaLike)) expect(text).toContain(`'${label.replace(/"/g, '""')}`);
    expect(text).not.toMatch(/(^|,)"?[=+\-@\t\r]/m);
  });
});
