// `npm run bench:import`: the import beside what an analyst would use instead (pandas), per file type.
//
// Each file is imported into a fresh workspace in a process of its own, by the installed command (dist/cli,
// built first by the npm script) run in that process, and read and stored by pandas in a process of its own,
// so each peak memory is that process's own; times are measured inside each process (neither counts starting
// Node or Python, nor loading pandas or the command). pandas is measured two ways:
//   - read: pandas reading the file into a data frame (read_csv, or read_excel with openpyxl, xlrd or odf);
//   - read + store: the same, then storing the rows in SQLite (to_sql, with the same unique key the workspace
//     has on a figure), the equivalent of an import: the workbench reads, checks and stores every figure
//     with where it came from.
// The ratio is pandas' time over the workbench's: above 1, the workbench is faster. Each tool runs three times
// per file (BENCH_RUNS), in turn, and keeps its fastest: this machine's speed varies by a quarter from run to run.
// For the large .xlsx, SheetJS and ExcelJS's streaming WorkbookReader reading the same file are timed too.
// The 1,000,000-row CSV is also imported in a process whose heap is capped at 768 MB: it must stay under 1 GB.
//
// pandas comes from Debian: apt-get install -y python3-pandas python3-openpyxl python3-odf python3-xlrd. Without
// them the pandas columns say so and the rest still runs. (pandas 1.5 asks for xlrd 2; with Debian's 1.2 the
// .xls is read through xlrd directly into a data frame, which is what pandas would do.)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as XLSX from 'xlsx';
import catalogue from '../../resources/kpi-catalogue.json' with { type: 'json' };

XLSX.set_fs(fs);
const here = fileURLToPath(import.meta.url);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-bench-'));

