import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness';
import { commitImport, previewImport } from '../../electron/backend/import/importService';
import { closeWorkspace, type Workspace } from '../../electron/backend/workspace';
import { readZipParts, withPart, writeZip } from '../fixtures/zipFiles';
import { suiteWorkspaces } from './workspaceFixtures';

/**
 * Files in the shapes real spreadsheets reach an OPCC in: saved by LibreOffice (tests/fixtures/spreadsheet-shapes,
 * made by scripts/fixtures/make-spreadsheet-shapes.py), written by scripts, passed through Mac Excel, cut
 * short by a writer that stopped, or valid XML of forms the suite's own files never use. Each is read exactly
 * as the spreadsheet shows it, or refused in one line; never imported with wrong figures.
 */

const SHAPES = path.resolve('tests/fixtures/spreadsheet-shapes');
const NOW = new Date(Date.UTC(2026, 10, 24));
const MONTHS = ['2019-04', '2019-05', '2019-06'];

const workspaces = suiteWorkspaces();
const freshWorkspace = () => workspaces.fresh();
let counter = 0;

function values(ws: Workspace, kpiId: string): (number | undefined)[] {
  return MONTHS.map(
    (m) => (ws.db.prepare("SELECT value FROM observations WHERE kpi_id = ? AND period_start = ? AND dimension = '' AND area = ''").get(kpiId, m) as { value: number } | undefined)?.value,
  );
}

function figureCount(ws: Workspace): number {
  return (ws.db.prepare('SELECT COUNT(*) AS n FROM observations').get() as { n: number }).n;
}

/** Imports one file into a new workspace: its figures, or why it was refused (the workspace then holds none). */
async function importOne(file: string): Promise<{ ws: Workspace; errors: string[]; warnings: string[] }> {
  const ws = freshWorkspace();
  const result = await commitImport(ws, [file], { now: NOW });
  const errors = result.errors.map((e) => e.message);
  if (errors.length) expect(figureCount(ws)).toBe(0);
  return { ws, errors, warnings: result.warnings.map((w) => w.message) };
}

