import { WorkbenchError } from '../../shared/api/errors';
import { closeWorkspace, createWorkspace, openWorkspace, type Workspace } from './workspace';

/** The workspace the app (or a command) is working in, and switching to another. */
export interface Session {
  current(): Workspace;
  open(path: string): Workspace;
  create(path: string, demo: boolean): Workspace;
  close(): void;
}

export interface SessionOptions {
  nativeBinding?: string;
  /** Told of every workspace the user switches to, e.g. to remember it for next start. */
  onSwitch?: (workspace: Workspace) => void;
}

export function createSession(initial: Workspace, options: SessionOptions = {}): Session {
  let workspace = initial;
  const idle = () => {
    if (workspace.writing) throw new WorkbenchError('conflict', 'An import is being written to this workspace; try again when it has finished.');
    return workspace;
  };
  const switchTo = (next: Workspace) => {
    // Open the new one first: if it fails, the user stays in the workspace they had.
    closeWorkspace(workspace);
    workspace = next;
    options.onSwitch?.(next);
    return next;
  };
  return {
    current: idle,
    open: (path) => (idle(), switchTo(openWorkspace(path, { nativeBinding: options.nativeBinding }))),
    create: (path, demo) => (idle(), switchTo(createWorkspace(path, { demo, nativeBinding: options.nativeBinding }))),
    close: () => closeWorkspace(workspace),
  };
}