const MONTHS = Array.from({ length: 150 }, (_, i) => {
  const m = 3 + i;
  return `${2014 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
});
const KPIS = catalogue.kpis.map((k) => ({ name: k.name, percent: k.unit === 'percent' }));

/** Rows of a long table, one figure each: month, measure, area, value; every (month, measure, area) once. */
function* longRows(count: number): Generator<(string | number)[]> {
  let n = 0;
  for (let area = 0; ; area++) {
    for (const { name, percent } of KPIS) {
      for (const month of MONTHS) {
        if (n++ >= count) return;
        yield [month, name, `Area ${String(area + 1).padStart(3, '0')}`, percent ? ((n * 7919) % 1000) / 10 : (n * 7919) % 5000];
      }
    }
  }
}

const FORCES = Array.from({ length: 44 }, (_, i) => `Force ${String(i + 1).padStart(2, '0')}`);
/** Rows laid out like the Home Office's police recorded crime tables by force: 44 forces × 8 quarters × 210 offences. */
function* forceTableRows(): Generator<(string | number)[]> {
  let n = 0;
  for (const year of ['2018/19', '2019/20']) {
    for (let q = 1; q <= 4; q++) {
      for (const force of FORCES) {
        for (let o = 0; o < 210; o++) yield [year, q, force, `Offence ${String(o + 1).padStart(3, '0')}`, `Group ${String((o % 12) + 1).padStart(2, '0')}`, (n++ * 7919) % 400];
      }
    }
  }
}

/**
 * Half a million searches made of the real ones in tests/fixtures/data-police-uk (Leicestershire, April to June
 * 2019, Open Government Licence), spread over a year: data.police.uk's columns, values and timestamp format
 * ("2019-04-01T02:00:00+00:00", to the minute).
 */
function writeRecordsCsv(file: string, count: number): void {
  const fixtures = path.join(path.dirname(here), '../../tests/fixtures/data-police-uk');
  const months = ['2019-04', '2019-05', '2019-06'].map((m) => fs.readFileSync(path.join(fixtures, `${m}-leicestershire-stop-and-search.csv`), 'utf8').trimEnd().split(/\r?\n/));
  const header = months[0][0];
  const records = months.flatMap((lines) => lines.slice(1));
  const lines = [header];
  const start = Date.UTC(2019, 3, 1);
  for (let i = 0; i < count; i++) {
    const minute = Math.floor(((i / count) * 365 * 86_400_000) / 60_000) * 60_000;
    const when = new Date(start + minute).toISOString().slice(0, 16);
    // Type, then Date, then the rest of a real record.
    const [type, , ...rest] = records[i % records.length].split(',');
    lines.push([type, `${when}:00+00:00`, ...rest].join(','));
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

function writeBook(file: string, header: string[], rows: Iterable<(string | number)[]>, bookType: XLSX.BookType): void {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([header, ...rows]), 'Figures');
  // Compressed, with shared strings: as an office suite saves a workbook.
  XLSX.writeFile(wb, file, { bookType, compression: true, bookSST: true });
}

/** The files measured, one of each type the workbench reads; each is written by a process of its own. */
const FILES = [
  { type: '.xlsx', layout: 'long', what: '250,000 figures, long layout', name: 'long-250k.xlsx', make: (f: string) => writeBook(f, ['Month', 'Measure', 'Area', 'Value'], longRows(250_000), 'xlsx') },
  { type: '.xls', layout: 'long', what: '65,000 figures, long layout', name: 'long-65k.xls', make: (f: string) => writeBook(f, ['Month', 'Measure', 'Area', 'Value'], longRows(65_000), 'biff8') },
  {
    type: '.ods',
    layout: 'force',
    what: '73,920 rows, Home Office tables by force',
    name: 'forces-73920.ods',
    make: (f: string) => writeBook(f, ['Financial Year', 'Financial Quarter', 'Force Name', 'Offence Description', 'Offence Group', 'Number of Offences'], forceTableRows(), 'ods'),
  },
  {
    type: '.csv',
    layout: 'long',
    what: '1,000,000 figures, long layout',
    name: 'long-1m.csv',
    make: (f: string) => fs.writeFileSync(f, `Month,Measure,Area,Value\n${[...longRows(1_000_000)].map((r) => r.join(',')).join('\n')}\n`),
  },
  { type: '.csv', layout: 'records', what: '500,000 stop-and-search records (data.police.uk)', name: 'searches-500k.csv', make: (f: string) => writeRecordsCsv(f, 500_000) },
];

function generate(file: string): void {
  FILES.find((f) => f.name === path.basename(file))!.make(file);
  console.log(JSON.stringify({ seconds: 0, peakMB: 0 }));
}

interface Measured {
  seconds: number;
  peakMB: number;
  figures?: number;
  /** The stored size on disk after the import, over the figures stored. */
  bytesPerFigure?: number;
}

/** A database file's size with its write-ahead log, if one is left beside it. */
function storedBytes(file: string): number {
  return [file, `${file}-wal`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

/** One measurement in a fresh Node process. */
function node(mode: string, file: string, heapLimitMB?: number): Measured {
  const flags = heapLimitMB ? [`--max-old-space-size=${heapLimitMB}`] : [];
  const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', here, '--child', mode, file], { encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, WORKBENCH_HOME: dir } });
  return JSON.parse(out.trim().split('\n').pop()!);
}

async function runChild(mode: string, file: string): Promise<void> {
  if (mode === 'generate') return generate(file);
  if (mode === 'duckdb') {
    // Not a dependency: `npm install --no-save @duckdb/node-api` puts DuckDB beside pandas (see the README).
    const { DuckDBInstance } = (await import('@duckdb/node-api' as string)) as { DuckDBInstance: DuckDbApi };
    const target = path.join(path.dirname(file), `${path.basename(file)}.${process.pid}.duckdb`);
    const started = performance.now();
    const instance = await DuckDBInstance.create(target);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE figures ("Month" VARCHAR, "Measure" VARCHAR, "Area" VARCHAR, "Value" DOUBLE, PRIMARY KEY ("Month", "Measure", "Area"))');
    await connection.run(`INSERT INTO figures SELECT * FROM read_csv('${file.replace(/'/g, "''")}', header = true)`);
    const figures = Number((await connection.runAndReadAll('SELECT count(*) FROM figures')).getRows()[0][0]);
    connection.closeSync();
    instance.closeSync();
    const seconds = (performance.now() - started) / 1000;
    console.log(JSON.stringify({ seconds, peakMB: peakMegabytes(), figures, bytesPerFigure: storedBytes(target) / figures }));
    fs.rmSync(target, { force: true });
    return;
  }
  let started = performance.now();
  let figures: number | undefined;
  if (mode === 'sheetjs') {
    XLSX.read(fs.readFileSync(file), { type: 'buffer', dense: true, cellText: false });
  } else if (mode === 'exceljs') {
    const { default: ExcelJS } = await import('exceljs');
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' });
    for await (const sheet of reader) for await (const _ of sheet) figures = (figures ?? 0) + 1;
  } else {
    // The command as installed (bundled by `npm run build:cli`), run in this process: the code users run.
    const { main } = (await import(pathToFileURL(path.join(path.dirname(here), '../../dist/cli/workbench.js')).href)) as { main: (argv: string[], io: { out: (t: string) => void; err: (t: string) => void }) => Promise<number> };
    const db = path.join(path.dirname(file), `${path.basename(file)}.${process.pid}.sqlite`);
    let out = '';
    let err = '';
    const io = { out: (text: string) => void (out += text), err: (text: string) => void (err += text) };
    if ((await main(['--db', db, 'new'], io)) !== 0) throw new Error(err);
    out = '';
    started = performance.now();
    const code = await main(['--db', db, 'import', '--add-unknown', '--json', file], io);
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`import failed: ${err.slice(0, 500)}`);
    figures = (JSON.parse(out) as { totals: { added: number } }).totals.added;
    const peakMB = peakMegabytes();
    console.log(JSON.stringify({ seconds, peakMB, figures, bytesPerFigure: storedBytes(db) / figures }));
    return;
  }

  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ seconds, peakMB: peakMegabytes(), figures }));
}

