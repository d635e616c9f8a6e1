import { contextBridge, ipcRenderer, webUtils } from 'electron';

// Sandboxed preload: it may only require 'electron', so the channel names are repeated from ipc.ts
// rather than imported. It exposes the API client's transport and file paths, nothing else.
contextBridge.exposeInMainWorld('workbench', {
  platform: 'electron',
  call: (method: string, args: unknown) => ipcRenderer.invoke('workbench:call', method, args),
  chooseWorkspaceFile: (mode: 'open' | 'create') => ipcRenderer.invoke('workbench:choose-workspace-file', mode),
  // A dropped or chosen file's place on disk, so the backend imports the file itself rather than a copy.
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  // Opens an export, or shows it in its folder: named by its id, the path is looked up by the main process.
  revealExport: (action: 'open' | 'folder', kind: 'report' | 'data' | 'brief', id: number) => ipcRenderer.invoke('workbench:reveal-export', action, kind, id),
});
