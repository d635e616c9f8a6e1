import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../checkedApi';
import { hostDemo, launchChromium, recordRequests, type HostedApp } from './harness';

let app: HostedApp;
let browser: Browser;
let page: Page;
let requests: string[];

beforeAll(async () => {
  app = await hostDemo();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  requests = recordRequests(page);
  await page.goto(app.host.url);
  await page.waitForSelector('[data-testid="kpi-table"] tbody tr');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const api = () => createApi(app.session);

async function tableRow(kpiId: string): Promise<string[]> {
  return page.locator(`[data-testid="kpi-table"] tr[data-kpi="${kpiId}"].headline`).first().locator('th, td').allInnerTexts();
}

describe('the dashboard in Chromium, over the browser host', () => {
  it('opens on the demo workspace’s latest complete quarter, labelled as demo data', async () => {
    await expect(page.getByTestId('demo-badge').innerText()).resolves.toBe('DEMO DATA — fictional force');
    expect(await page.getByTestId('period-select').inputValue()).toBe('Q2 2026/27');
    const expected = (await api()['table.get']({ period: 'Q2 2026/27', section: 1, scope: 'all' })).rows.find((r) => r.kpiId === 'calls-999')!;
    const cells = await tableRow('calls-999');
    expect(cells.slice(0, 5)).toEqual(['1.1 Number of 999 Calls', expected.display.current, expected.display.previous, expected.display.change, expected.display.changePercent]);
  });

  it('changes the figures when the period changes', async () => {
    const before = await tableRow('calls-999');
    await page.getByTestId('period-select').selectOption('Q1 2019/20');
    await expect.poll(() => page.getByTestId('period-long').innerText()).toBe('Quarter 1 2019/20 (April 2019 – June 2019), compared with Q1 2018/19');
    await expect.poll(async () => (await tableRow('calls-999'))[1]).not.toBe(before[1]);
    const expected = (await api()['table.get']({ period: 'Q1 2019/20', section: 1, scope: 'all' })).rows.find((r) => r.kpiId === 'calls-999')!;
    expect((await tableRow('calls-999')).slice(1, 5)).toEqual([expected.display.current, expected.display.previous, expected.display.change, expected.display.changePercent]);
    expect(page.url()).toContain('period=Q1%202019%2F20');
  });

  it('draws the trend chart as the report does, and shows the same figures as a table', async () => {
    const card = page.locator('[data-testid="trend-card"][data-kpi="calls-999"]');
    const image = card.locator('img');
    await image.waitFor();
    const svg = decodeURIComponent((await image.getAttribute('src'))!.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
    // Both years drawn, labelled at their ends: the report's builder, drawn by the backend.
    expect(svg.match(/<path /g)?.length ?? 0).toBeGreaterThan(10);
    expect(svg).toContain('>2019/20<');
    expect(svg).toContain('>2018/19<');
    await expect(image.getAttribute('alt')).resolves.toContain('by month from April to March: 2018/19 (12 months, dashed) and 2019/20 (12 months, solid)');

    await card.getByRole('button', { name: 'Show as table' }).click();
    const rows = card.locator('table tbody tr');
    await expect.poll(() => rows.count()).toBe(12);
    const trend = await api()['series.trend']({ kpiId: 'calls-999', period: 'Q1 2019/20' });
    expect(await rows.first().locator('th, td').allInnerTexts()).toEqual([
      'Apr',
      trend.lastYear.values[0]!.toLocaleString('en-GB'),
      trend.thisYear.values[0]!.toLocaleString('en-GB'),
    ]);
    await card.getByRole('button', { name: 'Show as chart' }).click();
    await expect.poll(() => card.locator('img').isVisible()).toBe(true);
  });

  it('moves between sections with the arrow keys', async () => {
    await page.getByRole('tab', { name: '1. Calls' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('tab', { selected: true }).innerText()).toBe('2. Incidents');
    await page.waitForSelector('[data-testid="kpi-table"] tr[data-kpi="incidents"]');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('2. Incidents');
    await page.keyboard.press('End');
    await expect.poll(() => page.getByRole('tab', { selected: true }).innerText()).toBe('5. Prevention');
    await page.waitForSelector('[data-testid="kpi-table"] tr[data-kpi="stop-searches"]');
  });

  it('opens a KPI’s full history with its limits and where each figure came from, and Escape goes back', async () => {
    await page.getByRole('button', { name: '5.1 Number of Stop and Searches', exact: true }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('5.1 Number of Stop and Searches');
    await page.getByTestId('spc-card').getByRole('button', { name: 'Show as table' }).click();
    const rows = page.getByTestId('history-table').locator('tbody tr');
    // Every month to the end of the period the page is about.
    const view = await api()['series.spc']({ kpiId: 'stop-searches', period: 'Q1 2019/20' });
    expect(view.points.at(-1)!.month).toBe('2019-06');
    await expect.poll(() => rows.count()).toBe(view.points.length);
    expect(await rows.last().locator('th, td').allInnerTexts()).toEqual(
      expect.arrayContaining(['April 2014', 'Demo data (fictional force)', 'demo generator']),
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('tab', { selected: true }).innerText()).toBe('5. Prevention');
  });

  it('never sends a request beyond 127.0.0.1', () => {
    expect(requests.length).toBeGreaterThan(5);
    const origin = `http://127.0.0.1:${app.host.port}/`;
    expect(requests.filter((url) => !url.startsWith(origin))).toEqual([]);
  });
});