/**
 * This process's peak resident memory. On Linux getrusage's maxRSS starts from the parent's peak (it is
 * kept across fork and exec), so the kernel's own high-water mark for this process, VmHWM, is read instead.
 */
function peakMegabytes(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // Not Linux.
  }
  return process.resourceUsage().maxRSS / 1024;
}

const PANDAS_SCRIPT = `
import json, os, resource, sqlite3, sys, time
import pandas as pd
mode, layout, file, db = sys.argv[1:5]
start = time.perf_counter()
ext = os.path.splitext(file)[1]
if ext == '.csv':
    frame = pd.read_csv(file)
elif ext == '.ods':
    frame = pd.read_excel(file, engine='odf')
elif ext == '.xls':
    try:
        frame = pd.read_excel(file, engine='xlrd')
    except ImportError:
        # pandas 1.5 wants xlrd 2.0.1 or later; Debian 12 has 1.2, which reads .xls the same way.
        import xlrd
        sheet = xlrd.open_workbook(file).sheet_by_index(0)
        values = [sheet.row_values(r) for r in range(sheet.nrows)]
        frame = pd.DataFrame(values[1:], columns=values[0])
else:
    frame = pd.read_excel(file, engine='openpyxl')
rows = len(frame)
if mode == 'store':
    if layout == 'records':
        local = pd.to_datetime(frame['Date'], utc=True).dt.tz_convert('Europe/London')
        frame = frame.assign(Month=local.dt.strftime('%Y-%m')).groupby(['Month', 'Object of search']).size().reset_index(name='Searches')
        key = '"Month", "Object of search"'
    elif layout == 'force':
        key = ', '.join('"%s"' % c for c in frame.columns[:4])
    else:
        key = '"Measure", "Month", "Area"'
    con = sqlite3.connect(db)
    con.execute('PRAGMA journal_mode=WAL')
    cols = ', '.join('"%s"' % c for c in frame.columns)
    con.execute('CREATE TABLE figures (%s, UNIQUE (%s))' % (cols, key))
    frame.to_sql('figures', con, if_exists='append', index=False)
    con.commit()
    con.close()
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:
    # On Linux ru_maxrss starts from the parent's peak; VmHWM is this process's own.
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith('VmHWM:'):
                peak = int(line.split()[1]) / 1024
except OSError:
    pass
print(json.dumps({'seconds': seconds, 'peakMB': peak, 'figures': rows}))
`;

