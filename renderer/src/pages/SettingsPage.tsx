import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { WorkspaceSettings } from '../../../shared/api/contract';
import { falseAlarmWords, SENSITIVITY_TEXT } from '../../../shared/analysis/sensitivity';
import { api } from '../api';
import { useApi } from '../useApi';
import { ErrorMessage } from '../components/ErrorMessage';
import { errorText } from '../errorText';

const MARKINGS = ['OFFICIAL', 'OFFICIAL-SENSITIVE', 'NOT PROTECTIVELY MARKED'] as const;

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
          </fieldset>
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
