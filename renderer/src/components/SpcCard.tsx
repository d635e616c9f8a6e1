import { useMemo, useState } from 'react';
import type { History } from '../../../shared/api/tableSchemas';
import type { SpcView } from '../../../shared/api/analysisSchemas';
import { spcChartOption } from '../../../shared/charts/spcChart';
import { VARIATION_STYLE } from '../../../shared/charts/palette';
import { VERDICT_RULES, BASELINE_MONTHS } from '../../../shared/analysis/verdict';
import { formatValue } from '../../../shared/domain/format';
import { formatMonth, parseMonthKey } from '../../../shared/domain/periods';
import { api } from '../api';
import { TableHead } from './TableHead';
import { FigureCaption } from './FigureCaption';
import { FigureSource } from './FigureSource';
import { ErrorMessage } from './ErrorMessage';

import { LazyEChart } from '../charts/LazyEChart';
import { errorText } from '../errorText';

const SHAPE = { triangle: '▲', diamond: '◆', rect: '■', circle: '●' } as const;

interface Props {
  view: SpcView;
  history: History;
  label: string;
  /** The step changes or baseline were changed: reload the chart. */
  onChanged: () => void;
  /** The KPI's reporting source, named under the chart. */
  sourceName?: string;
}

/**
 * The KPI's control chart as at the period, drawn from the verdict: what is coloured special here is what
 * the KPI table, the dashboard, the inbox and the report call special. Or the same figures as a table.
 */
export function SpcCard({ view, history, label, onChanged, sourceName }: Props) {
  const [asTable, setAsTable] = useState(false);
  const [newBreak, setNewBreak] = useState('');
  const [error, setError] = useState<string>();
  const unit = view.kpi.unit;
  const special = view.points.filter((p) => p.variation !== 'common_cause').length;
  const description = `Control chart of ${label} as at ${view.period}: ${view.points.length} months, ${special} with a special cause. Choose “Show as table” for the figures.`;
  const option = useMemo(() => spcChartOption(view, { description }), [view, description]);
  const configure = async (breaks: string[], baselinePoints: number | null) => {
    try {
      await api.call('spc.configure', { kpiId: view.kpi.id, breaks, baselinePoints });
      setError(undefined);
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const provenance = new Map(history.points.map((p) => [p.month, p.provenance]));

  return (
    <figure className="spc-card" data-testid="spc-card">
      <FigureCaption title={`Control chart: ${label}`} asTable={asTable} onToggle={() => setAsTable((v) => !v)} />
      {!asTable && (
        <LazyEChart option={option} label={description} height={340} />
      )}
      {!asTable && (
        <ul className="spc-legend" aria-label="Key">
          {Object.values(VARIATION_STYLE).map((s) => (
            <li key={s.label}>
              <span style={{ color: s.colour }} aria-hidden="true">
                {SHAPE[s.symbol]}
              </span>{' '}
              {s.label}
            </li>
          ))}
          <li>
            <span aria-hidden="true">┅</span> Centre; <span aria-hidden="true">⋯</span> process limits; shaded: {view.period}
          </li>
        </ul>
      )}
      {asTable && (
        <table className="history-table" data-testid="history-table">
          <caption>Every monthly figure of {label} to {view.period}, what it was judged against, and its source</caption>
          <TableHead columns={['Month', 'Value', 'Centre', 'Lower limit', 'Upper limit', 'Verdict', 'Rules', 'Source', 'File', 'Sheet', 'Cell']} />
          <tbody>
            {[...view.points].reverse().map((p) => {
              const source = provenance.get(p.month);
              return (
                <tr key={p.month} data-month={p.month} data-variation={p.variation}>
                  <th scope="row">{formatMonth(parseMonthKey(p.month))}</th>
                  <td>{formatValue(p.value, unit)}</td>
                  <td>{formatValue(p.centre, unit)}</td>
                  <td>{formatValue(p.lower, unit)}</td>
                  <td>{formatValue(p.upper, unit)}</td>
                  <td className="signals">{VARIATION_STYLE[p.variation].label}</td>
                  <td className="signals">{p.rules.map((r) => VERDICT_RULES[r].words).join('; ') || '–'}</td>
                  <td>{source?.source ?? '–'}</td>
                  <td>{source?.file ?? '–'}</td>
                  <td>{source?.sheet ?? '–'}</td>
                  <td>{source?.cell ?? '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <FigureSource name={sourceName} />
      <div className="spc-facts">
        {view.segments.map((s) => (
          <p key={s.from}>
            Limits from the {s.baselinePoints} months before {view.period}
            {view.seasonal?.seasonal ? ', on seasonally adjusted figures,' : ''} carried across the period{s.provisional ? ' (fewer than 15 months: read with caution)' : ''}.
          </p>
        ))}
      </div>
      <div className="step-changes">
        <h3>Step changes and baseline</h3>
        <p className="hint">
          A step change starts the limits again from its month (a change in recording practice, say); the baseline is how many months before the period the limits come
          from.
        </p>
        <ul>
          {view.breaks.map((b) => (
            <li key={b}>
              New limits from {formatMonth(parseMonthKey(b))}{' '}
              <button type="button" className="link" onClick={() => configure(view.breaks.filter((x) => x !== b), view.baselinePoints)} aria-label={`Remove the step change from ${formatMonth(parseMonthKey(b))}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        <form
          className="form-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (newBreak) configure([...view.breaks, newBreak], view.baselinePoints).then(() => setNewBreak(''));
          }}
        >
          <label>
            Step change at <input type="month" value={newBreak} onChange={(e) => setNewBreak(e.target.value)} min={view.points[1]?.month} max={view.points.at(-1)?.month} />
          </label>
          <button type="submit" disabled={!newBreak}>
            Add step change
          </button>
          <label>
            Baseline{' '}
            <select value={view.baselinePoints ?? ''} onChange={(e) => configure(view.breaks, e.target.value ? Number(e.target.value) : null)}>
              <option value="">{BASELINE_MONTHS} months before the period</option>
              {[15, 36, 48, 60].map((n) => (
                <option key={n} value={n}>
                  {n} months before the period
                </option>
              ))}
            </select>
          </label>
        </form>
        {error && <ErrorMessage message={error} />}
      </div>
    </figure>
  );
}
