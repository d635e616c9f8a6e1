import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../checkedApi';
import { hostDemo, launchChromium, type HostedApp } from './harness';

let app: HostedApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await hostDemo();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(app.host.url);
  await page.waitForSelector('[data-testid="kpi-table"] tbody tr');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function workspaceAction(item: string, file: string, button: 'Create' | 'Open', settings?: { force: string; author: string }) {
  await page.getByText('Workspace', { exact: true }).click();
  await page.getByRole('menuitem', { name: item }).click();
  const input = page.getByTestId('workspace-path');
  await input.fill(file);
  if (settings) {
    await page.getByRole('textbox', { name: 'Force' }).fill(settings.force);
    await page.getByRole('textbox', { name: 'Default author' }).fill(settings.author);
  }
  await page.getByRole('button', { name: button, exact: true }).click();
}

describe('workspaces from the browser', () => {
  it('creates an empty workspace, asking for the force and the author, and says it has no figures', async () => {
    const file = path.join(app.dir, 'empty.sqlite');
    await workspaceAction('New empty workspace…', file, 'Create', { force: 'Kent Police', author: 'Head of Performance' });
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('No figures yet');
    expect(fs.existsSync(file)).toBe(true);
    expect(await createApi(app.session)['settings.get']({})).toMatchObject({ forceName: 'Kent Police', author: 'Head of Performance' });
    expect(await page.getByTestId('demo-badge').count()).toBe(0);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: path.join(process.env.SCREENSHOTS, 'empty-workspace.png') });
  });

  it('explains a file it cannot open, in the dialog, and stays where it was', async () => {
    const notes = path.join(app.dir, 'notes.txt');
    fs.writeFileSync(notes, 'not a workspace');
    await workspaceAction('Open workspace…', notes, 'Open');
    const alert = page.locator('dialog [role="alert"]');
    await expect.poll(() => alert.innerText()).toBe('notes.txt is not a Performance Workbench workspace (it is not a database file).');
    if (process.env.SCREENSHOTS) await page.screenshot({ path: path.join(process.env.SCREENSHOTS, 'open-error.png') });
    await page.keyboard.press('Escape');
    expect(await page.locator('h1').first().innerText()).toBe('No figures yet');
  });

  it('opens another workspace file', async () => {
    await workspaceAction('Open workspace…', path.join(app.dir, 'demo.sqlite'), 'Open');
    await page.waitForSelector('[data-testid="kpi-table"] tr[data-kpi="calls-999"]');
    await expect(page.getByTestId('demo-badge').isVisible()).resolves.toBe(true);
  });
});
