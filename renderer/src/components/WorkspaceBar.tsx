import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { WorkspaceInfo } from '../../../shared/api/workspaceSchemas';
import { api, bridge } from '../api';
import { BackupsDialog } from './BackupsDialog';
import { errorText } from '../errorText';

type Action = 'open' | 'create' | 'demo' | 'backups';

/**
 * Asks the workspace bar for one of its actions, from elsewhere in the page (the read-only banner) or from
 * the desktop app's own menu: `new CustomEvent(WORKSPACE_MENU, { detail: 'backups' })`.
 */
export const WORKSPACE_MENU = 'workbench:workspace-menu';

const ACTIONS: { action: Action; label: string; help: string }[] = [
  { action: 'create', label: 'New empty workspace…', help: 'A new workspace file with the KPI catalogue and no figures.' },
  { action: 'open', label: 'Open workspace…', help: 'Open another workspace file (.sqlite).' },
  { action: 'demo', label: 'New demo workspace…', help: 'A new workspace filled with a fictional force’s figures.' },
  { action: 'backups', label: 'Backups…', help: 'The workspace’s backups, and restoring one.' },
];

interface Props {
  info: WorkspaceInfo | undefined;
  onChanged: (info: WorkspaceInfo) => void;
  /** A restore: the workspace's figures changed in place; say so, with undo. */
  onRestored: (info: WorkspaceInfo, text: string, undo: () => Promise<void>) => void;
}

/**
 * Creating and opening workspaces. The desktop app asks for the file with the system's own dialog; the
 * browser host cannot, so it asks for the file's path.
 */
export function WorkspaceBar({ info, onChanged, onRestored }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const backups = useRef<HTMLDialogElement>(null);
  const [backupsOpen, setBackupsOpen] = useState(false);
  const [action, setAction] = useState<Action>('open');
  const [path, setPath] = useState('');
  // A new workspace is asked for the force's name and the default author: the report's cover needs both.
  const [forceName, setForceName] = useState('');
  const [author, setAuthor] = useState('');
  /** In the desktop app the file was chosen in the system's dialog: only the settings remain to ask. */
  const [chosenFile, setChosenFile] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const run = async (chosen: Action, file: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const settings = { ...(forceName.trim() ? { forceName: forceName.trim() } : {}), ...(author.trim() ? { author: author.trim() } : {}) };
      const next =
        chosen === 'open'
          ? await api.call('workspace.open', { path: file })
          : await api.call('workspace.create', { path: file, demo: chosen === 'demo', ...(chosen === 'create' ? { settings } : {}) });
      dialog.current?.close();
      onChanged(next);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const start = async (chosen: Action) => {
    if (chosen === 'backups') {
      setBackupsOpen(true);
      backups.current?.showModal();
      return;
    }
    setForceName('');
    setAuthor('');
    if (bridge) {
      const file = await bridge.chooseWorkspaceFile(chosen === 'open' ? 'open' : 'create');
      if (!file) return;
      if (chosen !== 'create') return run(chosen, file);
      setChosenFile(file);
      setAction(chosen);
      setPath(file);
      setError(undefined);
      dialog.current?.showModal();
      return;
    }
    setChosenFile(null);
    setAction(chosen);
    setError(undefined);
    setPath(chosen === 'open' ? '' : info ? info.path.replace(/[^/\\]+$/, chosen === 'demo' ? 'demo-copy.sqlite' : 'new-workspace.sqlite') : '');
    dialog.current?.showModal();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void run(action, path.trim());
  };

  useEffect(() => {
    const asked = (event: Event) => {
      const action = (event as CustomEvent<Action>).detail;
      if (ACTIONS.some((a) => a.action === action)) void start(action);
    };
    window.addEventListener(WORKSPACE_MENU, asked);
    return () => window.removeEventListener(WORKSPACE_MENU, asked);
  });

  const current = ACTIONS.find((a) => a.action === action)!;
  return (
    <div className="workspace-bar">
      {info && (
        <span className={`workspace-place${info.location === 'local' ? '' : ' shared'}`} data-testid="workspace-place" title={info.path}>
          {info.location === 'local' ? 'Local disk' : info.locationDetail}
          {info.location !== 'local' && ' · rollback journal, locked while open'}
          {info.readOnly && ' · read-only'}
        </span>
      )}
      <details className="menu">
        <summary>Workspace</summary>
        <ul role="menu">
          {ACTIONS.map((a) => (
            <li key={a.action} role="none">
              <button
                type="button"
                role="menuitem"
                onClick={(e) => {
                  (e.currentTarget.closest('details') as HTMLDetailsElement).open = false;
                  void start(a.action);
                }}
              >
                {a.label}
              </button>
            </li>
          ))}
        </ul>
      </details>
      <BackupsDialog
        ref={backups}
        open={backupsOpen}
        onClose={() => {
          backups.current?.close();
          setBackupsOpen(false);
        }}
        onRestored={(next, text, undo) => {
          backups.current?.close();
          setBackupsOpen(false);
          onRestored(next, text, undo);
        }}
      />
      <dialog ref={dialog} aria-labelledby="workspace-dialog-title">
        <form onSubmit={submit}>
          <h2 id="workspace-dialog-title">{current.label.replace('…', '')}</h2>
          <p>{current.help}</p>
          {chosenFile ? (
            <p className="file-chosen">{chosenFile}</p>
          ) : (
            <label>
              File path
              <input value={path} onChange={(e) => setPath(e.target.value)} autoFocus spellCheck={false} data-testid="workspace-path" />
            </label>
          )}
          {action === 'create' && (
            <fieldset className="new-workspace-settings">
              <legend>For the report’s cover and the returns (Settings changes them later)</legend>
              <label>
                Force
                <input value={forceName} onChange={(e) => setForceName(e.target.value)} autoComplete="organization" placeholder="e.g. Leicestershire Police" data-testid="workspace-force" autoFocus={!!chosenFile} />
              </label>
              <label>
                Default author
                <input value={author} onChange={(e) => setAuthor(e.target.value)} autoComplete="name" placeholder="who writes the reports" data-testid="workspace-author" />
              </label>
            </fieldset>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-buttons">
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy || !path.trim()}>
              {action === 'open' ? 'Open' : 'Create'}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
