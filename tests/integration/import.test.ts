import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { cli } from './cliHarness';
import { commitImport, previewImport, undoImport } from '../../electron/backend/import/importService';
import { closeWorkspace, createWorkspace, openWorkspace, type Workspace } from '../../electron/backend/workspace';
import { Q1_ROWS } from '../fixtures/sourceReport';
import { longCsv, MONTHS_APR17_JUN19, sourceReportWideWorkbook, writeWorkbook, type Row } from '../fixtures/spreadsheets';
import { figureHistory } from '../../db/imports';
import { dumpDatabase, tempDir } from './workspaceFixtures';

const PUBLIC_CSV = path.resolve('tests/fixtures/data-police-uk/2019-06-leicestershire-stop-and-search.first25.csv');
const NOW = new Date(Date.UTC(2026, 10, 24));

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function freshWorkspace(): Workspace {
  return createWorkspace(path.join(dir, `ws-${++counter}.sqlite`), { demo: false });
}

function figure(ws: Workspace, kpiId: string, month: string, dimension = '', category = '') {
  return ws.db
    .prepare("SELECT value, source_file, source_sheet, source_cell, import_id FROM observations WHERE kpi_id = ? AND period_start = ? AND dimension = ? AND category = ? AND area = ''")
    .get(kpiId, month, dimension, category) as { value: number; source_file: string; source_sheet: string; source_cell: string; import_id: number } | undefined;
}


