import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { Kpi } from '../../../shared/domain/kpi';
import { formatDay } from '../../../shared/domain/format';
import { mappingTarget, periodOfHeader, type MappedCell } from '../../../shared/returns/mapping';
import type { ReturnWorkbook, WorkbookFill } from '../../../shared/returns/returnSchemas';
import { columnLetters, parseAddress, RETURN_PERIODS, type ReturnPeriod } from '../../../shared/returns/template';
import { api, stageFiles } from '../api';
import { useApi } from '../useApi';
import { ErrorMessage } from '../components/ErrorMessage';
import { ExportedFile } from '../components/ExportedFile';
import { FormActions } from '../components/FormActions';
import { ReasonForm } from '../components/ReasonForm';
import { errorText } from '../errorText';

const PERIODS = Object.entries(RETURN_PERIODS) as [ReturnPeriod, string][];
const SHORT_PERIODS: Record<ReturnPeriod, string> = { month1: 'month 1', month2: 'month 2', month3: 'month 3', quarter: 'quarter', same_quarter_last_year: 'last year', year_to_date: 'year to date' };

/**
 * The Home Office's own workbook, filled in a copy: its sheets shown as they are (merged cells, labels,
 * formulas), each mapped cell marked with what fills it. A cell is mapped by clicking it and choosing a KPI
 * (searchable), a breakdown if any and a period of the quarter; the mapping the labels propose is kept with
 * one button. The filled copy changes only the mapped cells.
 */
