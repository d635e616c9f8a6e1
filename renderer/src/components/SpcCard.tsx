import { useMemo, useState } from 'react';
import type { History } from '../../../shared/api/contract';
import type { SpcView } from '../../../shared/api/analysisSchemas';
import { spcChartOption } from '../../../shared/charts/spcChart';
import { VARIATION_STYLE } from '../../../shared/charts/palette';
import { FLAG_RULES } from '../../../shared/analysis/anomalies';
import { formatValue } from '../../../shared/domain/format';
import { formatMonth, parseMonthKey } from '../../../shared/domain/periods';
import { api } from '../api';
import { EChart } from '../charts/EChart';
import { TableHead } from './TableHead';
import { FigureCaption } from './FigureCaption';
import { ErrorMessage } from './ErrorMessage';

const CAPABILITY_TEXT = {
  consistently_meets: 'the process limits both lie on the right side of it: the process can be expected to meet it consistently.',
  consistently_fails: 'the process limits both lie on the wrong side of it: the process will not meet it without a change.',
  hit_and_miss: 'it lies between the process limits: the process will meet it in some months and miss it in others.',
} as const;

const SHAPE = { triangle: '▲', diamond: '◆', rect: '■', circle: '●' } as const;

interface Props {
  view: SpcView;
  history: History;
  label: string;
  /** The step changes or baseline were changed: reload the chart. */
  onChanged: () => void;
}

/** The long-run XmR chart with its step changes, baseline and annotations, or the same figures as a table. */
export function SpcCard({ view, history, label, onChanged }: Props) {
  const [asTable, setAsTable] = useState(false);
  const [newBreak, setNewBreak] = useState('');
  const [error, setError] = useState<string>();
  const unit = view.kpi.unit;
  const description = `Control chart of ${label}: ${view.points.length} months, ${view.segments.length} segment${view.segments.length === 1 ? '' : 's'}, ${
    view.points.filter((p) => p.variation !== 'common_cause').length
  } points with a special cause. Choose “Show as table” for the figures.`;
  const option = useMemo(() => spcChartOption(view, { description }), [view, description]);
  const configure = async (breaks: string[], baselinePoints: number | null) => {
    try {
      await api.call('spc.configure', { kpiId: view.kpi.id, breaks, baselinePoints });
      setError(undefined);
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const suggestions = view.annotations.filter((a) => a.category === 'recording_practice' && !view.breaks.includes(a.from) && a.from > (view.points[0]?.month ?? ''));
  const provenance = new Map(history.points.map((p) => [p.month, p.provenance]));
  const segmentAt = (month: string) => view.segments.find((s) => month >= s.from && month <= s.to);

  return (
    <figure className="spc-card" data-testid="spc-card">
      <FigureCaption title={`Control chart: ${label}`} asTable={asTable} onToggle={() => setAsTable((v) => !v)} />
      {!asTable && <EChart option={option} label={description} height={340} />}
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
            <span aria-hidden="true">┅</span> Mean; ⋯ process limits (mean ± 2.66 × mean moving range)
          </li>
        </ul>
      )}
      {asTable && (
        <table className="history-table" data-testid="history-table">
          <caption>Every monthly figure of {label}, its process limits, signals and source</caption>
          <TableHead columns={['Month', 'Value', 'Mean', 'Lower limit', 'Upper limit', 'Signals', 'Source', 'File', 'Sheet', 'Cell']} />
          <tbody>
            {[...view.points].reverse().map((p) => {
              const s = segmentAt(p.month);
              const source = provenance.get(p.month);
              return (
                <tr key={p.month}>
                  <th scope="row">{formatMonth(parseMonthKey(p.month))}</th>
                  <td>{formatValue(p.value, unit)}</td>
                  <td>{s ? formatValue(s.mean, unit) : '–'}</td>
                  <td>{s ? formatValue(s.lower, unit) : '–'}</td>
                  <td>{s ? formatValue(s.upper, unit) : '–'}</td>
                  <td className="signals">{p.rules.map((r) => FLAG_RULES[r].name).join('; ') || '–'}</td>
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
      <div className="spc-facts">
        {view.segments.map((s) => (
          <p key={s.from}>
            {formatMonth(parseMonthKey(s.from))} – {formatMonth(parseMonthKey(s.to))}: mean {formatValue(s.mean, unit)}, limits {formatValue(s.lower, unit)} to{' '}
            {formatValue(s.upper, unit)}, from {s.baselinePoints} months{s.provisional ? ' (fewer than 15: read with caution)' : ''}.
          </p>
        ))}
        {view.capability && (
          <p data-testid="capability">
            Against the standard ({view.capability.standard}), {CAPABILITY_TEXT[view.capability.verdict]}
          </p>
        )}
        {view.seasonal?.seasonal && (
          <p>
            This series is seasonal (seasonal strength {view.seasonal.strength.toFixed(2)}): its limits include the seasons, so the anomaly inbox judges each
            month against its season instead.
          </p>
        )}
      </div>
      <div className="step-changes">
        <h3>Step changes and baseline</h3>
        <p className="hint">A step change starts new limits from its month (e.g. a change in recording practice); a baseline fixes each segment’s limits on its first months.</p>
        <ul>
          {view.breaks.map((b) => (
            <li key={b}>
              New limits from {formatMonth(parseMonthKey(b))}{' '}
              <button type="button" className="link" onClick={() => configure(view.breaks.filter((x) => x !== b), view.baselinePoints)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        {suggestions.map((a) => (
          <p key={a.id}>
            A{a.id} records a recording-practice change in {formatMonth(parseMonthKey(a.from))}.{' '}
            <button type="button" onClick={() => configure([...view.breaks, a.from], view.baselinePoints)}>
              Recalculate limits from {formatMonth(parseMonthKey(a.from))}
            </button>
          </p>
        ))}
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
              <option value="">all months of each segment</option>
              {[12, 15, 20, 24, 36].map((n) => (
                <option key={n} value={n}>
                  first {n} months of each segment
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