/** A Python with pandas and the readers it needs, or why there is none. */
function findPandas(): { python: string; missing: Set<string> } | { python: null; why: string } {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', "import pandas, importlib\nfor m in ['openpyxl', 'odf', 'xlrd']:\n  try:\n    mod = importlib.import_module(m)\n    print(m, getattr(mod, '__version__', ''))\n  except ImportError:\n    print(m, 'missing')"], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const missing = new Set<string>();
    for (const line of probe.stdout.trim().split('\n')) {
      const [name, version] = line.split(' ');
      if (version === 'missing') missing.add(name);
    }
    return { python, missing };
  }
  return { python: null, why: 'pandas is not installed (apt-get install -y python3-pandas python3-openpyxl python3-odf)' };
}

function pandas(python: string, mode: 'read' | 'store', layout: string, file: string): Measured {
  const script = path.join(dir, 'pandas_import.py');
  fs.writeFileSync(script, PANDAS_SCRIPT);
  const db = path.join(dir, `pandas-${process.pid}-${Date.now()}.sqlite`);
  const out = execFileSync(python, [script, mode, layout, file, db], { encoding: 'utf8', maxBuffer: 1 << 20 });
  fs.rmSync(db, { force: true });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** Runs of each tool per file (BENCH_RUNS=1 for a quick look). */
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3) || 3);

/** A tool's fastest run, with the highest peak memory any of its runs reached. */
function fastest(runs: readonly Measured[]): Measured {
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...best, peakMB: Math.max(...runs.map((r) => r.peakMB)) };
}

const READER_OF: Record<string, string> = { '.xlsx': 'openpyxl', '.ods': 'odf', '.xls': 'xlrd' };

const seconds = (m: Measured) => `${m.seconds.toFixed(2)} s`;
const peak = (m: Measured) => `${m.peakMB.toFixed(0)} MB`;
const stored = (m: Measured) => (m.bytesPerFigure === undefined ? '' : `, ${m.bytesPerFigure.toFixed(0)} B a figure`);

/** What the benchmark uses of @duckdb/node-api, which is not installed with the workbench. */
interface DuckDbApi {
  create(path: string): Promise<{
    connect(): Promise<{ run(sql: string): Promise<unknown>; runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }>; closeSync(): void }>;
    closeSync(): void;
  }>;
}

