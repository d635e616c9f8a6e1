import { useState } from 'react';
import { useApi } from '../useApi';
import { ErrorMessage } from './ErrorMessage';
import { FigureCaption } from './FigureCaption';
import { TrendTable } from './TrendTable';
import { FigureSource } from './FigureSource';

interface Props {
  kpiId: string;
  title: string;
  period: string;
  dimension?: string;
  category?: string;
  /** The KPI's reporting source, named under the chart. */
  sourceName?: string;
}

/**
 * A KPI's trend chart as the report exports it: drawn by the backend from the same builder (SVG), shown as
 * an image with its description, or as the same figures in a table. The dashboard uses these, so its first
 * screen loads no charting library.
 */
export function TrendFigure({ kpiId, title, period, dimension, category, sourceName }: Props) {
  const [asTable, setAsTable] = useState(false);
  const args = { kpiId, period, dimension, category };
  const image = useApi('series.trendSvg', asTable ? null : args, [kpiId, period, dimension, category, asTable]);
  const trend = useApi('series.trend', asTable ? args : null, [kpiId, period, dimension, category, asTable]);
  const caption = trend.data ? `${title}: ${trend.data.lastYear.label} and ${trend.data.thisYear.label} by month` : title;
  return (
    <figure className="trend-card" data-testid="trend-card" data-kpi={kpiId}>
      <FigureCaption title={title} asTable={asTable} onToggle={() => setAsTable((v) => !v)} />
      {(image.error || trend.error) && <ErrorMessage message={(image.error ?? trend.error)!} />}
      {!asTable && image.data && (
        <img className="chart-image" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(image.data.svg)}`} alt={image.data.description} width={image.data.width} height={image.data.height} data-testid="chart" />
      )}
      {asTable && trend.data && <TrendTable trend={trend.data} caption={caption} />}
      <FigureSource name={sourceName} />
    </figure>
  );
}
