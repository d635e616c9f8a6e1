import { MARKINGS } from '../../../shared/report/model';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { WorkspaceSettings } from '../../../shared/api/contract';
import { DIRECTION_TEXT, type Kpi } from '../../../shared/domain/kpi';
import { formatDay } from '../../../shared/domain/format';
import { falseAlarmWords, SENSITIVITY_TEXT } from '../../../shared/analysis/sensitivity';
import { seasonalTestWords } from '../../../shared/analysis/seasonal';
import { api } from '../api';
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
  useEffect(() => setDraft(settings.data), [settings.data]);
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
