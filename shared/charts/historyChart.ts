import type { EChartsOption } from 'echarts';
import type { Unit } from '../domain/kpi';
import { formatValue } from '../domain/format';
import { formatMonthShort, parseMonthKey } from '../domain/periods';
import { PALETTE } from './palette';
import type { ChartBuildOptions } from './trendChart';

export interface HistoryPointLike {
  month: string;
  value: number;
}

/** The long-run monthly chart of one KPI: every month the workspace holds, with a zoom bar beneath. */
export function historyChartOption(points: readonly HistoryPointLike[], unit: Unit, name: string, options: ChartBuildOptions = {}): EChartsOption {
  const format = (value: unknown) => (typeof value === 'number' ? formatValue(value, unit) : '–');
  return {
    animation: options.animation ?? true,
    // Our own description: ECharts' generated one reads out indices as data ("the data for Apr is 0, 13496").
    aria: { enabled: true, label: { description: options.description } },
    grid: { left: 8, right: 24, top: 16, bottom: 56, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: format },
    xAxis: {
      type: 'category',
      data: points.map((p) => formatMonthShort(parseMonthKey(p.month))),
      axisLabel: { color: '#1f2328' },
    },
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
        name,
        data: points.map((p) => p.value),
        symbol: 'circle',
        symbolSize: 4,
        lineStyle: { color: PALETTE.lastYear, width: 2 },
        itemStyle: { color: PALETTE.lastYear },
      },
    ],
  };
}
