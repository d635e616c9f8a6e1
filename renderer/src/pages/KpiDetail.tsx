import { useEffect, useMemo, useState } from 'react';
import type { Kpi } from '../../../shared/domain/kpi';
import { formatValue } from '../../../shared/domain/format';
import { formatMonth, parseMonthKey } from '../../../shared/domain/periods';
import { historyChartOption } from '../../../shared/charts/historyChart';
import { EChart } from '../charts/EChart';
import { useApi } from '../useApi';
import { navigate } from '../route';
import { TrendCard } from '../components/TrendCard';
import { ErrorMessage } from '../components/ErrorMessage';
import { TableHead } from '../components/TableHead';

const DIRECTION_TEXT = { up: 'Higher is better', down: 'Lower is better', neutral: 'Neither higher nor lower is better' } as const;

function aggregationText(kpi: Kpi, names: Map<string, string>): string {
  const a = kpi.aggregation;
  switch (a.type) {
    case 'sum':
      return 'Months are added up.';
    case 'ratio':
      return `Calculated as ${names.get(a.numerator) ?? a.numerator} ÷ ${names.get(a.denominator) ?? a.denominator} over the period.`;
    case 'mean':
      return a.weight ? `Monthly values averaged, weighted by ${names.get(a.weight) ?? a.weight}.` : 'Monthly values averaged.';
    case 'latest':
      return 'A 12-month rolling figure: a period shows its last month’s value.';
  }
}

interface Props {
  kpiId: string;
  period: string;
}

/** One KPI: its full monthly history, the trend for the period, and where each figure came from. */
export function KpiDetail({ kpiId, period }: Props) {
  const [breakdown, setBreakdown] = useState('');
  const [asTable, setAsTable] = useState(false);
  const [dimension, category] = breakdown ? breakdown.split('\u0000') : [undefined, undefined];
  const history = useApi('series.history', { kpiId, dimension, category }, [kpiId, breakdown]);
  const kpis = useApi('kpis.list', {}, []);
  const names = useMemo(() => new Map((kpis.data ?? []).map((k) => [k.id, k.name])), [kpis.data]);
  const kpi = history.data?.kpi;
  const back = () => navigate({ view: 'section', section: kpi?.section ?? 1, period });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !(e.target instanceof HTMLSelectElement)) back();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const label = breakdown ? `${kpi?.name}, ${dimension}: ${category}` : kpi?.name ?? '';
  const chartLabel = `Monthly history of ${label}, ${history.data?.points.length ?? 0} months. Choose “Show as table” for the figures.`;
  const option = useMemo(
    () => (history.data && kpi ? historyChartOption(history.data.points, kpi.unit, kpi.name, { description: chartLabel }) : null),
    [history.data, kpi, chartLabel],
  );

  return (
    <div className="kpi-detail">
      <button type="button" className="link back" onClick={back}>
        ← Back to the dashboard <span className="hint">(Esc)</span>
      </button>
      {history.error && <ErrorMessage message={history.error} />}
      {kpi && history.data && (
        <>
          <h1>
            {kpi.number} {kpi.name}
          </h1>
          {kpi.description && <p>{kpi.description}</p>}
          <dl className="facts">
            <dt>Unit</dt>
            <dd>{kpi.unit}</dd>
            <dt>Direction of good</dt>
            <dd>{DIRECTION_TEXT[kpi.direction]}</dd>
            <dt>Over a period</dt>
            <dd>{aggregationText(kpi, names)}</dd>
            {kpi.standard && (
              <>
                <dt>Standard</dt>
                <dd>{kpi.standard.text}</dd>
              </>
            )}
          </dl>
          {history.data.breakdowns.length > 0 && (
            <label className="breakdown-picker">
              <span>Breakdown</span>
              <select value={breakdown} onChange={(e) => setBreakdown(e.target.value)}>
                <option value="">All (headline figure)</option>
                {history.data.breakdowns.map((b) => (
                  <option key={`${b.dimension}|${b.category}`} value={`${b.dimension}\u0000${b.category}`}>
                    {b.dimension}: {b.category}
                  </option>
                ))}
              </select>
            </label>
          )}
          <TrendCard kpiId={kpiId} title={`Trend: ${label}`} period={period} dimension={dimension} category={category} />
          <figure className="history">
            <figcaption>
              <span className="trend-title">Monthly history: {label}</span>
              <button type="button" className="toggle" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
                {asTable ? 'Show as chart' : 'Show as table'}
              </button>
            </figcaption>
            {!asTable && option && <EChart option={option} label={chartLabel} height={320} />}
            {asTable && (
              <table className="history-table" data-testid="history-table">
                <caption>Every monthly figure of {label}, and where it came from</caption>
                <TableHead columns={['Month', 'Value', 'Source', 'File', 'Sheet', 'Cell']} />
                <tbody>
                  {[...history.data.points].reverse().map((p) => (
                    <tr key={p.month}>
                      <th scope="row">{formatMonth(parseMonthKey(p.month))}</th>
                      <td>{formatValue(p.value, kpi.unit)}</td>
                      <td>{p.provenance.source}</td>
                      <td>{p.provenance.file ?? '–'}</td>
                      <td>{p.provenance.sheet ?? '–'}</td>
                      <td>{p.provenance.cell ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </figure>
        </>
      )}
    </div>
  );
}
