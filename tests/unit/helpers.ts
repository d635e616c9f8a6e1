import catalogueJson from '../../resources/kpi-catalogue.json';
import { CatalogueSchema, type Kpi } from '../../shared/domain/kpi';
import { parseMonthKey } from '../../shared/domain/periods';
import { MonthlySeriesSet, type AggregationContext } from '../../shared/domain/series';
import type { FixtureFigure } from '../fixtures/sourceReport';
import { seededRandom } from '../../shared/domain/seededRandom';

export const catalogue = CatalogueSchema.parse(catalogueJson);
export const kpisById: Map<string, Kpi> = new Map(catalogue.kpis.map((k) => [k.id, k]));

export function contextOf(figures: Iterable<FixtureFigure>): AggregationContext {
  const series = new MonthlySeriesSet();
  for (const f of figures) series.add(f.kpiId, { dimension: f.dimension ?? '', category: f.category ?? '' }, parseMonthKey(f.month), f.value);
  return { series, kpisById };
}

/** Seeded noise, so every run sees the same series. */
export function noise(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(Math.max(uniform(), 1e-12))) * Math.cos(2 * Math.PI * uniform());
}
