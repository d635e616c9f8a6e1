import { createApiClient, type ApiClient, type Transport } from '../../shared/api/client';
import type { Envelope, MethodName } from '../../shared/api/contract';
import { WorkbenchError } from '../../shared/api/errors';
import { followingChanges } from './dataVersion';

/** What the Electron preload script exposes on window; absent in the browser host. */
export interface DesktopBridge {
  platform: 'electron';
  call(method: MethodName, args: unknown): Promise<Envelope>;
  chooseWorkspaceFile(mode: 'open' | 'create'): Promise<string | null>;
  pathForFile(file: File): string;
  revealExport(action: 'open' | 'folder', kind: 'report' | 'data' | 'brief', id: number): Promise<Envelope>;
}

declare global {
  interface Window {
    workbench?: DesktopBridge;
  }
}

const TOKEN_KEY = 'workbench-token';

/** The browser host hands the page its per-run token in the address; keep it for this tab and hide it. */
function hostToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpTransport(): Transport {
  token = hostToken();
  return async (method, args) => {
    const response = await fetch(`./api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-workbench-token': token },
      body: JSON.stringify(args ?? {}),
    });
    if (response.status === 403) {
      return { ok: false, error: { code: 'bad_arguments', message: 'This page belongs to an earlier run of Performance Workbench. Open the address the command line printed.' } };
    }
    if (!response.ok) return { ok: false, error: { code: 'internal', message: `The workbench did not answer (${response.status}).` } };
    return (await response.json()) as Envelope;
  };
}

export const bridge: DesktopBridge | undefined = window.workbench;

let token = '';

/**
 * Makes files the user dropped or chose importable by the backend: in the desktop app, their paths on
 * disk; in the browser host, copies handed over to it.
 */
export async function stageFiles(files: readonly File[], signal?: AbortSignal): Promise<string[]> {
  if (bridge) return files.map((f) => bridge.pathForFile(f));
  const paths: string[] = [];
  for (const file of files) {
    const response = await fetch(`./upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'x-workbench-token': token },
      body: file,
      signal,
    });
    if (!response.ok) throw new Error(`${file.name}: ${await response.text()}`);
    paths.push(((await response.json()) as { path: string }).path);
  }
  return paths;
}

export const api: ApiClient = followingChanges(createApiClient(bridge ? (method, args) => bridge.call(method, args) : httpTransport()));

/**
 * Opens a file an export wrote, shows it in its folder (desktop app), or downloads it (browser host): the
 * export is named by its id, and the backend finds the file.
 */
export async function revealExport(action: 'open' | 'folder' | 'download', kind: 'report' | 'data' | 'brief', id: number): Promise<void> {
  if (bridge) {
    const envelope = await bridge.revealExport(action === 'download' ? 'open' : action, kind, id);
    if (!envelope.ok) throw new WorkbenchError(envelope.error.code, envelope.error.message, envelope.error.location);
    return;
  }
  const response = await fetch(`./download?kind=${kind}&id=${id}`, { headers: { 'x-workbench-token': token } });
  if (!response.ok) throw new Error(await response.text());
  const name = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name ? decodeURIComponent(name) : 'export';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
