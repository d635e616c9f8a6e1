import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longCsv, MONTHS_APR17_JUN19, sourceReportWideWorkbook, type Row } from '../fixtures/spreadsheets';
import { deflatedSpaces, readZipParts, withPart, writeZip } from '../fixtures/zipFiles';
import { cli } from './cliHarness';
import { dumpDatabase, tempDir } from './workspaceFixtures';
import { seededRandom } from '../../shared/domain/seededRandom';

/**
 * Damaged spreadsheets, made from the fixtures with a seeded generator, imported by the installed command
 * (bin/workbench.js) as an analyst would: each must end within the reading deadline, and either import
 * exactly the figures of the undamaged file (exit 0) or refuse in lines that say so, with no stack trace,
 * leaving the workspace as it was (exit 2). Never a wrong figure, never a defect (exit 1).
 */

const BIN = path.resolve('bin/workbench.js');
const DEADLINE_MS = 35_000;

interface Case {
  name: string;
  base: 'workbook' | 'long' | 'records';
  bytes: Buffer;
  ext: string;
}

let dir: string;
let emptyWorkspace: string;
const bases = {} as Record<Case['base'], { bytes: Buffer; ext: string; figures: string }>;

/** Every figure a workspace holds, as one string: equal strings, equal figures. */
function figures(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT kpi_id, period_kind, period_start, area, dimension, category, value FROM observations ORDER BY 1, 2, 3, 4, 5, 6').all();
    return crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  } finally {
    db.close();
  }
}

function importFile(workspace: string, file: string): Promise<{ status: number; err: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'import', '--db', workspace, file], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, _out, err) => {
      const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ status, err, ms: Date.now() - started });
    });
  });
}

