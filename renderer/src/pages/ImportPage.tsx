import { Fragment, useEffect, useRef, useState } from 'react';
import type { ImportPreview, ImportResult } from '../../../shared/import/importSchemas';
import { DIRECTION_TEXT, type Kpi } from '../../../shared/domain/kpi';
import { WorkbenchError } from '../../../shared/api/errors';
import { formatCount } from '../../../shared/domain/format';
import { api, stageFiles } from '../api';
import { useApi } from '../useApi';
import { DropZone } from '../components/DropZone';
import { ProblemList } from '../components/ProblemList';
import { ImportHistory } from '../components/ImportHistory';
import { ErrorMessage } from '../components/ErrorMessage';
import { TableHead } from '../components/TableHead';
import { LayoutChooser } from '../components/LayoutChooser';
import type { LayoutChoice } from '../../../shared/import/layoutChoice';
import { errorText } from '../errorText';
import { NewKpiForm } from '../components/NewKpiForm';
import type { NewKpiDefinition } from '../../../shared/import/plan';

/** A label that matches no KPI: map it to one, add it as a new KPI, or leave it (which blocks the import). */
const ADD_AS_NEW = '__add__';

type Stage =
  | { step: 'idle' }
  | { step: 'working'; what: string; done: number; total: number; jobId?: string }
  | { step: 'preview'; preview: ImportPreview }
  | { step: 'done'; result: ImportResult };

interface Props {
  /** Files dropped anywhere on the window, handed over by the app. */
  dropped: File[] | null;
  onDroppedTaken: () => void;
  onImported: () => void;
  /** Moves when the workspace's figures change in place (a restore, an undo): the history is read again, a preview kept. */
  workspaceVersion: number;
}

