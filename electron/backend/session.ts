import { WorkbenchError } from '../../shared/api/errors';
import { closeWorkspace, createWorkspace, openWorkspace, type Workspace } from './workspace';

/** The workspace the app (or a command) is working in, and switching to another. */
export interface Session {
  current(): Workspace;
  /** The workspace, even while an import writes to it: for saying why a write was refused. */
  peek(): Workspace;
  open(path: string): Workspace;
  create(path: string, demo: boolean): Workspace;
  /** Closes the workspace, lets `change` replace its file (a restore), and opens it again. */
  replaceFile(change: (file: string) => void): Workspace;
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
  const open = (path: string) => openWorkspace(path, { nativeBinding: options.nativeBinding });
  return {
    current: idle,
    peek: () => workspace,
    open: (path) => (idle(), switchTo(open(path))),
    create: (path, demo) => (idle(), switchTo(createWorkspace(path, { demo, nativeBinding: options.nativeBinding }))),
    replaceFile: (change) => {
      const { path } = idle();
      closeWorkspace(workspace);
      try {
        change(path);
      } finally {
        // Whatever happened to the file, the session holds it open again (or says why it cannot).
        workspace = open(path);
      }
      return workspace;
    },
    close: () => closeWorkspace(workspace),
  };
}
