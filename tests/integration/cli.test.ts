import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cliHarness';
import { MISSING_PERSON_ROWS, Q1_ROWS } from '../fixtures/sourceReport';
import { sourceReportWorkspace, tempDir } from './workspaceFixtures';

const run = promisify(execFile);
const BIN = path.resolve('bin/workbench.js');

let dir: string;
let sourceDb: string;

beforeAll(() => {
  dir = tempDir();
  sourceDb = sourceReportWorkspace(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));


describe('workbench table', () => {
  it('prints DOMAIN.md’s Q1 2019/20 rows as JSON', async () => {
    const { status, out, err } = await cli('table', '--db', sourceDb, '--period', 'Q1 2019/20', '--json');
    expect(err).toBe('');
    expect(status).toBe(0);
    const rows = JSON.parse(out) as Record<string, unknown>[];
    for (const expected of Q1_ROWS) {
      const row = rows.find((r) => r.kpiId === expected.kpiId && r.breakdown === null)!;
      expect(row).toMatchObject({
        name: expected.label.replace(/^\d\.\d+ /, ''),
        section: Number(expected.label[0]),
        breakdown: null,
        category: null,
        display: { current: expected.current, previous: expected.previous, change: expected.change, changePercent: expected.changePercent },
      });
      expect(typeof row.current).toBe('number');
      expect(typeof row.changePercent).toBe('number');
    }
    const unspecified = rows.find((r) => r.breakdown === 'Gender' && r.category === 'Unspecified')!;
    expect(unspecified).toMatchObject({ current: 129, previous: 106, change: 23, display: { change: '+23', changePercent: '+22%' } });
    expect(rows.filter((r) => r.kpiId === 'missing-person-records' && r.breakdown !== null)).toHaveLength(MISSING_PERSON_ROWS.length);
  });

  it('prints a section as a text table with the report’s columns', async () => {
    const { status, out } = await cli('table', '--db', sourceDb, '--period', '2018/19', '--section', '1');
    expect(status).toBe(0);
    expect(out).toContain('Financial year 2018/19 (April 2018 – March 2019), compared with 2017/18');
    expect(out).toMatch(/KPI\s+Performance 18\/19\s+Performance 17\/18\s+Volume Change\s+% Change/);
    expect(out).toMatch(/1\.1 Number of 999 Calls\s+150,536\s+138,893\s+\+11,643\s+\+8%/);
    expect(out).toMatch(/1\.2 Number of 101 Calls\s+383,000\s+501,342\s+-118,342\s+-24%/);
    expect(out).not.toContain('3.1');
  });

  it.each([
    [['table', '--db', 'DB', '--period', 'Q5 2019/20'], /^workbench: "Q5 2019\/20" is not a period\. Use a quarter/],
    [['table', '--db', 'DB', '--colour'], /^workbench: table: Unknown option '--colour'/],
    [['table', '--db', 'DB', '--section', '7'], /^workbench: --section must be a report section from 1 to 5/],
    [['table', '--db', 'MISSING'], /^workbench: .*missing\.sqlite: no such workspace file\.$/],
    [['frobnicate'], /^workbench: unknown command "frobnicate"/],
  ])('refuses %j in one line with status 2', async (argv, message) => {
    const args = argv.map((a) => (a === 'DB' ? sourceDb : a === 'MISSING' ? path.join(dir, 'missing.sqlite') : a));
    const { status, out, err } = await cli(...args);
    expect(status).toBe(2);
    expect(out).toBe('');
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err.trimEnd()).toMatch(message);
  });
});

