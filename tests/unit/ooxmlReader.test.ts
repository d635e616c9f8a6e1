import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { decodeXmlText, isDateFormatCode, readOoxmlWorkbook, serialToUtcDay } from '../../electron/backend/import/ooxmlReader';
import { DamagedFile, ZIP_LIMITS } from '../../electron/backend/import/zipArchive';
import { CellCollector, decodeSheet, type EncodedWorkbook } from '../../shared/import/cellBuffer';
import type { CellValue } from '../../shared/import/grid';
import { deflatedSpaces, partBytes, readZipParts, withPart, writeZip } from '../fixtures/zipFiles';

function xlsx(rows: CellValue[][], sheet = 'Figures'): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows, { cellDates: true }), sheet);
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true, bookSST: true }) as Buffer;
}

function grid(workbook: EncodedWorkbook, index = 0) {
  return decodeSheet('test.xlsx', workbook, workbook.sheets[index]);
}

function damage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DamagedFile) return error.reason;
    throw error;
  }
  throw new Error('read without complaint');
}

const SHEET = 'xl/worksheets/sheet1.xml';

describe('the cells of a sheet, collected', () => {
  it('keeps every value past the points where its arrays grow', () => {
    const out = new CellCollector();
    out.beginSheet('Big');
    for (let r = 0; r < 3000; r++) {
      out.text(r, 0, `row ${r}`);
      out.number(r, 1, r * 1.5);
      out.boolean(r, 2, r % 2 === 0);
      out.date(r, 3, Date.UTC(2019, 3, 1) + r * 86_400_000);
    }
    const sheet = grid(out.finish())!;
    expect(sheet.rows).toHaveLength(3000);
    for (const r of [0, 255, 256, 1023, 1024, 2047, 2048, 2999]) {
      expect(sheet.rows[r]).toEqual([`row ${r}`, r * 1.5, r % 2 === 0, new Date(Date.UTC(2019, 3, 1) + r * 86_400_000)]);
    }
  });
});

