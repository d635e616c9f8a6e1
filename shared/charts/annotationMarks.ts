import type { MarkAreaComponentOption, MarkLineComponentOption } from 'echarts';
import type { Annotation } from '../domain/annotation';
import { ANNOTATION_CATEGORIES } from '../domain/annotation';
import { PALETTE } from './palette';

/** An annotation placed on a category axis: positions of its first and last month. */
export interface PlacedAnnotation {
  /** Short label drawn on the chart ("A3"), matching the list beside it. */
  label: string;
  from: number;
  to: number;
  text: string;
  /** The row above the plot its label is drawn in (0 nearest the plot), so that no two labels meet. */
  lane: number;
}

/** A lane of annotation labels above the plot, in pixels: a 12 px bold label and its gap. */
export const ANNOTATION_LANE_PX = 16;
/** The narrowest plot a chart is drawn at (the app's KPI page at 1024 px, the report at 640 px less its axis). */
const NARROWEST_PLOT_PX = 460;
/** "A12" in bold 12 px, with room either side. */
const labelWidth = (label: string) => label.length * 8 + 8;

/**
 * Labels go in lanes above the plot, out of the way of the lines, the period's label and the axes; a label
 * that would touch one already in a lane goes up to the next. Positions are worked out at the narrowest the
 * chart is drawn, so wider charts only spread them further apart.
 */
function assignLanes(placed: Omit<PlacedAnnotation, 'lane'>[], months: number): PlacedAnnotation[] {
  const step = NARROWEST_PLOT_PX / Math.max(months, 1);
  const centre = (p: Omit<PlacedAnnotation, 'lane'>) => ((p.from + p.to) / 2 + 0.5) * step;
  const laneEnds: number[] = [];
  const lanes = new Map<Omit<PlacedAnnotation, 'lane'>, number>();
  for (const p of [...placed].sort((a, b) => centre(a) - centre(b))) {
    const half = labelWidth(p.label) / 2;
    let lane = laneEnds.findIndex((end) => end <= centre(p) - half);
    if (lane === -1) lane = laneEnds.push(0) - 1;
    laneEnds[lane] = centre(p) + half;
    lanes.set(p, lane);
  }
  return placed.map((p) => ({ ...p, lane: lanes.get(p)! }));
}

/** The height the labels' lanes take above the plot: what a chart adds to its grid's top. */
export function annotationLanesHeight(placed: readonly PlacedAnnotation[]): number {
  return placed.length ? (Math.max(...placed.map((p) => p.lane)) + 1) * ANNOTATION_LANE_PX + 4 : 0;
}

/** How far above the plot's top edge a label in this lane sits. */
const laneDistance = (lane: number) => 6 + lane * ANNOTATION_LANE_PX;

/** Where annotations fall on a chart whose x axis is these months (YYYY-MM); those outside are left out. */
export function placeAnnotations(annotations: readonly Annotation[], months: readonly string[]): PlacedAnnotation[] {
  if (!months.length) return [];
  const first = months[0];
  const last = months[months.length - 1];
  const placed = annotations.flatMap((a) => {
    if (a.to < first || a.from > last) return [];
    const from = months.findIndex((m) => m >= a.from);
    const endAt = months.findIndex((m) => m > a.to);
    const to = endAt === -1 ? months.length - 1 : endAt - 1;
    if (from === -1 || to < from) return [];
    return [{ label: annotationLabel(a), from, to, text: `${ANNOTATION_CATEGORIES[a.category]}: ${a.text}` }];
  });
  return assignLanes(placed, months.length);
}

export function annotationLabel(a: Pick<Annotation, 'id'>): string {
  return `A${a.id}`;
}

/** ECharts markLine (a month) and markArea (a range) for annotations, labelled, with their text on hover. */
export function annotationMarks(placed: readonly PlacedAnnotation[]): { markLine?: MarkLineComponentOption; markArea?: MarkAreaComponentOption } {
  const single = placed.filter((p) => p.from === p.to);
  const ranges = placed.filter((p) => p.from !== p.to);
  return {
    markLine: single.length
      ? {
          silent: false,
          symbol: 'none',
          lineStyle: { color: PALETTE.accent, type: 'solid' as const, width: 1.5 },
          label: { show: true, position: 'end' as const, formatter: (p: unknown) => (p as { name?: string }).name ?? '', color: '#1f2328', fontWeight: 'bold' as const },
          tooltip: { formatter: (p: unknown) => (p as { data?: { text?: string } }).data?.text ?? '' },
          data: single.map((p) => ({ xAxis: p.from, name: p.label, text: `${p.label} ${p.text}`, label: { distance: laneDistance(p.lane) } })) as MarkLineComponentOption['data'],
        }
      : undefined,
    markArea: ranges.length
      ? {
          silent: false,
          itemStyle: { color: 'rgba(0, 158, 115, 0.12)', borderColor: PALETTE.accent, borderWidth: 1 },
          label: { show: true, position: 'top' as const, color: '#1f2328', fontWeight: 'bold' as const },
          tooltip: { formatter: (p: unknown) => (p as { data?: { text?: string } }).data?.text ?? '' },
          data: ranges.map((p) => [{ xAxis: p.from, name: p.label, text: `${p.label} ${p.text}`, label: { distance: laneDistance(p.lane) } }, { xAxis: p.to }]) as MarkAreaComponentOption['data'],
        }
      : undefined,
  };
}

interface AxisParam {
  axisValueLabel?: string;
  dataIndex: number;
  marker?: string;
  seriesName?: string;
  value?: unknown;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An axis tooltip that lists the figures at the month hovered and, beneath them, the annotations that cover
 * it: an annotation's text shows on hover wherever it is drawn.
 */
export function axisTooltipWithAnnotations(placed: readonly PlacedAnnotation[], format: (value: unknown) => string) {
  return (raw: unknown): string => {
    const params = (Array.isArray(raw) ? raw : [raw]) as AxisParam[];
    if (!params.length) return '';
    const index = params[0].dataIndex;
    const lines = params
      .filter((p) => p.seriesName)
      .map((p) => `${p.marker ?? ''}${escapeHtml(p.seriesName!)}: <b>${escapeHtml(format(typeof p.value === 'object' && p.value !== null ? (p.value as { value?: unknown }).value : p.value))}</b>`);
    const notes = placed.filter((a) => index >= a.from && index <= a.to).map((a) => `<b>${escapeHtml(a.label)}</b> ${escapeHtml(a.text)}`);
    return [escapeHtml(params[0].axisValueLabel ?? ''), ...lines, ...notes.map((n) => `<span style="display:inline-block;max-width:22rem;white-space:normal">${n}</span>`)].join('<br/>');
  };
}
