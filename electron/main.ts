import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session as electronSession, shell, type MenuItemConstructorOptions } from 'electron';
import { appPath } from '../db/appRoot';
import { createApi } from './backend/api';
import { createSession, type Session } from './backend/session';
import { openStartupWorkspace, rememberWorkspace } from './backend/startup';
import { dailyBackupQuietly } from './backend/backups';
import { APP_ORIGIN, bindIpc } from './ipc';
import { pageTemplates, type PdfPrinter } from './backend/report/pdf';
import { CONTENT_SECURITY_POLICY } from './security';

// Electron bootstrap only: the window, the menu, one instance, the security settings. Everything the app
// does is in backend/, reached through the IPC binding.

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) app.quit();

let window: BrowserWindow | null = null;
let session: Session | null = null;

/** In development Electron needs its own build of better-sqlite3 (scripts/electron-native.js). */
function nativeBinding(): string | undefined {
  const built = appPath('.cache', 'electron-native', 'better_sqlite3.node');
  return !app.isPackaged && fs.existsSync(built) ? built : undefined;
}

function serveRenderer(): void {
  const root = appPath('dist', 'renderer');
  protocol.handle('app', (request) => {
    const { pathname } = new URL(request.url);
    const file = path.resolve(root, `.${decodeURIComponent(pathname === '/' ? '/index.html' : pathname)}`);
    if (!file.startsWith(root + path.sep)) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}

function lockDown(): void {
  const ses = electronSession.defaultSession;
  // No remote content, ever: the app works offline and contacts nothing.
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] }, (_details, callback) => callback({ cancel: true }));
  ses.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
}

async function chooseWorkspaceFile(mode: 'open' | 'create'): Promise<string | null> {
  const filters = [{ name: 'Performance Workbench workspace', extensions: ['sqlite'] }];
  if (mode === 'open') {
    const result = await dialog.showOpenDialog(window!, { title: 'Open workspace', properties: ['openFile'], filters });
    return result.canceled ? null : result.filePaths[0];
  }
  const result = await dialog.showSaveDialog(window!, { title: 'New workspace', defaultPath: 'workspace.sqlite', filters });
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** Menu commands switch workspace in the backend, then reload the page onto it. */
async function switchWorkspace(action: 'open' | 'create' | 'demo'): Promise<void> {
  const file = await chooseWorkspaceFile(action === 'open' ? 'open' : 'create');
  if (!file || !session) return;
  try {
    if (action === 'open') session.open(file);
    else session.create(file, action === 'demo');
    window?.webContents.reload();
  } catch (error) {
    dialog.showErrorBox('Performance Workbench', error instanceof Error ? error.message : String(error));
  }
}

/** Hands a menu command to the page, which has the dialogs for it (renderer/src/components/WorkspaceBar.tsx). */
function askPage(action: 'create' | 'backups'): void {
  void window?.webContents.executeJavaScript(`window.dispatchEvent(new CustomEvent('workbench:workspace-menu', { detail: ${JSON.stringify(action)} }))`);
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: '&File',
      submenu: [
        // A new workspace asks for the force and the author, so the page's own dialog takes it from here.
        { label: 'New Empty Workspace…', accelerator: 'CmdOrCtrl+N', click: () => askPage('create') },
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => void switchWorkspace('open') },
        { label: 'New Demo Workspace…', click: () => void switchWorkspace('demo') },
        { type: 'separator' },
        { label: 'Backups…', click: () => askPage('backups') },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { label: '&Edit', submenu: [{ role: 'copy' }, { role: 'selectAll' }] },
    {
      label: '&View',
      submenu: [{ role: 'reload' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { label: '&Help', submenu: [{ label: `Performance Workbench ${app.getVersion()}`, enabled: false }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): void {
  window = new BrowserWindow({
    width: 1360,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Performance Workbench',
    webPreferences: {
      preload: appPath('dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => (window = null));
  void window.loadURL(`${APP_ORIGIN}/index.html`);
}

/** Reports print to PDF in a hidden window of the app's own Chromium, with scripts off. */
const printPdfInWindow: PdfPrinter = async (html, marking) => {
  const printer = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false } });
  try {
    await printer.loadURL(`data:text/html;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    const pdf = await printer.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      generateTaggedPDF: true,
      generateDocumentOutline: true,
      displayHeaderFooter: true,
      ...pageTemplates(marking),
      margins: { top: 0.87, bottom: 0.94, left: 0.71, right: 0.71 },
    });
    return Buffer.from(pdf);
  } finally {
    printer.destroy();
  }
};

app.on('second-instance', () => {
  if (window?.isMinimized()) window.restore();
  window?.focus();
});

app.whenReady().then(() => {
  lockDown();
  serveRenderer();
  try {
    const binding = nativeBinding();
    session = createSession(openStartupWorkspace({ nativeBinding: binding }), { nativeBinding: binding, onSwitch: rememberWorkspace });
    // The day's first opening is backed up in the background; a failure is logged and tried at the next.
    void dailyBackupQuietly(session.peek());
  } catch (error) {
    dialog.showErrorBox('Performance Workbench could not open its workspace', error instanceof Error ? error.message : String(error));
    app.quit();
    return;
  }
  bindIpc(ipcMain, createApi(session, { printPdf: printPdfInWindow }), {
    chooseWorkspaceFile: (mode) => chooseWorkspaceFile(mode),
    // shell.openPath answers with an error message, or '' when the file opened.
    reveal: async (action, file) => (action === 'open' ? (await shell.openPath(file)) || undefined : shell.showItemInFolder(file)),
  });
  buildMenu();
  createWindow();
});

app.on('window-all-closed', () => {
  session?.close();
  app.quit();
});
