import type { Trend } from '../../shared/api/contract';
import { annotationApplies } from '../../shared/domain/annotation';
import type { Kpi } from '../../shared/domain/kpi';
import { formatFinancialYear, FY_MONTH_ABBREVIATIONS, fyStart, monthKey, periodFinancialYear, type Period } from '../../shared/domain/periods';
import { aggregate, type BreakdownKey } from '../../shared/domain/series';
import { listAnnotations } from '../../db/annotations';
import { aggregationContext } from './figures';
import type { Workspace } from './workspace';

/**
 * A KPI's trend for the financial year a period falls in, and the year before, April to March: the chart of
 * the dashboard and of the report. The annotations that fall in the year come with it.
 */
export function trendOf(workspace: Workspace, kpi: Kpi, key: BreakdownKey, period: Period): Trend {
  const fy = periodFinancialYear(period);
  const context = aggregationContext(workspace, fyStart(fy - 1), fyStart(fy) + 11);
  const monthKeys = FY_MONTH_ABBREVIATIONS.map((_, i) => monthKey(fyStart(fy) + i));
  const values = (year: number) => FY_MONTH_ABBREVIATIONS.map((_, i) => aggregate(kpi, key, [fyStart(year) + i], context).value);
  return {
    kpiId: kpi.id,
    name: kpi.name,
    unit: kpi.unit,
    breakdown: key.dimension || null,
    category: key.category || null,
    months: [...FY_MONTH_ABBREVIATIONS],
    thisYear: { label: formatFinancialYear(fy), values: values(fy) },
    lastYear: { label: formatFinancialYear(fy - 1), values: values(fy - 1) },
    monthKeys,
    annotations: listAnnotations(workspace.db, { kpiId: kpi.id }).filter((a) => annotationApplies(a, kpi.id, monthKeys[0], monthKeys[11])),
  };
}