describe('workbench kpis, demo and the default workspace', () => {
  it('lists the catalogue', async () => {
    const { status, out } = await cli('kpis', '--db', sourceDb, '--json');
    expect(status).toBe(0);
    const kpis = JSON.parse(out) as { id: string; number: string }[];
    expect(kpis[0]).toMatchObject({ id: 'calls-999', number: '1.1' });
    expect(kpis.length).toBeGreaterThanOrEqual(50);
  });

  it('writes the demo workspace into a new file and refuses to mix it into real data', async () => {
    const file = path.join(dir, 'demo.sqlite');
    const first = await cli('demo', '--db', file);
    expect(first.status).toBe(0);
    expect(first.out).toContain('Wrote the demo workspace (fictional data, 2014-04 to 2026-09');
    const table = await cli('table', '--db', file, '--period', 'Q1 2019/20', '--section', '5');
    expect(table.out.split('\n')[0]).toBe('DEMO DATA — fictional force');
    const again = await cli('demo', '--db', sourceDb);
    expect(again.status).toBe(2);
    expect(again.err).toContain('already holds');
  });

  it('uses the app’s own workspace when --db is not given, creating it', async () => {
    const home = path.join(dir, 'home');
    const { stdout } = await run(process.execPath, [BIN, 'info', '--json'], { env: { ...process.env, WORKBENCH_HOME: home } });
    expect(JSON.parse(stdout)).toMatchObject({ path: path.join(home, 'workspace.sqlite'), observationCount: 0, isDemo: false });
    expect(fs.existsSync(path.join(home, 'workspace.sqlite'))).toBe(true);
  });

  it('runs as the installed `workbench` command, exiting 2 on bad input', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'table', '--db', sourceDb, '--period', 'Q1 2019/20', '--section', '3', '--json']);
    expect(JSON.parse(stdout)[0]).toMatchObject({ name: 'All Crime', display: { current: '23,871', previous: '22,949', change: '+922', changePercent: '+4%' } });
    const failure = await run(process.execPath, [BIN, 'table', '--db', sourceDb, '--period', 'soon']).catch((e) => e);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toMatch(/^workbench: "soon" is not a period/);
    expect(failure.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('the installed command reading .xls and .ods', () => {
  it.each(['xls', 'ods'] as const)('imports a .%s with nothing printed on stderr (no warning from the libraries it uses)', async (bookType) => {
    const db = path.join(dir, `quiet-${bookType}.sqlite`);
    // Compressed, as an office suite saves them: SheetJS inflates the parts with Node's zlib.
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Month', 'Measure', 'Value'], ['2019-04', '999 calls', 14321], ['2019-05', '999 calls', 14876]]), 'Calls');
    const file = path.join(dir, `quiet.${bookType}`);
    fs.writeFileSync(file, XLSX.write(book, { type: 'buffer', bookType: bookType === 'xls' ? 'biff8' : 'ods', compression: true }));
    await run(process.execPath, [BIN, 'new', '--db', db]);
    const { stdout, stderr } = await run(process.execPath, [BIN, 'import', file, '--db', db, '--json']);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toMatchObject({ status: 'committed', totals: { added: 2, changed: 0 } });
  });
});

describe('global options and --json on every command', () => {
  it('takes --db and --json before the command as well as after it', async () => {
    const before = await cli('--db', sourceDb, '--json', 'table', '--period', 'Q1 2019/20', '--section', '1');
    const after = await cli('table', '--period', 'Q1 2019/20', '--section', '1', '--db', sourceDb, '--json');
    expect(before.status).toBe(0);
    expect(before.out).toBe(after.out);
    expect(JSON.parse(before.out)[0]).toMatchObject({ kpiId: 'calls-999', display: { current: '40,089' } });
    expect((await cli(`--db=${sourceDb}`, 'kpis', '--json')).status).toBe(0);
  });

  it('prints exactly one JSON document for every command that prints, and errors as one line with status 2', async () => {
    const db = path.join(dir, 'json.sqlite');
    expect((await cli('demo', '--db', db, '--json')).status).toBe(0);
    const csv = path.join(dir, 'json-import.csv');
    fs.writeFileSync(csv, 'Month,Measure,Value\n2026-10,999 calls,13001\n');
    // Each command with what its one JSON document must hold: any JSON would not do.
    const commands: [string[], (json: never) => void][] = [
      [['help'], (j: { usage: string }) => expect(j.usage).toMatch(/^Performance Workbench command line\n\nUsage: workbench <command>/)],
      [['kpis'], (j: { id: string }[]) => expect(j.map((k) => k.id)).toContain('calls-999')],
      [['info'], (j: { isDemo: boolean; observationCount: number }) => expect([j.isDemo, j.observationCount > 10_000]).toEqual([true, true])],
      [['table', '--period', 'Q1 2019/20'], (j: { kpiId: string; breakdown: string | null }[]) => expect(j.find((r) => r.kpiId === 'calls-999' && r.breakdown === null)).toBeDefined()],
      [['import', csv, '--dry-run'], (j: { totals: { added: number } }) => expect(j.totals.added).toBe(1)],
      [['import', csv], (j: { status: string; importId: number }) => expect([j.status, typeof j.importId]).toEqual(['committed', 'number'])],
      [['imports'], (j: { kind: string }[]) => expect(j[0].kind).toBe('file')],
      [['anomalies', '--period', 'Q2 2023/24'], (j: { from: string; status: string }[]) => expect(j.length > 0 && j.every((e) => /^\d{4}-\d{2}$/.test(e.from) && e.status === 'open')).toBe(true)],
      [['annotate', '--kpi', 'hate crime', '--month', '2019-03', '--category', 'other', '--text', 'Noted'], (j: { kpiIds: string[]; text: string }) => expect([j.kpiIds, j.text]).toEqual([['hate-crime'], 'Noted'])],
      [['annotations'], (j: { text: string }[]) => expect(j.map((a) => a.text)).toContain('Noted')],
      [['peers', '--period', 'Q1 2019/20'], (j: { period: string; rows: unknown[] }) => expect([j.period, j.rows.length > 1]).toEqual(['Q1 2019/20', true])],
      [['peer-group'], (j: { peers: string[] }) => expect(j.peers.length).toBeGreaterThan(1)],
      [['population', '--area', 'Kent', '--value', '1846000', '--as-of', 'mid-2019', '--source', 'ONS'], (j: { population: number }) => expect(j.population).toBe(1846000)],
      [['returns'], (j: { templates: { id: string }[] }) => expect(j.templates.map((t) => t.id)).toContain('surge-funding')],
      [['enter', '--kpi', 'patrol hours', '--month', '2019-04', '--value', '1250'], (j: { kpiId: string; value: number }) => expect([j.kpiId, j.value]).toEqual(['surge-patrol-hours', 1250])],
      [['not-available', 'surge-funding', '--period', 'Q1 2019/20', '--cell', 'F6', '--reason', 'Not recorded then'], (j: { cell: string; reason: string }) => expect([j.cell, j.reason]).toEqual(['F6', 'Not recorded then'])],
      [['export', '--period', 'Q1 2019/20', '--out', path.join(dir, 'json-tables.csv')], (j: { rows: number; path: string }) => expect([j.rows > 10, j.path]).toEqual([true, path.join(dir, 'json-tables.csv')])],
      [['report', '--period', 'Q1 2019/20', '--check'], (j: { period: string; written: unknown }) => expect([j.period, j.written]).toEqual(['Q1 2019/20', null])],
      [['new', '--db', path.join(dir, 'json-new.sqlite')], (j: { path: string; observationCount: number }) => expect([j.path, j.observationCount]).toEqual([path.join(dir, 'json-new.sqlite'), 0])],
    ];
    for (const [command, holds] of commands) {
      const result = await cli('--json', ...command, ...(command.includes('--db') ? [] : ['--db', db]));
      expect(result.status, `${command.join(' ')}: ${result.err}`).toBe(0);
      holds(JSON.parse(result.out) as never);
    }
    const undo = JSON.parse((await cli('imports', '--db', db, '--json')).out)[0] as { id: number };
    expect(JSON.parse((await cli('undo', String(undo.id), '--db', db, '--json')).out)).toMatchObject({ importId: undo.id });
    const refused = await cli('--json', 'return', 'surge-funding', '--db', db, '--period', 'Q1 2019/20', '--check');
    expect(refused.status).toBe(2);
    expect(JSON.parse(refused.out).problems.length).toBeGreaterThan(0);
    expect(refused.err.trimEnd().split('\n')).toHaveLength(1);
    // A folder that cannot be written is named, with why; the workspace is not blamed.
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const unwritable = await cli('export', '--db', db, '--period', 'Q1 2019/20', '--out', path.join(blocker, 'tables.xlsx'));
    expect([unwritable.status, unwritable.err]).toEqual([2, `workbench: ${blocker} could not be written or read: a file stands where a folder is needed (EEXIST). Nothing was changed in the workspace.\n`]);
    const bad = await cli('--json', 'table', '--db', db, '--period', 'soon');
    expect([bad.status, bad.out, bad.err.trimEnd().split('\n').length]).toEqual([2, '', 1]);
  });
});
