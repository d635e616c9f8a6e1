import type { EChartsOption } from 'echarts';
import type { Trend } from '../api/contract';
import { formatValue } from '../domain/format';
import { PALETTE } from './palette';
import { annotationLanesHeight, annotationMarks, axisTooltipWithAnnotations, placeAnnotations } from './annotationMarks';

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
  const places = endLabelPlaces(trend);
  const line = (label: string, values: (number | null)[], colour: string, dashed: boolean, symbol: string, place: EndLabelPlace | undefined) => ({
    type: 'line' as const,
    name: label,
    data: values,
    connectNulls: false,
    symbol,
    symbolSize: 7,
    lineStyle: { color: colour, width: 2.5, type: dashed ? ('dashed' as const) : ('solid' as const) },
    itemStyle: { color: colour },
    endLabel: place ? { show: true, formatter: '{a}', color: colour, fontWeight: 'bold' as const, fontSize: 12, offset: place.offset, align: place.align } : { show: false },
    emphasis: { focus: 'series' as const },
  });
  const placed = placeAnnotations(trend.annotations, trend.monthKeys);
  return {
    animation: options.animation ?? true,
    // Our own description: ECharts' generated one reads out indices as data ("the data for Apr is 0, 13496").
    aria: { enabled: true, label: { description: options.description } },
    title: options.title ? { text: options.title, left: 0, textStyle: { fontSize: 14, fontWeight: 'bold' } } : undefined,
    legend: places ? undefined : { show: true, top: options.title ? 24 : 0, right: 8, itemWidth: 28, textStyle: { color: '#1f2328', fontWeight: 'bold' } },
    grid: { left: 8, right: places ? 72 : 16, top: (options.title ? 36 : 16) + (places ? 0 : 22) + annotationLanesHeight(placed), bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', formatter: axisTooltipWithAnnotations(placed, format) },
    xAxis: { type: 'category', data: trend.months, boundaryGap: false, axisLine: { lineStyle: { color: PALETTE.muted } }, axisLabel: { color: '#1f2328' } },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { color: '#1f2328', formatter: (v: number) => formatValue(v, trend.unit) },
      splitLine: { lineStyle: { color: PALETTE.grid } },
    },
    series: [
      line(trend.lastYear.label, trend.lastYear.values, PALETTE.lastYear, true, 'circle', places?.lastYear),
      // Annotations belong to this year's months, so they hang on this year's line.
      { ...line(trend.thisYear.label, trend.thisYear.values, PALETTE.thisYear, false, 'diamond', places?.thisYear), ...annotationMarks(placed) },
    ],
  };
}

const lastIndex = (values: readonly (number | null)[]) => values.reduce<number>((at, v, i) => (v === null ? at : i), -1);

/** Where a line's end label sits: beside its last point, above or below, to its right or (ending there) left. */
export interface EndLabelPlace {
  offset: [number, number];
  align: 'left' | 'right';
}

const BESIDE: EndLabelPlace = { offset: [0, 0], align: 'left' };

/** A chart's plot in pixels as the app and the report draw it (about 500 × 200): enough to place labels. */
const PLOT = { monthPx: 45, heightPx: 200 };
/** An end label's box in pixels: "2026/27" in bold 12 px. */
const LABEL = { width: 54, height: 16 };

/**
 * Where each line's end label goes so that it covers neither the other label nor a line. Two lines ending
 * in the same month close together have their labels pushed apart. A year that ends part-way has its label
 * put at the first place beside its last point, right then left, nearer then further, where no line passes
 * through the label's box; where there is none, null: the chart names the years in a legend.
 */
export function endLabelPlaces(trend: Pick<Trend, 'lastYear' | 'thisYear'>): { thisYear: EndLabelPlace; lastYear: EndLabelPlace } | null {
  const all = [...trend.lastYear.values, ...trend.thisYear.values].filter((v): v is number => v !== null);
  const none = { thisYear: BESIDE, lastYear: BESIDE };
  if (!all.length) return none;
  const range = Math.max(...all) - Math.min(...all) || 1;
  const t = lastIndex(trend.thisYear.values);
  const l = lastIndex(trend.lastYear.values);
  if (t < 0 || l < 0) return none;
  const mine = trend.thisYear.values[t]!;
  if (t === l) {
    const theirs = trend.lastYear.values[l]!;
    if (Math.abs(mine - theirs) / range >= 0.15) return none;
    const up: EndLabelPlace = { offset: [0, -9], align: 'left' };
    const down: EndLabelPlace = { offset: [0, 9], align: 'left' };
    return mine >= theirs ? { thisYear: up, lastYear: down } : { thisYear: down, lastYear: up };
  }
  if (t > l) return none;
  // In months across and in pixels down from the point: the line's height at any month, by straight segments.
  const unitsPerPx = range / PLOT.heightPx;
  const heightAt = (values: readonly (number | null)[], x: number): number | null => {
    const i = Math.floor(x);
    const a = values[i];
    const b = values[i + 1];
    if (a === null || a === undefined) return null;
    if (x === i) return a;
    if (b === null || b === undefined) return null;
    return a + (b - a) * (x - i);
  };
  const clear = (place: EndLabelPlace) => {
    const [dx, dy] = place.offset;
    const fromPx = place.align === 'left' ? dx + 5 : dx - 5 - LABEL.width;
    const centre = mine - dy * unitsPerPx;
    const half = (LABEL.height / 2 + 2) * unitsPerPx;
    for (let px = fromPx; px <= fromPx + LABEL.width; px += 3) {
      const x = t + px / PLOT.monthPx;
      if (x < 0 || x > 11) continue;
      for (const values of [trend.lastYear.values, trend.thisYear.values]) {
        const h = heightAt(values, x);
        if (h !== null && Math.abs(h - centre) < half) return false;
      }
    }
    return true;
  };
  const candidates: EndLabelPlace[] = [BESIDE];
  for (const dy of [14, 24, 34]) {
    candidates.push({ offset: [2, dy], align: 'left' }, { offset: [2, -dy], align: 'left' }, { offset: [-10, dy], align: 'right' }, { offset: [-10, -dy], align: 'right' });
  }
  // Nowhere clear near the point (lines crossing around it): the years are named in a legend instead.
  const found = candidates.find(clear);
  return found ? { thisYear: found, lastYear: BESIDE } : null;
}

/** What a trend chart shows, in words, for screen readers and the report's alt text: one wording everywhere. */
export function trendDescription(name: string, trend: Pick<Trend, 'lastYear' | 'thisYear'>): string {
  const months = (v: readonly (number | null)[]) => v.filter((x) => x !== null).length;
  return `Line chart of ${name} by month from April to March: ${trend.lastYear.label} (${months(trend.lastYear.values)} months, dashed) and ${trend.thisYear.label} (${months(trend.thisYear.values)} months, solid). The figures follow in a table.`;
}