function cases(): Case[] {
  const next = seededRandom(20261130); // the same damage every run
  const int = (n: number) => Math.floor(next() * n);
  const out: Case[] = [];
  const add = (name: string, base: Case['base'], bytes: Buffer) => out.push({ name, base, bytes, ext: bases[base].ext });

  // The workbook: byte flips anywhere, cuts, damaged checksums, lying and hostile sheets.
  const book = bases.workbook.bytes;
  const parts = readZipParts(book);
  const sheet = parts.find((p) => p.name === 'xl/worksheets/sheet1.xml')!;
  for (let i = 0; i < 90; i++) {
    const copy = Buffer.from(book);
    const flips = 1 + int(4);
    for (let f = 0; f < flips; f++) copy[int(copy.length)] ^= 1 + int(255);
    add(`workbook with ${flips} flipped byte${flips === 1 ? '' : 's'} (${i + 1})`, 'workbook', copy);
  }
  for (let i = 0; i < 20; i++) add(`workbook cut at byte ${i + 1}`, 'workbook', book.subarray(0, 10 + int(book.length - 11)));
  for (let i = 0; i < 10; i++) {
    const victim = parts[int(parts.length)];
    add(`workbook whose ${victim.name} has a wrong CRC-32`, 'workbook', writeZip(parts.map((p) => (p === victim ? { ...p, crc32: (crypto.randomBytes(4).readUInt32LE(0) ^ 1) >>> 0 } : p))));
  }
  add('workbook whose sheet says it spans A1:XFD1048576', 'workbook', withPart(book, sheet.name, (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>')));
  add('workbook whose sheet has no dimension', 'workbook', withPart(book, sheet.name, (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '')));
  add('workbook whose sheet says it is A1:J8 (stale)', 'workbook', withPart(book, sheet.name, (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:J8"/>')));
  add('workbook whose sheet says it is A1:B2 (stale)', 'workbook', withPart(book, sheet.name, (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:B2"/>')));
  for (const [mb, lie] of [
    [600, false],
    [600, true],
    [120, true],
  ] as const) {
    const bomb = deflatedSpaces(mb);
    add(`workbook whose sheet inflates to ${mb} MB${lie ? ', declaring 2 KB' : ''} (a zip bomb)`, 'workbook', writeZip(parts.map((p) => (p === sheet ? { name: p.name, data: Buffer.alloc(0), raw: bomb, declaredSize: lie ? 2048 : mb * 1024 * 1024, crc32: 0 } : p))));
  }
  add('workbook missing its sheet part', 'workbook', writeZip(parts.filter((p) => p !== sheet)));
  for (let i = 0; i < 5; i++) {
    const at = int(book.length);
    add(`workbook with NUL bytes written into it (${i + 1})`, 'workbook', Buffer.concat([book.subarray(0, at), Buffer.alloc(1 + int(64)), book.subarray(at)]));
  }
  const wide = Array.from({ length: 10_000 }, (_, c) => `<c r="${columnName(c)}30" t="inlineStr"><is><t>x${c}</t></is></c>`).join('');
  add('workbook with a 10,000-column row', 'workbook', withPart(book, sheet.name, (xml) => xml.replace('</sheetData>', `<row r="30">${wide}</row></sheetData>`)));

  // The CSVs: cut inside a line (a file sent before it was finished), NUL bytes, other encodings, one vast row.
  for (const base of ['long', 'records'] as const) {
    const text = bases[base].bytes.toString('utf8');
    const breaks = [...text.matchAll(/\n/g)].map((m) => m.index!);
    for (let i = 0; i < 30; i++) {
      const line = 1 + int(breaks.length - 1);
      const start = breaks[line - 1] + 1;
      // Somewhere after the line's first character and before or at its line break: never a whole line.
      const cut = start + 1 + int(breaks[line] - start);
      add(`${base} CSV cut inside line ${line + 1}`, base, Buffer.from(text.slice(0, cut)));
    }
    for (let i = 0; i < 8; i++) {
      const at = int(text.length);
      add(`${base} CSV with a NUL byte (${i + 1})`, base, Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0]), Buffer.from(text.slice(at))]));
    }
    add(`${base} CSV in UTF-16 (little-endian, with its byte-order mark)`, base, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    add(`${base} CSV in UTF-16 (big-endian, with its byte-order mark)`, base, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    add(`${base} CSV in UTF-16 without a byte-order mark`, base, Buffer.from(text, 'utf16le'));
    add(`${base} CSV with a 10,000-column row`, base, Buffer.from(`${text}${Array.from({ length: 10_000 }, (_, c) => `v${c}`).join(',')}\n`));
  }
  return out;
}

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

beforeAll(async () => {
  dir = tempDir();
  emptyWorkspace = path.join(dir, 'empty.sqlite');
  await cli('new', '--db', emptyWorkspace);
  const months = MONTHS_APR17_JUN19;
  const longRows: Row[] = [['Month', 'Measure', 'Value'], ...months.flatMap((m, i) => [[m, '999 calls', 30_000 + i * 17] as Row, [m, 'Number of Incidents', 20_000 + i * 13] as Row])];
  const files = {
    workbook: sourceReportWideWorkbook(path.join(dir, 'force.xlsx')),
    long: longCsv(path.join(dir, 'long.csv'), longRows),
    records: path.resolve('tests/fixtures/data-police-uk/2019-05-leicestershire-stop-and-search.csv'),
  };
  for (const [base, file] of Object.entries(files) as [Case['base'], string][]) {
    const workspace = path.join(dir, `reference-${base}.sqlite`);
    fs.copyFileSync(emptyWorkspace, workspace);
    const result = await importFile(workspace, file);
    expect(result, `the undamaged ${base} file imports`).toMatchObject({ status: 0 });
    bases[base] = { bytes: fs.readFileSync(file), ext: path.extname(file), figures: figures(workspace) };
  }
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('damaged files, 200 and more of them', () => {
  it('each imports exactly the undamaged figures or is refused in lines that say so, within the deadline, the workspace untouched', async () => {
    const all = cases();
    expect(all.length).toBeGreaterThanOrEqual(200);
    const pristine = dumpDatabase(emptyWorkspace);
    const outcomes = { imported: 0, refused: 0 };
    const failures: string[] = [];
    let next = 0;
    // Two at a time: the machines this runs on have two cores.
    const worker = async () => {
      for (let i = next++; i < all.length; i = next++) {
        const c = all[i];
        const file = path.join(dir, `case-${i}${c.ext}`);
        const workspace = path.join(dir, `case-${i}.sqlite`);
        fs.writeFileSync(file, c.bytes);
        fs.copyFileSync(emptyWorkspace, workspace);
        const result = await importFile(workspace, file);
        const problem = (() => {
          if (result.ms > DEADLINE_MS) return `took ${result.ms} ms`;
          if (result.status === 0) return figures(workspace) === bases[c.base].figures ? null : 'exit 0 with figures other than the undamaged file’s';
          if (result.status !== 2) return `exit ${result.status}: ${result.err.slice(0, 300)}`;
          if (/\n\s+at /.test(result.err)) return `a stack trace: ${result.err.slice(0, 300)}`;
          if (!result.err.trimEnd().split('\n').every((line) => line.startsWith('workbench: ') && line.length < 600)) return `not one line per problem: ${result.err.slice(0, 300)}`;
          if (dumpDatabase(workspace) !== pristine) return 'refused, but the workspace changed';
          return null;
        })();
        if (problem) failures.push(`${c.name}: ${problem}`);
        else outcomes[result.status === 0 ? 'imported' : 'refused']++;
        fs.rmSync(file, { force: true });
        fs.rmSync(workspace, { force: true });
      }
    };
    await Promise.all([worker(), worker()]);
    expect(failures).toEqual([]);
    console.log(`${all.length} damaged files: ${outcomes.imported} imported with every figure equal to the undamaged file's, ${outcomes.refused} refused`);
    // Damage to parts the workbench never reads, and encodings it reads, import; the rest are refused.
    expect(outcomes.refused).toBeGreaterThan(150);
    expect(outcomes.imported).toBeGreaterThanOrEqual(6);
  }, 600_000);
});
