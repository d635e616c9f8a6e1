import { Fragment, useEffect, useState, type FormEvent } from 'react';
import type { DataExport, ReturnPreview } from '../../../shared/returns/returnSchemas';
import { formatDay } from '../../../shared/domain/format';
import { formatMonth, parseMonthKey } from '../../../shared/domain/periods';
import { HAND_SOURCE, sourceName } from '../../../shared/domain/sources';
import { api } from '../api';
import { useApi } from '../useApi';
import { stepThrough, useShortcuts } from '../keyboard';
import { ErrorMessage } from '../components/ErrorMessage';
import { ExportedFile } from '../components/ExportedFile';
import { FormActions } from '../components/FormActions';
import { ReasonForm } from '../components/ReasonForm';
import { errorText } from '../errorText';
import { WorkbookReturn } from '../returns/WorkbookReturn';
import { EntryGrid } from '../returns/EntryGrid';

type Cell = ReturnPreview['rows'][number]['cells'][number];
const columnOf = (address: string) => address.replace(/\d+$/, '');
type Row = ReturnPreview['rows'][number];

/**
 * Figures for the months a cell covers, entered by hand at one sitting: each kept with who entered it and
 * when, with the KPI's reported figures unless the analyst says they come from elsewhere.
 */
function EnterFigures({ row, cell, column, onDone, onCancel }: { row: Row; cell: Cell; column: string; onDone: () => void; onCancel: () => void }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [source, setSource] = useState('');
  const [error, setError] = useState<string>();
  const sources = useApi('kpis.sources', { kpiId: row.kpiId! }, [row.kpiId]).data;
  // Any other source the KPI has, and figures entered by hand: the default is the one it is reported from.
  const reported = sources?.reporting ?? HAND_SOURCE;
  const others = [...(sources?.sources ?? []), { source: HAND_SOURCE, name: sourceName(HAND_SOURCE) }].filter((s, i, all) => s.source !== reported && all.findIndex((o) => o.source === s.source) === i);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const entries = [];
      for (const [month, text] of Object.entries(values)) {
        if (text.trim() === '') continue;
        const value = Number(text.replace(/[£,]/g, ''));
        if (!Number.isFinite(value)) throw new Error(`“${text}” is not a number.`);
        entries.push({ kpiId: row.kpiId!, month, value, ...(source ? { source } : {}) });
      }
      if (entries.length) await api.call('figures.enterMany', { entries });
      onDone();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="dismiss-form" onSubmit={submit} aria-label={`Enter figures for ${row.label}`} onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), onCancel())}>
      <p className="form-context">
        {row.label}, {column}: the months it covers. Months with a figure already keep it unless you type a new one.
      </p>
      <div className="form-row">
        {cell.months.map((month, i) => (
          <label key={month}>
            {formatMonth(parseMonthKey(month))}{' '}
            <input inputMode="decimal" size={10} value={values[month] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [month]: e.target.value }))} autoFocus={i === 0} />
          </label>
        ))}
      </div>
      {sources && others.length === 0 && <p className="hint">Kept with {sources.reportingName ? `${sources.reportingName}, what the KPI is reported from` : `${sourceName(HAND_SOURCE)}: no file supplies this KPI`}.</p>}
      {sources && others.length > 0 && (
        <label className="form-row">
          Kept with{' '}
          <select className="source-select" value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">{sources.reportingName ? `${sources.reportingName} (what the KPI is reported from)` : `${sourceName(HAND_SOURCE)} (no file supplies this KPI)`}</option>
            {others.map((s) => (
              <option key={s.source} value={s.source}>
                {s.name} (kept beside, and reconciled)
              </option>
            ))}
          </select>
        </label>
      )}
      {error && <ErrorMessage message={error} />}
      <FormActions submitLabel="Save figures" onCancel={onCancel} />
    </form>
  );
}

