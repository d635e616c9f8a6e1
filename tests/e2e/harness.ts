import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApi } from '../checkedApi';
import { createSession, type Session } from '../../electron/backend/session';
import { createWorkspace } from '../../electron/backend/workspace';
import { startHost, type Host } from '../../electron/host';
import { CHROMIUM_ARGS, findChromium } from '../../electron/backend/report/pdf';

export function chromiumPath(): string {
  const found = findChromium();
  if (!found) throw new Error('No Chromium found: install it (apt-get install -y chromium) or set CHROMIUM_PATH.');
  return found;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

export interface HostedApp {
  dir: string;
  host: Host;
  session: Session;
  close(): Promise<void>;
}

/** The browser host over a fresh demo workspace in a temporary folder. */
export async function hostDemo(): Promise<HostedApp> {
  return hostWorkspace(true);
}

/** The browser host over a fresh workspace, the demo or an empty one, in a temporary folder. */
export async function hostWorkspace(demo: boolean): Promise<HostedApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-e2e-'));
  const session = createSession(createWorkspace(path.join(dir, demo ? 'demo.sqlite' : 'workspace.sqlite'), { demo }));
  const host = await startHost({ api: createApi(session) });
  return {
    dir,
    host,
    session,
    async close() {
      await host.close();
      session.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every request the page makes, to prove that nothing leaves 127.0.0.1. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

export interface BrowserSession {
  app: HostedApp;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** A fresh demo workspace behind the browser host, and a Chromium page to look at it with. */
export async function openDemoInBrowser(viewport = { width: 1366, height: 1000 }): Promise<BrowserSession> {
  const app = await hostDemo();
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  return {
    app,
    browser,
    page,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeResults {
  violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[];
  passes: { id: string }[];
  incomplete: { id: string }[];
  inapplicable: { id: string }[];
}

/**
 * axe-core on the page as it stands, with WCAG 2.0, 2.1 and 2.2 A and AA rules and none turned off: each
 * violation with where, and how many rules were checked. axe is run through the DevTools protocol, so the
 * page's Content-Security-Policy (no inline script) stays as users have it.
 */
export async function axeAudit(page: Page): Promise<{ violations: string[]; rules: number }> {
  // Each test waits for what it needs to be there; "network idle" never comes with the report's frames.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const results = (await page.evaluate((tags) => (window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<unknown> } }).axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS)) as AxeResults;
  return {
    violations: results.violations.flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}`)),
    rules: results.passes.length + results.violations.length + results.incomplete.length + results.inapplicable.length,
  };
}
