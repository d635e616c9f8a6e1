import { Fragment, useEffect, useRef, useState } from 'react';
import type { ImportEntry } from '../../../shared/import/importSchemas';
import { api } from '../api';
import { useApi } from '../useApi';
import { ErrorMessage } from './ErrorMessage';
import { TableHead } from './TableHead';
import { errorText } from '../errorText';

interface Props {
  /** Moves with each import made on the page: the last undo's message is then old news. */
  version: number;
  /** Moves when the workspace changes in place (a restore and its undo): the history is read again. */
  workspaceVersion: number;
  onUndone: () => void;
}

const KIND: Record<ImportEntry['kind'], string> = { demo: 'Demo data', file: 'File', manual: 'Entered' };

/** Every import, newest first, each with Undo until it has been undone. */
export function ImportHistory({ version, workspaceVersion, onUndone }: Props) {
  const [undone, setUndone] = useState(0);
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const history = useApi('imports.list', {}, [version, undone, workspaceVersion]);
  /** The batch of hand entries whose figures are shown, each to be undone on its own. */
  const [shown, setShown] = useState<number>();
  const figures = useApi('imports.figures', shown ? { importId: shown } : null, [shown, undone]);
  // A new import makes the last undo's message old news.
  useEffect(() => setMessage(undefined), [version]);
  // The Undo pressed is gone once its import is undone: the focus goes to the line saying what was undone.
  const outcome = useRef<HTMLParagraphElement>(null);
  const [undoneBy, setUndoneBy] = useState(0);
  useEffect(() => {
    if (undoneBy) outcome.current?.focus();
  }, [undoneBy]);

  const undo = async (entry: ImportEntry) => {
    if (!window.confirm(`Undo import ${entry.id} (${entry.label})? The figures it added go, and those it changed get their earlier values back.`)) return;
    setError(undefined);
    try {
      const result = await api.call('imports.undo', { importId: entry.id });
      setMessage(`Undid import ${result.importId}: ${result.restored} figures restored, ${result.removed} removed.`);
      setUndone((n) => n + 1);
      setUndoneBy((n) => n + 1);
      onUndone();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const undoOne = async (entry: ImportEntry, f: NonNullable<typeof figures.data>[number]) => {
    setError(undefined);
    try {
      const result = await api.call('imports.undoFigure', { importId: entry.id, kpiId: f.kpiId, month: f.month, dimension: f.dimension, category: f.category });
      setMessage(`Undid ${f.kpiName}${f.category ? ` (${f.category})` : ''}, ${f.month} of import ${entry.id}: ${result.action === 'restored' ? 'its earlier figure is back' : 'it is gone'}; ${result.remaining} of its figures left.`);
      setUndone((n) => n + 1);
      setUndoneBy((n) => n + 1);
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
        <p role="status" className="outcome" ref={outcome} tabIndex={-1}>
          {message}
        </p>
      )}
      {history.data && history.data.length === 0 && <p>Nothing has been imported into this workspace yet.</p>}
      {history.data && history.data.length > 0 && (
        <table data-testid="import-history">
          <TableHead columns={['Import', 'When', 'What', 'New', 'Changed', <span className="visually-hidden">Undo</span>]} />
          <tbody>
            {history.data.map((entry) => (
              <Fragment key={entry.id}>
                <tr className={entry.undoneAt ? 'undone' : undefined}>
                  <th scope="row">{entry.id}</th>
                  <td>{new Date(entry.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</td>
                  <td>
                    {KIND[entry.kind]}: {entry.label}
                    {!entry.undoneAt && entry.kind === 'manual' && entry.totals.added + entry.totals.changed > 1 && (
                      <>
                        {' '}
                        <button type="button" className="link" aria-expanded={shown === entry.id} onClick={() => setShown(shown === entry.id ? undefined : entry.id)} aria-label={`The figures of import ${entry.id}, to undo one by one`}>
                          Figures…
                        </button>
                      </>
                    )}
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
                {shown === entry.id && !entry.undoneAt && figures.data && (
                  <tr className="import-figures">
                    <td colSpan={6}>
                      <ul aria-label={`Figures of import ${entry.id}`}>
                        {figures.data.map((f) => (
                          <li key={`${f.kpiId}|${f.dimension}|${f.category}|${f.month}`}>
                            {f.kpiName}
                            {f.category ? ` (${f.dimension}: ${f.category})` : ''}, {f.month}: {f.display}{' '}
                            <button type="button" className="link" onClick={() => void undoOne(entry, f)}>
                              Undo this one<span className="visually-hidden">: {f.kpiName}, {f.month}</span>
                            </button>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
