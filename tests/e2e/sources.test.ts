import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../checkedApi';
import { sourceReportWideWorkbook } from '../fixtures/spreadsheets';
import { axeAudit, hostWorkspace, launchChromium, type HostedApp } from './harness';

/**
 * Two sources of one figure in the app, by keyboard: the force's workbook and the real data.police.uk
 * stop-and-search files for April–June 2019 (Leicestershire, tests/fixtures/data-police-uk). The Sources page
 * lists the difference and keeps the analyst's note; the KPI page names its source and changes it; the
 * dashboard then says the open data has no earlier year rather than comparing with the force's figure.
 */

const OPEN_DATA = ['2019-04', '2019-05', '2019-06'].map((m) => path.resolve(`tests/fixtures/data-police-uk/${m}-leicestershire-stop-and-search.csv`));
const PERIOD = 'Q1%202019%2F20';
let app: HostedApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await hostWorkspace(false);
  const api = createApi(app.session);
  const force = sourceReportWideWorkbook(path.join(app.dir, 'force.xlsx'));
  const imported = await api['import.commit']({ paths: [force, ...OPEN_DATA], addUnknown: false, mappings: {}, addLabels: [], newKpis: {}, layouts: {} });
  expect(imported.status).toBe('committed');
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The focused control's accessible text: its aria-label, its label (a select), or its own text. */
const focusedLabel = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const label = el && 'labels' in el ? (el as HTMLSelectElement).labels?.[0]?.textContent : undefined;
    return (el?.getAttribute('aria-label') ?? label ?? el?.textContent ?? '').trim();
  });
async function tabTo(label: RegExp, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (label.test(await focusedLabel())) return;
  }
  throw new Error(`${label} not reached in ${limit} Tabs; the focus is on "${await focusedLabel()}"`);
}

describe('two sources of one figure, in the app', () => {
  it('lists the difference on the Sources page and keeps a note typed by keyboard', async () => {
    await page.goto(`${app.host.url}#/sources?period=${PERIOD}`);
    const row = page.locator('[data-testid="reconciliation"] tbody tr[data-kpi="stop-searches"]');
    await row.waitFor();
    expect((await row.locator('td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
      'the force’s own systems: 961 data.police.uk open data: 746',
      '-215',
      '-22%',
      'the force’s own systems',
      'Add note',
    ]);
    expect((await axeAudit(page)).violations).toEqual([]);

    await page.locator('main h1').focus();
    await tabTo(/^Add note: Number of Stop and Searches$/);
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Why the sources differ' }).waitFor();
    expect((await axeAudit(page)).violations).toEqual([]);
    await page.keyboard.type('The open data leaves out searches without a usable location.');
    await page.keyboard.press('Tab');
    expect(await focusedLabel()).toBe('Save note');
    await page.keyboard.press('Enter');
    await row.getByText('The open data leaves out searches without a usable location.').waitFor();
    expect(await page.getByRole('status').first().innerText()).toContain('Note on Number of Stop and Searches saved.');
    const kept = await createApi(app.session)['figures.reconcile']({ period: 'Q1 2019/20' });
    expect(kept.find((r) => r.kpiId === 'stop-searches')?.note).toBe('The open data leaves out searches without a usable location.');
  });

  it('names the source under the KPI’s charts and changes it by keyboard, and the dashboard never mixes the two', async () => {
    await page.goto(`${app.host.url}#/kpi/stop-searches?period=${PERIOD}`);
    await page.getByTestId('kpi-verdict').waitFor();
    await expect.poll(() => page.getByTestId('reporting-source').innerText()).toBe('the force’s own systems');
    await page.getByTestId('figure-source').first().waitFor();
    expect(await page.getByTestId('figure-source').allInnerTexts()).toContain('Source: the force’s own systems');
    expect((await axeAudit(page)).violations).toEqual([]);

    await page.locator('main h1').focus();
    await tabTo(/^Report from/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('combobox', { name: 'Report from' }).inputValue()).toBe('data.police.uk');
    await page.keyboard.press('Tab');
    expect(await focusedLabel()).toBe('Use this source');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('reporting-source').innerText()).toBe('data.police.uk open data');
    await expect.poll(() => page.getByTestId('figure-source').first().innerText()).toBe('Source: data.police.uk open data');
    expect(await page.getByTestId('kpi-source').innerText()).toMatch(/\(chosen by .+ on \d{1,2} \w+ \d{4}\)/);

    await page.goto(`${app.host.url}#/section/5?period=${PERIOD}`);
    const row = page.locator('[data-testid="kpi-table"] tr.headline[data-kpi="stop-searches"]');
    await row.waitFor();
    expect((await row.locator('td').allInnerTexts()).slice(0, 4)).toEqual(['746', 'no data.police.uk figures for Q1 2018/19', '–', 'n/a']);
    expect(await page.getByTestId('table-source').innerText()).toBe('Source: data.police.uk open data.');
    expect((await axeAudit(page)).violations).toEqual([]);
  });
});
