// `npm run bench:import`: how fast and how lean the import is.
//   1. a generated 250,000-row long-layout workbook: import time as a ratio to the time SheetJS alone takes
//      to read the same file (aim: at most 1.5), both with SheetJS's default options and with the options
//      the import reads with, and the peak memory of each;
//   2. a generated 1,000,000-row CSV: peak memory of the whole import, in a process whose JavaScript heap is
//      capped at 768 MB (it must complete, and stay under 1 GB in all).
// Each measurement runs in a fresh process, so its peak memory (maxRSS) is its own.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import catalogue from '../../resources/kpi-catalogue.json' with { type: 'json' };

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

/**
 * One measurement in a fresh process. heapLimitMB caps V8's heap: on a large machine V8 collects lazily and
 * peak RSS says more about its heuristics than about what the import needs, so the 1 GB promise is checked
 * by importing inside a capped process and reading that process's peak RSS.
 */
function child(mode: string, file: string, heapLimitMB?: number): { seconds: number; peakMB: number; figures?: number } {
  const flags = heapLimitMB ? [`--max-old-space-size=${heapLimitMB}`] : [];
  const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', here, '--child', mode, file], { encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, WORKBENCH_HOME: dir } });
  return JSON.parse(out.trim().split('\n').pop()!);
}

async function runChild(mode: string, file: string): Promise<void> {
  const started = performance.now();
  let figures: number | undefined;
  if (mode === 'sheetjs-default') {
    XLSX.read(fs.readFileSync(file));
  } else if (mode === 'sheetjs-import-options') {
    const { SHEETJS_READ_OPTIONS } = await import('../../electron/backend/import/readWorkbook');
    XLSX.read(fs.readFileSync(file), SHEETJS_READ_OPTIONS);
  } else {
    const { createWorkspace, closeWorkspace } = await import('../../electron/backend/workspace');
    const { commitImport } = await import('../../electron/backend/import/importService');
    const db = path.join(path.dirname(file), `${path.basename(file)}.${Date.now()}.sqlite`);
    const workspace = createWorkspace(db, { demo: false });
    const result = commitImport(workspace, [file]);
    if (result.status !== 'committed') throw new Error(`import ${result.status}: ${JSON.stringify(result.errors.slice(0, 3))}`);
    figures = result.totals.added;
    closeWorkspace(workspace);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ seconds, peakMB: process.resourceUsage().maxRSS / 1024, figures }));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return runChild(args[1], args[2]);

  console.log('Performance Workbench import benchmark');
  const xlsx = path.join(dir, 'long-250k.xlsx');
  const rows = [['Month', 'Measure', 'Area', 'Value'], ...longRows(250_000)];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Figures');
  fs.writeFileSync(xlsx, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
  console.log(`  generated ${xlsx}: ${rows.length - 1} rows, ${(fs.statSync(xlsx).size / 1e6).toFixed(1)} MB`);

  const sheetjs = child('sheetjs-default', xlsx);
  const sheetjsTuned = child('sheetjs-import-options', xlsx);
  const imported = child('import', xlsx);
  console.log(`  SheetJS read alone (XLSX.read, default options):     ${sheetjs.seconds.toFixed(2)} s, peak ${sheetjs.peakMB.toFixed(0)} MB`);
  console.log(`  SheetJS read alone (the import's own read options):  ${sheetjsTuned.seconds.toFixed(2)} s, peak ${sheetjsTuned.peakMB.toFixed(0)} MB`);
  console.log(`  full import:                                         ${imported.seconds.toFixed(2)} s, peak ${imported.peakMB.toFixed(0)} MB, ${imported.figures} figures`);
  console.log(`  import / SheetJS default read:  ${(imported.seconds / sheetjs.seconds).toFixed(2)} (aim: at most 1.5)`);
  console.log(`  import / SheetJS with the import's options:  ${(imported.seconds / sheetjsTuned.seconds).toFixed(2)}`);

  const csv = path.join(dir, 'long-1m.csv');
  const out = fs.createWriteStream(csv);
  out.write('Month,Measure,Area,Value\n');
  for (const row of longRows(1_000_000)) out.write(`${row.join(',')}\n`);
  await new Promise((resolve) => out.end(resolve));
  console.log(`  generated ${csv}: 1,000,000 rows, ${(fs.statSync(csv).size / 1e6).toFixed(1)} MB`);
  const big = child('import', csv, 768);
  console.log(`  1,000,000-row CSV:   ${big.seconds.toFixed(2)} s, peak ${big.peakMB.toFixed(0)} MB with the heap capped at 768 MB (limit 1024 MB) ${big.peakMB < 1024 ? 'ok' : 'OVER'}`);
  fs.rmSync(dir, { recursive: true, force: true });
  if (big.peakMB >= 1024) process.exitCode = 1;
}

await main();
