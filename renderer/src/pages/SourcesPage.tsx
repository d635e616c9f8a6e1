import { useState, type FormEvent } from 'react';
import type { Reconciliation } from '../../../shared/api/sourceSchemas';
import { formatDay } from '../../../shared/domain/format';
import { api } from '../api';
import { errorText } from '../errorText';
import { navigate } from '../route';
import { useApi } from '../useApi';
import { ErrorMessage } from '../components/ErrorMessage';
import { StatusMessage, type Status } from '../components/StatusMessage';

/** The analyst's note on one difference: written in place, saved with who and when; Esc leaves it as it was. */
function NoteEditor({ row, period, onSaved, onCancel }: { row: Reconciliation; period: string; onSaved: (rows: Reconciliation[], before: string) => void; onCancel: () => void }) {
  const [text, setText] = useState(row.note ?? '');
  const [error, setError] = useState<string>();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onSaved(await api.call('figures.noteReconciliation', { kpiId: row.kpiId, period, note: text }), row.note ?? '');
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="note-editor" onSubmit={save} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onCancel())}>
      <label>
        Why the sources differ
        <textarea autoFocus rows={3} cols={40} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="form-actions">
        <button type="submit" className="primary">
          Save note
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && <ErrorMessage message={error} />}
    </form>
  );
}

/**
 * Every KPI the period holds from two or more sources (the force's own systems, data.police.uk, another the
 * analyst named): each source's figure, how far they differ, largest first, which one the KPI is reported
 * from, and the analyst's note on why, which the report prints in its appendix.
 */
export function SourcesPage({ period }: { period: string }) {
  const loaded = useApi('figures.reconcile', { period }, [period]);
  const [rows, setRows] = useState<Reconciliation[]>();
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>();
  const shown = rows ?? loaded.data;
  const restore = (kpiId: string, note: string) => async () => setRows(await api.call('figures.noteReconciliation', { kpiId, period, note }));
  return (
    <div className="sources-page">
      <h1>Figures from two sources, {period}</h1>
      <p className="period-long">
        The force’s own systems and the published open data count differently. Each figure is kept with its source and never mixed: every KPI is reported from one source, named under its tables and charts,
        and chosen on its own page.
      </p>
      <StatusMessage status={status} onUndone={(text) => setStatus({ text })} />
      {loaded.error && <ErrorMessage message={loaded.error} />}
      {shown && shown.length === 0 && <p>No KPI is held from more than one source in {period}.</p>}
      {shown && shown.length > 0 && (
        <div className="table-wrap">
          <table className="reconciliation-table" data-testid="reconciliation">
            <caption>KPIs held from two sources in {period}, the largest difference first: the second source less the first</caption>
            <thead>
              <tr>
                <th scope="col">KPI</th>
                <th scope="col">Figures</th>
                <th scope="col">Difference</th>
                <th scope="col">% Difference</th>
                <th scope="col">Reported from</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.kpiId} data-kpi={row.kpiId}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => navigate({ view: 'kpi', kpiId: row.kpiId, period })}>
                      {row.name}
                    </button>
                  </th>
                  <td>
                    <ul className="plain">
                      {row.sources.map((s, i) => (
                        <li key={s.source}>
                          {s.name}: <strong>{row.display.values[i]}</strong>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{row.display.difference}</td>
                  <td>{row.display.differencePercent}</td>
                  <td className="reported-from">{row.reportedFrom}</td>
                  <td className="note-cell">
                    {editing === row.kpiId ? (
                      <NoteEditor
                        row={row}
                        period={period}
                        onCancel={() => setEditing(null)}
                        onSaved={(next, before) => {
                          setRows(next);
                          setEditing(null);
                          setStatus({ text: `Note on ${row.name} saved.`, undo: restore(row.kpiId, before) });
                        }}
                      />
                    ) : (
                      <>
                        {row.note && (
                          <p>
                            {row.note} <span className="hint">({row.noted!.by}, {formatDay(row.noted!.at)})</span>
                          </p>
                        )}
                        <button type="button" onClick={() => setEditing(row.kpiId)} aria-label={`${row.note ? 'Edit note' : 'Add note'}: ${row.name}`}>
                          {row.note ? 'Edit note' : 'Add note'}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