describe('record-level files: data.police.uk stop and search', () => {
  // An independent count of the real file: split on commas (this file quotes nothing), months in UK time.
  const lines = fs.readFileSync(PUBLIC_CSV, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const records = lines.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i], v])));
  const ukMonth = (iso: string) => {
    // June 2019 is in British Summer Time, UTC+1.
    const t = new Date(Date.parse(iso) + 60 * 60 * 1000);
    return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}`;
  };

  it('counts searches per month and reason, outcomes and arrests, as an independent count of the file does', async () => {
    expect(header.length).toBe(15);
    expect(records.every((r) => Object.keys(r).length === 15)).toBe(true);
    const ws = freshWorkspace();
    const result = await commitImport(ws, [PUBLIC_CSV], { now: NOW });
    expect(result.errors).toEqual([]);
    expect(result.status).toBe('committed');

    const months = [...new Set(records.map((r) => ukMonth(r.Date)))];
    expect(months).toEqual(['2019-06']);
    expect(figure(ws, 'stop-searches', '2019-06')!.value).toBe(records.length);
    expect(figure(ws, 'stop-searches', '2019-05')).toBeUndefined();

    const reasons = new Map<string, number>();
    for (const r of records) reasons.set(r['Object of search'] || 'Not stated', (reasons.get(r['Object of search'] || 'Not stated') ?? 0) + 1);
    for (const [reason, n] of reasons) expect(figure(ws, 'stop-searches', '2019-06', 'Reason', reason)!.value, reason).toBe(n);

    const positives = records.filter((r) => r.Outcome && r.Outcome !== 'A no further action disposal').length;
    const arrests = records.filter((r) => r.Outcome === 'Arrest').length;
    expect(positives).toBeGreaterThan(0);
    expect(figure(ws, 'stop-search-positive-outcomes', '2019-06')!.value).toBe(positives);
    expect(figure(ws, 'stop-search-arrests', '2019-06')?.value ?? 0).toBe(arrests);

    const provenance = figure(ws, 'stop-searches', '2019-06')!;
    expect(provenance).toMatchObject({ source_file: path.basename(PUBLIC_CSV), source_sheet: 'Sheet1', source_cell: `B2:B26 (${records.length} rows)` });
    closeWorkspace(ws);
  });

  it('imports the whole of Q1 2019/20 from the three monthly files: 746 searches, as the files’ own counts say', async () => {
    const files = ['04', '05', '06'].map((m) => path.resolve(`tests/fixtures/data-police-uk/2019-${m}-leicestershire-stop-and-search.csv`));
    const ws = freshWorkspace();
    const result = await commitImport(ws, files, { now: NOW });
    expect(result.errors).toEqual([]);
    // Counts from tests/fixtures/data-police-uk/README.md, made with awk and Python's csv module.
    expect(['2019-04', '2019-05', '2019-06'].map((m) => figure(ws, 'stop-searches', m)!.value)).toEqual([211, 276, 259]);
    expect(['2019-04', '2019-05', '2019-06'].map((m) => figure(ws, 'stop-searches', m, 'Reason', 'Controlled drugs')!.value)).toEqual([128, 153, 168]);
    expect(['2019-04', '2019-05', '2019-06'].map((m) => figure(ws, 'stop-search-arrests', m)!.value)).toEqual([48, 52, 59]);
    closeWorkspace(ws);
  });

  it('reads a file of many parts as the sum of its rows: the quarter three times over, a record with a blank outcome, one with a quoted comma', async () => {
    const [april, may, june] = ['04', '05', '06'].map((m) => fs.readFileSync(path.resolve(`tests/fixtures/data-police-uk/2019-${m}-leicestershire-stop-and-search.csv`), 'utf8').trimEnd().split('\n'));
    const quarter = [...april.slice(1), ...may.slice(1), ...june.slice(1)];
    // Over 256 KB: the text is parsed in parts, and each record cut down to the columns counted.
    const body = [...quarter, ...quarter, ...quarter];
    const blankOutcome = `Person search,2019-05-10T10:00:00+00:00,,,52.6,-1.1,Male,18-24,,White,Misuse of Drugs Act 1971 (section 23),Controlled drugs,,,False`;
    const quotedComma = `Person search,2019-05-10T11:00:00+00:00,,,52.6,-1.1,Male,18-24,,White,"Misuse of Drugs Act 1971, section 23",Controlled drugs,Arrest,,False`;
    const file = path.join(dir, 'q1-three-times.csv');
    const lines = [april[0], ...body.slice(0, 1000), blankOutcome, ...body.slice(1000), quotedComma];
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    expect(fs.statSync(file).size).toBeGreaterThan(256 * 1024);

    // The same comma unquoted moves every later column of that record by one: refused by its line, not counted.
    const unquoted = path.join(dir, 'q1-unquoted.csv');
    fs.writeFileSync(unquoted, `${[...lines.slice(0, -1), quotedComma.replace(/"/g, '')].join('\n')}\n`);
    const refused = await previewImport(freshWorkspace(), [unquoted], { now: NOW });
    expect(refused.errors.map((e) => [e.file, e.message])).toEqual([
      [
        'q1-unquoted.csv',
        `line ${lines.length} has 16 fields, the header 15: an unquoted comma in 'Misuse of Drugs Act 1971, section 23'? Quote values that hold the delimiter, or export the file again; nothing was imported from it`,
      ],
    ]);

    // Every record but one with a comma too many at its end: the rows' own width is taken for the header's, and
    // the one record that fits the real header is the line quoted (rows are counted as parsed, not held).
    const shifted = path.join(dir, 'q1-shifted.csv');
    const widened = body.slice(0, 200).map((line) => `${line},`);
    fs.writeFileSync(shifted, `${[april[0], ...widened.slice(0, 150), blankOutcome, ...widened.slice(150)].join('\n')}\n`);
    const shiftedPreview = await previewImport(freshWorkspace(), [shifted], { now: NOW });
    expect(shiftedPreview.errors.map((e) => e.message)).toEqual([`line 152 has 15 fields, the header 16: is a value missing, or the line cut short? Nothing was imported from it`]);

    const ws = freshWorkspace();
    const result = await commitImport(ws, [file], { now: NOW });
    expect(result.errors).toEqual([]);
    // Three times the files' own counts (tests/fixtures/data-police-uk/README.md), and the two added in May.
    expect(['2019-04', '2019-05', '2019-06'].map((m) => figure(ws, 'stop-searches', m)!.value)).toEqual([633, 830, 777]);
    expect(['2019-04', '2019-05', '2019-06'].map((m) => figure(ws, 'stop-searches', m, 'Reason', 'Controlled drugs')!.value)).toEqual([384, 461, 504]);
    expect(['2019-04', '2019-05', '2019-06'].map((m) => figure(ws, 'stop-search-arrests', m)!.value)).toEqual([144, 157, 177]);
    // April's last record is the April file's last row in the third copy: line 1 + 2 × 746 + 211 + 1 (the row added).
    expect(figure(ws, 'stop-searches', '2019-04')!.source_cell).toBe('B2:B1705 (633 rows)');
    closeWorkspace(ws);

    // A record with no date, deep in the file, is named by its cell.
    const broken = path.join(dir, 'q1-no-date.csv');
    const noDate = body[1500].split(',');
    noDate[1] = '';
    fs.writeFileSync(broken, `${[april[0], ...body.slice(0, 1500), noDate.join(','), ...body.slice(1501)].join('\n')}\n`);
    const again = freshWorkspace();
    const preview = await previewImport(again, [broken], { now: NOW });
    expect(preview.errors.map((e) => [e.cell, e.message])).toEqual([['B1502', '"" is not a date and time']]);
    closeWorkspace(again);
  });

  it('warns in the preview of a month with far fewer records than its others: a file that lost its last rows', async () => {
    const [april, may, june] = ['04', '05', '06'].map((m) => fs.readFileSync(path.resolve(`tests/fixtures/data-police-uk/2019-${m}-leicestershire-stop-and-search.csv`), 'utf8').trimEnd().split('\n'));
    // The quarter in one file, cut at a line break part of the way into June: nothing else can tell.
    const cut = [...april, ...may.slice(1), ...june.slice(1, 81)].join('\n') + '\n';
    const file = path.join(dir, 'q1-cut.csv');
    fs.writeFileSync(file, cut);
    const ws = freshWorkspace();
    const preview = await previewImport(ws, [file], { now: NOW });
    expect(preview.errors).toEqual([]);
    expect(preview.warnings.map((w) => w.message)).toEqual(['Number of Stop and Searches, June 2019 counts 80 records, far fewer than its usual 244: is the file complete?']);
    closeWorkspace(ws);
  });

  it('counts street-level crime by type, with all crime leaving anti-social behaviour out', async () => {
    const file = longCsv(path.join(dir, 'street.csv'), [
      ['Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code', 'LSOA name', 'Crime type', 'Last outcome category', 'Context'],
      ['a1', '2019-06', 'Force', 'Force', '-1.1', '52.6', 'On or near X', 'E01', 'L 001', 'Burglary', 'Under investigation', ''],
      ['a2', '2019-06', 'Force', 'Force', '-1.1', '52.6', 'On or near X', 'E01', 'L 001', 'Burglary', 'Under investigation', ''],
      ['', '2019-06', 'Force', 'Force', '-1.1', '52.6', 'On or near X', 'E01', 'L 001', 'Anti-social behaviour', '', ''],
      ['a3', '2019-06', 'Force', 'Force', '-1.1', '52.6', 'On or near X', 'E01', 'L 001', 'Drugs', 'Local resolution', ''],
      ['a4', '2019-07', 'Force', 'Force', '-1.1', '52.6', 'On or near X', 'E01', 'L 001', 'Bicycle theft', 'Unable to prosecute suspect', ''],
    ]);
    const ws = freshWorkspace();
    const blocked = await commitImport(ws, [file], { now: NOW });
    expect(blocked.status).toBe('blocked');
    expect(blocked.errors).toEqual([expect.objectContaining({ file: 'street.csv', sheet: 'Sheet1', cell: 'B6', message: expect.stringContaining('"Bicycle theft" matches no KPI (1 figure)') })]);

    // Asked to add it, but not told what it is: nothing is guessed.
    const undefinedKpi = await commitImport(ws, [file], { now: NOW, addUnknown: true });
    expect(undefinedKpi.status).toBe('blocked');
    expect(undefinedKpi.errors).toEqual([expect.objectContaining({ kind: 'undefined_kpi', cell: 'B6', message: expect.stringContaining('"Bicycle theft" would be added as a new KPI (1 figure): say its section, unit and direction of good') })]);

    const result = await commitImport(ws, [file], { now: NOW, addUnknown: true, newKpiDefaults: { section: 3, unit: 'count', direction: 'down' } });
    expect(result.status).toBe('committed');
    expect(figure(ws, 'burglary', '2019-06')!.value).toBe(2);
    expect(figure(ws, 'asb-incidents', '2019-06')!.value).toBe(1);
    expect(figure(ws, 'drug-offences', '2019-06')!.value).toBe(1);
    expect(figure(ws, 'all-crime', '2019-06')!.value).toBe(3);
    expect(figure(ws, 'all-crime', '2019-07')!.value).toBe(1);
    expect(result.newKpis).toEqual([{ id: 'bicycle-theft', section: 3, number: '3.14', name: 'Bicycle theft', unit: 'count', direction: 'down', label: 'Bicycle theft' }]);
    expect(figure(ws, 'bicycle-theft', '2019-07')!.value).toBe(1);
    closeWorkspace(ws);
  });
});

