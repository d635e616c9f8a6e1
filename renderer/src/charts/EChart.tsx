import { useEffect, useRef } from 'react';
import type { EChartsOption } from 'echarts';
import { echarts } from './echarts';

interface Props {
  option: EChartsOption;
  /** Read by screen readers in place of the picture; the figures are also offered as a table. */
  label: string;
  height?: number;
}

/** The one wrapper around ECharts: options come from the pure builders in shared/charts. */
export function EChart({ option, label, height = 260 }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // No movement when the system asks for less of it; otherwise a short one, never the default second.
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    chart.current?.setOption({ ...option, animation: still ? false : (option.animation ?? true), animationDuration: 300, animationDurationUpdate: 200 }, { notMerge: true });
  }, [option]);

  return <div ref={element} className="chart" role="img" aria-label={label} style={{ height }} data-testid="chart" />;
}
