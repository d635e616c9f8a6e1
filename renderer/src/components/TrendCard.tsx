import { useMemo, useState } from 'react';
import type { Trend } from '../../../shared/api/contract';
import { trendChartOption } from '../../../shared/charts/trendChart';
import { formatValue } from '../../../shared/domain/format';
import { EChart } from '../charts/EChart';
import { useApi } from '../useApi';
import { ErrorMessage } from './ErrorMessage';
import { TableHead } from './TableHead';
import { FigureCaption } from './FigureCaption';

interface Props {
  kpiId: string;
  title: string;
  period: string;
  dimension?: string;
  category?: string;
}

export function TrendTable({ trend, caption }: { trend: Trend; caption: string }) {
  return (
    <table className="trend-table">
      <caption>{caption}</caption>
      <TableHead columns={['Month', trend.lastYear.label, trend.thisYear.label]} />
      <tbody>
        {trend.months.map((month, i) => (
          <tr key={month}>
            <th scope="row">{month}</th>
            <td>{formatValue(trend.lastYear.values[i], trend.unit)}</td>
            <td>{formatValue(trend.thisYear.values[i], trend.unit)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One KPI's trend chart (last year and this year, April to March), or the same figures as a table. */
export function TrendCard({ kpiId, title, period, dimension, category }: Props) {
  const [asTable, setAsTable] = useState(false);
  const trend = useApi('series.trend', { kpiId, period, dimension, category }, [kpiId, period, dimension, category]);
  const caption = trend.data ? `${title}: ${trend.data.lastYear.label} and ${trend.data.thisYear.label} by month` : title;
  const label = `Trend chart. ${caption}, April to March. Choose “Show as table” for the figures.`;
  const option = useMemo(() => (trend.data ? trendChartOption(trend.data, { description: label }) : null), [trend.data, label]);
  return (
    <figure className="trend-card" data-testid="trend-card" data-kpi={kpiId}>
      <FigureCaption title={title} asTable={asTable} onToggle={() => setAsTable((v) => !v)} />
      {trend.error && <ErrorMessage message={trend.error} />}
      {trend.data && option && (asTable ? <TrendTable trend={trend.data} caption={caption} /> : <EChart option={option} label={label} />)}
    </figure>
  );
}