describe('wide workbooks', () => {
  it('reads the force’s KPI workbook past titles, merged cells, headings, totals and footnotes, and reproduces DOMAIN.md’s rows', async () => {
    const file = sourceReportWideWorkbook(path.join(dir, 'force.xlsx'));
    const db = path.join(dir, 'wide.sqlite');
    expect((await cli('new', '--db', db)).status).toBe(0);
    const imported = await cli('import', '--db', db, file);
    expect(imported.err).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.out).toContain('force.xlsx: KPI Summary (wide, 162 figures); Notes (no figures)');
    expect(imported.out).toContain('162 new, 0 changed, 0 unchanged');
    expect(imported.out).toContain('column AC4 "Total" (not a month)');
    expect(imported.out).toContain('column AD4 "YTD" (not a month)');
    expect(imported.out).toContain('row 5 "1. Calls" (heading, no figures)');
    expect(imported.out).toContain('row 21 "* Figures are provisional and subject to change." (footnote)');

    const table = await cli('table', '--db', db, '--period', 'Q1 2019/20', '--json');
    const rows = JSON.parse(table.out);
    for (const expected of Q1_ROWS) {
      expect(rows.find((r: { kpiId: string }) => r.kpiId === expected.kpiId).display).toEqual({
        current: expected.current,
        previous: expected.previous,
        change: expected.change,
        changePercent: expected.changePercent,
      });
    }
    const ws = openWorkspace(db);
    // B6 is April 2017 of 1.1 999 calls: the provenance names the cell the figure was read from.
    expect(figure(ws, 'calls-999', '2017-04')).toMatchObject({ source_file: 'force.xlsx', source_sheet: 'KPI Summary', source_cell: 'B6' });
    closeWorkspace(ws);
  });

  it.each([
    ['real dates', (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5)) - 1, 1))],
    ['"Apr-19" text', (m: string) => `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m.slice(5)) - 1]}-${m.slice(2, 4)}`],
    ['"April 2019" text', (m: string) => `${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][Number(m.slice(5)) - 1]} ${m.slice(0, 4)}`],
    ['"2019-04" text', (m: string) => m],
    ['"04/2019" text', (m: string) => `${m.slice(5)}/${m.slice(0, 4)}`],
  ])('reads months written as %s', async (_, write) => {
    const months = ['2019-04', '2019-05', '2019-06'];
    const file = writeWorkbook(path.join(dir, `months-${++counter}.xlsx`), {
      Calls: { rows: [['Measure', ...months.map((m): string | Date => write(m))], ['999 calls', 100, '1,200', 300]] },
    });
    const ws = freshWorkspace();
    const result = await commitImport(ws, [file], { now: NOW });
    expect(result.errors).toEqual([]);
    expect(months.map((m) => figure(ws, 'calls-999', m)?.value)).toEqual([100, 1200, 300]);
    closeWorkspace(ws);
  });

  it('reads breakdowns under a KPI, and every sheet of a workbook', async () => {
    const file = writeWorkbook(path.join(dir, 'mispers.xlsx'), {
      Mispers: {
        rows: [
          ['Missing Persons Demographic Breakdown', 'Apr-19', 'May-19'],
          ['Missing Person Records', 470, 460],
          ['Age', null, null],
          ['0-17', 300, 290],
          ['Over 18', 160, 150],
          ['Gender', null, null],
          ['Male', 230, 220],
          ['Female', 220, 215],
          ['Unspecified', 20, 25],
        ],
      },
      Crime: { rows: [['', 'Apr-19', 'May-19'], ['Burglary - Residential', 350, 340], ['3.1 All Crime', 7900, 8000]] },
    });
    const ws = freshWorkspace();
    const result = await commitImport(ws, [file], { now: NOW });
    expect(result.errors).toEqual([]);
    expect(figure(ws, 'missing-person-records', '2019-04')!.value).toBe(470);
    expect(figure(ws, 'missing-person-records', '2019-05', 'Gender', 'Unspecified')!.value).toBe(25);
    expect(figure(ws, 'missing-person-records', '2019-04', 'Age', 'Over 18')!.value).toBe(160);
    expect(figure(ws, 'residential-burglary', '2019-04')!.value).toBe(350);
    expect(figure(ws, 'all-crime', '2019-05')!.value).toBe(8000);
    expect(result.files[0].sheets).toEqual([
      { sheet: 'Mispers', layout: 'wide', figures: 12 },
      { sheet: 'Crime', layout: 'wide', figures: 4 },
    ]);
    closeWorkspace(ws);
  });
});

