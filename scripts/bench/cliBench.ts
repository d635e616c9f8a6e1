// `npm run bench:cli`: how long `workbench` takes to start and answer, end to end, as a script calls it.
// Each command runs 15 times in a fresh process; the median is reported beside Node's own start
// (`node -e 0`) and, where pandas is installed, Python starting with pandas loaded (what an analyst's
// script would pay instead). The aim is under 0.3 s for a command that reads the workspace.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUNS = 15;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-cli-bench-'));
const db = path.join(dir, 'demo.sqlite');
const bin = path.resolve('bin/workbench.js');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const seconds: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const run = spawnSync(command, args, { env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return median(seconds);
}

if (!fs.existsSync(path.resolve('dist/cli/workbench.js'))) throw new Error('Build the command line first: npm run build:cli');
spawnSync(process.execPath, [bin, 'demo', '--db', db], { encoding: 'utf8' });

const rows: [string, number][] = [
  ['node -e 0 (Node starting, nothing else)', time(process.execPath, ['-e', '0'])],
  ['workbench --help', time(process.execPath, [bin, '--help'])],
  ['workbench kpis --json', time(process.execPath, [bin, '--db', db, 'kpis', '--json'])],
  ['workbench table --period "Q1 2019/20" --json', time(process.execPath, [bin, '--db', db, 'table', '--period', 'Q1 2019/20', '--json'])],
];
const pandas = spawnSync('/usr/bin/python3', ['-c', 'import pandas'], { encoding: 'utf8' });
if (pandas.status === 0) rows.push(['python3 -c "import pandas" (a pandas script starting)', time('/usr/bin/python3', ['-c', 'import pandas'])]);

console.log(`Performance Workbench command-line start (${os.cpus().length} cores, Node ${process.versions.node}; median of ${RUNS} runs each)\n`);
for (const [what, seconds] of rows) console.log(`${what.padEnd(58)} ${seconds.toFixed(3)} s`);
const kpis = rows[2][1];
console.log(`\nworkbench kpis: ${kpis.toFixed(3)} s (aim: under 0.3 s) ${kpis < 0.3 ? 'ok' : 'OVER'}`);
if (process.env.NODE_EXTRA_CA_CERTS) {
  // Node reads the extra certificates at every start, whether or not anything uses the network.
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  console.log(`NODE_EXTRA_CA_CERTS is set here, which Node loads at every start: without it, node -e 0 takes ${time(process.execPath, ['-e', '0'], env).toFixed(3)} s and workbench kpis ${time(process.execPath, [bin, '--db', db, 'kpis', '--json'], env).toFixed(3)} s`);
}
fs.rmSync(dir, { recursive: true, force: true });
if (kpis >= 0.3) process.exitCode = 1;
