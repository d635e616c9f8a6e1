// `npm run bench:analysis`: the time to compute every comparison (the KPI table: period against the same
// period last year), every verdict (Making Data Count's variation and assurance, with the events of the
// period) and every step-change proposal, for 43 forces × 300 KPIs × 15 years of months, as a ratio to one
// SQL pass over the same rows.
// BENCH_FORCES, BENCH_KPIS and BENCH_YEARS scale it down for a quick look.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/open';
import { addUserKpis } from '../../db/kpis';
import { createImport } from '../../db/imports';
import { insertObservations, type ObservationInput } from '../../db/observations';
import type { Kpi } from '../../shared/domain/kpi';
import { latestCompleteQuarter, monthIndex, monthKey, periodMonths, formatPeriod } from '../../shared/domain/periods';
import { HEADLINE, MonthlySeriesSet } from '../../shared/domain/series';
import { buildKpiTable } from '../../shared/domain/kpiTable';
import { eventsOf, judgeSeries, type SeriesVerdict } from '../../shared/analysis/verdict';
import { proposeStep } from '../../shared/analysis/steps';
import { monthlyValues } from '../../electron/backend/analysis';
import { rowVerdict } from '../../electron/backend/verdicts';

const FORCES = Number(process.env.BENCH_FORCES ?? 43);
const KPIS = Number(process.env.BENCH_KPIS ?? 300);
const YEARS = Number(process.env.BENCH_YEARS ?? 15);
const FIRST = monthIndex(2011, 10);
const MONTHS = YEARS * 12;
const SEASONS = [
  Array(12).fill(1),
  [0.9, 0.88, 0.95, 0.98, 1.04, 1.1, 1.14, 1.12, 1.02, 0.98, 0.95, 0.94],
  [1.14, 1.04, 0.98, 0.92, 0.88, 0.84, 0.86, 0.9, 0.96, 1.08, 1.16, 1.24],
];

const seconds = (from: number) => (performance.now() - from) / 1000;

function benchKpis(): Kpi[] {
  return Array.from({ length: KPIS }, (_, i) => ({
    id: `bench-${i + 1}`,
    section: (i % 5) + 1,
    number: `${(i % 5) + 1}.${100 + Math.floor(i / 5)}`,
    name: `Bench measure ${i + 1}`,
    aliases: [],
    unit: 'count',
    direction: (['up', 'down', 'neutral'] as const)[i % 3],
    aggregation: { type: 'sum' },
    breakdowns: [],
    description: '',
    headline: false,
  }));
}

/** Seeded, so every run measures the same figures: a level, a trend, a season, noise and a rare spike. */
function* figures(kpis: readonly Kpi[]): Generator<ObservationInput> {
  let seed = 20190401;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  for (let f = 0; f < FORCES; f++) {
    const area = `Force ${String(f + 1).padStart(2, '0')}`;
    for (const [k, kpi] of kpis.entries()) {
      const base = 20 + ((k * 7919 + f * 104729) % 5000);
      const season = SEASONS[k % SEASONS.length];
      for (let t = 0; t < MONTHS; t++) {
        const m = FIRST + t;
        const mean = base * (1 + 0.002 * t) * season[(m % 12 + 12) % 12] * (random() < 0.002 ? 1.6 : 1);
        yield { kpiId: kpi.id, periodStart: monthKey(m), area, value: Math.max(0, Math.round(mean + (random() - 0.5) * 3.4 * Math.sqrt(mean))) };
      }
    }
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-bench-analysis-'));
if (process.env.BENCH_KEEP) console.log(`Workspace in ${dir}`);
try {
  const { db } = openDatabase(path.join(dir, 'bench.sqlite'), { create: true });
  const kpis = benchKpis();
  const started = performance.now();
  db.transaction(() => {
    addUserKpis(db, kpis);
    insertObservations(db, createImport(db, { kind: 'manual', label: 'bench' }), figures(kpis));
  })();
  const rows = FORCES * KPIS * MONTHS;
  console.log(`Wrote ${rows.toLocaleString('en-GB')} monthly figures (${FORCES} forces × ${KPIS} KPIs × ${YEARS} years) in ${seconds(started).toFixed(1)} s`);

  // Every monthly figure with its series' key, months as the numbers they are stored as (figures by integer keys).
  const SQL = "SELECT s.kpi_id, f.month, s.area, s.dimension, s.category, f.value FROM series s JOIN figures f ON f.series_id = s.id WHERE s.period_kind = 'month'";
  type Raw = [string, number, string, string, string, number];
  const sqlPass = () => {
    const t = performance.now();
    let total = 0;
    let n = 0;
    for (const row of db.prepare(SQL).raw().iterate() as Iterable<Raw>) {
      total += row[5];
      n++;
    }
    if (n !== rows || !(total > 0)) throw new Error(`the SQL pass read ${n} rows`);
    return seconds(t);
  };

  const period = latestCompleteQuarter(FIRST + MONTHS - 1);
  const months = periodMonths(period);
  const byId = new Map(kpis.map((k) => [k.id, k]));
  const analysis = () => {
    const t = performance.now();
    const sets = new Map<string, MonthlySeriesSet>();
    for (const [kpiId, month, area, dimension, category, value] of db.prepare(SQL).raw().iterate() as Iterable<Raw>) {
      let set = sets.get(area);
      if (!set) sets.set(area, (set = new MonthlySeriesSet()));
      set.add(kpiId, { dimension, category }, month, value);
    }
    let comparisons = 0;
    let judged = 0;
    let flags = 0;
    let steps = 0;
    const last = months[months.length - 1];
    for (const set of sets.values()) {
      const context = { series: set, kpisById: byId };
      const verdicts = new Map<string, SeriesVerdict>();
      for (const kpi of kpis) {
        const points = monthlyValues(kpi, HEADLINE, FIRST, last, context);
        const verdict = judgeSeries(points, months, { direction: kpi.direction, count: true });
        verdicts.set(kpi.id, verdict);
        if (verdict.judged) judged++;
        flags += eventsOf(verdict, months).length;
        if (proposeStep(points, last, [], [])) steps++;
      }
      comparisons += buildKpiTable({ period, kpis, context, scope: 'all', verdictOf: (kpi) => rowVerdict(verdicts.get(kpi.id)!) }).length;
    }
    return { seconds: seconds(t), comparisons, judged, flags, steps };
  };

  // Warm both up once (page cache, JIT), then take the better of three runs of each.
  sqlPass();
  const sqlTimes = [sqlPass(), sqlPass(), sqlPass()];
  console.log(`SQL passes: ${sqlTimes.map((t) => t.toFixed(2)).join(', ')} s`);
  analysis();
  const runs = [analysis(), analysis(), analysis()];
  console.log(`Analysis runs: ${runs.map((r) => r.seconds.toFixed(2)).join(', ')} s`);
  const sql = Math.min(...sqlTimes);
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  console.log(`One SQL pass over the rows:            ${sql.toFixed(2)} s (best of 3)`);
  console.log(
    `Every comparison, verdict and step proposal, ${formatPeriod(period)}: ${best.seconds.toFixed(2)} s (best of 3): ${best.comparisons.toLocaleString('en-GB')} comparisons, ${best.judged.toLocaleString('en-GB')} series judged, ${best.flags} events, ${best.steps} steps proposed`,
  );
  console.log(`Ratio to one SQL pass:                 ${(best.seconds / sql).toFixed(1)}×`);
  db.close();
} finally {
  if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
}