/** Whether DuckDB's Node API is installed beside the workbench (it is not one of its dependencies). */
function hasDuckDb(): boolean {
  try {
    import.meta.resolve('@duckdb/node-api');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return runChild(args[1], args[2]);

  console.log(`Performance Workbench import benchmark (${os.cpus().length} cores, Node ${process.versions.node}; the fastest of ${RUNS} run${RUNS === 1 ? '' : 's'} of each tool, taken in turn)\n`);
  // BENCH_ONLY=searches-500k.csv,long-250k.xlsx runs those files alone.
  const only = process.env.BENCH_ONLY?.split(',').map((n) => n.trim());
  const files = FILES.filter((f) => !only || only.includes(f.name)).map((f) => ({ ...f, file: path.join(dir, f.name) }));
  const found = findPandas();
  if (found.python === null) console.log(`pandas columns skipped: ${found.why}.\n`);
  else console.log(`pandas: ${found.python}${found.missing.size ? ` (without ${[...found.missing].join(', ')})` : ''}\n`);

  const duckdb = hasDuckDb();
  console.log(duckdb ? 'DuckDB: @duckdb/node-api, read_csv into a table with a primary key (CSV long layout)\n' : 'DuckDB row skipped: npm install --no-save @duckdb/node-api to add it\n');
  const table: string[][] = [];
  let slowest = Infinity;
  for (const f of files) {
    const started = performance.now();
    node('generate', f.file);
    console.log(`generated ${path.basename(f.file)} (${f.what}): ${(fs.statSync(f.file).size / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    let read: Measured | null = null;
    let store: Measured | null = null;
    let note = '';
    const reader = READER_OF[f.type];
    if (found.python === null) note = 'pandas not installed';
    else if (reader && found.missing.has(reader)) note = `pandas needs ${reader} for ${f.type} (apt-get install -y python3-${reader === 'odf' ? 'odf' : reader})`;
    const withPandas = found.python !== null && !note;
    // Each tool in turn, RUNS times over: a busy moment of the machine falls on one run of one tool, not on
    // all of one tool's; each keeps its fastest run, with the highest peak memory of any.
    const ours: Measured[] = [];
    const reads: Measured[] = [];
    const stores: Measured[] = [];
    for (let run = 0; run < RUNS; run++) {
      ours.push(node('import', f.file));
      if (withPandas) {
        reads.push(pandas(found.python!, 'read', f.layout, f.file));
        stores.push(pandas(found.python!, 'store', f.layout, f.file));
      }
    }
    if (withPandas) [read, store] = [fastest(reads), fastest(stores)];
    const oursBest = fastest(ours);
    const ratio = store ? store.seconds / oursBest.seconds : null;
    if (ratio !== null) slowest = Math.min(slowest, ratio);
    table.push([
      `${f.type} ${f.what}`,
      `${seconds(oursBest)}, ${peak(oursBest)}${stored(oursBest)}`,
      read ? `${seconds(read)}, ${peak(read)}` : '–',
      store ? `${seconds(store)}, ${peak(store)}` : '–',
      ratio === null ? note : `${ratio.toFixed(1)}× (${(read!.seconds / oursBest.seconds).toFixed(1)}× read alone)`,
    ]);
    if (f.type === '.xlsx') {
      const sheetjs = node('sheetjs', f.file);
      const exceljs = node('exceljs', f.file);
      table.push([`  reading that .xlsx alone: SheetJS ${seconds(sheetjs)}, ${peak(sheetjs)}; ExcelJS WorkbookReader ${seconds(exceljs)}, ${peak(exceljs)}`, '', '', '', '']);
    }
    if (f.type === '.csv' && f.layout === 'long' && duckdb) {
      const duck = node('duckdb', f.file);
      table.push([`  DuckDB read_csv + store: ${seconds(duck)}, ${peak(duck)}${stored(duck)} (${(duck.seconds / oursBest.seconds).toFixed(1)}× the workbench's time)`, '', '', '', '']);
    }
    if (f.type === '.csv' && f.layout === 'long') {
      const capped = node('import', f.file, 768);
      table.push([`  the same, heap capped at 768 MB: ${seconds(capped)}, peak ${peak(capped)} (limit 1,024 MB) ${capped.peakMB < 1024 ? 'ok' : 'OVER'}`, '', '', '', '']);
      if (capped.peakMB >= 1024) process.exitCode = 1;
    }
  }
  console.log('');
  const header = ['file', 'workbench import', 'pandas read', 'pandas read + store', 'pandas ÷ workbench'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.filter((r) => r[1]).map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of table) console.log(row[1] ? line(row) : row[0]);
  if (Number.isFinite(slowest)) console.log(`\nslowest ratio (pandas read + store ÷ workbench): ${slowest.toFixed(1)}× (aim: at least 2×)`);
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