/** The quarterly returns: each cell worked out from the workspace, what is missing, and the .xlsx. */
export function ReturnsPage({ period }: { period: string }) {
  const list = useApi('returns.list', {}, []);
  const kpis = useApi('kpis.list', {}, []);
  const [writtenVersion, setWrittenVersion] = useState(0);
  const [templateId, setTemplateId] = useState<string>();
  const chosen = templateId ?? list.data?.templates[0]?.id;
  const preview = useApi('returns.preview', chosen ? { templateId: chosen, period } : null, [chosen, period]);
  const [open, setOpen] = useState<{ address: string; action: 'enter' | 'na' } | null>(null);
  /** Cells chosen to mark n/a at once, and the row, column or selection they are. */
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [marking, setMarking] = useState<{ cells: string[]; what: string } | null>(null);
  const [status, setStatus] = useState<string>();
  const [written, setWritten] = useState<{ id: number; fileName: string }>();
  const [error, setError] = useState<string>();
  const data = preview.data;
  // What was written, compared with the workspace now: after every change the page makes, and every write.
  const exportsList = useApi('exports.list', {}, [data, writtenVersion]);
  /** Each export is a new file: say where, and offer to open it (desktop) or download it (browser). */
  const wrote = ({ path, exportId }: { path: string; exportId: number }) => {
    setWritten({ id: exportId, fileName: path.split(/[\\/]/).pop()! });
    setWrittenVersion((v) => v + 1);
    return `Written to ${path}.`;
  };
  // After a figure is entered or a cell marked, the status says so and the focus goes back to that cell once
  // the preview reloaded after the change is on screen, not the one shown when it was made: a row or column
  // acted on next is then counted from what is left of it.
  const [afterChange, setAfterChange] = useState<{ address: string | null; text: string; shown: typeof data } | null>(null);
  const done = (text: string) => {
    setAfterChange({ address: open?.address ?? null, text, shown: data });
    setOpen(null);
    setMarking(null);
    setSelected(new Set());
    preview.reload();
  };
  useEffect(() => {
    if (!afterChange || preview.loading || data === afterChange.shown) return;
    setStatus(afterChange.text);
    const cell = afterChange.address ? document.querySelector<HTMLElement>(`[data-cell="${afterChange.address}"]`) : null;
    const target = cell?.querySelector<HTMLElement>('button') ?? cell;
    if (target) {
      if (target === cell) cell.tabIndex = -1;
      target.focus();
    }
    setAfterChange(null);
  }, [afterChange, preview.loading, data]);
  // j and k go from one cell without a figure to the next, as they go from event to event in the inbox.
  const stepMissing = (by: number) =>
    stepThrough([...document.querySelectorAll<HTMLElement>('.returns-page td.cell.missing')], by)?.querySelector<HTMLElement>('button')?.focus();
  useShortcuts({ j: () => stepMissing(1), k: () => stepMissing(-1) });
  const cancel = () => {
    const address = open?.address;
    setOpen(null);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-cell="${address}"] button`)?.focus());
  };
  /** The cells without a figure that a test picks out: a column's, for marking it n/a at once. */
  const missingIn = (test: (cell: Cell) => boolean) => (data?.rows ?? []).flatMap((r) => r.cells.filter((c) => c.status === 'missing' && test(c)).map((c) => c.address));
  /** A cell as a manager would name it: the row's measure and the column's period. */
  const cellName = (address: string) => {
    const row = data?.rows.find((r) => r.cells.some((c) => c.address === address));
    const column = data?.columns.find((c) => c.column === columnOf(address))?.header;
    return row && column ? `${row.label}, ${column}` : address;
  };
  const run = async (work: () => Promise<string>) => {
    setError(undefined);
    setWritten(undefined);
    try {
      setStatus(await work());
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <div className="returns-page">
      <h1>Returns</h1>
      {list.error && <ErrorMessage message={list.error} />}
      <div className="toolbar">
        <label>
          Return
          <select value={chosen ?? ''} onChange={(e) => setTemplateId(e.target.value)}>
            {list.data?.templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => run(async () => wrote(await api.call('tables.export', { period, format: 'xlsx' })))}>
          KPI tables as .xlsx
        </button>
        <button type="button" onClick={() => run(async () => wrote(await api.call('tables.export', { period, format: 'csv' })))}>
          KPI tables as .csv
        </button>
      </div>
      {list.data?.broken.map((b) => <ErrorMessage key={b.file} message={`This return cannot be used: ${b.message}`} />)}
      {list.data && (
        <details className="hint own-returns">
          <summary>Returns of your own</summary>
          A return is its own workbook with the mapping of its cells: open the workbook below, map it, export the mapping{' '}
          (<kbd>workbench return-map FILE.xlsx --export NAME.mapping.json</kbd>) and put the two, as NAME.xlsx and NAME.mapping.json, in the returns folder ({list.data.folder}). It then
          appears in the list above, or here with what is wrong with it.
        </details>
      )}
      <div role="status" className="status-line">
        {status}
        {written && <ExportedFile kind="data" id={written.id} fileName={written.fileName} exists />}
      </div>
      {error && <ErrorMessage message={error} />}
      {preview.error && <ErrorMessage message={preview.error} />}
      {data && (
        <>
          <h2>
            {data.name}: {data.periodLong}
          </h2>
          <EntryGrid rows={data.rows} onSaved={(text) => done(text)} />
          {(selected.size > 0 || marking) && (
            <div className="mark-many-bar">
              {marking ? (
                <ReasonForm
                  question={`Why are the figures of ${marking.what} not available?`}
                  submitLabel={`Mark ${marking.cells.length} cells not available`}
                  onCancel={() => setMarking(null)}
                  onSubmit={async (reason) => {
                    await api.call('returns.markNotAvailable', { templateId: data.id, period, cells: marking.cells, reason });
                    done(`${marking.cells.length} cells of ${marking.what.replace(/ \(\d+ cells\)$/, '')} marked not available.`);
                  }}
                />
              ) : (
                <button type="button" onClick={() => setMarking({ cells: [...selected], what: `the ${selected.size} cells selected` })}>
                  Mark the {selected.size} selected cell{selected.size === 1 ? '' : 's'} n/a…
                </button>
              )}
            </div>
          )}
          <div className="table-wrap return-scroll" tabIndex={0} role="region" aria-label={`${data.name}, every cell`}>
            <table className="return-grid" data-testid="return-grid">
              <caption>
                Every cell of the return as it will be written ({data.marking}); a cell without a figure can be entered or marked not available
              </caption>
              <thead>
                <tr>
                  <th scope="col">Measure</th>
                  {data.columns.map((c) => {
                    const missing = missingIn((cell) => columnOf(cell.address) === c.column);
                    return (
                      <th scope="col" key={c.column}>
                        {c.header}
                        {missing.length > 1 && (
                          <button type="button" className="link mark-many" onClick={() => setMarking({ cells: missing, what: `the ${c.header} column (${missing.length} cells)` })}>
                            n/a…<span className="visually-hidden"> for every cell of the {c.header} column without a figure</span>
                          </button>
                        )}
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row) => {
                  if (row.kind === 'heading') {
                    return (
                      <tr key={row.row} className="heading-row">
                        <th scope="colgroup" colSpan={data.columns.length + 1}>
                          {row.label}
                        </th>
                      </tr>
                    );
                  }
                  const openCell = row.cells.find((c) => c.address === open?.address);
                  return (
                    <Fragment key={row.row}>
                      <tr className={row.kind}>
                        <th scope="row">
                          {row.label}
                          {row.cells.filter((c) => c.status === 'missing').length > 1 && (
                            <button
                              type="button"
                              className="link mark-many"
                              onClick={() => setMarking({ cells: row.cells.filter((c) => c.status === 'missing').map((c) => c.address), what: `the ${row.label} row (${row.cells.filter((c) => c.status === 'missing').length} cells)` })}
                            >
                              n/a…<span className="visually-hidden"> for every cell of the {row.label} row without a figure</span>
                            </button>
                          )}
                        </th>
                        {row.cells.map((c) => (
                          <td key={c.address} className={`cell ${c.status}`} title={`${c.source}${c.reason ? `. Not available: ${c.reason}` : ''} (cell ${c.address} of the return)`} data-cell={c.address}>
                            {c.status === 'missing' ? (
                              <span className="cell-actions">
                                <label className="select-cell">
                                  <input
                                    type="checkbox"
                                    checked={selected.has(c.address)}
                                    onChange={(e) => setSelected((now) => (e.target.checked ? new Set([...now, c.address]) : new Set([...now].filter((x) => x !== c.address))))}
                                  />
                                  <span className="visually-hidden">Select {cellName(c.address)}</span>
                                </label>
                                <span className="missing-note">no figure</span>
                                {row.kind === 'measure' && (
                                  <button type="button" className="link" onClick={() => setOpen({ address: c.address, action: 'enter' })}>
                                    Enter…<span className="visually-hidden"> figures for {cellName(c.address)}</span>
                                  </button>
                                )}
                                <button type="button" className="link" onClick={() => setOpen({ address: c.address, action: 'na' })}>
                                  n/a…<span className="visually-hidden"> for {cellName(c.address)}: mark it not available</span>
                                </button>
                              </span>
                            ) : c.status === 'not_available' ? (
                              <span>
                                n/a{' '}
                                <button
                                  type="button"
                                  className="link"
                                  aria-label={`Take the not-available mark off ${cellName(c.address)}`}
                                  onClick={async () => {
                                    setOpen({ address: c.address, action: 'na' });
                                    await api.call('returns.markNotAvailable', { templateId: data.id, period, cell: c.address, reason: null });
                                    done(`${cellName(c.address)} is no longer marked not available.`);
                                  }}
                                >
                                  ✕
                                </button>
                              </span>
                            ) : (
                              c.display
                            )}
                          </td>
                        ))}
                      </tr>
                      {openCell && (
                        <tr className="inline-form">
                          <td colSpan={data.columns.length + 1}>
                            {open!.action === 'enter' ? (
                              <EnterFigures
                                row={row}
                                cell={openCell}
                                column={data.columns.find((c) => c.column === columnOf(openCell.address))?.header ?? ''}
                                onCancel={cancel}
                                onDone={() => done(`Figures for ${cellName(openCell.address)} saved.`)}
                              />
                            ) : (
                              <ReasonForm
                                question={`Why is ${cellName(openCell.address)} not available?`}
                                submitLabel="Mark not available"
                                onCancel={cancel}
                                onSubmit={async (reason) => {
                                  await api.call('returns.markNotAvailable', { templateId: data.id, period, cell: openCell.address, reason });
                                  done(`${cellName(openCell.address)} marked not available.`);
                                }}
                              />
                            )}
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
          {data.problems.length > 0 && (
            <details className="problems error" open={data.problems.length <= 12}>
              <summary>
                {data.problems.length} cell{data.problems.length === 1 ? '' : 's'} to resolve before the return can be written
              </summary>
              <ul>
                {data.problems.map((p) => (
                  <li key={p.address}>
                    <strong>{cellName(p.address)}</strong> (cell {p.address}): {p.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              disabled={!data.canExport}
              onClick={() => run(async () => wrote(await api.call('returns.export', { templateId: data.id, period })))}
            >
              Write the return (.xlsx)
            </button>
          </div>
        </>
      )}
      {kpis.data && <WorkbookReturn period={period} kpis={kpis.data} onWritten={() => setWrittenVersion((v) => v + 1)} />}
      {exportsList.data && <ReturnsWritten exports={exportsList.data.filter((e) => e.kind === 'return')} />}
    </div>
  );
}

/** Each return written, and whether the workspace still gives its figures: the cells that now differ. */
function ReturnsWritten({ exports }: { exports: DataExport[] }) {
  if (!exports.length) return null;
  return (
    <section className="returns-written" aria-labelledby="returns-written">
      <h2 id="returns-written">Returns written</h2>
      <ul>
        {exports.map((e) => (
          <li key={e.id} data-testid="return-export">
            <strong>
              {e.period} {e.name}
            </strong>
            , exported {formatDay(e.createdAt)} ({e.filePath.split(/[\\/]/).pop()}):{' '}
            {e.differences === null ? (
              'its return is no longer here to compare.'
            ) : e.differences.length === 0 ? (
              'still matches the workspace.'
            ) : (
              <span className="differs">
                {e.differences.length} cell{e.differences.length === 1 ? '' : 's'} now differ: {e.differences.map((d) => `${d.address} was ${d.was}, now ${d.now}`).join('; ')}.
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