describe('reading .xlsx', () => {
  it('reads what SheetJS reads: text, numbers, booleans, dates by their format, at their addresses', () => {
    const rows: CellValue[][] = [
      ['Force performance', null, null],
      [null, null, null],
      ['KPI', new Date(Date.UTC(2019, 3, 1)), new Date(Date.UTC(2019, 4, 1))],
      ['999 calls & "answered" <10s>', 13001, 13002.5],
      ['Café – Ünïcode 👮', -4, 0],
      ['Flag', true, false],
    ];
    const book = xlsx(rows);
    const ours = grid(readOoxmlWorkbook(book))!;
    expect(ours.sheet).toBe('Figures');
    expect(ours.rows[0]).toEqual(['Force performance', null, null]);
    expect(ours.rows[1]).toEqual([null, null, null]);
    expect(ours.rows[3]).toEqual(['999 calls & "answered" <10s>', 13001, 13002.5]);
    expect(ours.rows[4]).toEqual(['Café – Ünïcode 👮', -4, 0]);
    expect(ours.rows[5]).toEqual(['Flag', true, false]);
    expect(ours.rows[2]).toEqual(['KPI', new Date(Date.UTC(2019, 3, 1)), new Date(Date.UTC(2019, 4, 1))]);
    expect([ours.originRow, ours.originColumn]).toEqual([0, 0]);
  });

  it('reads every cell whatever the sheet says its dimension is: stale, or the whole of A1:XFD1048576', () => {
    const rows: CellValue[][] = Array.from({ length: 40 }, (_, r) => ['Row', r, r * 2]);
    const book = xlsx(rows);
    const stale = withPart(book, SHEET, (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:B8"/>'));
    expect(grid(readOoxmlWorkbook(stale))!.rows).toHaveLength(40);
    const huge = withPart(book, SHEET, (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>'));
    const started = performance.now();
    const read = grid(readOoxmlWorkbook(huge))!;
    expect(read.rows).toHaveLength(40);
    expect(read.rows[39]).toEqual(['Row', 39, 78]);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('reads cells without addresses, namespace prefixes, inline strings, errors and formulas’ saved values', () => {
    const book = xlsx([['x']]);
    const sheetXml =
      '<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row><x:c t="inlineStr"><x:is><x:t>Month</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>Apr</x:t></x:r><x:r><x:t xml:space="preserve">-19</x:t></x:r></x:is></x:c></x:row>' +
      '<x:row r="3"><x:c r="A3" t="str"><x:f>CONCAT("a","b")</x:f><x:v>ab</x:v></x:c><x:c r="B3"><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="C3" t="e"><x:v>#DIV/0!</x:v></x:c><x:c r="D3"/></x:row>' +
      '</x:sheetData></x:worksheet>';
    const read = grid(readOoxmlWorkbook(withPart(book, SHEET, () => sheetXml)))!;
    expect(read.rows).toEqual([
      ['Month', 'Apr-19', null],
      [null, null, null],
      ['ab', 2, '#DIV/0!'],
    ]);
  });

  it('knows date formats from number formats', () => {
    expect(['d/m/yyyy', 'mmm-yy', '[$-809]dd mmmm yyyy', 'h:mm', 'yyyy-mm-dd;@'].map(isDateFormatCode)).toEqual([true, true, true, true, true]);
    expect(['0.0%', '#,##0', '"Month" 0', '[Red]0.00', 'General', '0.00E+00'].map(isDateFormatCode)).toEqual([false, false, false, false, false, false]);
    expect(new Date(serialToUtcDay(43556, false)).toISOString().slice(0, 10)).toBe('2019-04-01');
    expect(new Date(serialToUtcDay(42094, true)).toISOString().slice(0, 10)).toBe('2019-04-01');
    expect(decodeXmlText('A &amp; B &lt;1&gt; &#233;&#x1F46E; _x000D_')).toBe('A & B <1> é👮 \r');
  });
});

describe('damaged and hostile .xlsx files are refused in milliseconds', () => {
  const book = xlsx(Array.from({ length: 300 }, (_, r) => ['999 calls', r * 11214]));

  it('a flipped byte in a sheet’s compressed data: zip data error, never a wrong figure', () => {
    const { start, length } = partBytes(book, SHEET);
    for (const at of [0.25, 0.5, 0.75]) {
      const damaged = Buffer.from(book);
      damaged[start + Math.floor(length * at)] ^= 0x10;
      expect(damage(() => readOoxmlWorkbook(damaged))).toMatch(/^zip data error in xl\/worksheets\/sheet1\.xml/);
    }
  });

  it('a part whose bytes inflate but do not match its CRC-32', () => {
    const parts = readZipParts(book).map((p) => (p.name === SHEET ? { ...p, crc32: (zlib.crc32(p.data) ^ 1) >>> 0 } : p));
    expect(damage(() => readOoxmlWorkbook(writeZip(parts)))).toBe('zip data error in xl/worksheets/sheet1.xml: CRC check failed');
  });

  it('a file cut short, and one whose directory points outside it', () => {
    expect(damage(() => readOoxmlWorkbook(book.subarray(0, Math.floor(book.length * 0.6))))).toBe('not a complete zip archive: its directory is missing, the file may be cut short');
  });

  it('a zip bomb: refused from its sizes before anything is inflated', () => {
    const started = performance.now();
    const honest = writeZip([...readZipParts(book).filter((p) => p.name !== SHEET), { name: SHEET, data: Buffer.alloc(0), raw: deflatedSpaces(64), declaredSize: 64 * 1024 * 1024, crc32: 0 }]);
    expect(damage(() => readOoxmlWorkbook(honest))).toMatch(/^the part xl\/worksheets\/sheet1\.xml would inflate \d+ times over, to 64 MB: a zip bomb/);
    const lying = writeZip([...readZipParts(book).filter((p) => p.name !== SHEET), { name: SHEET, data: Buffer.alloc(0), raw: deflatedSpaces(2), declaredSize: 1000, crc32: 0 }]);
    expect(damage(() => readOoxmlWorkbook(lying))).toBe('zip data error in xl/worksheets/sheet1.xml: it inflates beyond its declared size');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(ZIP_LIMITS.ratio).toBe(200);
  });

  it('a workbook whose sheet part is missing', () => {
    const parts = readZipParts(book).filter((p) => p.name !== SHEET);
    expect(damage(() => readOoxmlWorkbook(writeZip(parts)))).toBe('the sheet Figures is missing from the file');
  });

  it('too many parts to be a workbook', () => {
    const many = Array.from({ length: ZIP_LIMITS.entries + 1 }, (_, i) => ({ name: `x/${i}.xml`, data: Buffer.from('<a/>'), stored: true }));
    expect(damage(() => readOoxmlWorkbook(writeZip(many)))).toBe('10,001 parts in one file, more than the 10,000 a workbook could have');
  });
});
