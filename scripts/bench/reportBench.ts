// `npm run bench:report`: the time to export a full quarterly report (every KPI in the tables, 20 trend
// charts, every breakdown, the drafted narrative and the glossary) from the demo workspace, in each format.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApi } from '../../electron/backend/api';
import { createSession } from '../../electron/backend/session';
import { createWorkspace } from '../../electron/backend/workspace';

const PERIOD = 'Q1 2019/20';
const CHARTS = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-bench-report-'));
const session = createSession(createWorkspace(path.join(dir, 'demo.sqlite'), { demo: true }));
try {
  const api = createApi(session);
  const opened = await api['report.open']({ period: PERIOD, start: 'draft' });
  // Charts for the first twenty KPIs that have figures in the quarter.
  const rows = (await api['table.get']({ period: PERIOD, scope: 'all' })).rows;
  const withFigures = new Set(rows.filter((r) => r.breakdown === null && r.current !== null).map((r) => r.kpiId));
  let charts = 0;
  const template = {
    sections: opened.template.sections.map((s) => ({
      ...s,
      kpis: s.kpis.map((k) => ({ ...k, chart: withFigures.has(k.kpiId) && charts++ < CHARTS })),
    })),
  };
  const view = await api['report.save']({ period: PERIOD, changes: { template } });
  const kpis = template.sections.reduce((n, s) => n + s.kpis.length, 0);
  console.log(`${PERIOD} report of the demo workspace: ${kpis} KPIs, ${Math.min(charts, CHARTS)} charts, ${view.paragraphs.length} paragraphs, ${view.glossary.length} glossary terms`);
  for (const format of ['html', 'docx', 'pdf'] as const) {
    const times: number[] = [];
    let size = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const written = await api['report.export']({ period: PERIOD, format, version: 'draft', path: path.join(dir, `report-${run}.${format}`) });
      times.push((performance.now() - started) / 1000);
      size = fs.statSync(written.path).size;
    }
    console.log(`${format.padEnd(4)}  ${Math.min(...times).toFixed(2)} s best of ${RUNS} (runs ${times.map((t) => t.toFixed(2)).join(', ')} s), ${(size / 1024).toFixed(0)} KB`);
  }
} finally {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
