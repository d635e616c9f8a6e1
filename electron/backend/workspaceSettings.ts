import { MARKINGS } from '../../shared/report/model';
import type { WorkspaceSettings } from '../../shared/api/contract';
import { getMeta, setMeta } from '../../db/meta';
import type { Workspace } from './workspace';
import { accountName } from './author';


/** What the workspace remembers about itself (force, author, marking, sensitivity). */
export function workspaceSettings(workspace: Workspace): WorkspaceSettings {
  const marking = getMeta(workspace.db, 'marking');
  return {
    forceName: getMeta(workspace.db, 'force_name') ?? null,
    author: getMeta(workspace.db, 'author') ?? null,
    marking: (MARKINGS as readonly string[]).includes(marking ?? '') ? (marking as WorkspaceSettings['marking']) : 'OFFICIAL',
    sensitivity: getMeta(workspace.db, 'sensitivity') === 'conservative' ? 'conservative' : 'standard',
    account: accountName(),
  };
}

export function saveWorkspaceSettings(workspace: Workspace, change: Partial<{ forceName: string; author: string; marking: WorkspaceSettings['marking']; sensitivity: WorkspaceSettings['sensitivity'] }>): WorkspaceSettings {
  workspace.db.transaction(() => {
    if (change.forceName !== undefined) setMeta(workspace.db, 'force_name', change.forceName);
    if (change.author !== undefined) setMeta(workspace.db, 'author', change.author);
    if (change.marking !== undefined) setMeta(workspace.db, 'marking', change.marking);
    if (change.sensitivity !== undefined) setMeta(workspace.db, 'sensitivity', change.sensitivity);
  })();
  return workspaceSettings(workspace);
}
