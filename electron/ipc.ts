import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Api, Envelope } from '../shared/api/contract';
import { dispatch } from './backend/dispatch';

/** The origin the app's own pages load from; IPC from anything else is refused. */
export const APP_ORIGIN = 'app://workbench';

export const CHANNELS = {
  call: 'workbench:call',
  chooseWorkspaceFile: 'workbench:choose-workspace-file',
  revealExport: 'workbench:reveal-export',
} as const;

/** What the desktop may do with a file an export wrote: open it in its own program, or show it in its folder. */
export type RevealAction = 'open' | 'folder';

export interface IpcOptions {
  chooseWorkspaceFile: (mode: 'open' | 'create', event: IpcMainInvokeEvent) => Promise<string | null>;
  /** Electron's shell: only ever given a path the workspace recorded as an export, never one from the page. */
  reveal?: (action: RevealAction, file: string) => Promise<string | void> | string | void;
  log?: (message: string, error: unknown) => void;
}

function fromApp(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

/** Binds every API method to one IPC channel; arguments are checked against the contract by dispatch. */
export function bindIpc(ipcMain: Pick<IpcMain, 'handle'>, api: Api, options: IpcOptions): void {
  ipcMain.handle(CHANNELS.call, async (event, method: unknown, args: unknown): Promise<Envelope> => {
    if (!fromApp(event)) return { ok: false, error: { code: 'bad_arguments', message: 'Refused: the request did not come from the app.' } };
    return dispatch(api, String(method), args, { log: options.log });
  });
  ipcMain.handle(CHANNELS.chooseWorkspaceFile, async (event, mode: unknown) => {
    if (!fromApp(event) || (mode !== 'open' && mode !== 'create')) return null;
    return options.chooseWorkspaceFile(mode, event);
  });
  // The page names an export by its id; the path comes from the workspace, so the page cannot open anything else.
  ipcMain.handle(CHANNELS.revealExport, async (event, action: unknown, kind: unknown, id: unknown): Promise<Envelope> => {
    if (!fromApp(event) || (action !== 'open' && action !== 'folder')) return { ok: false, error: { code: 'bad_arguments', message: 'Refused: the request did not come from the app.' } };
    const found = await dispatch(api, 'exports.file', { kind, id }, { log: options.log });
    if (!found.ok) return found;
    const file = found.value;
    if (!file.exists) return { ok: false, error: { code: 'file_missing', message: 'the file is no longer there: it was moved or deleted since it was written.', location: { file: file.path } } };
    const failure = await options.reveal?.(action, file.path);
    if (failure) return { ok: false, error: { code: 'unsupported', message: failure, location: { file: file.path } } };
    return { ok: true, value: null };
  });
}
