import { MARKINGS } from '../../../shared/report/model';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { WorkspaceSettings } from '../../../shared/api/workspaceSchemas';
import { DIRECTION_TEXT, type Kpi } from '../../../shared/domain/kpi';
import { formatDay } from '../../../shared/domain/format';
import { falseAlarmWords, SENSITIVITY_TEXT } from '../../../shared/analysis/sensitivity';
import { seasonalTestWords } from '../../../shared/analysis/seasonal';
import { api, stageFiles } from '../api';
import { useApi } from '../useApi';
import { ErrorMessage } from '../components/ErrorMessage';
import { errorText } from '../errorText';


/**
 * What the workspace remembers about itself: the force's name and the default author for the report's
 * cover, its protective marking, and how sensitive the analysis is (with the false-alarm rate of each).
 */
export function SettingsPage({ onSaved }: { onSaved: () => void }) {
  const settings = useApi('settings.get', {}, []);
  const [draft, setDraft] = useState<WorkspaceSettings>();
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const saveButton = useRef<HTMLButtonElement>(null);
  // Settings read again (after a change through another door) replace the form only where nothing is typed.
  const loaded = useRef<WorkspaceSettings | undefined>(undefined);
  useEffect(() => {
    setDraft((d) => (d === undefined || JSON.stringify(d) === JSON.stringify(loaded.current) ? settings.data : d));
    loaded.current = settings.data;
  }, [settings.data]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    try {
      const saved = await api.call('settings.set', {
        ...(draft.forceName?.trim() ? { forceName: draft.forceName } : {}),
        ...(draft.author?.trim() ? { author: draft.author } : {}),
        marking: draft.marking,
        sensitivity: draft.sensitivity,
      });
      setDraft(saved);
      setError(undefined);
      setMessage('Settings saved.');
      onSaved();
      saveButton.current?.focus();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <div className="settings-page">
      <h1 tabIndex={-1}>Workspace settings</h1>
      {settings.error && <ErrorMessage message={settings.error} />}
      {draft && (
        <form onSubmit={submit} className="settings-form">
          <fieldset>
            <legend>The report’s cover</legend>
            <label>
              Force
              <input value={draft.forceName ?? ''} onChange={(e) => setDraft({ ...draft, forceName: e.target.value })} required autoComplete="organization" data-testid="settings-force" />
            </label>
            <label>
              Default author
              <input value={draft.author ?? ''} onChange={(e) => setDraft({ ...draft, author: e.target.value })} required autoComplete="name" data-testid="settings-author" />
            </label>
            {draft.account && draft.author !== draft.account && (
              <p className="hint">
                The computer’s account name is never put on a report unasked.{' '}
                <button type="button" className="link" onClick={() => setDraft({ ...draft, author: draft.account })}>
                  Use “{draft.account}”
                </button>
              </p>
            )}
            <p className="hint">The force’s name and the author go on the report’s cover, the returns and the peers page; the marking on every page of the report.</p>
            <label>
              Protective marking
              <select value={draft.marking} onChange={(e) => setDraft({ ...draft, marking: e.target.value as WorkspaceSettings['marking'] })}>
                {MARKINGS.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
          </fieldset>
          <fieldset className="sensitivity">
            <legend>How sensitive the analysis is</legend>
            {(['standard', 'conservative'] as const).map((s) => (
              <label key={s} className="radio">
                <input type="radio" name="sensitivity" value={s} checked={draft.sensitivity === s} onChange={() => setDraft({ ...draft, sensitivity: s })} />
                <span>
                  <strong>
                    {SENSITIVITY_TEXT[s].name}
                    {s === 'standard' ? ' (the default)' : ''}
                  </strong>
                  <span className="hint">
                    {SENSITIVITY_TEXT[s].description} Measured on stable seeded series: {falseAlarmWords(s)}.
                  </span>
                </span>
              </label>
            ))}
            <p className="hint" data-testid="seasonal-test-rates">{seasonalTestWords()}</p>
          </fieldset>
          <ReportTemplateSetting template={draft.reportTemplate} onChanged={(saved) => setDraft({ ...draft, reportTemplate: saved.reportTemplate })} />
          <DirectionsOfGood />
          {error && <ErrorMessage message={error} />}
          <div className="form-actions">
            <button type="submit" className="primary" ref={saveButton}>
              Save settings
            </button>
          </div>
          <p role="status" className="status-line">
            {message}
          </p>
        </form>
      )}
    </div>
  );
}

/**
 * Each KPI's direction of good, changeable here: hidden-harm crimes are neutral in the catalogue (more
 * recorded can mean more reported); a force that sees one otherwise chooses so, and the choice is kept
 * with who made it and when.
 */
function DirectionsOfGood() {
  const [version, setVersion] = useState(0);
  const kpis = useApi('kpis.list', {}, [version]);
  const [kpiId, setKpiId] = useState('');
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const chosen = kpis.data?.filter((k) => k.directionChoice) ?? [];
  const kpi = kpis.data?.find((k) => k.id === kpiId);
  const choose = async (direction: Kpi['direction']) => {
    if (!kpi) return;
    try {
      const saved = await api.call('kpis.setDirection', { kpiId: kpi.id, direction });
      setError(undefined);
      setMessage(`${saved.number} ${saved.name}: ${DIRECTION_TEXT[saved.direction].toLowerCase()}${saved.directionChoice ? ` (chosen by ${saved.directionChoice.by})` : ' (the catalogue’s)'}.`);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <fieldset className="directions" data-testid="settings-directions">
      <legend>Direction of good</legend>
      <p className="hint">Whether more of a KPI is better decides whether a special cause is improving or concerning. Rape, child sexual exploitation, domestic abuse and hate crime are neutral: more recorded can mean more reported.</p>
      <label>
        KPI
        <select value={kpiId} onChange={(e) => setKpiId(e.target.value)} data-testid="direction-kpi">
          <option value="">Choose a KPI…</option>
          {kpis.data?.map((k) => (
            <option key={k.id} value={k.id}>
              {k.number} {k.name}
            </option>
          ))}
        </select>
      </label>
      {kpi && (
        <div role="radiogroup" aria-label={`Direction of good of ${kpi.name}`} className="direction-choice">
          {(['up', 'down', 'neutral'] as const).map((d) => (
            <label key={d} className="radio">
              <input type="radio" name="direction" value={d} checked={kpi.direction === d} onChange={() => void choose(d)} />
              <span>
                {DIRECTION_TEXT[d]}
                {(kpi.directionChoice?.catalogue ?? kpi.direction) === d ? ' (the catalogue’s)' : ''}
              </span>
            </label>
          ))}
          {kpi.directionNote && <p className="hint">{kpi.directionNote}</p>}
        </div>
      )}
      {chosen.length > 0 && (
        <ul className="direction-choices" aria-label="Directions chosen in this workspace">
          {chosen.map((k) => (
            <li key={k.id}>
              {k.number} {k.name}: {DIRECTION_TEXT[k.direction].toLowerCase()}, chosen by {k.directionChoice!.by} on {formatDay(k.directionChoice!.at)} (the catalogue’s: {DIRECTION_TEXT[k.directionChoice!.catalogue].toLowerCase()})
            </li>
          ))}
        </ul>
      )}
      {error && <ErrorMessage message={error} />}
      <p role="status" className="status-line">
        {message}
      </p>
    </fieldset>
  );
}

/**
 * The office's Word template: the report is written in its styles, page, header and footer (a logo in it
 * included); the PDF and HTML take its fonts and heading colour. Kept in the workspace, so it travels with it.
 */
function ReportTemplateSetting({ template, onChanged }: { template: WorkspaceSettings['reportTemplate']; onChanged: (saved: WorkspaceSettings) => void }) {
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const set = async (reportTemplate: string | null, done: (saved: WorkspaceSettings) => string) => {
    setBusy(true);
    try {
      const saved = await api.call('settings.set', { reportTemplate });
      setError(undefined);
      setMessage(done(saved));
      onChanged(saved);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const choose = async (file: File | undefined) => {
    if (!file) return;
    try {
      const [staged] = await stageFiles([file]);
      await set(staged, (saved) => `The report is now written in ${saved.reportTemplate?.fileName ?? file.name}.`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      if (input.current) input.current.value = '';
    }
  };
  const fonts = template && [template.bodyFont && `text in ${template.bodyFont}`, template.headingFont && `headings in ${template.headingFont}`].filter(Boolean).join(', ');
  return (
    <fieldset className="report-template" data-testid="settings-report-template">
      <legend>Report template</legend>
      {template ? (
        <p>
          The report is written in <strong>{template.fileName}</strong>
          {fonts ? `: ${fonts}` : ''}
          {template.headingColour ? (
            <>
              {' '}
              <span className="swatch" style={{ background: template.headingColour }} aria-hidden="true" />
              {template.headingColour}
            </>
          ) : null}
          ; a {template.page.widthMm} × {template.page.heightMm} mm page
          {template.header ? `; header “${template.header}”` : ''}
          {template.images ? ` with ${template.images} picture${template.images === 1 ? '' : 's'}` : ''}. Set by {template.setBy} on {formatDay(template.setAt)}.
        </p>
      ) : (
        <p>The report is written in the workbench’s own look (Arial, A4).</p>
      )}
      <p className="hint">An office template (.docx or .dotx) gives the Word report its styles, page size and margins, header and footer, a logo in them included; the PDF and HTML take its fonts and heading colour. The marking and page numbers are added under its header and footer.</p>
      <div className="form-actions">
        <button type="button" disabled={busy} onClick={() => input.current?.click()}>
          {template ? 'Choose another template…' : 'Choose a Word template…'}
        </button>
        <input ref={input} type="file" accept=".docx,.dotx" hidden onChange={(e) => void choose(e.target.files?.[0])} data-testid="report-template-file" />
        {template && (
          <button type="button" disabled={busy} onClick={() => void set(null, () => `The report is written in the workbench’s own look again. Choose ${template.fileName} to go back to it.`)}>
            Use the workbench’s own look
          </button>
        )}
      </div>
      {error && <ErrorMessage message={error} />}
      <p role="status" className="status-line">
        {message}
      </p>
    </fieldset>
  );
}
