import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../electron/backend/api';
import { openDemoInBrowser, type HostedApp } from './harness';

let app: HostedApp;
let page: Page;
let close: () => Promise<void>;

beforeAll(async () => ({ app, page, close } = await openDemoInBrowser()));
afterAll(() => close?.());

describe('the report in Chromium', () => {
  it('drafts the quarter’s report, shows live figures, catches a typed figure, and exports once it is fixed', async () => {
    await page.goto(`${app.host.url}#/report?period=Q1%202019%2F20`);
    await page.getByRole('button', { name: 'Draft it from the data' }).click();
    const crime = page.getByLabel('Paragraph 3.1', { exact: true });
    await crime.waitFor();
    const rows = (await createApi(app.session)['table.get']({ period: 'Q1 2019/20', scope: 'all' })).rows;
    const allCrime = rows.find((r) => r.kpiId === 'all-crime' && r.breakdown === null)!;
    expect(await page.getByLabel('Paragraph 3.1 as it will read').innerText()).toContain(`from ${allCrime.display.previous} to ${allCrime.display.current}`);
    expect(await page.getByTestId('check-clear').isVisible()).toBe(true);

    // A figure typed by hand that disagrees with the data.
    await crime.fill(`The force recorded ${allCrime.display.current.replace(/\d$/, (d) => String((Number(d) + 1) % 10))} crimes.`);
    expect(await page.getByLabel('Paragraph 3.1 as it will read').innerText()).toMatch(/^The force recorded [\d,]+ crimes\.$/);
    await page.keyboard.press('Control+s');
    const issues = page.getByTestId('issues').locator('li');
    await expect.poll(() => issues.count()).toBe(1);
    expect(await issues.first().innerText()).toContain('Paragraph 3.1: “');
    for (const name of ['Word (.docx)', 'PDF', 'HTML']) expect(await page.getByRole('button', { name }).isDisabled()).toBe(true);

    // Fixed with a live field, the check clears and Word export writes the file.
    await crime.fill('The force recorded {{all-crime.current}} crimes.');
    await page.keyboard.press('Control+s');
    await page.getByTestId('check-clear').waitFor();
    await page.getByRole('button', { name: 'Word (.docx)' }).click();
    const status = page.getByRole('status').first();
    await expect.poll(() => status.innerText()).toMatch(/^Saved .*Force Performance Report Q1 2019-20 draft\.docx$/);
    const file = (await status.innerText()).replace(/^Saved /, '');
    expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    await expect.poll(() => page.locator('table.exports tbody tr').count()).toBe(1);
  });
});
