import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Api } from '../shared/api/contract';
import { appPath } from '../db/appRoot';
import { dispatch } from './backend/dispatch';
import { CONTENT_SECURITY_POLICY } from './security';

/**
 * The app in a browser, for machines that cannot run Electron and for the end-to-end tests: the built
 * renderer and the API over HTTP, bound to 127.0.0.1 only. Every API call must carry this run's token,
 * and requests naming any other host are refused, so other sites and other machines cannot reach it.
 */

export const TOKEN_HEADER = 'x-workbench-token';
const MAX_BODY_BYTES = 1024 * 1024;
/** The largest spreadsheet the browser may hand over for import. */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const DOWNLOAD_TYPES: Record<string, string> = {
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
};

export interface HostOptions {
  api: Api;
  port?: number;
  rendererDir?: string;
  token?: string;
}

export interface Host {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-store',
  });
  res.end(body);
}

function readBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('request too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tokensMatch(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return crypto.timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

function serveFile(res: http.ServerResponse, rendererDir: string, urlPath: string): void {
  const relative = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
  const file = path.resolve(rendererDir, `.${relative}`);
  if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    send(res, 404, 'Not found');
    return;
  }
  send(res, 200, fs.readFileSync(file), CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
}

export async function startHost(options: HostOptions): Promise<Host> {
  const rendererDir = path.resolve(options.rendererDir ?? appPath('dist', 'renderer'));
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`The app's pages have not been built (${rendererDir}): run \`npm run build:renderer\` first.`);
  }
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  // A browser cannot name a file on disk, so the page hands the bytes over and imports the copy; the
  // copies go when the host stops.
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'performance-workbench-uploads-'));
  let allowedHosts: Set<string> = new Set();

  const server = http.createServer(async (req, res) => {
    try {
      // A page on another site could point a browser at 127.0.0.1 under its own name (DNS rebinding):
      // only requests that name this host are answered.
      if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, 'Misdirected request');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/upload') {
        if (req.method !== 'POST') return send(res, 405, 'Use POST');
        if (!tokensMatch(req.headers[TOKEN_HEADER], token)) return send(res, 403, 'This page is not from this run of Performance Workbench.');
        const name = path.basename(url.searchParams.get('name') ?? '').replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
        if (!name) return send(res, 400, 'The upload needs the file name.');
        let bytes: Buffer;
        try {
          bytes = await readBody(req, MAX_UPLOAD_BYTES);
        } catch {
          return send(res, 413, `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
        }
        const folder = fs.mkdtempSync(path.join(uploads, 'file-'));
        const file = path.join(folder, name);
        fs.writeFileSync(file, bytes);
        return send(res, 200, JSON.stringify({ path: file }), 'application/json');
      }
      if (url.pathname === '/download') {
        // An export named by its id: the path comes from the workspace, so nothing else on disk can be read.
        if (req.method !== 'GET') return send(res, 405, 'Use GET');
        if (!tokensMatch(req.headers[TOKEN_HEADER], token)) return send(res, 403, 'This page is not from this run of Performance Workbench.');
        const envelope = await dispatch(options.api, 'exports.file', { kind: url.searchParams.get('kind'), id: Number(url.searchParams.get('id')) });
        if (!envelope.ok) return send(res, 404, envelope.error.message);
        const file = envelope.value;
        if (!file.exists) return send(res, 410, `${file.fileName} is no longer there: it was moved or deleted since it was written.`);
        const type = CONTENT_TYPES[path.extname(file.path)] ?? DOWNLOAD_TYPES[path.extname(file.path)] ?? 'application/octet-stream';
        res.writeHead(200, {
          'content-type': type,
          'content-disposition': `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        });
        return res.end(fs.readFileSync(file.path));
      }
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, 'Use POST');
        if (!tokensMatch(req.headers[TOKEN_HEADER], token)) return send(res, 403, 'This page is not from this run of Performance Workbench.');
        let args: unknown;
        try {
          const body = (await readBody(req)).toString('utf8');
          args = body ? JSON.parse(body) : {};
        } catch {
          return send(res, 400, JSON.stringify({ ok: false, error: { code: 'bad_arguments', message: 'The request was not valid JSON.' } }), 'application/json');
        }
        const envelope = await dispatch(options.api, url.pathname.slice('/api/'.length), args);
        return send(res, 200, JSON.stringify(envelope), 'application/json');
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
      serveFile(res, rendererDir, url.pathname);
    } catch (error) {
      console.error('host: request failed', error);
      if (!res.headersSent) send(res, 500, 'Internal error');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          fs.rmSync(uploads, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
