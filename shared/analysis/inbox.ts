import type { Kpi } from '../domain/kpi';
import { judgeSeries, type Flag, type MonthValue } from './anomalies';

/** One monthly series of the force: a KPI's headline figure or one breakdown category. */
export interface SeriesToScan {
  kpi: Kpi;
  dimension: string;
  category: string;
  points: MonthValue[];
}

export interface FoundAnomaly {
  kpi: Kpi;
  dimension: string;
  category: string;
  flag: Flag;
  method: 'seasonal' | 'spc';
}

export interface NotJudged {
  kpi: Kpi;
  dimension: string;
  category: string;
  reason: string;
}

export interface Scan {
  found: FoundAnomaly[];
  notJudged: NotJudged[];
  /** Series judged, flagged or not. */
  judged: number;
}

/**
 * Every flagged month of the period across the series given, largest departure first.
 * `breaksOf` gives the step changes the analyst has set for a KPI (month indices).
 */
export function scanForAnomalies(series: Iterable<SeriesToScan>, months: readonly number[], breaksOf: (kpiId: string) => readonly number[] = () => []): Scan {
  const found: FoundAnomaly[] = [];
  const notJudged: NotJudged[] = [];
  let judged = 0;
  for (const s of series) {
    const where = { kpi: s.kpi, dimension: s.dimension, category: s.category };
    if (s.kpi.aggregation.type === 'latest' && s.kpi.aggregation.rolling) {
      notJudged.push({ ...where, reason: 'a 12-month rolling figure: each month shares eleven months with the one before, so month-by-month rules would mislead' });
      continue;
    }
    const verdict = judgeSeries(s.points, months, { direction: s.kpi.direction, count: s.kpi.unit === 'count', breaks: breaksOf(s.kpi.id) });
    if (verdict.method === 'insufficient') {
      notJudged.push({ ...where, reason: verdict.reason });
      continue;
    }
    judged++;
    for (const flag of verdict.flags) found.push({ ...where, flag, method: verdict.method });
  }
  found.sort((a, b) => b.flag.size - a.flag.size || a.flag.month - b.flag.month);
  return { found, notJudged, judged };
}
