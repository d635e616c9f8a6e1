import * as echarts from 'echarts';
import { Resvg } from '@resvg/resvg-js';
import type { EChartsOption } from 'echarts';
import type { Trend } from '../../../shared/api/contract';
import { trendChartOption } from '../../../shared/charts/trendChart';
import type { ChartImage } from '../../../shared/report/html';

/** The report's charts are the app's charts: the same option builders, drawn as SVG on the server. */
export const REPORT_CHART_SIZE = { width: 640, height: 300 };

/**
 * zrender numbers ids and class names with counters that run on across charts ("zr3-c0", "zr-cls-7"). Numbered
 * afresh in order of appearance, the same chart draws as the same SVG every time, so an export can be
 * written again byte for byte.
 */
function renumberIds(svg: string): string {
  const seen = new Map<string, string>();
  return svg.replace(/\bzr\d*-(cls-)?[\w-]*\d+\b/g, (id) => {
    let renamed = seen.get(id);
    if (!renamed) seen.set(id, (renamed = `c${seen.size}`));
    return renamed;
  });
}

export function renderChartSvg(option: EChartsOption, size = REPORT_CHART_SIZE): ChartImage {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ ...option, animation: false });
    return { svg: renumberIds(chart.renderToSVGString()), ...size };
  } finally {
    chart.dispose();
  }
}

export function renderTrendSvg(trend: Trend, description: string): ChartImage {
  return renderChartSvg(trendChartOption(trend, { animation: false, description }));
}

/** A PNG for Word, at twice the drawn size so it stays sharp when printed. */
export function svgToPng(image: ChartImage): Buffer {
  const rendered = new Resvg(image.svg, {
    fitTo: { mode: 'width', value: image.width * 2 },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans' },
  }).render();
  return Buffer.from(rendered.asPng());
}
