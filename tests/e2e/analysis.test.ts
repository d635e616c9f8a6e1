import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../electron/backend/api';
import { openDemoInBrowser, type HostedApp } from './harness';

let app: HostedApp;
let page: Page;
let close: () => Promise<void>;

beforeAll(async () => ({ app, page, close } = await openDemoInBrowser()));
afterAll(() => close?.());

const api = () => createApi(app.session);

/**
 * Pixels of the annotation colour (#009E73, bluish green) in a chart's canvas: a marker line or band drawn on
 * it. Antialiasing blends a thin line's pixels, so any clearly green pixel counts; nothing else is green.
 */
async function annotationInk(chart: Locator): Promise<number> {
  const canvas = chart.locator('canvas').first();
  await canvas.waitFor();
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 100 && data[i + 1] - data[i] > 60 && data[i + 1] - data[i + 2] > 15) n++;
    return n;
  });
}

describe('the anomaly inbox, annotations and charts in Chromium', () => {
  it('lists the period’s flagged figures largest first, explains the 101 spike, and shows the annotation on the KPI’s charts', async () => {
    await page.goto(`${app.host.url}#/kpi/calls-101-abandonment-rate?period=Q2%202023%2F24`);
    const trend = page.getByTestId('trend-card');
    await page.waitForTimeout(800);
    expect(await annotationInk(trend)).toBe(0);

    await page.goto(`${app.host.url}#/anomalies?period=Q2%202023%2F24`);
    const rows = page.getByTestId('anomaly-row');
    await rows.first().waitFor();
    const expected = await api()['anomalies.list']({ period: 'Q2 2023/24' });
    expect(await rows.count()).toBe(expected.anomalies.length);
    // Largest departure first, as the backend orders them.
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kpi')))).toEqual(expected.anomalies.map((a) => a.kpiId));
    const first = page.locator('[data-testid="anomaly-row"][data-kpi="calls-101-abandonment-rate"]');
    expect(await first.getAttribute('data-month')).toBe('2023-08');
    const spike = expected.anomalies.find((a) => a.kpiId === 'calls-101-abandonment-rate')!;
    const cells = await first.locator('th, td').allInnerTexts();
    expect(cells.slice(0, 8)).toEqual([
      '1.6 101 Abandonment Rate',
      'August 2023',
      spike.display.value,
      spike.display.expected,
      spike.display.difference,
      'Point beyond a process limit',
      `${spike.size.toFixed(1)} SD`,
      'Deteriorating',
    ]);

    await first.getByRole('button', { name: 'Explain…' }).click();
    const form = page.getByRole('form', { name: 'Save explanation' });
    await form.getByLabel('Category').selectOption('data_quality');
    await form.getByLabel('What happened').fill('Telephony outage: calls queued for up to 40 minutes.');
    await form.getByRole('button', { name: 'Save explanation' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/^Explained 101 Abandonment Rate, August 2023 with annotation A\d+\.$/);
    await expect.poll(() => rows.count()).toBe(expected.anomalies.length - 1);
    await page.getByRole('button', { name: /^Explained \(1\)$/ }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-kpi')).toBe('calls-101-abandonment-rate');

    // Remembered by the backend: the inbox reopened later still knows.
    const after = await api()['anomalies.list']({ period: 'Q2 2023/24' });
    const explained = after.anomalies.find((a) => a.kpiId === 'calls-101-abandonment-rate' && a.month === '2023-08')!;
    expect(explained.review).toMatchObject({ status: 'explained' });

    await first.getByRole('link', { name: '1.6 101 Abandonment Rate' }).click();
    const notes = page.getByRole('complementary', { name: 'Annotations on these charts' });
    await expect.poll(() => notes.getByTestId('annotation').first().innerText()).toContain('Telephony outage: calls queued for up to 40 minutes.');
    expect(await notes.getByTestId('annotation').first().innerText()).toContain(`A${explained.review!.annotationId}`);
    await page.waitForTimeout(800);
    expect(await annotationInk(page.getByTestId('trend-card'))).toBeGreaterThan(20);
    expect(await annotationInk(page.getByTestId('spc-card'))).toBeGreaterThan(20);
  });

  it('dismisses a figure with a reason, and can bring it back', async () => {
    await page.goto(`${app.host.url}#/anomalies?period=Q2%202023%2F24`);
    const rows = page.getByTestId('anomaly-row');
    await rows.first().waitFor();
    const before = await rows.count();
    const row = page.locator('[data-testid="anomaly-row"][data-kpi="calls-101-answer-time"]');
    await row.getByRole('button', { name: 'Dismiss…' }).click();
    await page.getByLabel(/need no explanation/).fill('Follows from the telephony outage already explained.');
    await page.getByRole('form', { name: 'Dismiss' }).getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => rows.count()).toBe(before - 1);
    await page.getByRole('button', { name: /^Dismissed \(1\)$/ }).click();
    await expect.poll(() => row.innerText()).toContain('Dismissed: Follows from the telephony outage already explained.');
    await row.getByRole('button', { name: 'Reopen' }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Dismissed/ }).innerText()).toBe('Dismissed (0)');
  });

  it('finds annotations by search, keeps their history when edited, and restores a deleted one', async () => {
    await page.goto(`${app.host.url}#/annotations`);
    await page.getByTestId('annotation').first().waitFor();
    await page.getByLabel('Search').fill('telephony');
    await expect.poll(() => page.getByTestId('annotation').count()).toBe(1);
    await page.getByLabel('Search').fill('no such words');
    await expect.poll(() => page.getByTestId('annotation').count()).toBe(0);
    await page.getByLabel('Search').fill('');
    const note = page.getByTestId('annotation').first();
    await note.getByRole('button', { name: 'Edit' }).click();
    await note.getByLabel('What happened').fill('Telephony outage on 14–16 August: calls queued for up to 40 minutes.');
    await note.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => note.innerText()).toContain('Telephony outage on 14–16 August');
    await note.getByRole('button', { name: 'History' }).click();
    const history = note.locator('.annotation-history li');
    await expect.poll(() => history.count()).toBe(2);
    expect(await history.nth(0).innerText()).toContain('created by');
    expect(await history.nth(0).innerText()).toContain('“Telephony outage: calls queued for up to 40 minutes.”');
    expect(await history.nth(1).innerText()).toContain('edited by');
    await note.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByTestId('annotation').count()).toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.getByTestId('annotation').count()).toBe(1);
  });

  it('ranks the force among its most similar forces, fewest first, and says by which measure', async () => {
    await page.goto(`${app.host.url}#/peers?period=Q1%202019%2F20`);
    const statement = page.getByTestId('peer-statement');
    await statement.waitFor();
    const expected = await api()['peers.get']({ period: 'Q1 2019/20' });
    expect(await statement.innerText()).toBe(expected.statement);
    expect(expected.statement).toContain('ranked by offences per 1,000 population; rank 1 is the fewest');
    const firstRow = await page.getByTestId('peer-table').locator('tbody tr').first().locator('th, td').allInnerTexts();
    expect(firstRow.slice(0, 2)).toEqual([expected.rows[0].area, '1']);
  });
});
