import type { EChartsOption } from 'echarts';
import type { KpiTableRowDto } from '../api/tableSchemas';
import { formatValue } from '../domain/format';
import { PALETTE } from './palette';
import type { ChartBuildOptions } from './trendChart';

/**
 * One breakdown of a KPI (missing persons by age, hate crime by strand): a bar for each category in the
 * period and in the same period last year, each bar labelled with its figure. The two periods differ in
 * fill as well as colour (last year is hatched), and the legend names them.
 */
export function breakdownChartOption(
  rows: readonly KpiTableRowDto[],
  headers: { current: string; previous: string },
  options: ChartBuildOptions = {},
): EChartsOption {
  const unit = rows[0]?.unit ?? 'count';
  const format = (value: unknown) => (typeof value === 'number' ? formatValue(value, unit) : '–');
  const categories = rows.map((r) => r.category ?? '');
  const bar = (name: string, values: (number | null)[], colour: string, hatched: boolean) => ({
    type: 'bar' as const,
    name,
    data: values,
    barMaxWidth: 22,
    itemStyle: {
      color: colour,
      decal: hatched ? { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: Math.PI / 4, color: 'rgba(255,255,255,0.55)' } : undefined,
    },
    label: { show: true, position: 'right' as const, formatter: (p: { value: unknown }) => format(p.value), color: '#1f2328', fontSize: 11 },
  });
  return {
    animation: options.animation ?? true,
    aria: { enabled: true, label: { description: options.description } },
    title: options.title ? { text: options.title, left: 0, textStyle: { fontSize: 14, fontWeight: 'bold' } } : undefined,
    legend: { top: options.title ? 24 : 0, left: 0, textStyle: { color: '#1f2328' } },
    grid: { left: 8, right: 56, top: options.title ? 56 : 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: format },
    xAxis: { type: 'value', axisLabel: { color: '#1f2328', formatter: (v: number) => formatValue(v, unit) }, splitLine: { lineStyle: { color: PALETTE.grid } } },
    yAxis: { type: 'category', data: categories, inverse: true, axisLabel: { color: '#1f2328' } },
    series: [
      bar(headers.previous, rows.map((r) => r.previous), PALETTE.lastYear, true),
      bar(headers.current, rows.map((r) => r.current), PALETTE.thisYear, false),
    ],
  };
}