export function ImportPage({ dropped, onDroppedTaken, onImported, workspaceVersion }: Props) {
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [error, setError] = useState<string>();
  const [names, setNames] = useState<string[]>([]);
  const [paths, setPaths] = useState<string[]>([]);
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [layouts, setLayouts] = useState<Record<string, LayoutChoice>>({});
  const [definitions, setDefinitions] = useState<Record<string, NewKpiDefinition>>({});
  const [historyVersion, setHistoryVersion] = useState(0);
  const abort = useRef<AbortController | null>(null);
  const kpis = useApi('kpis.list', {}, []);

  /** Runs an import job to its end, showing its progress; resolves with its result, or null if cancelled. */
  const runJob = async (args: ReturnType<typeof argsFor>, commit: boolean, controller: AbortController) => {
    const { jobId } = await api.call('import.start', { ...args, commit });
    controller.signal.addEventListener('abort', () => void api.call('import.cancel', { jobId }));
    for (;;) {
      const status = await api.call('import.progress', { jobId });
      if (status.state === 'running') {
        if (!controller.signal.aborted) setStage({ step: 'working', what: status.phase, done: status.done, total: status.total, jobId });
        await new Promise((resolve) => setTimeout(resolve, 150));
        continue;
      }
      if (status.state === 'failed') throw status.error ? new WorkbenchError(status.error.code, status.error.message, status.error.location) : new Error('The import failed.');
      return status.state === 'done' ? status.result : null;
    }
  };

  const argsFor = (chosen: Record<string, string>, files: string[], chosenLayouts: Record<string, LayoutChoice> = layouts, defined: Record<string, NewKpiDefinition> = definitions) => {
    // A label is added as a new KPI only once the analyst has said what it is.
    const added = Object.entries(chosen).filter(([label, v]) => v === ADD_AS_NEW && defined[label]).map(([label]) => label);
    return {
      paths: files,
      layouts: chosenLayouts,
      mappings: Object.fromEntries(Object.entries(chosen).filter(([, v]) => v && v !== ADD_AS_NEW)),
      addLabels: added,
      newKpis: Object.fromEntries(added.map((label) => [label, defined[label]])),
    };
  };

  const preview = async (files: string[], chosen: Record<string, string>, label: string, chosenLayouts: Record<string, LayoutChoice> = layouts, defined: Record<string, NewKpiDefinition> = definitions) => {
    const controller = new AbortController();
    abort.current = controller;
    setError(undefined);
    setStage({ step: 'working', what: `Reading ${label}…`, done: 0, total: 0 });
    try {
      const result = await runJob(argsFor(chosen, files, chosenLayouts, defined), false, controller);
      if (result && !controller.signal.aborted) setStage({ step: 'preview', preview: result });
    } catch (e) {
      if (!controller.signal.aborted) {
        setError(errorText(e));
        setStage({ step: 'idle' });
      }
    }
  };

  const start = async (files: File[]) => {
    const controller = new AbortController();
    abort.current = controller;
    const label = files.map((f) => f.name).join(', ');
    setNames(files.map((f) => f.name));
    setChoices({});
    setLayouts({});
    setDefinitions({});
    setError(undefined);
    setStage({ step: 'working', what: `Opening ${label}…`, done: 0, total: 0 });
    try {
      const staged = await stageFiles(files, controller.signal);
      if (controller.signal.aborted) return;
      setPaths(staged);
      await preview(staged, {}, label, {});
    } catch (e) {
      if (!controller.signal.aborted) {
        setError(errorText(e));
        setStage({ step: 'idle' });
      }
    }
  };

  useEffect(() => {
    if (dropped?.length) {
      onDroppedTaken();
      void start(dropped);
    }
  }, [dropped]);

  const cancel = () => {
    abort.current?.abort();
    setStage({ step: 'idle' });
  };

  const choose = (label: string, value: string) => {
    const next = { ...choices, [label]: value };
    setChoices(next);
    // "Add as a new KPI" first asks what the KPI is (NewKpiForm); the preview follows its definition.
    if (value === ADD_AS_NEW && !definitions[label]) return;
    void preview(paths, next, names.join(', '));
  };

  const define = (label: string, definition: NewKpiDefinition) => {
    const next = { ...definitions, [label]: definition };
    setDefinitions(next);
    void preview(paths, choices, names.join(', '), layouts, next);
  };

  const chooseLayout = (key: string, choice: LayoutChoice) => {
    const next = { ...layouts, [key]: choice };
    setLayouts(next);
    void preview(paths, choices, names.join(', '), next);
  };

  const commit = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setStage({ step: 'working', what: 'Importing…', done: 0, total: 0 });
    try {
      const result = await runJob(argsFor(choices, paths), true, controller);
      if (!result || !('status' in result)) {
        setError(controller.signal.aborted ? 'Import cancelled: nothing was written.' : undefined);
        setStage({ step: 'idle' });
        return;
      }
      const outcome = result as ImportResult;
      setStage(outcome.status === 'blocked' ? { step: 'preview', preview: outcome } : { step: 'done', result: outcome });
      setHistoryVersion((v) => v + 1);
      if (outcome.status === 'committed') onImported();
    } catch (e) {
      setError(errorText(e));
      setStage({ step: 'idle' });
    }
  };

  return (
    <div className="import-page">
      <h1>Import</h1>
      {error && <ErrorMessage message={error} />}
      {(stage.step === 'idle' || stage.step === 'done') && <DropZone onFiles={(files) => void start(files)} />}
      {stage.step === 'working' && (
        <div className="working" role="status" data-testid="import-working">
          {stage.total > 0 ? <progress aria-label={stage.what} value={stage.done} max={stage.total} /> : <progress aria-label={stage.what} />}
          <span>
            {stage.what}
            {stage.total > 0 && ` ${formatCount(stage.done)} of ${formatCount(stage.total)}`}
          </span>
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {stage.step === 'preview' && (
        <PreviewView
          preview={stage.preview}
          kpis={kpis.data ?? []}
          choices={choices}
          definitions={definitions}
          onChoose={choose}
          onDefine={define}
          onChooseLayout={chooseLayout}
          onCommit={() => void commit()}
          onCancel={cancel}
        />
      )}
      {stage.step === 'done' && <Outcome result={stage.result} />}
      <ImportHistory version={historyVersion} workspaceVersion={workspaceVersion} onUndone={onImported} />
    </div>
  );
}

function Outcome({ result }: { result: ImportResult }) {
  return (
    <p className="outcome" role="status" data-testid="import-outcome">
      {result.status === 'committed'
        ? `Imported as import ${result.importId}: ${formatCount(result.totals.added)} new and ${formatCount(result.totals.changed)} changed figures. It can be undone from the history below.`
        : 'Nothing to import: every figure in the file is already in the workspace.'}
    </p>
  );
}

interface PreviewProps {
  preview: ImportPreview;
  kpis: Kpi[];
  choices: Record<string, string>;
  definitions: Record<string, NewKpiDefinition>;
  onChoose: (label: string, value: string) => void;
  onDefine: (label: string, definition: NewKpiDefinition) => void;
  onChooseLayout: (key: string, choice: LayoutChoice) => void;
  onCommit: () => void;
  onCancel: () => void;
}

/** "Added as 2.5 Drone deployments: a count; neither higher nor lower is better." */
function describeNewKpi(added: ImportPreview['newKpis'][number] | undefined, definition: NewKpiDefinition): string {
  const what = `${definition.unit === 'count' ? 'a count' : definition.unit.replace(/_/g, ' ')}; ${DIRECTION_TEXT[definition.direction].toLowerCase()}`;
  return added ? `Added as ${added.number} ${added.name}: ${what}.` : `To be added as ${definition.name} in section ${definition.section}: ${what}.`;
}

function PreviewView({ preview, kpis, choices, definitions, onChoose, onDefine, onChooseLayout, onCommit, onCancel }: PreviewProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const unmatchedErrors = new Set(preview.unmatched.map((u) => u.label));
  // Labels that match nothing, and sheets that could not be read, are shown with what to do about them.
  const unreadSheets = new Set(preview.unread.map((u) => `${u.file}\u0000${u.sheet}`));
  const otherErrors = preview.errors.filter((e) => e.kind !== 'unmatched_label' && !(e.cell === undefined && unreadSheets.has(`${e.file}\u0000${e.sheet}`)));
  const mapped = Object.keys(choices);
  const { added, changed, unchanged } = preview.totals;
  return (
    <div className="import-preview" data-testid="import-preview">
      <section>
        <h2>What the files hold</h2>
        <ul className="files">
          {preview.files.map((f) => (
            <li key={f.file}>
              <strong>{f.file}</strong>:{' '}
              {f.sheets.length
                ? f.sheets
                    .map((s) => `${s.sheet} (${s.layout !== 'empty' ? `${s.layout}, ${s.figures} figures` : unreadSheets.has(`${f.file}\u0000${s.sheet}`) ? 'layout not recognised' : 'no figures'})`)
                    .join('; ')
                : 'not read'}
            </li>
          ))}
        </ul>
        {preview.profiles.map((p) => (
          <p key={p.file} className="hint">
            {p.file}: the label mappings saved from {p.profile} were applied.
          </p>
        ))}
      </section>

      <ProblemList problems={otherErrors} kind="error" />

      {preview.unread.map((sample) => (
        <LayoutChooser key={sample.key} sample={sample} onChoose={(choice) => onChooseLayout(sample.key, choice)} />
      ))}

      {(preview.unmatched.length > 0 || mapped.length > 0) && (
        <section className="mapping" data-testid="import-mapping">
          <h2>Labels that match no KPI</h2>
          <p>Choose the KPI each label means, or add it as a new KPI. The choice is remembered for the next file of the same shape.</p>
          <table>
            <TableHead columns={['Label', 'Where', 'Figures', 'Means']} />
            <tbody>
              {[...preview.unmatched.map((u) => ({ ...u, pending: true })), ...mapped.filter((l) => !unmatchedErrors.has(l)).map((label) => ({ label, file: '', sheet: '', cell: '', figures: 0, pending: false }))].map((u) => (
                <Fragment key={u.label}>
                  <tr>
                    <th scope="row">{u.label}</th>
                    <td>{u.file ? `${u.file}: ${u.sheet}!${u.cell}` : choices[u.label] === ADD_AS_NEW ? 'a new KPI' : 'mapped'}</td>
                    <td>{u.figures || ''}</td>
                    <td>
                      <select aria-label={`KPI for “${u.label}”`} value={choices[u.label] ?? ''} onChange={(e) => onChoose(u.label, e.target.value)}>
                        <option value="">— choose —</option>
                        <option value={ADD_AS_NEW}>Add as a new KPI…</option>
                        {kpis.map((k) => (
                          <option key={k.id} value={k.id}>
                            {k.number} {k.name}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                  {choices[u.label] === ADD_AS_NEW && (
                    <tr className="new-kpi-row">
                      <td colSpan={4}>
                        {definitions[u.label] && editing !== u.label ? (
                          <p data-testid="new-kpi-defined">
                            {describeNewKpi(preview.newKpis.find((k) => k.label === u.label), definitions[u.label])}{' '}
                            <button type="button" onClick={() => setEditing(u.label)} aria-label={`Change the new KPI for “${u.label}”`}>
                              Change
                            </button>
                          </p>
                        ) : (
                          <NewKpiForm
                            label={u.label}
                            initial={definitions[u.label]}
                            onDefine={(definition) => (setEditing(null), onDefine(u.label, definition))}
                            onCancel={() => (setEditing(null), definitions[u.label] ? undefined : onChoose(u.label, ''))}
                          />
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section>
        <h2>
          {formatCount(added)} new, {formatCount(changed)} changed, {formatCount(unchanged)} unchanged
        </h2>
        {preview.summary.length > 0 && (
          <table className="import-summary" data-testid="import-summary">
            <TableHead columns={['KPI', 'New', 'Changed', 'Unchanged']} />
            <tbody>
              {preview.summary.map((k) => (
                <tr key={k.kpiId}>
                  <th scope="row">
                    {k.number} {k.name}
                  </th>
                  <td>{k.added}</td>
                  <td>{k.changed}</td>
                  <td>{k.unchanged}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {preview.newKpis.length > 0 && <p>New KPIs: {preview.newKpis.map((k) => `${k.number} ${k.name}`).join('; ')}</p>}
      </section>

      {preview.changed.length > 0 && (
        <section>
          <h2>Figures that change</h2>
          <table className="import-changes" data-testid="import-changes">
            <TableHead columns={['KPI', 'Period', 'Now', 'Becomes', 'From']} />
            <tbody>
              {preview.changed.map((c, i) => (
                <tr key={i}>
                  <th scope="row">
                    {c.name}
                    {c.breakdown ? ` (${c.breakdown})` : ''}
                    {c.area ? ` [${c.area}]` : ''}
                  </th>
                  <td>{c.period}</td>
                  <td>{formatCount(c.oldValue)}</td>
                  <td>{formatCount(c.newValue)}</td>
                  <td>
                    {c.file}: {c.sheet}!{c.cell}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.changedNotListed > 0 && <p className="hint">… and {formatCount(preview.changedNotListed)} more.</p>}
        </section>
      )}

      <ProblemList problems={preview.warnings} kind="warning" />

      {preview.skipped.length > 0 && (
        <details className="skipped">
          <summary>Read but not imported ({preview.skipped.length}): headings, totals, footnotes</summary>
          <ul>
            {preview.skipped.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </details>
      )}

      <div className="import-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!preview.canCommit} onClick={onCommit} data-testid="import-commit">
          {preview.canCommit ? `Import ${formatCount(added + changed)} figures` : preview.errors.length ? 'Fix the errors to import' : 'Nothing to import'}
        </button>
      </div>
    </div>
  );
}
