import type { EChartsOption } from 'echarts';
import type { Trend } from '../api/contract';
import { formatValue } from '../domain/format';
import { PALETTE } from './palette';
import { annotationMarks, axisTooltipWithAnnotations, placeAnnotations } from './annotationMarks';

export interface ChartBuildOptions {
  /** Off for server-side rendering and screenshots, where there is no one to watch it. */
  animation?: boolean;
  title?: string;
  /** What a screen reader says in place of the picture; the same figures are offered as a table. */
  description?: string;
}

/**
 * The report's trend chart: April to March along the bottom, last year and this year as two lines,
 * each labelled at its end. Used by the app (canvas) and the report exporter (SVG) alike.
 */
export function trendChartOption(trend: Trend, options: ChartBuildOptions = {}): EChartsOption {
  const format = (value: unknown) => (typeof value === 'number' ? formatValue(value, trend.unit) : '–');
  const line = (label: string, values: (number | null)[], colour: string, dashed: boolean, symbol: string) => ({
    type: 'line' as const,
    name: label,
    data: values,
    connectNulls: false,
    symbol,
    symbolSize: 7,
    lineStyle: { color: colour, width: 2.5, type: dashed ? ('dashed' as const) : ('solid' as const) },
    itemStyle: { color: colour },
    endLabel: { show: true, formatter: '{a}', color: colour, fontWeight: 'bold' as const, fontSize: 12 },
    emphasis: { focus: 'series' as const },
  });
  const placed = placeAnnotations(trend.annotations, trend.monthKeys);
  return {
    animation: options.animation ?? true,
    // Our own description: ECharts' generated one reads out indices as data ("the data for Apr is 0, 13496").
    aria: { enabled: true, label: { description: options.description } },
    title: options.title ? { text: options.title, left: 0, textStyle: { fontSize: 14, fontWeight: 'bold' } } : undefined,
    grid: { left: 8, right: 72, top: options.title ? 36 : 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', formatter: axisTooltipWithAnnotations(placed, format) },
    xAxis: { type: 'category', data: trend.months, boundaryGap: false, axisLine: { lineStyle: { color: PALETTE.muted } }, axisLabel: { color: '#1f2328' } },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { color: '#1f2328', formatter: (v: number) => formatValue(v, trend.unit) },
      splitLine: { lineStyle: { color: PALETTE.grid } },
    },
    series: [
      line(trend.lastYear.label, trend.lastYear.values, PALETTE.lastYear, true, 'circle'),
      // Annotations belong to this year's months, so they hang on this year's line.
      { ...line(trend.thisYear.label, trend.thisYear.values, PALETTE.thisYear, false, 'diamond'), ...annotationMarks(placed) },
    ],
  };
}

/** What a trend chart shows, in words, for screen readers and the report's alt text: one wording everywhere. */
export function trendDescription(name: string, trend: Pick<Trend, 'lastYear' | 'thisYear'>): string {
  const months = (v: readonly (number | null)[]) => v.filter((x) => x !== null).length;
  return `Line chart of ${name} by month from April to March: ${trend.lastYear.label} (${months(trend.lastYear.values)} months, dashed) and ${trend.thisYear.label} (${months(trend.thisYear.values)} months, solid). The figures follow in a table.`;
}