function write(name: string, bytes: Buffer | string): string {
  const file = path.join(workspaces.dir(), name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe('workbooks saved by LibreOffice', () => {
  for (const ext of ['xlsx', 'xls', 'ods']) {
    it(`reads a rate formatted as a percentage as the percentage it shows (.${ext})`, async () => {
      const { ws, errors, warnings } = await importOne(path.join(SHAPES, `percent.${ext}`));
      expect(errors).toEqual([]);
      // The cells hold 0.884, 0.9012 and 0.875, formatted 0.0%.
      expect(values(ws, 'calls-999-answered-10s-rate')).toEqual([88.4, 90.12, 87.5]);
      expect(values(ws, 'calls-999')).toEqual([13001, 13500, 13588]);
      expect(warnings).toContain('3 cells are formatted as percentages and were read as the spreadsheet shows them (0.884 shown as 88.4% is 88.4)');
      closeWorkspace(ws);
    });

    it(`reads month headers in the 1904 date system of a workbook from Mac Excel (.${ext})`, async () => {
      const { ws, errors } = await importOne(path.join(SHAPES, `date1904.${ext}`));
      expect(errors).toEqual([]);
      expect(values(ws, 'calls-999')).toEqual([13001, 13500, 13588]);
      expect(ws.db.prepare("SELECT COUNT(*) AS n FROM observations WHERE period_start < '2019-04'").get()).toEqual({ n: 0 });
      closeWorkspace(ws);
    });
  }

  it('reads an .ods date written with a time zone as the calendar date it shows', async () => {
    const { ws, errors } = await importOne(path.join(SHAPES, 'dates-with-zone.ods'));
    expect(errors).toEqual([]);
    expect(values(ws, 'calls-999')).toEqual([13001, 13500, 13588]);
    closeWorkspace(ws);
  });

  for (const ext of ['xlsx', 'ods']) {
    it(`refuses formulas that no spreadsheet has calculated, naming their cells as a range (.${ext})`, async () => {
      const { ws, errors } = await importOne(path.join(SHAPES, `formulas-uncalculated.${ext}`));
      expect(errors).toEqual([
        'KPI Summary!B4:D4 hold formulas that no spreadsheet has calculated; open and save the file in Excel or LibreOffice, or export values; nothing was imported from it',
      ]);
      closeWorkspace(ws);
    });
  }
});

describe('.xlsx parts read as strict XML', () => {
  const book = fs.readFileSync(path.join(SHAPES, 'percent.xlsx'));
  const SHEET = 'xl/worksheets/sheet1.xml';
  const sheetXml = readZipParts(book)
    .find((p) => p.name === SHEET)!
    .data.toString('utf8');
  // The cell holding 13001 (Number of 999 Calls, April 2019), as LibreOffice wrote it.
  const april = /<c r="B3"[^>]*><v>13001<\/v><\/c>/.exec(sheetXml)![0];

  it('finds the cell the damage is made in', () => {
    expect(april).toMatch(/^<c r="B3"/);
  });

  const readAs = [
    ['a value in CDATA', (x: string) => x.replace(april, april.replace('<v>13001</v>', '<v><![CDATA[13001]]></v>'))],
    ['a comment inside a value', (x: string) => x.replace(april, april.replace('<v>13001</v>', '<v>130<!-- typed -->01</v>'))],
    ['a processing instruction inside a value', (x: string) => x.replace(april, april.replace('<v>13001</v>', '<v>13<?note x?>001</v>'))],
    ['a character reference', (x: string) => x.replace(april, april.replace('<v>13001</v>', '<v>&#49;3001</v>'))],
  ] as const;
  for (const [what, change] of readAs) {
    it(`reads ${what} as any XML reader does`, async () => {
      const { ws, errors } = await importOne(write(`valid-${what.replace(/\W+/g, '-')}.xlsx`, withPart(book, SHEET, change)));
      expect(errors).toEqual([]);
      expect(values(ws, 'calls-999')).toEqual([13001, 13500, 13588]);
      closeWorkspace(ws);
    });
  }

  it('reads a sheet part written in UTF-16 with its byte-order mark', async () => {
    const parts = readZipParts(book).map((p) =>
      p.name === SHEET ? { name: p.name, data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(p.data.toString('utf8').replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')]) } : p,
    );
    const { ws, errors } = await importOne(write('utf16-sheet.xlsx', writeZip(parts)));
    expect(errors).toEqual([]);
    expect(values(ws, 'calls-999')).toEqual([13001, 13500, 13588]);
    closeWorkspace(ws);
  });

  const rowEnd = sheetXml.indexOf('</row>', sheetXml.indexOf('<row r="2"')) + '</row>'.length;
  const refused: [string, Buffer, RegExp][] = [
    ['a sheet cut after a </row>', withPart(book, SHEET, (x) => x.slice(0, rowEnd)), /the part xl\/worksheets\/sheet1\.xml is cut short/],
    ['a workbook part cut short', withPart(book, 'xl/workbook.xml', (x) => x.slice(0, Math.floor(x.length * 0.7))), /the part xl\/workbook\.xml is (cut short|not well-formed)/],
    ['a stray "<" inside a value', withPart(book, SHEET, (x) => x.replace(april, april.replace('<v>13001</v>', '<v>1<3001</v>'))), /not well-formed XML: "<3001<\/v>.*" is not a tag/],
    ['a cell inside a cell', withPart(book, SHEET, (x) => x.replace(april, april.replace('<v>13001</v>', '<v>13001</v><c r="C3"><v>5</v></c>'))), /<c> inside the cell B3/],
    ['</sheetData> twice', withPart(book, SHEET, (x) => x.replace('</sheetData>', '</sheetData></sheetData>')), /<worksheet> is closed by <\/sheetData>/],
    ['a cell given twice', withPart(book, SHEET, (x) => x.replace(april, `${april}${april.replace('13001', '99999')}`)), /the cell B3 is given twice/],
    ['a row given twice', withPart(book, SHEET, (x) => x.replace(/(<row r="3"[\s\S]*?<\/row>)/, '$1$1')), /row 3 is given twice/],
    ['a document element never closed', withPart(book, SHEET, (x) => x.replace('</worksheet>', '')), /the part xl\/worksheets\/sheet1\.xml is cut short/],
    ['a reference to an entity it does not define', withPart(book, SHEET, (x) => x.replace(april, april.replace('<v>13001</v>', '<v>&nbsp;13001</v>'))), /an entity it does not define/],
    ['a document type declaration', withPart(book, SHEET, (x) => x.replace('?>', '?><!DOCTYPE worksheet [<!ENTITY x "1">]>')), /document type declaration/],
    ['a number of 400 digits', withPart(book, SHEET, (x) => x.replace(april, april.replace('<v>13001</v>', `<v>${'9'.repeat(400)}</v>`))), /not a number a spreadsheet saves/],
    [
      'a second part of the same name',
      writeZip([...readZipParts(book), { name: SHEET, data: Buffer.from(sheetXml.replace('<v>13001</v>', '<v>99999</v>'), 'utf8') }]),
      /the part xl\/worksheets\/sheet1\.xml appears twice in the file/,
    ],
  ];
  for (const [what, bytes, message] of refused) {
    it(`refuses ${what}, naming the part, with nothing written`, async () => {
      const { ws, errors } = await importOne(write(`damaged-${what.replace(/\W+/g, '-')}.xlsx`, bytes));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(message);
      expect(errors[0]).toMatch(/nothing was imported from it$/);
      closeWorkspace(ws);
    });
  }

  it('refuses an .ods whose content.xml was cut short, though its zip is whole', async () => {
    const ods = fs.readFileSync(path.join(SHAPES, 'percent.ods'));
    const cut = writeZip(readZipParts(ods).map((p) => (p.name === 'content.xml' ? { ...p, data: p.data.subarray(0, Math.floor(p.data.length * 0.8)) } : p)));
    const { ws, errors } = await importOne(write('cut-content.ods', cut));
    expect(errors).toEqual([expect.stringMatching(/^could not be read: damaged \(the part content\.xml is (cut short|not well-formed)/)]);
    closeWorkspace(ws);
  });
});

describe('CSV rows that fit their header', () => {
  const header = 'Month,Measure,Value\n';
  const cases: [string, string | Buffer, string][] = [
    ['an unquoted thousands separator', `${header}2019-04,Number of 999 Calls,13001\n2019-05,Number of 999 Calls,11,214\n2019-06,Number of 999 Calls,13588\n`, 'line 3 has 4 fields, the header 3: looks like an unquoted thousands separator: 11,214. Quote values that hold the delimiter, or export the file again; nothing was imported from it'],
    ['a row a field short', `${header}2019-04,Number of 999 Calls,13001\n2019-05,Number of 999 Calls\n`, 'line 3 has 2 fields, the header 3: is a value missing, or the line cut short? Nothing was imported from it'],
    ['a file that is one line break', '\n', 'the file holds no rows (it is blank); nothing was imported from it'],
    ['a file that is one byte-order mark', Buffer.from([0xef, 0xbb, 0xbf]), 'the file holds no rows (it is blank); nothing was imported from it'],
    ['a header with no rows below it', header, 'the file has a header and no rows of figures below it; nothing was imported from it'],
    ['UTF-8 behind a UTF-16 byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${header}2019-04,Number of 999 Calls,13001\n`)]), 'this .csv file starts with a UTF-16 byte-order mark, but its text is not UTF-16 (it looks like UTF-8 behind a wrong mark); save it from Excel as "CSV UTF-8" and import that'],
    ['a number of 400 digits', `${header}2019-04,Number of 999 Calls,${'9'.repeat(400)}\n`, ''],
    ['a number with more digits than a double holds', `${header}2019-04,Number of 999 Calls,123456789012345678\n`, ''],
  ];
  for (const [what, text, message] of cases) {
    it(`refuses ${what} in one line, exit 2, nothing written`, async () => {
      const file = write(`${what.replace(/\W+/g, '-')}.csv`, text);
      const db = path.join(workspaces.dir(), `cli-${++counter}.sqlite`);
      expect((await cli('new', '--db', db)).status).toBe(0);
      const run = await cli('import', '--db', db, file);
      expect(run.status).toBe(2);
      expect(run.err).not.toMatch(/\n\s+at /);
      if (message) expect(run.err).toContain(`${path.basename(file)}: ${message}`);
      else expect(run.err).toMatch(/Sheet1!C2: "\d+…?" is not a number: it (is beyond the range of numbers a spreadsheet holds|has 18 significant digits, more than a number can hold exactly)$/m);
      expect((await cli('imports', '--db', db, '--json')).out.trim()).toBe('[]');
    });
  }

  it('refuses a line of 50 MB and a quoted value that never closes within the reading worker, in one line', async () => {
    const long = write('long-line.csv', `${header}${'x'.repeat(50_000_000)}\n`);
    const unclosed = write('unclosed.csv', `${header}2019-04,"${'x'.repeat(50_000_000)}\n`);
    const ws = freshWorkspace();
    const preview = await previewImport(ws, [long, unclosed], { now: NOW });
    expect(preview.errors.map((e) => [e.file, e.message])).toEqual([
      ['long-line.csv', 'line 2 is 48,828 KB long, longer than any row of a spreadsheet (4,096 KB); is this a table of figures? Nothing was imported from it'],
      ['unclosed.csv', 'the file is incomplete: a quoted value that starts on line 2 is never closed (was the file cut short?); nothing was imported from it'],
    ]);
    closeWorkspace(ws);
  });
});

describe('an import that takes nothing, and figures the file contradicts', () => {
  it('exits 2 when no sheet of a workbook holds figures, saying why in one line', async () => {
    const parts = readZipParts(fs.readFileSync(path.join(SHAPES, 'percent.xlsx')));
    const notes = writeZip(
      parts.map((p) =>
        p.name === 'xl/worksheets/sheet1.xml'
          ? { name: p.name, data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Notes only</t></is></c></row></sheetData></worksheet>') }
          : p,
      ),
    );
    const db = path.join(workspaces.dir(), `cli-${++counter}.sqlite`);
    await cli('new', '--db', db);
    const run = await cli('import', '--db', db, write('notes.xlsx', notes));
    expect(run.status).toBe(2);
    expect(run.err).toContain('notes.xlsx: nothing to import: no sheet holds figures the workbench can read (passed over: sheet KPI Summary (no figures))');
  });

  it('questions a figure a thousand times its own series in the file, on a first import', async () => {
    const rows = ['Month,Measure,Value', ...['2019-01', '2019-02', '2019-03', '2019-04', '2019-05', '2019-06'].map((m, i) => `${m},Number of Stop and Searches,${i === 4 ? 96469155 : 160 + i}`)];
    const ws = freshWorkspace();
    const preview = await previewImport(ws, [write('damaged-count.csv', `${rows.join('\n')}\n`)], { now: NOW });
    expect(preview.errors).toEqual([]);
    expect(preview.warnings.map((w) => [w.cell, w.message])).toContainEqual(['C6', "Number of Stop and Searches, May 2019 is 96,469,155, 593,656 times the file's usual 162.5 for it: is the cell right?"]);
    closeWorkspace(ws);
  });
});
