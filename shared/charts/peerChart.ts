import type { EChartsOption } from 'echarts';
import type { PeerComparison } from '../api/analysisSchemas';
import { PALETTE } from './palette';
import type { ChartBuildOptions } from './trendChart';

/** The Most Similar Forces ranked, fewest first; the force's own bar stands out in colour and by its label. */
export function peerChartOption(comparison: PeerComparison, options: ChartBuildOptions = {}): EChartsOption {
  const perHead = comparison.rankedBy === 'per_1000';
  const rows = comparison.rows.filter((r) => r.rank !== null);
  const value = (r: PeerComparison['rows'][number]) => (perHead ? r.per1000 : r.offences);
  const format = (v: unknown) => (typeof v === 'number' ? (perHead ? v.toFixed(2) : Math.round(v).toLocaleString('en-GB')) : '–');
  return {
    animation: options.animation ?? true,
    aria: { enabled: true, label: { description: options.description } },
    grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: format },
    xAxis: { type: 'value', name: perHead ? 'Offences per 1,000 population' : 'Offences', nameLocation: 'middle', nameGap: 28, splitLine: { lineStyle: { color: PALETTE.grid } }, axisLabel: { color: '#1f2328' } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => `${r.rank}. ${r.area}${r.isForce ? ' (this force)' : ''}`),
      axisLabel: { color: '#1f2328', fontWeight: 'normal' },
    },
    series: [
      {
        type: 'bar',
        name: perHead ? 'Per 1,000 population' : 'Offences',
        data: rows.map((r) => ({ value: value(r), itemStyle: { color: r.isForce ? PALETTE.thisYear : PALETTE.lastYear } })),
        barMaxWidth: 20,
        label: { show: true, position: 'right', formatter: (p: { value: unknown }) => format(p.value), color: '#1f2328' },
      },
    ],
  };
}
