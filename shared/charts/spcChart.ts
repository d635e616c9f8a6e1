import type { EChartsOption } from 'echarts';
import type { SpcView } from '../api/analysisSchemas';
import { formatValue } from '../domain/format';
import { formatMonthShort, parseMonthKey } from '../domain/periods';
import { annotationMarks, axisTooltipWithAnnotations, placeAnnotations } from './annotationMarks';
import { PALETTE, VARIATION_STYLE } from './palette';
import type { ChartBuildOptions } from './trendChart';

/**
 * The long-run monthly chart as Making Data Count draws it: the figures, each segment's mean and process
 * limits, points with a special cause coloured and shaped by whether they are improving or deteriorating,
 * and the annotations that apply (a line for a month, a band for a range).
 */
export function spcChartOption(view: SpcView, options: ChartBuildOptions = {}): EChartsOption {
  const unit = view.kpi.unit;
  const format = (value: unknown) => (typeof value === 'number' ? formatValue(value, unit) : '–');
  const months = view.points.map((p) => p.month);
  const segmentOf = (i: number) => view.segments.findIndex((s) => months[i] >= s.from && months[i] <= s.to);
  const perSegment = (pick: (s: SpcView['segments'][number]) => number) =>
    months.map((_, i) => {
      const s = view.segments[segmentOf(i)];
      return s ? pick(s) : null;
    });
  const limitLine = (name: string, values: (number | null)[], dashed: 'dashed' | 'dotted') => ({
    type: 'line' as const,
    name,
    data: values,
    step: 'middle' as const,
    symbol: 'none',
    lineStyle: { color: PALETTE.neutral, width: 1.2, type: dashed },
    itemStyle: { color: PALETTE.neutral },
    endLabel: { show: true, formatter: name, color: '#1f2328', fontSize: 11 },
    tooltip: { show: true },
    z: 1,
  });
  const placed = placeAnnotations(view.annotations, months);
  const marks = annotationMarks(placed);
  return {
    animation: options.animation ?? true,
    aria: { enabled: true, label: { description: options.description } },
    title: options.title ? { text: options.title, left: 0, textStyle: { fontSize: 14, fontWeight: 'bold' } } : undefined,
    grid: { left: 8, right: 120, top: options.title ? 40 : 24, bottom: 56, containLabel: true },
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
      limitLine('Mean', perSegment((s) => s.mean), 'dashed'),
      limitLine('Upper process limit', perSegment((s) => s.upper), 'dotted'),
      limitLine('Lower process limit', perSegment((s) => s.lower), 'dotted'),
    ],
  };
}