describe('long tables', () => {
  it('reads one row per figure, with breakdown columns, an area, quarters, and a semicolon CSV with BOM and CRLF', async () => {
    const lines: Row[] = [
      ['Month', 'Measure', 'Age band', 'Area', 'Value'],
      ['2019-04', 'Missing person records', '', '', '470'],
      ['2019-04', 'Missing person records', '0-17', '', '300'],
      ['Apr-19', 'Hate crime', '', 'City', '1.234'],
      ['Q1 2019/20', 'All crime', '', 'Kent', '1 234'],
    ];
    const file = longCsv(path.join(dir, 'long.csv'), lines, ';', { bom: true, crlf: true });
    const ws = freshWorkspace();
    const result = await commitImport(ws, [file], { now: NOW });
    expect(result.errors).toEqual([]);
    expect(figure(ws, 'missing-person-records', '2019-04')!.value).toBe(470);
    expect(figure(ws, 'missing-person-records', '2019-04', 'Age band', '0-17')!.value).toBe(300);
    const area = ws.db.prepare("SELECT value FROM observations WHERE kpi_id = 'hate-crime' AND area = 'City'").get() as { value: number };
    expect(area.value).toBe(1.234);
    const quarter = ws.db.prepare("SELECT period_kind, period_start, value FROM observations WHERE kpi_id = 'all-crime' AND area = 'Kent'").get();
    expect(quarter).toEqual({ period_kind: 'quarter', period_start: '2019-04', value: 1234 });
    closeWorkspace(ws);
  });
});

