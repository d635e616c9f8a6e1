import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../checkedApi';
import { createSession, type Session } from '../../electron/backend/session';
import { openWorkspace } from '../../electron/backend/workspace';
import { startHost, TOKEN_HEADER, type Host } from '../../electron/host';
import { sourceReportWorkspace, tempDir } from './workspaceFixtures';

let dir: string;
let session: Session;
let host: Host;

beforeAll(async () => {
  dir = tempDir();
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Performance Workbench</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
  session = createSession(openWorkspace(sourceReportWorkspace(dir)));
  host = await startHost({ api: createApi(session), rendererDir });
});
afterAll(async () => {
  await host.close();
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function request(pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: pathname, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the browser host', () => {
  it('listens on 127.0.0.1 only and hands out a per-run token in its address', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('serves the app with a strict Content-Security-Policy', async () => {
    const res = await request('/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('Performance Workbench');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers API calls only with this run’s token', async () => {
    const call = (token?: string) =>
      request('/api/table.get', { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { [TOKEN_HEADER]: token } : {}) }, body: JSON.stringify({ period: 'Q1 2019/20', section: 3 }) });
    expect((await call()).status).toBe(403);
    expect((await call('x'.repeat(host.token.length))).status).toBe(403);
    const ok = await call(host.token);
    expect(ok.status).toBe(200);
    const envelope = JSON.parse(ok.body);
    expect(envelope.ok).toBe(true);
    expect(envelope.value.rows[0].display).toEqual({ current: '23,871', previous: '22,949', change: '+922', changePercent: '+4%' });
  });

  it('refuses requests that name another host (DNS rebinding) and files outside the app', async () => {
    expect((await request('/', { headers: { host: 'evil.example:80' } })).status).toBe(421);
    expect((await request('/../secret.txt')).status).toBe(404);
    expect((await request('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await request('/api/workspace.info', { headers: { [TOKEN_HEADER]: host.token } })).status).toBe(405);
  });

  it('returns user errors as envelopes', async () => {
    const res = await request('/api/table.get', { method: 'POST', headers: { [TOKEN_HEADER]: host.token }, body: '{"period":"Q9"}' });
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'bad_period' } });
    const bad = await request('/api/table.get', { method: 'POST', headers: { [TOKEN_HEADER]: host.token }, body: '{not json' });
    expect(bad.status).toBe(400);
  });

  it('hands an export over as a download, named by its id, with this run’s token only', async () => {
    const api = createApi(session);
    await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
    const written = await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft' });
    const download = (query: string, token?: string) => request(`/download?${query}`, { headers: token ? { [TOKEN_HEADER]: token } : {} });
    expect((await download(`kind=report&id=${written.exportId}`)).status).toBe(403);
    const ok = await download(`kind=report&id=${written.exportId}`, host.token);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-disposition']).toBe(
      `attachment; filename="Force Performance Report Q1 2019-20 draft.html"; filename*=UTF-8''${encodeURIComponent('Force Performance Report Q1 2019-20 draft.html')}`,
    );
    expect(ok.body).toBe(fs.readFileSync(written.path, 'utf8'));
    expect((await download('kind=report&id=999', host.token)).status).toBe(404);
    expect((await download('kind=../../secret&id=1', host.token)).status).toBe(404);
    fs.rmSync(written.path);
    expect((await download(`kind=report&id=${written.exportId}`, host.token)).status).toBe(410);
  });
});
