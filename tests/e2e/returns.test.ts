import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoInBrowser, type HostedApp } from './harness';

let app: HostedApp;
let page: Page;
let close: () => Promise<void>;

beforeAll(async () => ({ app, page, close } = await openDemoInBrowser()));
afterAll(() => close?.());

describe('the returns page in Chromium', () => {
  it('shows what the surge-funding return lacks, takes a figure entered by hand and a not-available mark', async () => {
    await page.goto(`${app.host.url}#/returns?period=Q1%202019%2F20`);
    const b6 = page.locator('td[data-cell="B6"]');
    await b6.waitFor();
    expect(await b6.innerText()).toContain('no figure');
    const summary = page.locator('details.problems summary');
    const before = Number((await summary.innerText()).split(' ')[0]);

    await b6.getByRole('button', { name: /^Enter…/ }).click();
    await page.getByLabel('April 2019').fill('1,250');
    await page.getByRole('button', { name: 'Save figures' }).click();
    await expect.poll(() => b6.innerText()).toBe('1,250.0 h');

    const f6 = page.locator('td[data-cell="F6"]');
    await f6.getByRole('button', { name: /^n\/a…/ }).click();
    await page.getByLabel(/^Why is .*, .* not available\?$/).fill('Surge funding began in April 2019');
    await page.getByRole('button', { name: 'Mark not available' }).click();
    await expect.poll(() => f6.innerText()).toMatch(/^n\/a/);
    expect(await f6.getAttribute('title')).toContain('Not available: Surge funding began in April 2019');
    await expect.poll(async () => Number((await summary.innerText()).split(' ')[0])).toBe(before - 2);
    expect(await page.getByRole('button', { name: 'Write the return (.xlsx)' }).isDisabled()).toBe(true);
  });
});