describe('preview, history and undo', () => {
  let ws: Workspace;
  let first: string;
  let second: string;
  beforeEach(() => {
    ws = freshWorkspace();
    first = writeWorkbook(path.join(dir, `m1-${++counter}.xlsx`), { KPIs: { rows: [['KPI', 'Apr-19', 'May-19'], ['999 calls', 100, 200], ['101 calls', 500, 600]] } });
    second = writeWorkbook(path.join(dir, `m2-${counter}.xlsx`), { KPIs: { rows: [['KPI', 'May-19', 'Jun-19'], ['999 calls', 210, 300], ['101 calls', 600, 700]] } });
  });

  it('previews new, changed (old → new) and unchanged figures without writing', async () => {
    await commitImport(ws, [first], { now: NOW });
    const before = dumpDatabase(ws.path);
    const preview = await previewImport(ws, [second], { now: NOW });
    expect(preview.totals).toEqual({ added: 2, changed: 1, unchanged: 1 });
    expect(preview.summary).toEqual([
      { kpiId: 'calls-999', number: '1.1', name: 'Number of 999 Calls', added: 1, changed: 1, unchanged: 0 },
      { kpiId: 'calls-101', number: '1.2', name: 'Number of 101 Calls', added: 1, changed: 0, unchanged: 1 },
    ]);
    expect(preview.changed).toEqual([
      expect.objectContaining({ kpiId: 'calls-999', period: 'May 2019', oldValue: 200, newValue: 210, sheet: 'KPIs', cell: 'B2' }),
    ]);
    expect(dumpDatabase(ws.path)).toBe(before);
  });

  it('keeps a changed figure’s history, changes nothing on a second import, and undoes back to the old values', async () => {
    const one = await commitImport(ws, [first], { now: NOW });
    const two = await commitImport(ws, [second], { now: NOW });
    expect(two.status).toBe('committed');
    expect(figure(ws, 'calls-999', '2019-05')).toMatchObject({ value: 210, import_id: two.importId, source_cell: 'B2' });
    const history = figureHistory(ws.db, { kpiId: 'calls-999', month: '2019-05' }).map(({ changedAt: _, ...event }) => event);
    expect(history).toEqual([
      { oldValue: null, newValue: 200, oldImportId: null, oldCell: null, importId: one.importId, reason: 'import' },
      { oldValue: 200, newValue: 210, oldImportId: one.importId, oldCell: 'C2', importId: two.importId, reason: 'import' },
    ]);

    const before = dumpDatabase(ws.path);
    const again = await commitImport(ws, [second], { now: NOW });
    expect(again).toMatchObject({ status: 'nothing_to_do', importId: null, totals: { added: 0, changed: 0, unchanged: 4 } });
    expect(dumpDatabase(ws.path)).toBe(before);

    await expect(undoImport(ws, one.importId!)).rejects.toThrow(`Import ${one.importId} cannot be undone: its figures were changed again by import ${two.importId} (1 figure). Undo that import first.`);
    expect(await undoImport(ws, two.importId!)).toEqual({ importId: two.importId, restored: 1, removed: 2 });
    expect(figure(ws, 'calls-999', '2019-05')).toMatchObject({ value: 200, import_id: one.importId, source_cell: 'C2' });
    expect(figure(ws, 'calls-999', '2019-06')).toBeUndefined();
    await expect(undoImport(ws, two.importId!)).rejects.toThrow(/was already undone/);
    expect(await undoImport(ws, one.importId!)).toEqual({ importId: one.importId, restored: 0, removed: 4 });
    expect((ws.db.prepare('SELECT count(*) AS n FROM observations').get() as { n: number }).n).toBe(0);
    // Created, changed, put back by the undo of the change, removed by the undo of the import that created it.
    expect(figureHistory(ws.db, { kpiId: 'calls-999', month: '2019-05' }).map((e) => [e.oldValue, e.newValue, e.oldImportId, e.oldCell, e.importId, e.reason])).toEqual([
      [null, 200, null, null, one.importId, 'import'],
      [200, 210, one.importId, 'C2', two.importId, 'import'],
      [210, 200, two.importId, 'B2', two.importId, 'undo'],
      [200, null, one.importId, 'C2', one.importId, 'undo'],
    ]);
  });

  it('offers the import history and undo on the command line', async () => {
    closeWorkspace(ws);
    const imported = await cli('import', '--db', ws.path, first);
    expect(imported.out).toMatch(/Imported as import (\d+)\. To undo it: workbench undo \1/);
    const id = /Imported as import (\d+)/.exec(imported.out)![1];
    const list = await cli('imports', '--db', ws.path, '--json');
    expect(JSON.parse(list.out)[0]).toMatchObject({
      id: Number(id),
      kind: 'file',
      fileName: path.basename(first),
      sha256: crypto.createHash('sha256').update(fs.readFileSync(first)).digest('hex'),
      totals: { added: 4, changed: 0, unchanged: 0 },
      undoneAt: null,
    });
    const undone = await cli('undo', id, '--db', ws.path);
    expect(undone.out).toBe(`Undid import ${id}: 0 figures restored, 4 removed.\n`);
    const bad = await cli('undo', '999', '--db', ws.path);
    expect(bad).toMatchObject({ status: 2, err: 'workbench: There is no import 999. `workbench imports` lists them.\n' });
  });
});