export function WorkbookReturn({ period, kpis, onWritten }: { period: string; kpis: Kpi[]; onWritten: () => void }) {
  const [file, setFile] = useState<string>();
  const [view, setView] = useState<ReturnWorkbook>();
  const [sheet, setSheet] = useState<string>();
  const [editing, setEditing] = useState<string>();
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [written, setWritten] = useState<{ id: number; fileName: string }>();
  const [fillVersion, setFillVersion] = useState(0);
  const [marking, setMarking] = useState<{ cells: string[]; what: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const saved = view?.mapping.source === 'saved' || view?.mapping.source === 'built-in';
  const fill = useApi('returns.fillWorkbook', file && saved ? { path: file, period } : null, [file, saved, period, fillVersion]);

  const act = async (work: () => Promise<void>) => {
    setError(undefined);
    try {
      await work();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const open = (chosen: File | undefined) =>
    act(async () => {
      if (!chosen) return;
      const [staged] = await stageFiles([chosen]);
      const next = await api.call('returnMaps.get', { path: staged });
      setFile(staged);
      setView(next);
      setSheet(next.sheets.find((s) => !s.hidden)?.name);
      setWritten(undefined);
      setStatus(next.mapping.source !== 'proposed' ? `${next.fileName} is mapped${next.mapping.source === 'built-in' ? ' by the built-in return' : ''} (version ${next.mapping.version}).` : `${next.fileName} is not mapped yet: ${next.mapping.cells.length} cells are proposed from its labels.`);
    }).finally(() => input.current && (input.current.value = ''));
  const setCells = (specs: string[], said: string) =>
    act(async () => {
      const next = await api.call('returnMaps.set', { path: file!, set: specs });
      setView(next);
      setEditing(undefined);
      setFillVersion((v) => v + 1);
      setStatus(said);
    });
  const write = () =>
    act(async () => {
      const result = await api.call('returns.exportWorkbook', { path: file!, period });
      setWritten({ id: result.exportId, fileName: result.path.split(/[\\/]/).pop()! });
      setStatus(`Written to ${result.path}: the workbook with only its mapped cells filled.`);
      onWritten();
    });

  return (
    <section className="workbook-return" aria-labelledby="workbook-return">
      <h2 id="workbook-return">A return workbook you were sent</h2>
      <p className="hint">Open the workbook the return came as (.xlsx): its mapped cells are filled in a copy; its formulas, merged cells, validation, protection and other sheets stay as they are.</p>
      <div className="form-actions">
        <button type="button" onClick={() => input.current?.click()}>
          {view ? 'Open another workbook…' : 'Open a return workbook…'}
        </button>
        <input ref={input} type="file" accept=".xlsx" hidden onChange={(e) => void open(e.target.files?.[0])} data-testid="return-workbook-file" />
        {view && !saved && (
          <button type="button" className="primary" onClick={() => void setCells([], `The mapping of ${view.fileName} is kept (version 1): ${view.mapping.cells.length} cells.`)}>
            Keep this mapping
          </button>
        )}
      </div>
      <p role="status" className="status-line">
        {status}
        {written && <ExportedFile kind="data" id={written.id} fileName={written.fileName} exists />}
      </p>
      {error && <ErrorMessage message={error} />}
      {view && (
        <>
          <p>
            {saved
              ? `Mapping “${view.mapping.name}”, version ${view.mapping.version}, by ${view.mapping.updatedBy} on ${formatDay(view.mapping.updatedAt!)}: ${view.mapping.cells.length} cells.`
              : `Proposed from its labels: ${view.mapping.cells.length} cells. Click a cell to change what fills it.`}
          </p>
          <div className="sheet-tabs" role="group" aria-label="Sheets">
            {view.sheets.map((s) => (
              <button key={s.name} type="button" aria-pressed={s.name === sheet} onClick={() => setSheet(s.name)}>
                {s.name}
                {s.hidden ? ' (hidden)' : ''}
              </button>
            ))}
          </div>
          {sheet && <SheetGrid view={view} sheet={sheet} fill={fill.data} onCell={setEditing} editing={editing} kpis={kpis} />}
          {editing && (
            <CellMapping
              key={editing}
              address={editing}
              label={view.mapping.cells.find((c) => `${c.mapped.sheet}!${c.mapped.cell}` === editing)?.label}
              mapped={view.mapping.cells.find((c) => `${c.mapped.sheet}!${c.mapped.cell}` === editing)?.mapped}
              suggested={columnPeriod(view, editing)}
              kpis={kpis}
              onCancel={() => setEditing(undefined)}
              onSave={(target) => void setCells([`${editing}=${target}`], target ? `${editing} now takes ${target}.` : `${editing} is no longer mapped.`)}
            />
          )}
          {saved && fill.data && (
            <>
              {fill.data.problems.length > 0 ? (
                <details className="problems error" open={fill.data.problems.length <= 12}>
                  <summary>
                    {fill.data.problems.length} cell{fill.data.problems.length === 1 ? '' : 's'} without a figure for {period}
                  </summary>
                  <ul>
                    {fill.data.problems.map((p) => (
                      <li key={p.address}>
                        {p.message}{' '}
                        <button type="button" className="link" onClick={() => setMarking({ cells: [p.address], what: p.address })}>
                          n/a…<span className="visually-hidden"> for {p.address}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                  <button type="button" onClick={() => setMarking({ cells: fill.data!.problems.map((p) => p.address), what: `the ${fill.data!.problems.length} cells without a figure` })}>
                    Mark all {fill.data.problems.length} n/a…
                  </button>
                </details>
              ) : (
                <p>Every mapped cell has its figure for {period}.</p>
              )}
              <div className="form-actions">
                <button type="button" className="primary" disabled={!fill.data.canExport} onClick={() => void write()}>
                  Write the filled copy (.xlsx)
                </button>
              </div>
            </>
          )}
          {marking && (
            <ReasonForm
              question={`Why are the figures of ${marking.what} not available?`}
              submitLabel={`Mark ${marking.cells.length === 1 ? marking.what : `${marking.cells.length} cells`} not available`}
              onCancel={() => setMarking(null)}
              onSubmit={async (reason) => {
                await api.call('returns.markWorkbookNotAvailable', { path: file!, period, cells: marking.cells, reason });
                setMarking(null);
                setFillVersion((v) => v + 1);
                setStatus(`${marking.cells.length === 1 ? marking.what : `${marking.cells.length} cells`} marked not available.`);
              }}
            />
          )}
          {fill.error && <ErrorMessage message={fill.error} />}
        </>
      )}
    </section>
  );
}

/** The period a cell's column heads ("Month 1", "Year to date"), offered first when it is mapped. */
function columnPeriod(view: ReturnWorkbook, target: string): ReturnPeriod | undefined {
  const [sheetName, address] = target.split('!');
  const { column, row } = parseAddress(address);
  const cells = view.sheets.find((s) => s.name === sheetName)?.cells ?? [];
  const above = cells.map((c) => ({ ...parseAddress(c.address), text: c.text })).filter((c) => c.column === column && c.row < row && c.text).sort((a, b) => b.row - a.row);
  return above.map((c) => periodOfHeader(c.text)).find((p) => p !== undefined);
}

/** A sheet as it looks: column letters, row numbers, merged cells spanning, each cell a button to map it. */
function SheetGrid({ view, sheet, fill, onCell, editing, kpis }: { view: ReturnWorkbook; sheet: string; fill?: WorkbookFill; onCell: (address: string) => void; editing?: string; kpis: Kpi[] }) {
  const names = useMemo(() => new Map(kpis.map((k) => [k.id, k.name])), [kpis]);
  const describe = (m: MappedCell) => `${names.get(m.kpi) ?? m.kpi}${m.category ? ` (${m.category})` : ''}, ${SHORT_PERIODS[m.period]}`;
  const s = view.sheets.find((x) => x.name === sheet)!;
  const cells = useMemo(() => new Map(s.cells.map((c) => [c.address, c])), [s]);
  const mapped = useMemo(() => new Map(view.mapping.cells.filter((c) => c.mapped.sheet === sheet).map((c) => [c.mapped.cell, c.mapped])), [view, sheet]);
  const filled = useMemo(() => new Map((fill?.cells ?? []).filter((c) => c.sheet === sheet).map((c) => [c.cell, c])), [fill, sheet]);
  // A merged range is drawn as its first cell spanning the others, which are not drawn.
  const spans = new Map<string, { colSpan: number; rowSpan: number }>();
  const covered = new Set<string>();
  for (const range of s.merges) {
    const [from, to] = range.split(':').map(parseAddress);
    spans.set(`${columnLetters(from.column)}${from.row}`, { colSpan: to.column - from.column + 1, rowSpan: to.row - from.row + 1 });
    for (let r = from.row; r <= to.row; r++) for (let c = from.column; c <= to.column; c++) if (r !== from.row || c !== from.column) covered.add(`${columnLetters(c)}${r}`);
  }
  const columns = Array.from({ length: Math.min(s.columns + 1, 40) }, (_, i) => i + 1);
  const rows = Array.from({ length: Math.min(s.rows + 2, 400) }, (_, i) => i + 1);
  return (
    <div className="table-wrap sheet-scroll" tabIndex={0} role="region" aria-label={`Sheet ${sheet}`}>
      <table className="sheet-grid" data-testid="sheet-grid">
        <caption className="visually-hidden">
          {sheet}: each cell as the workbook holds it; mapped cells show what fills them
        </caption>
        <thead>
          <tr>
            <td />
            {columns.map((c) => (
              <th key={c} scope="col">
                {columnLetters(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r}>
              <th scope="row">{r}</th>
              {columns.map((c) => {
                const address = `${columnLetters(c)}${r}`;
                if (covered.has(address)) return null;
                const cell = cells.get(address);
                const map = mapped.get(address);
                const value = filled.get(address);
                const shown = map ? (value ? value.display : describe(map)) : cell?.formula ? `=${cell.formula}` : (cell?.text ?? '');
                const kind = map ? `mapped${value ? ` ${value.status}` : ''}` : cell?.formula ? 'formula' : cell?.text ? 'label' : 'empty';
                return (
                  <td key={c} {...spans.get(address)} className={`sheet-cell ${kind}${editing === `${sheet}!${address}` ? ' editing' : ''}`}>
                    {cell?.formula && !map ? (
                      <span title={`=${cell.formula}: the workbook works it out`}>{shown}</span>
                    ) : (
                      <button type="button" className="cell-button" onClick={() => onCell(`${sheet}!${address}`)} aria-label={`${sheet}!${address}${cell?.text ? `, ${cell.text}` : ''}${map ? `, filled with ${describe(map)}${value ? `: ${value.display}` : ''}` : ', not mapped'}`}>
                        {shown}
                      </button>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What fills one cell: a KPI found by typing part of its name, a breakdown if any, and a period of the quarter. */
function CellMapping({ address, label, mapped, suggested, kpis, onSave, onCancel }: { address: string; label?: string; mapped?: MappedCell; suggested?: ReturnPeriod; kpis: Kpi[]; onSave: (target: string) => void; onCancel: () => void }) {
  const [search, setSearch] = useState('');
  const [kpiId, setKpiId] = useState(mapped?.kpi ?? '');
  const [dimension, setDimension] = useState(mapped?.dimension ?? '');
  const [category, setCategory] = useState(mapped?.category ?? '');
  const [period, setPeriod] = useState<ReturnPeriod>(mapped?.period ?? suggested ?? 'quarter');
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const found = kpis.filter((k) => words.every((w) => `${k.number} ${k.name} ${k.aliases.join(' ')}`.toLowerCase().includes(w)));
  const kpi = kpis.find((k) => k.id === kpiId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!kpi) return;
    onSave(mappingTarget({ kpi: kpi.id, dimension: dimension || undefined, category: dimension ? category : undefined, period }));
  };
  return (
    <form className="dismiss-form cell-mapping" onSubmit={submit} aria-label={`What fills ${address}`} onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), onCancel())}>
      <p className="form-context">
        {address}
        {label ? ` (${label})` : ''}: what fills it
      </p>
      <div className="form-row">
        <label>
          Find a KPI <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="type part of its name" autoFocus />
        </label>
        <label>
          KPI
          <select value={kpiId} onChange={(e) => (setKpiId(e.target.value), setDimension(''))} required>
            <option value="">Choose…</option>
            {found.map((k) => (
              <option key={k.id} value={k.id}>
                {k.number} {k.name}
              </option>
            ))}
          </select>
        </label>
        {kpi && kpi.breakdowns.length > 0 && (
          <label>
            Breakdown
            <select value={dimension} onChange={(e) => setDimension(e.target.value)}>
              <option value="">the KPI itself</option>
              {kpi.breakdowns.map((d) => (
                <option key={d} value={d}>
                  by {d}
                </option>
              ))}
            </select>
          </label>
        )}
        {dimension && (
          <label>
            Category <input value={category} onChange={(e) => setCategory(e.target.value)} required placeholder="e.g. Offensive weapons" />
          </label>
        )}
        <label>
          Period
          <select value={period} onChange={(e) => setPeriod(e.target.value as ReturnPeriod)}>
            {PERIODS.map(([id, words]) => (
              <option key={id} value={id}>
                {words}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FormActions submitLabel="Map the cell" onCancel={onCancel} />
      {mapped && (
        <button type="button" className="link" onClick={() => onSave('')}>
          Take the mapping off {address}
        </button>
      )}
    </form>
  );
}
