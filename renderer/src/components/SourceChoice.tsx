import { useState, type FormEvent } from 'react';
import type { KpiSources } from '../../../shared/api/sourceSchemas';
import { formatDay } from '../../../shared/domain/format';
import { api } from '../api';
import { errorText } from '../errorText';
import { ErrorMessage } from './ErrorMessage';
import { StatusMessage, type Status } from './StatusMessage';

const DEFAULT = '';

/**
 * Which source a KPI is reported from, and (where it has figures from more than one) the choice of another.
 * The choice applies everywhere the KPI is shown; undo puts the previous choice back.
 */
export function SourceChoice({ sources, onChanged }: { sources: KpiSources; onChanged: () => void }) {
  const [status, setStatus] = useState<Status>();
  const [picked, setPicked] = useState(sources.choice?.source ?? DEFAULT);
  const [error, setError] = useState<string>();
  const reporting = sources.reportingName ?? 'no figures yet';
  const use = async (e: FormEvent) => {
    e.preventDefault();
    const before = sources.choice?.source ?? null;
    try {
      const after = await api.call('kpis.setSource', { kpiId: sources.kpiId, source: picked === DEFAULT ? null : picked });
      setError(undefined);
      setStatus({
        text: `${sources.name} is now reported from ${after.reportingName}.`,
        undo: async () => {
          await api.call('kpis.setSource', { kpiId: sources.kpiId, source: before });
          setPicked(before ?? DEFAULT);
        },
      });
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <>
      <span data-testid="reporting-source">{reporting}</span>
      {sources.choice && (
        <span className="hint">
          {' '}
          (chosen by {sources.choice.by} on {formatDay(sources.choice.at)})
        </span>
      )}
      {sources.sources.length > 1 && (
        <form className="source-choice" onSubmit={use}>
          <label>
            Report from{' '}
            <select value={picked} onChange={(e) => setPicked(e.target.value)}>
              <option value={DEFAULT}>The default (the force’s own where it has figures)</option>
              {sources.sources.map((s) => (
                <option key={s.source} value={s.source}>
                  {s.name} ({s.figures} figures)
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="submit" disabled={picked === (sources.choice?.source ?? DEFAULT)}>
            Use this source
          </button>
        </form>
      )}
      {error && <ErrorMessage message={error} />}
      <StatusMessage status={status} onUndone={(text) => (setStatus({ text }), onChanged())} />
    </>
  );
}
