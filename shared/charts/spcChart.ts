import type { EChartsOption } from 'echarts';
import type { SpcView } from '../api/analysisSchemas';
import { formatValue } from '../domain/format';
import { formatMonthShort, parseMonthKey } from '../domain/periods';
import { annotationLanesHeight, annotationMarks, axisTooltipWithAnnotations, placeAnnotations } from './annotationMarks';
import { PALETTE, VARIATION_STYLE } from './palette';
import type { ChartBuildOptions } from './trendChart';

/**
 * The long-run monthly chart as Making Data Count draws it, from the verdict (shared/analysis/verdict.ts):
 * the figures, the centre and process limits each month was judged against (stepping at accepted step
 * changes, and following the season for a seasonal series), points with a special cause coloured and shaped
 * by whether they are improving or concerning, the months of the period shaded, and the annotations that
 * apply (a line for a month, a band for a range). What is drawn is what was judged.
 */
export function spcChartOption(view: SpcView, options: ChartBuildOptions = {}): EChartsOption {
  const unit = view.kpi.unit;
  const format = (value: unknown) => (typeof value === 'number' ? formatValue(value, unit) : '–');
  const months = view.points.map((p) => p.month);
  const limitLine = (name: string, values: (number | null)[], dashed: 'dashed' | 'dotted') => ({
    type: 'line' as const,
    name,
    data: values,
    symbol: 'none',
    connectNulls: false,
    lineStyle: { color: PALETTE.neutral, width: 1.2, type: dashed },
    itemStyle: { color: PALETTE.neutral },
    tooltip: { show: true },
    z: 1,
  });
  const placed = placeAnnotations(view.annotations, months);
  const marks = annotationMarks(placed);
  const periodStart = view.points.findIndex((p) => p.inPeriod);
  const periodBand =
    periodStart >= 0
      ? {
          silent: true,
          itemStyle: { color: 'rgba(86, 96, 107, 0.10)' },
          label: { show: true, position: 'insideTopRight' as const, color: '#1f2328', formatter: view.period },
          data: [[{ xAxis: periodStart }, { xAxis: months.length - 1 }]] as never,
        }
      : undefined;
  return {
    animation: options.animation ?? true,
    animationDuration: 300,
    aria: { enabled: true, label: { description: options.description } },
    title: options.title ? { text: options.title, left: 0, textStyle: { fontSize: 14, fontWeight: 'bold' } } : undefined,
    grid: { left: 8, right: 24, top: (options.title ? 40 : 24) + annotationLanesHeight(placed), bottom: 56, containLabel: true },
    legend: { show: false },
    tooltip: { trigger: 'axis', formatter: axisTooltipWithAnnotations(placed, format) },
    xAxis: { type: 'category', data: months.map((m) => formatMonthShort(parseMonthKey(m))), axisLabel: { color: '#1f2328' } },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { color: '#1f2328', formatter: (v: number) => formatValue(v, unit) },
      splitLine: { lineStyle: { color: PALETTE.grid } },
    },
    dataZoom: [{ type: 'slider', bottom: 8, height: 24 }, { type: 'inside' }],
    series: [
      {
        type: 'line',
        name: view.kpi.name,
        data: view.points.map((p) => {
          const style = VARIATION_STYLE[p.variation];
          return { value: p.value, symbol: style.symbol, symbolSize: p.variation === 'common_cause' ? 4 : 9, itemStyle: { color: style.colour } };
        }),
        // Every special-cause point must show, however many months there are.
        showAllSymbol: true,
        lineStyle: { color: PALETTE.muted, width: 1.5 },
        itemStyle: { color: PALETTE.muted },
        z: 3,
        ...marks,
      },
      { ...limitLine('Centre', view.points.map((p) => p.centre), 'dashed'), markArea: periodBand },
      limitLine('Upper process limit', view.points.map((p) => p.upper), 'dotted'),
      limitLine('Lower process limit', view.points.map((p) => p.lower), 'dotted'),
    ],
  };
}
