import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { formatMonthShort, parseMonthKey } from '../../../shared/domain/periods';
import type { ReturnPreview } from '../../../shared/returns/returnSchemas';
import { api } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { errorText } from '../errorText';

type Row = ReturnPreview['rows'][number];

/**
 * What the return lacks, typed straight in: a row per measure without all its figures, a column per month
 * one of them needs. Tab goes along, Enter goes down (Shift+Enter up), as in a spreadsheet. Saved together,
 * the figures are one entry in the import history, undone together.
 */
export function EntryGrid({ rows, onSaved }: { rows: Row[]; onSaved: (text: string, importId: number) => void }) {
  const wanting = rows.filter((r) => r.kind === 'measure' && r.kpiId && r.missingMonths.length);
  const months = [...new Set(wanting.flatMap((r) => r.missingMonths))].sort();
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const table = useRef<HTMLTableElement>(null);
  if (!wanting.length) return null;
  const key = (row: Row, month: string) => `${row.row}|${month}`;
  const typed = Object.values(values).filter((v) => v.trim() !== '').length;

  const move = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const [row, month] = (e.currentTarget.dataset.entry ?? '').split('|');
    const inputs = [...(table.current?.querySelectorAll<HTMLInputElement>(`input[data-month="${month}"]`) ?? [])];
    const at = inputs.findIndex((i) => i.dataset.entry === `${row}|${month}`);
    inputs[at + (e.shiftKey ? -1 : 1)]?.focus();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const entries = [];
    for (const row of wanting) {
      for (const month of row.missingMonths) {
        const text = values[key(row, month)]?.trim();
        if (!text) continue;
        const value = Number(text.replace(/[£,\s]/g, ''));
        if (!Number.isFinite(value)) {
          setError(`${row.label}, ${formatMonthShort(parseMonthKey(month))}: “${text}” is not a number.`);
          table.current?.querySelector<HTMLInputElement>(`input[data-entry="${key(row, month)}"]`)?.focus();
          return;
        }
        entries.push({ kpiId: row.kpiId!, month, value, dimension: row.dimension ?? '', category: row.category ?? '' });
      }
    }
    if (!entries.length) return setError('Type a figure first.');
    setBusy(true);
    try {
      const saved = await api.call('figures.enterMany', { entries });
      setError(undefined);
      setValues({});
      onSaved(`${entries.length} figure${entries.length === 1 ? '' : 's'} entered, as import ${saved.importId}; undo it in the import history to take them all back.`, saved.importId);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="entry-grid" onSubmit={submit} aria-labelledby="entry-grid">
      <h3 id="entry-grid">Enter what the return lacks</h3>
      <p className="hint">Type each figure in its month. Tab moves along a row, Enter down a column. Saved together, they are one entry in the import history. A measure no file supplies is kept as figures entered by hand; a month a file’s figures lack joins them.</p>
      <div className="table-wrap" role="region" aria-label="Figures the return lacks" tabIndex={-1}>
        <table ref={table}>
          <caption className="visually-hidden">Months without a figure, by measure</caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              {months.map((m) => (
                <th scope="col" key={m}>
                  {formatMonthShort(parseMonthKey(m))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {wanting.map((row) => (
              <tr key={row.row}>
                <th scope="row">{row.label}</th>
                {months.map((m) =>
                  row.missingMonths.includes(m) ? (
                    <td key={m}>
                      <input
                        inputMode="decimal"
                        size={9}
                        aria-label={`${row.label}, ${formatMonthShort(parseMonthKey(m))}`}
                        value={values[key(row, m)] ?? ''}
                        onChange={(e) => setValues((v) => ({ ...v, [key(row, m)]: e.target.value }))}
                        onKeyDown={move}
                        data-entry={key(row, m)}
                        data-month={m}
                      />
                    </td>
                  ) : (
                    <td key={m} className="has-figure">
                      <span className="visually-hidden">has a figure</span>
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && <ErrorMessage message={error} />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {typed ? `Save ${typed} figure${typed === 1 ? '' : 's'}` : 'Save the figures typed'}
        </button>
      </div>
    </form>
  );
}
