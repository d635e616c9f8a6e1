// `npm run bench:backups`: what backups cost on a workspace of a million figures. The workspace is filled
// once, then twenty monthly files are imported one after another, as a year and a half of monthly imports
// would be; each takes a backup first. Measured: the backup's size beside the workspace's, the time it adds
// to each import, the disk the retention rule (db/backups.ts) holds after the twenty, and a restore.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import catalogue from '../../resources/kpi-catalogue.json' with { type: 'json' };
import { listBackups, takeBackup } from '../../db/backups';
import { createImport } from '../../db/imports';
import { insertObservations, type ObservationInput } from '../../db/observations';
import { restoreBackup } from '../../electron/backend/backups';
import { commitImport } from '../../electron/backend/import/importService';
import { createSession } from '../../electron/backend/session';
import { closeWorkspace, createWorkspace } from '../../electron/backend/workspace';
import { monthIndex, monthKey } from '../../shared/domain/periods';

const FIGURES = Number(process.env.BENCH_FIGURES ?? 1_000_000);
const IMPORTS = 20;
const AREAS = Math.ceil(FIGURES / (catalogue.kpis.length * 150));
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const seconds = (from: number) => `${((performance.now() - from) / 1000).toFixed(2)} s`;

function* figures(): Generator<ObservationInput> {
  let n = 0;
  for (let area = 0; area < AREAS; area++) {
    for (const kpi of catalogue.kpis) {
      for (let t = 0; t < 150; t++) {
        if (n++ >= FIGURES) return;
        yield { kpiId: kpi.id, periodStart: monthKey(monthIndex(2010, 1) + t), area: `Area ${String(area + 1).padStart(3, '0')}`, value: (n * 7919) % 5000 };
      }
    }
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-bench-backups-'));
try {
  const file = path.join(dir, 'force.sqlite');
  const workspace = createWorkspace(file, { demo: false });
  let started = performance.now();
  workspace.db.transaction(() => insertObservations(workspace.db, createImport(workspace.db, { kind: 'manual', label: 'bench' }), figures()))();
  workspace.db.pragma('wal_checkpoint(TRUNCATE)');
  console.log(`Workspace of ${FIGURES.toLocaleString('en-GB')} figures: ${mb(fs.statSync(file).size)}, written in ${seconds(started)}`);

  started = performance.now();
  const alone = await takeBackup(workspace.db, file, 'measured alone');
  console.log(`One backup: ${mb(alone.bytes)} (compressed), taken and checked in ${seconds(started)}`);
  fs.rmSync(alone.path);
  fs.rmSync(alone.path.replace(/\.sqlite\.gz$/, '.json'));

  const session = createSession(workspace);
  const times: number[] = [];
  for (let i = 0; i < IMPORTS; i++) {
    // One monthly file: every catalogue KPI for the force itself, a month later each time.
    const month = monthKey(monthIndex(2023, 1) + i);
    const csv = path.join(dir, `force-${month}.csv`);
    fs.writeFileSync(csv, `Month,Measure,Value\n${catalogue.kpis.map((k, j) => `${month},"${k.name}",${100 + j}`).join('\n')}\n`);
    started = performance.now();
    const result = await commitImport(session.current(), [csv], { addUnknown: true });
    if (result.status !== 'committed') throw new Error(`import ${i + 1}: ${result.status} ${JSON.stringify(result.errors.slice(0, 2))}`);
    times.push((performance.now() - started) / 1000);
  }
  const kept = listBackups(file);
  const held = kept.reduce((n, b) => n + b.bytes, 0);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(`${IMPORTS} imports of ${catalogue.kpis.length} figures each: ${mean.toFixed(2)} s each on average, the backup before each included`);
  console.log(`After them the retention rule keeps ${kept.length} backups, ${mb(held)} on disk (uncompressed they would be about ${mb(kept.length * fs.statSync(file).size)})`);

  started = performance.now();
  await restoreBackup(session, kept[kept.length - 1].id);
  console.log(`Restoring the oldest (decompressed, checked, put in place, with a backup of the workspace first): ${seconds(started)}`);
  closeWorkspace(session.current());
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
