import { contextBridge, ipcRenderer } from 'electron';

// Sandboxed preload: it may only require 'electron', so the channel names are repeated from ipc.ts
// rather than imported. It exposes the API client's transport and the file chooser, nothing else.
contextBridge.exposeInMainWorld('workbench', {
  platform: 'electron',
  call: (method: string, args: unknown) => ipcRenderer.invoke('workbench:call', method, args),
  chooseWorkspaceFile: (mode: 'open' | 'create') => ipcRenderer.invoke('workbench:choose-workspace-file', mode),
});
