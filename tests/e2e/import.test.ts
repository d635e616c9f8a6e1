import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceReportWideWorkbook, writeWorkbook } from '../fixtures/spreadsheets';
import { axeAudit, hostWorkspace, launchChromium, recordRequests, type HostedApp } from './harness';
import { cli } from '../integration/cliHarness';
import { createApi } from '../checkedApi';

let app: HostedApp;
let browser: Browser;
let page: Page;
let requests: string[];
const shots = process.env.SCREENSHOTS;

beforeAll(async () => {
  app = await hostWorkspace(false);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('dialog', (dialog) => void dialog.accept());
  requests = recordRequests(page);
  await page.goto(app.host.url);
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByTestId('drop-zone').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const observations = () => (app.session.current().db.prepare('SELECT count(*) AS n FROM observations').get() as { n: number }).n;

describe('importing in the browser', () => {
  it('previews a workbook, imports it, and the dashboard shows DOMAIN.md’s figures with their sources', async () => {
    const file = sourceReportWideWorkbook(path.join(app.dir, 'force.xlsx'));
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('import-preview').waitFor();
    await expect(page.locator('h2', { hasText: 'new,' }).innerText()).resolves.toBe('162 new, 0 changed, 0 unchanged');
    expect(await page.getByTestId('import-summary').locator('tbody tr').count()).toBe(6);
    expect(observations()).toBe(0);
    if (shots) await page.screenshot({ path: path.join(shots, 'import-preview.png'), fullPage: true });

    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-outcome').innerText()).toMatch(/^Imported as import 1: 162 new and 0 changed figures/);
    expect(observations()).toBe(162);
    await expect(page.getByTestId('import-history').locator('tbody tr').first().innerText()).resolves.toContain('File: force.xlsx');

    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.getByTestId('period-select').selectOption('Q1 2019/20');
    await expect.poll(async () => (await page.locator('tr[data-kpi="calls-999"] td').allInnerTexts()).slice(0, 4)).toEqual(['40,089', '36,232', '+3,857', '+11%']);
    await page.getByRole('button', { name: 'Sources of 1.1 Number of 999 Calls' }).click();
    const sources = page.getByTestId('sources');
    await expect.poll(() => sources.innerText()).toContain('Apr 2019 Number of 999 Calls');
    await expect(sources.innerText()).resolves.toContain('Apr 2019 Number of 999 Calls: 12,932 — force.xlsx: KPI Summary!Z6');
    if (shots) await page.screenshot({ path: path.join(shots, 'sources.png') });
  });

  it('maps a label that matches nothing, and refuses a broken file with its cell, writing nothing', async () => {
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    const unknown = writeWorkbook(path.join(app.dir, 'ops.xlsx'), { Ops: { rows: [['KPI', 'Jul-19'], ['999 calls', 14000], ['Paedophile online team warrants', 4]] } });
    await page.getByTestId('file-input').setInputFiles(unknown);
    await page.getByTestId('import-mapping').waitFor();
    await expect(page.getByTestId('import-commit').isDisabled()).resolves.toBe(true);
    await page.getByLabel('KPI for “Paedophile online team warrants”').selectOption('polit-enforcements');
    await expect.poll(() => page.getByTestId('import-commit').innerText()).toBe('Import 2 figures');
    if (shots) await page.screenshot({ path: path.join(shots, 'import-mapping.png'), fullPage: true });
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-outcome').innerText()).toMatch(/^Imported as import 2/);

    const before = observations();
    const broken = writeWorkbook(path.join(app.dir, 'broken.xlsx'), { 'KPI Summary': { rows: [['KPI', 'Aug-19'], ['999 calls', 'n/a']] } });
    await page.getByTestId('file-input').setInputFiles(broken);
    await expect.poll(() => page.getByTestId('import-errors').innerText()).toContain('broken.xlsx: KPI Summary!B2: "n/a" is not a number');
    await expect(page.getByTestId('import-commit').isDisabled()).resolves.toBe(true);
    expect(observations()).toBe(before);
    if (shots) await page.screenshot({ path: path.join(shots, 'import-error.png'), fullPage: true });
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('takes a file dropped anywhere on the window, and undoes an import from the history', async () => {
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    const csv = 'Month,Measure,Value\n2019-08,999 calls,15000\n';
    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'august.csv', { type: 'text/csv' }));
      document.querySelector('.app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, csv);
    await page.getByTestId('import-preview').waitFor();
    await expect(page.locator('h2', { hasText: 'new,' }).innerText()).resolves.toBe('1 new, 0 changed, 0 unchanged');
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-outcome').innerText()).toMatch(/^Imported as import 3/);
    const withAugust = observations();
    await page.getByRole('button', { name: 'Undo import 3' }).click();
    await expect.poll(() => page.locator('.import-history [role="status"]').innerText()).toBe('Undid import 3: 0 figures restored, 1 removed.');
    expect(observations()).toBe(withAugust - 1);
    await expect.poll(() => page.getByTestId('import-history').locator('tbody tr').first().innerText()).toMatch(/Undone/);
    if (shots) await page.screenshot({ path: path.join(shots, 'import-history.png'), fullPage: true });
  });

  it('asks how a sheet it cannot read is laid out, and reads it that way', async () => {
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    const file = writeWorkbook(path.join(app.dir, 'periods.xlsx'), { Data: { rows: [['Force periods 2019/20'], ['KPI', 'P1', 'P2', 'P3'], ['999 calls', 10, 20, 30], ['101 calls', 1, 2, 3]] } });
    await page.getByTestId('file-input').setInputFiles(file);
    const chooser = page.getByTestId('layout-chooser');
    await chooser.waitFor();
    await expect(chooser.locator('h3').innerText()).resolves.toBe('How is periods.xlsx, sheet Data, laid out?');
    expect(await page.getByTestId('import-errors').count()).toBe(0);
    await chooser.getByLabel('Header row').selectOption('2');
    await chooser.getByLabel('Labels in column').selectOption('A');
    await chooser.getByLabel('First month in column').selectOption('B');
    await chooser.getByLabel('That month is').fill('2019-10');
    if (shots) await page.screenshot({ path: path.join(shots, 'import-layout.png'), fullPage: true });
    await chooser.getByRole('button', { name: 'Read the sheet this way' }).click();
    await expect.poll(() => page.locator('h2', { hasText: 'new,' }).innerText()).toBe('6 new, 0 changed, 0 unchanged');
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-outcome').innerText()).toMatch(/^Imported as import \d+: 6 new/);
    const oct = app.session.current().db.prepare("SELECT value FROM observations WHERE kpi_id = 'calls-999' AND period_start = '2019-10' AND area = ''").get();
    expect(oct).toEqual({ value: 10 });
  });

  it('shows the progress of a large import and cancels it part-way through writing, leaving nothing behind', async () => {
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    const lines = ['Month,Measure,Area,Value'];
    for (let area = 0; area < 2000; area++) for (let m = 1; m <= 150; m++) lines.push(`${2014 + Math.floor((m + 2) / 12)}-${String(((m + 2) % 12) + 1).padStart(2, '0')},101 calls,Area ${area},${m}`);
    const file = path.join(app.dir, 'large.csv');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('import-preview').waitFor({ timeout: 60_000 });
    const before = observations();
    await page.getByTestId('import-commit').click();
    const bar = page.locator('[data-testid="import-working"] progress[max]');
    await bar.waitFor({ timeout: 60_000 });
    // The file is read again (in the reading worker) before anything is written: cancel once writing shows.
    await expect.poll(() => page.getByTestId('import-working').innerText(), { timeout: 60_000, interval: 50 }).toMatch(/Writing [\d,]+ of 300,000/);
    await page.getByTestId('import-working').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.locator('[role="alert"]').first().innerText()).toBe('Import cancelled: nothing was written.');
    await expect.poll(() => observations()).toBe(before);
  });

  it('adds a label as a new KPI only once its name, section, unit and direction are said', async () => {
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    const drones = writeWorkbook(path.join(app.dir, 'drones.xlsx'), { Ops: { rows: [['KPI', 'Nov-19'], ['999 calls', 13000], ['Drones deployed', 7]] } });
    await page.getByTestId('file-input').setInputFiles(drones);
    await page.getByTestId('import-mapping').waitFor();
    await page.getByLabel('KPI for “Drones deployed”').selectOption('__add__');
    const form = page.getByRole('form', { name: 'New KPI for “Drones deployed”' });
    await form.waitFor();
    // Nothing is chosen for the analyst: the import stays blocked until the KPI is described.
    await expect(page.getByTestId('import-commit').isDisabled()).resolves.toBe(true);
    expect(await form.getByLabel('Unit').inputValue()).toBe('');
    expect(await form.getByLabel('Direction of good').inputValue()).toBe('');
    expect((await axeAudit(page)).violations).toEqual([]);
    if (shots) await page.screenshot({ path: path.join(shots, 'import-new-kpi.png'), fullPage: true });
    await form.getByLabel('Name').fill('Drone deployments');
    await form.getByLabel('Section').selectOption('2');
    await form.getByLabel('Unit').selectOption('count');
    await form.getByLabel('Direction of good').selectOption('neutral');
    await form.getByRole('button', { name: 'Add this KPI' }).click();
    await expect.poll(() => page.getByTestId('new-kpi-defined').innerText()).toMatch(/^Added as 2\.\d+ Drone deployments: a count; neither higher nor lower is better\./);
    await expect.poll(() => page.getByTestId('import-commit').innerText()).toBe('Import 2 figures');
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-outcome').innerText()).toMatch(/^Imported as import \d+/);
    const kpi = app.session.current().db.prepare("SELECT name, section, unit, direction FROM kpis WHERE id = 'drone-deployments'").get();
    expect(kpi).toEqual({ name: 'Drone deployments', section: 2, unit: 'count', direction: 'neutral' });
  });

  it('sent nothing beyond 127.0.0.1, and keeps uploaded copies inside the host', () => {
    const origin = `http://127.0.0.1:${app.host.port}/`;
    expect(requests.filter((url) => !url.startsWith(origin))).toEqual([]);
    expect(requests.some((url) => url.startsWith(`${origin}upload?name=force.xlsx`))).toBe(true);
    expect(fs.existsSync(path.join(app.dir, 'force.xlsx'))).toBe(true);
  });

  it('follows a change made through another door: a figure entered on the command line appears in the history without a reload', async () => {
    await page.goto(`${app.host.url}#/import`);
    const history = page.getByTestId('import-history');
    await history.waitFor();
    const before = await history.locator('tbody tr').count();
    const entered = await cli('enter', '--db', app.session.current().path, '--kpi', 'patrol hours', '--month', '2019-04', '--value', '1250');
    expect(entered.err).toBe('');
    // Another connection committed: the page notices within a few seconds and reads its data again.
    await expect.poll(() => history.locator('tbody tr').count(), { timeout: 15_000 }).toBe(before + 1);
    expect(await history.locator('tbody tr').first().innerText()).toContain('Entered by');
  });

  it('shows the figures of a batch of hand entries and undoes one of them alone', async () => {
    const { importId } = await createApi(app.session)['figures.enterMany']({
      entries: [
        { kpiId: 'surge-patrol-hours', month: '2019-05', value: 395, dimension: '', category: '' },
        { kpiId: 'surge-patrol-hours', month: '2019-06', value: 430, dimension: '', category: '' },
      ],
    });
    await page.goto(`${app.host.url}#/import`);
    const history = page.getByTestId('import-history');
    await history.getByRole('button', { name: `The figures of import ${importId}, to undo one by one` }).click();
    const list = history.getByRole('list', { name: `Figures of import ${importId}` });
    // A batch's long label wraps: the history still fits the window, its Undo buttons in view.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // Each line as it reads (the button's hidden words, for a screen reader, follow it).
    const lines = async () => (await list.getByRole('listitem').allInnerTexts()).map((t) => t.split('\n')[0]);
    expect(await lines()).toEqual([
      'Surge Funding: Hotspot Patrol Hours, 2019-05: 395.0 h Undo this one',
      'Surge Funding: Hotspot Patrol Hours, 2019-06: 430.0 h Undo this one',
    ]);
    await list.getByRole('listitem').filter({ hasText: '2019-06: 430.0 h' }).getByRole('button', { name: /^Undo this one/ }).click();
    await expect.poll(() => page.locator('.import-history [role="status"]').innerText()).toBe(`Undid Surge Funding: Hotspot Patrol Hours, 2019-06 of import ${importId}: it is gone; 1 of its figures left.`);
    await expect.poll(lines).toEqual(['Surge Funding: Hotspot Patrol Hours, 2019-05: 395.0 h Undo this one']);
  });

  it('reads the history again after a restore, and after the restore is undone, without a reload', async () => {
    await page.goto(`${app.host.url}#/import`);
    const history = page.getByTestId('import-history');
    await history.waitFor();
    const rows = () => history.locator('tbody tr').count();
    const before = await rows();
    // The backup taken before this entry holds the workspace without it.
    await createApi(app.session)['figures.enter']({ kpiId: 'surge-arrests', month: '2019-04', value: 12, dimension: '', category: '' });
    await expect.poll(rows, { timeout: 15_000 }).toBe(before + 1);
    await page.getByText('Workspace', { exact: true }).click();
    await page.getByRole('menuitem', { name: 'Backups…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Backups of this workspace' });
    await dialog.getByRole('button', { name: /^Restore the backup of / }).first().click();
    // The page is the same page: the history on it is read again at once, not at the next check for changes.
    await expect.poll(rows, { timeout: 1500 }).toBe(before);
    await page.locator('.app-status').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(rows, { timeout: 1500 }).toBe(before + 1);
  });
});
