import { lazy, Suspense, type ComponentProps } from 'react';

// ECharts is loaded by the first interactive chart a page draws (a KPI's control chart, breakdowns, peers),
// never by the first screen: the dashboard's trend charts are drawn by the backend as SVG.
const EChartComponent = lazy(() => import('./EChart').then((m) => ({ default: m.EChart })));

type Props = ComponentProps<typeof EChartComponent>;

export function LazyEChart(props: Props) {
  return (
    <Suspense fallback={<div className="chart-placeholder" style={{ height: props.height ?? 260 }} role="img" aria-label={props.label} />}>
      <EChartComponent {...props} />
    </Suspense>
  );
}
