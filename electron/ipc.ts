import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Api, Envelope } from '../shared/api/contract';
import { dispatch } from './backend/dispatch';

/** The origin the app's own pages load from; IPC from anything else is refused. */
export const APP_ORIGIN = 'app://workbench';

export const CHANNELS = {
  call: 'workbench:call',
  chooseWorkspaceFile: 'workbench:choose-workspace-file',
} as const;

export interface IpcOptions {
  chooseWorkspaceFile: (mode: 'open' | 'create', event: IpcMainInvokeEvent) => Promise<string | null>;
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
}
