import { useEffect, useState } from 'react';
import type { ImportEntry } from '../../../shared/api/contract';
import { api } from '../api';
import { useApi } from '../useApi';
import { ErrorMessage } from './ErrorMessage';
import { TableHead } from './TableHead';
import { errorText } from '../errorText';

interface Props {
  version: number;
  onUndone: () => void;
}

const KIND: Record<ImportEntry['kind'], string> = { demo: 'Demo data', file: 'File', manual: 'Entered' };

/** Every import, newest first, each with Undo until it has been undone. */
export function ImportHistory({ version, onUndone }: Props) {
  const [undone, setUndone] = useState(0);
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const history = useApi('imports.list', {}, [version, undone]);
  // A new import makes the last undo's message old news.
  useEffect(() => setMessage(undefined), [version]);

  const undo = async (entry: ImportEntry) => {
    if (!window.confirm(`Undo import ${entry.id} (${entry.label})? The figures it added go, and those it changed get their earlier values back.`)) return;
    setError(undefined);
    try {
      const result = await api.call('imports.undo', { importId: entry.id });
      setMessage(`Undid import ${result.importId}: ${result.restored} figures restored, ${result.removed} removed.`);
      setUndone((n) => n + 1);
      onUndone();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section className="import-history">
      <h2>Import history</h2>
      {error && <ErrorMessage message={error} />}
      {message && (
        <p role="status" className="outcome">
          {message}
        </p>
      )}
      {history.data && history.data.length === 0 && <p>Nothing has been imported into this workspace yet.</p>}
      {history.data && history.data.length > 0 && (
        <table data-testid="import-history">
          <TableHead columns={['Import', 'When', 'What', 'New', 'Changed', <span className="visually-hidden">Undo</span>]} />
          <tbody>
            {history.data.map((entry) => (
              <tr key={entry.id} className={entry.undoneAt ? 'undone' : undefined}>
                <th scope="row">{entry.id}</th>
                <td>{new Date(entry.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td>
                  {KIND[entry.kind]}: {entry.label}
                </td>
                <td>{entry.totals.added}</td>
                <td>{entry.totals.changed}</td>
                <td>
                  {entry.undoneAt ? (
                    `Undone ${new Date(entry.undoneAt).toLocaleDateString('en-GB')}`
                  ) : (
                    <button type="button" onClick={() => void undo(entry)} aria-label={`Undo import ${entry.id}`}>
                      Undo
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
