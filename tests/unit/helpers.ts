import catalogueJson from '../../resources/kpi-catalogue.json';
import { CatalogueSchema, type Kpi } from '../../shared/domain/kpi';
import { parseMonthKey } from '../../shared/domain/periods';
import { MonthlySeriesSet, type AggregationContext } from '../../shared/domain/series';
import type { FixtureFigure } from '../fixtures/sourceReport';

export const catalogue = CatalogueSchema.parse(catalogueJson);
export const kpisById: Map<string, Kpi> = new Map(catalogue.kpis.map((k) => [k.id, k]));

export function contextOf(figures: Iterable<FixtureFigure>): AggregationContext {
  const series = new MonthlySeriesSet();
  for (const f of figures) series.add(f.kpiId, { dimension: f.dimension ?? '', category: f.category ?? '' }, parseMonthKey(f.month), f.value);
  return { series, kpisById };
}

/** Seeded noise, so every run sees the same series. */
export function noise(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(Math.max(uniform(), 1e-12))) * Math.cos(2 * Math.PI * uniform());
}