describe('warnings that do not block', () => {
  it('flags a future month, a gap, an unusual value, a rate over 100% and a negative count', async () => {
    const ws = freshWorkspace();
    const history = MONTHS_APR17_JUN19.slice(0, 12);
    await commitImport(ws, [writeWorkbook(path.join(dir, 'history.xlsx'), { H: { rows: [['KPI', ...history], ['999 calls', ...history.map((_, i) => 12000 + (i % 3) * 150)]] } })], { now: NOW });
    const file = writeWorkbook(path.join(dir, 'odd.xlsx'), {
      Odd: {
        rows: [
          ['KPI', 'May-18', 'Jun-18', 'Dec-26'],
          ['999 calls', 48000, null, 12100],
          ['User satisfaction', 104, 75, null],
          ['Number of stop and searches', -3, 300, null],
        ],
      },
    });
    const result = await commitImport(ws, [file], { now: NOW });
    expect(result.status).toBe('committed');
    const messages = result.warnings.map((w) => `${w.sheet ?? ''}!${w.cell ?? ''} ${w.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Odd!D2 Number of 999 Calls, December 2026 is in the future',
        expect.stringMatching(/^Odd!B2 Number of 999 Calls, May 2018 is 48000, far outside its usual range/),
        'Odd!B3 User Satisfaction, May 2018 is 104%, over 100%',
        'Odd!B4 Number of Stop and Searches, May 2018 is a negative count (-3)',
        "! Number of 999 Calls has a gap: no figure for 103 months from April 2018",
      ]),
    );
    closeWorkspace(ws);
  });
});

describe('bad files are refused whole, naming file, sheet and cell, and leave the workspace as it was', () => {
  let db: string;
  let before: string;
  beforeAll(async () => {
    db = path.join(dir, 'guarded.sqlite');
    await cli('new', '--db', db);
    await cli('import', '--db', db, writeWorkbook(path.join(dir, 'base.xlsx'), { KPIs: { rows: [['KPI', 'Apr-19'], ['999 calls', 100]] } }));
    before = dumpDatabase(db);
  });

  const good = () => writeWorkbook(path.join(dir, `good-${++counter}.xlsx`), { KPIs: { rows: [['KPI', 'May-19'], ['999 calls', 150]] } });
  const cases: [string, () => string, RegExp[]][] = [
    [
      'text in a number cell',
      () => writeWorkbook(path.join(dir, 'force.xlsx'), { 'KPI Summary': { rows: [['KPI', 'Apr-19', 'May-19', 'Jun-19'], ['999 calls', 1, 2, 3], [], ['101 calls', 4, 5, 'n/a']] } }),
      [/^workbench: force\.xlsx: KPI Summary!D4: "n\/a" is not a number$/m],
    ],
    [
      'two values for the same KPI and month',
      () => writeWorkbook(path.join(dir, 'dupe.xlsx'), { A: { rows: [['KPI', 'Jun-19'], ['999 calls', 10]] }, B: { rows: [['KPI', 'Jun-19'], ['Number of 999 Calls', 12]] } }),
      [/^workbench: dupe\.xlsx: B!B2: two values for Number of 999 Calls, June 2019: 12 here and 10 at A!B2$/m],
    ],
    [
      'a month twice in the header',
      () => writeWorkbook(path.join(dir, 'header.xlsx'), { S: { rows: [['KPI', 'Jun-19', 'June 2019'], ['999 calls', 10, 11]] } }),
      [/^workbench: header\.xlsx: S!C1: 2019-06 appears twice in the header \(also B1\)$/m],
    ],
    [
      'a header with no recognisable months',
      () => writeWorkbook(path.join(dir, 'nomonths.xlsx'), { Data: { rows: [['KPI', 'First', 'Second'], ['999 calls', 10, 11]] } }),
      [/^workbench: nomonths\.xlsx: Data: no recognisable months in a header row/m],
    ],
    [
      'a truncated workbook',
      () => {
        const whole = fs.readFileSync(good());
        fs.writeFileSync(path.join(dir, 'truncated.xlsx'), whole.subarray(0, Math.floor(whole.length / 2)));
        return path.join(dir, 'truncated.xlsx');
      },
      [/^workbench: truncated\.xlsx: could not be read: damaged \(not a complete zip archive: its directory is missing, the file may be cut short\); nothing was imported from it$/m],
    ],
    [
      'a picture renamed as a workbook',
      () => {
        fs.writeFileSync(path.join(dir, 'chart.xlsx'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
        return path.join(dir, 'chart.xlsx');
      },
      [/^workbench: chart\.xlsx: this is not a valid \.xlsx file \(it may be damaged, or another kind of file renamed\)$/m],
    ],
    [
      'a binary file named .csv',
      () => {
        fs.writeFileSync(path.join(dir, 'binary.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]));
        return path.join(dir, 'binary.csv');
      },
      [/^workbench: binary\.csv: this is not a \.csv text file \(it holds binary data: NUL bytes\)$/m],
    ],
    [
      'a document that is not a spreadsheet',
      () => {
        fs.writeFileSync(path.join(dir, 'report.docx'), 'PK\u0003\u0004');
        return path.join(dir, 'report.docx');
      },
      [/^workbench: report\.docx: the workbench reads \.xlsx, \.xlsm, \.xls, \.ods, \.csv, \.tsv files, not \.docx$/m],
    ],
    ['a missing file', () => path.join(dir, 'nowhere.xlsx'), [/^workbench: nowhere\.xlsx: no such file$/m]],
    [
      'a password-protected workbook',
      () => {
        // An encrypted Office file is an OLE container holding these two streams instead of the workbook.
        const cfb = XLSX.CFB.utils.cfb_new();
        XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
        XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(64, 7));
        fs.writeFileSync(path.join(dir, 'locked.xlsx'), XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer);
        return path.join(dir, 'locked.xlsx');
      },
      [/^workbench: locked\.xlsx: the file is password-protected; save an unprotected copy and import that$/m],
    ],
  ];

  it.each(cases)('%s', async (_, make, messages) => {
    const bad = make();
    const result = await cli('import', '--db', db, good(), bad);
    expect(result.status).toBe(2);
    for (const message of messages) expect(result.err).toMatch(message);
    expect(result.err).toMatch(/workbench: nothing was imported \(\d+ errors?\)\.\n$/);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(dumpDatabase(db)).toBe(before);
  });

  it('refuses labels that match nothing, unless asked to add them as KPIs', async () => {
    const file = writeWorkbook(path.join(dir, 'unknown.xlsx'), { S: { rows: [['KPI', 'Jun-19'], ['999 calls', 10], ['Drones deployed', 4]] } });
    const refused = await cli('import', '--db', db, file);
    expect(refused.status).toBe(2);
    expect(refused.err).toContain('workbench: unknown.xlsx: S!A3: "Drones deployed" matches no KPI (1 figure): map it to a KPI, or add it as a new KPI (--add-unknown)');
    expect(dumpDatabase(db)).toBe(before);
    const undescribed = await cli('import', '--db', db, '--add-unknown', file);
    expect(undescribed.status).toBe(2);
    expect(undescribed.err).toContain('workbench: unknown.xlsx: S!A3: "Drones deployed" would be added as a new KPI (1 figure): say its section, unit and direction of good (--add-unknown --section N --unit count|percent|seconds|minutes|rate_per_1000|currency|hours --direction up|down|neutral, or --define "Drones deployed=N,UNIT,DIRECTION[,NAME]")');
    const partly = await cli('import', '--db', db, '--add-unknown', '--unit', 'count', file);
    expect(partly.status).toBe(2);
    expect(partly.err).toContain('--add-unknown takes all of --section N, --unit UNIT and --direction up|down|neutral');
    const badUnit = await cli('import', '--db', db, '--define', 'Drones deployed=2,drones,up', file);
    expect(badUnit.err).toContain('a unit is one of count, percent, seconds, minutes, rate_per_1000, currency, hours, not "drones".');
    expect(dumpDatabase(db)).toBe(before);
  });

  it('adds a label as the KPI the analyst defines: name, section, unit and direction of good', async () => {
    const defined = path.join(dir, `defined-${++counter}.sqlite`);
    await cli('new', '--db', defined);
    const file = writeWorkbook(path.join(dir, `drones-${counter}.xlsx`), { S: { rows: [['KPI', 'Jun-19'], ['999 calls', 10], ['Drones deployed', 4]] } });
    const result = await cli('import', '--db', defined, '--json', '--define', 'Drones deployed=2,count,neutral,Drone deployments', file);
    expect(result.status, result.err).toBe(0);
    expect(JSON.parse(result.out).newKpis).toEqual([{ id: 'drone-deployments', section: 2, number: expect.stringMatching(/^2\.\d+$/), name: 'Drone deployments', unit: 'count', direction: 'neutral', label: 'Drones deployed' }]);
    const kpi = JSON.parse((await cli('kpis', '--db', defined, '--json')).out).find((k: { id: string }) => k.id === 'drone-deployments');
    expect(kpi).toMatchObject({ name: 'Drone deployments', section: 2, unit: 'count', direction: 'neutral', aliases: ['Drones deployed'], aggregation: { type: 'sum' } });
    // The label is remembered for the file's shape: next month's file maps to the new KPI by itself.
    const next = writeWorkbook(path.join(dir, `drones-next-${counter}.xlsx`), { S: { rows: [['KPI', 'Jul-19'], ['999 calls', 11], ['Drones deployed', 6]] } });
    expect((await cli('import', '--db', defined, next)).status).toBe(0);
  });
});

describe('mapping labels, remembered per file shape', () => {
  it('maps an unknown label, then applies the mapping to next month’s file of the same shape only', async () => {
    const db = path.join(dir, `profiles-${++counter}.sqlite`);
    await cli('new', '--db', db);
    const month = (m: string, value: number, extra: Row[] = []) =>
      writeWorkbook(path.join(dir, `ops-${m}-${++counter}.xlsx`), { Ops: { rows: [['KPI', m], ['999 calls', value], ['Paedophile online team warrants', 3], ...extra] } });

    const refused = await cli('import', '--db', db, month('Apr-19', 100));
    expect(refused.status).toBe(2);
    const badKpi = await cli('import', '--db', db, month('Apr-19', 100), '--map', 'Paedophile online team warrants=9.9');
    expect(badKpi).toMatchObject({ status: 2, err: 'workbench: --map: there is no KPI "9.9". `workbench kpis` lists them.\n' });

    const mapped = await cli('import', '--db', db, month('Apr-19', 100), '--map', 'Paedophile online team warrants=5.7');
    expect(mapped.status).toBe(0);
    expect(mapped.out).toContain('5.7 POLIT Enforcements');

    const next = await cli('import', '--db', db, month('May-19', 110));
    expect(next.status).toBe(0);
    expect(next.out).toMatch(/the mappings saved from ops-Apr-19-\d+\.xlsx were applied/);

    const reshaped = await cli('import', '--db', db, month('Jun-19', 120, [['Online crime reports', 1100]]));
    expect(reshaped.status).toBe(2);
    expect(reshaped.err).toContain('"Paedophile online team warrants" matches no KPI');

    const ws = openWorkspace(db);
    expect(figure(ws, 'polit-enforcements', '2019-05')!.value).toBe(3);
    closeWorkspace(ws);
  });
});

describe('Home Office recorded crime tables by force', () => {
  it('turns financial year, quarter, force and offence into quarterly figures per force, for peer comparison', async () => {
    const file = writeWorkbook(path.join(dir, 'prc-pfa.ods'), {
      'Table 1': {
        rows: [
          ['Police recorded crime by Police Force Area'],
          [],
          ['Financial Year', 'Financial Quarter', 'Force Name', 'Offence Description', 'Offence Group', 'Offence Code', 'Number of Offences'],
          ['2019/20', 1, 'Leicestershire', 'Burglary - residential', 'Theft offences', '28E', 1100],
          ['2019/20', 1, 'Leicestershire', 'Shoplifting', 'Theft offences', '46', 1500],
          ['2019/20', 1, 'Leicestershire', 'Robbery of business property', 'Robbery', '34A', 40],
          ['2019/20', 1, 'Kent', 'Shoplifting', 'Theft offences', '46', 2400],
          ['2019/20', 2, 'Kent', 'Shoplifting', 'Theft offences', '46', 2500],
        ],
      },
    }, 'ods');
    const ws = freshWorkspace();
    const result = await commitImport(ws, [file], { now: NOW });
    expect(result.errors).toEqual([]);
    expect(result.files[0].sheets).toEqual([{ sheet: 'Table 1', layout: 'force-table', figures: 7, title: 'Police recorded crime by Police Force Area' }]);
    const rows = ws.db
      .prepare("SELECT period_kind, period_start, area, dimension, category, value, source_cell FROM observations WHERE kpi_id = 'all-crime' ORDER BY area, period_start, dimension, category")
      .all();
    expect(rows).toEqual([
      { period_kind: 'quarter', period_start: '2019-04', area: 'Kent', dimension: '', category: '', value: 2400, source_cell: 'G7' },
      { period_kind: 'quarter', period_start: '2019-04', area: 'Kent', dimension: 'Offence Group', category: 'Theft offences', value: 2400, source_cell: 'G7' },
      { period_kind: 'quarter', period_start: '2019-07', area: 'Kent', dimension: '', category: '', value: 2500, source_cell: 'G8' },
      { period_kind: 'quarter', period_start: '2019-07', area: 'Kent', dimension: 'Offence Group', category: 'Theft offences', value: 2500, source_cell: 'G8' },
      { period_kind: 'quarter', period_start: '2019-04', area: 'Leicestershire', dimension: '', category: '', value: 2640, source_cell: 'G4:G6 (3 rows)' },
      { period_kind: 'quarter', period_start: '2019-04', area: 'Leicestershire', dimension: 'Offence Group', category: 'Robbery', value: 40, source_cell: 'G6' },
      { period_kind: 'quarter', period_start: '2019-04', area: 'Leicestershire', dimension: 'Offence Group', category: 'Theft offences', value: 2600, source_cell: 'G4:G5 (2 rows)' },
    ]);
    closeWorkspace(ws);
  });
});

describe('every readable format', () => {
  it.each([
    ['xlsx', 'xlsx'],
    ['xlsm', 'xlsm'],
    ['xls', 'biff8'],
    ['ods', 'ods'],
  ] as const)('reads .%s', async (ext, bookType) => {
    const file = writeWorkbook(path.join(dir, `format.${ext}`), { KPIs: { rows: [['KPI', 'Apr-19', 'May-19'], ['999 calls', 13001, '13,002']] } }, bookType);
    const ws = freshWorkspace();
    expect((await commitImport(ws, [file], { now: NOW })).errors).toEqual([]);
    expect([figure(ws, 'calls-999', '2019-04')?.value, figure(ws, 'calls-999', '2019-05')?.value]).toEqual([13001, 13002]);
    closeWorkspace(ws);
  });

  it.each([
    ['csv', ','],
    ['tsv', '\t'],
  ])('reads .%s', async (ext, separator) => {
    const file = longCsv(path.join(dir, `format.${ext}`), [['KPI', 'Apr-19', 'May-19'], ['999 calls', '13001', '13,002']], separator);
    const ws = freshWorkspace();
    expect((await commitImport(ws, [file], { now: NOW })).errors).toEqual([]);
    expect([figure(ws, 'calls-999', '2019-04')?.value, figure(ws, 'calls-999', '2019-05')?.value]).toEqual([13001, 13002]);
    closeWorkspace(ws);
  });
});

describe('sheets whose layout the workbench cannot tell', () => {
  it('shows a corner of the sheet, reads it as the analyst says, and remembers that for next month', async () => {
    const db = path.join(dir, `layouts-${++counter}.sqlite`);
    await cli('new', '--db', db);
    const periods = (name: string, values: number[]) =>
      writeWorkbook(path.join(dir, name), { Data: { rows: [['Force periods 2019/20'], ['KPI', 'P1', 'P2', 'P3'], ['999 calls', ...values], ['101 calls', 1, 2, 3]] } });

    const first = periods('periods-q1.xlsx', [10, 20, 30]);
    const ws = openWorkspace(db);
    const refused = await previewImport(ws, [first], { now: NOW });
    expect(refused.errors).toEqual([expect.objectContaining({ file: 'periods-q1.xlsx', sheet: 'Data', message: expect.stringContaining('no recognisable months') })]);
    expect(refused.unread).toEqual([
      { key: 'periods-q1.xlsx!Data', file: 'periods-q1.xlsx', sheet: 'Data', firstRow: 1, firstColumn: 0, rows: [['Force periods 2019/20', '', '', ''], ['KPI', 'P1', 'P2', 'P3'], ['999 calls', '10', '20', '30'], ['101 calls', '1', '2', '3']] },
    ]);
    closeWorkspace(ws);

    const bad = await cli('import', '--db', db, first, '--layout', 'Data=wide,header=two');
    expect(bad).toMatchObject({ status: 2, err: expect.stringContaining('--layout takes') });
    const imported = await cli('import', '--db', db, first, '--layout', 'Data=wide,header=2,labels=A,months=B,first=2019-04');
    expect(imported.err).toBe('');
    expect(imported.out).toContain('6 new, 0 changed, 0 unchanged');

    const next = await cli('import', '--db', db, periods('periods-q2.xlsx', [40, 50, 60]));
    expect(next.status).toBe(0);
    expect(next.out).toMatch(/the mappings saved from periods-q1\.xlsx were applied/);
    const check = openWorkspace(db);
    expect(['2019-04', '2019-05', '2019-06'].map((m) => figure(check, 'calls-999', m)?.value)).toEqual([40, 50, 60]);
    expect(figure(check, 'calls-999', '2019-05')).toMatchObject({ source_sheet: 'Data', source_cell: 'C3' });
    closeWorkspace(check);
  });

  it('reads a long table whose columns have other names, once told which is which', async () => {
    const file = writeWorkbook(path.join(dir, 'odd-long.xlsx'), { Feed: { rows: [['Mth', 'Indicator', 'Force area', 'Val'], ['2019-04', '999 calls', '', 100], ['2019-05', '999 calls', '', 110]] } });
    const ws = freshWorkspace();
    expect((await commitImport(ws, [file], { now: NOW })).status).toBe('blocked');
    const result = await commitImport(ws, [file], { now: NOW, layouts: { 'odd-long.xlsx!Feed': { kind: 'long', headerRow: 1, period: 'A', measure: 'B', value: 'D' } } });
    expect(result.status).toBe('committed');
    expect([figure(ws, 'calls-999', '2019-04')?.value, figure(ws, 'calls-999', '2019-05')?.value]).toEqual([100, 110]);
    closeWorkspace(ws);
  });
});
