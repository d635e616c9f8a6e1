import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindIpc, CHANNELS } from '../../electron/ipc';
import { createApi } from '../checkedApi';
import { createSession } from '../../electron/backend/session';
import { openWorkspace } from '../../electron/backend/workspace';
import { sourceReportWorkspace, tempDir } from './workspaceFixtures';

const run = promisify(execFile);
let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the IPC binding', () => {
  it('dispatches calls from the app’s own pages and refuses others', async () => {
    const handlers = new Map<string, (...args: unknown[]) => Promise<unknown>>();
    const session = createSession(openWorkspace(sourceReportWorkspace(dir)));
    const chosen: string[] = [];
    bindIpc({ handle: (channel: string, fn: (...args: unknown[]) => Promise<unknown>) => void handlers.set(channel, fn) } as never, createApi(session), {
      chooseWorkspaceFile: async (mode) => (chosen.push(mode), '/tmp/chosen.sqlite'),
    });
    const fromApp = { senderFrame: { url: 'app://workbench/index.html' } };
    const fromElsewhere = { senderFrame: { url: 'file:///tmp/evil.html' } };
    const call = handlers.get(CHANNELS.call)!;
    expect(await call(fromApp, 'table.get', { period: 'Q1 2019/20', section: 4 })).toMatchObject({
      ok: true,
      value: { rows: [{ kpiId: 'positive-outcomes', display: { current: '2,560', previous: '2,957', change: '-397', changePercent: '-13%' } }] },
    });
    expect(await call(fromApp, 'table.get', { section: 'four' })).toMatchObject({ ok: false, error: { code: 'bad_arguments' } });
    expect(await call(fromElsewhere, 'workspace.info', {})).toMatchObject({ ok: false, error: { message: 'Refused: the request did not come from the app.' } });
    const choose = handlers.get(CHANNELS.chooseWorkspaceFile)!;
    expect(await choose(fromApp, 'open')).toBe('/tmp/chosen.sqlite');
    expect(await choose(fromApp, 'rm -rf')).toBeNull();
    expect(await choose(fromElsewhere, 'open')).toBeNull();
    expect(chosen).toEqual(['open']);
    session.close();
  });

  it('opens an export or shows it in its folder by its id, never a path the page names', async () => {
    const handlers = new Map<string, (...args: unknown[]) => Promise<unknown>>();
    const folder = path.join(dir, 'reveal');
    fs.mkdirSync(folder);
    const session = createSession(openWorkspace(sourceReportWorkspace(folder)));
    const api = createApi(session);
    const revealed: [string, string][] = [];
    bindIpc({ handle: (channel: string, fn: (...args: unknown[]) => Promise<unknown>) => void handlers.set(channel, fn) } as never, api, {
      chooseWorkspaceFile: async () => null,
      reveal: (action, file) => void revealed.push([action, file]),
    });
    await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
    const written = await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft' });
    const reveal = handlers.get(CHANNELS.revealExport)!;
    const fromApp = { senderFrame: { url: 'app://workbench/index.html' } };
    expect(await reveal(fromApp, 'open', 'report', written.exportId)).toEqual({ ok: true, value: null });
    expect(await reveal(fromApp, 'folder', 'report', written.exportId)).toEqual({ ok: true, value: null });
    expect(revealed).toEqual([
      ['open', written.path],
      ['folder', written.path],
    ]);
    expect(await reveal(fromApp, 'open', 'report', '/etc/passwd')).toMatchObject({ ok: false, error: { code: 'bad_arguments' } });
    expect(await reveal({ senderFrame: { url: 'file:///tmp/evil.html' } }, 'open', 'report', written.exportId)).toMatchObject({ ok: false });
    fs.rmSync(written.path);
    expect(await reveal(fromApp, 'open', 'report', written.exportId)).toMatchObject({ ok: false, error: { code: 'file_missing' } });
    expect(revealed).toHaveLength(2);
    session.close();
  });
});

describe('the bundled Electron main process', () => {
  it('opens a locked-down window on the demo workspace and answers over IPC', async () => {
    const main = path.resolve('dist/electron/main.mjs');
    expect(fs.existsSync(main), 'run `npm run build` first').toBe(true);
    const home = path.join(dir, 'home');
    const reportFile = path.join(dir, 'electron-report.json');
    await run(process.execPath, ['--import', path.resolve('tests/fixtures/fake-electron/register.mjs'), main], {
      env: { ...process.env, WORKBENCH_HOME: home, FAKE_ELECTRON_REPORT: reportFile },
      timeout: 30_000,
    });
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    expect(report.error).toBeUndefined();
    const prefs = report.windows[0].webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(fs.existsSync(prefs.preload)).toBe(true);
    expect(report.loaded).toEqual(['app://workbench/index.html']);
    expect(report.windowOpen).toEqual({ action: 'deny' });
    expect(report.navigationBlocked).toBe(true);
    expect(report.permissionDenied).toBe(true);
    expect(report.blockedPatterns).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*']));
    expect(report.schemes).toEqual(['app', 'handled:app']);
    expect(report.handlers).toEqual(['workbench:call', 'workbench:choose-workspace-file', 'workbench:reveal-export']);
    expect(report.menu[0].items).toEqual(['New Empty Workspace…', 'Open Workspace…', 'New Demo Workspace…', 'separator', 'Backups…', 'separator', 'quit']);
    expect(report.calls.info).toMatchObject({ ok: true, value: { isDemo: true, path: path.join(home, 'demo.sqlite') } });
    expect(report.calls.table.value.rows[0].kpiId).toBe('all-crime');
    expect(report.calls.foreign.ok).toBe(false);
  });
});
