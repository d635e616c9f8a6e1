import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createApi } from '../checkedApi';
import { axeAudit, openDemoInBrowser, type HostedApp } from './harness';

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
    // No file supplies patrol hours: the form says where what is typed is kept.
    await expect.poll(() => page.getByText('Kept with figures entered by hand: no file supplies this KPI.').count()).toBe(1);
    await page.getByLabel('April 2019').fill('1,250');
    await page.getByRole('button', { name: 'Save figures' }).click();
    await expect.poll(() => b6.innerText()).toBe('1,250.0 h');
    const api = createApi(app.session);
    expect((await api['kpis.sources']({ kpiId: 'surge-patrol-hours' })).reporting).toBe('entered by hand');
    expect((await api['imports.list']({})).find((i) => i.kind === 'manual')).toMatchObject({ kind: 'manual', label: expect.stringMatching(/: 1 figure \(Surge Funding: Hotspot Patrol Hours\)$/) });

    const f6 = page.locator('td[data-cell="F6"]');
    await f6.getByRole('button', { name: /^n\/a…/ }).click();
    await page.getByLabel(/^Why is .*, .* not available\?$/).fill('Surge funding began in April 2019');
    await page.getByRole('button', { name: 'Mark not available' }).click();
    await expect.poll(() => f6.innerText()).toMatch(/^n\/a/);
    expect(await f6.getAttribute('title')).toContain('Not available: Surge funding began in April 2019');
    await expect.poll(async () => Number((await summary.innerText()).split(' ')[0])).toBe(before - 2);
    expect(await page.getByRole('button', { name: 'Write the return (.xlsx)' }).isDisabled()).toBe(true);
  });

  it('completes the surge-funding return by keyboard: a column and a row marked n/a at once, the rest typed into the entry grid as one entry', async () => {
    await page.goto(`${app.host.url}#/returns?period=Q1%202019%2F20`);
    const grid = page.getByTestId('return-grid');
    await grid.waitFor();
    // The same quarter last year: surge funding began in April 2019, so the whole column is not available.
    await grid.getByRole('button', { name: 'n/a… for every cell of the Same quarter last year column without a figure' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('Surge funding began in April 2019');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.returns-page > [role="status"]').innerText()).toMatch(/^\d+ cells of the Same quarter last year column marked not available\.$/);
    // One row at once: weapons recovered are not yet counted by the funded teams.
    await grid.getByRole('button', { name: 'n/a… for every cell of the Equipment and technology: weapons recovered row without a figure' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('Not yet counted by the funded teams');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.returns-page > [role="status"]').innerText()).toBe('5 cells of the Equipment and technology: weapons recovered row marked not available.');

    // The rest typed straight in: Tab along, and the figures saved together.
    const entry = page.locator('form.entry-grid');
    const inputs = entry.locator('input');
    // The grid asks only for what is still needed: the row marked n/a has gone from it.
    await expect.poll(() => entry.locator('tbody th').allInnerTexts()).toEqual([
      'Hotspot policing: patrol hours',
      'Intelligence development: intelligence reports',
      'Investigative response: arrests for serious violence',
      'Spend: hotspot policing',
      'Spend: intelligence development',
      'Spend: investigative response',
      'Spend: equipment and technology',
    ]);
    const count = await inputs.count();
    expect(await entry.locator('thead th').allInnerTexts()).toEqual(['Measure', 'Apr 2019', 'May 2019', 'Jun 2019']);
    await inputs.first().focus();
    for (let i = 0; i < count; i++) {
      await page.keyboard.type(String(100 + i));
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`Save ${count} figures`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.returns-page > [role="status"]').innerText()).toMatch(new RegExp(`^${count} figures entered, as import (\\d+); undo it in the import history to take them all back\\.$`));
    await expect.poll(() => page.locator('form.entry-grid').count()).toBe(0);
    expect(await page.locator('.returns-page details.problems').count()).toBe(0);
    // Red is what blocks, and nothing does: the return can be written.
    expect(await grid.locator('td.cell.missing').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Write the return (.xlsx)' }).isDisabled()).toBe(false);
    const history = await createApi(app.session)['imports.list']({});
    expect(history.filter((i) => i.label.startsWith('Entered by ') && i.label.includes(`${count} figures`))).toHaveLength(1);
  });

  it('opens the workbook the return came as, shows its sheet as it is, keeps the proposed mapping and maps a cell from a searchable list', async () => {
    await page.goto(`${app.host.url}#/returns?period=Q1%202019%2F20`);
    await page.getByTestId('return-workbook-file').setInputFiles(path.resolve('tests/fixtures/return-workbook/surge-funding-return.xlsx'));
    const section = page.locator('section.workbook-return');
    await expect.poll(() => section.getByRole('status').innerText()).toBe('surge-funding-return.xlsx is not mapped yet: 31 cells are proposed from its labels.');
    expect(await section.getByRole('group', { name: 'Sheets' }).getByRole('button').allInnerTexts()).toEqual(['Guidance', 'Return', 'Lookups (hidden)']);
    await section.getByRole('button', { name: 'Return', exact: true }).click();
    const grid = section.getByTestId('sheet-grid');
    // Its merged title spans the columns it spans in the workbook; the quarter total is the workbook's own formula.
    expect(await grid.locator('td[colspan="7"]').first().innerText()).toBe('Serious Violence Surge Funding: quarterly return');
    expect(await grid.getByText('=SUM(B8:D8)').count()).toBe(1);
    expect(await grid.getByRole('button', { name: 'Return!B8, filled with Surge Funding: Hotspot Patrol Hours, month 1' }).count()).toBe(1);
    await section.getByRole('button', { name: 'Keep this mapping' }).click();
    await expect.poll(() => section.getByRole('status').innerText()).toBe('The mapping of surge-funding-return.xlsx is kept (version 1): 31 cells.');

    await grid.getByRole('button', { name: 'Return!B14, not mapped' }).click();
    const form = section.getByRole('form', { name: 'What fills Return!B14' });
    await page.keyboard.type('stop and search');
    await form.getByRole('combobox', { name: 'KPI' }).selectOption({ label: '5.1 Number of Stop and Searches' });
    await form.getByRole('combobox', { name: 'Breakdown' }).selectOption({ label: 'by Reason' });
    await form.getByLabel('Category').fill('Offensive weapons');
    // The column's header said which period: the first month of the quarter.
    expect(await form.getByRole('combobox', { name: 'Period' }).inputValue()).toBe('month1');
    await form.getByRole('button', { name: 'Map the cell' }).click();
    await expect.poll(() => section.getByRole('status').innerText()).toBe('Return!B14 now takes stop-searches/Reason=Offensive weapons@month1.');
    const b14 = await createApi(app.session)['returnMaps.get']({ path: path.resolve('tests/fixtures/return-workbook/surge-funding-return.xlsx') });
    expect([b14.mapping.version, b14.mapping.cells.find((c) => c.mapped.cell === 'B14')?.mapped]).toEqual([2, { sheet: 'Return', cell: 'B14', kpi: 'stop-searches', dimension: 'Reason', category: 'Offensive weapons', period: 'month1' }]);
    // Filled for the quarter: B14 shows its figure, and what is missing is listed.
    await expect.poll(() => grid.getByRole('button', { name: /^Return!B14, filled with Number of Stop and Searches \(Offensive weapons\), month 1: \d+$/ }).count()).toBe(1);
    expect(await section.locator('details.problems summary').innerText()).toMatch(/^\d+ cells? without a figure for Q1 2019\/20$/);
    expect((await axeAudit(page)).violations).toEqual([]);
    // What has no figure, marked n/a at once with one reason; then the copy is written.
    await section.getByRole('button', { name: /^Mark all \d+ n\/a…$/ }).click();
    await page.keyboard.type('Not collected for this quarter');
    await page.keyboard.press('Enter');
    await expect.poll(() => section.getByRole('status').innerText()).toMatch(/^\d+ cells marked not available\.$/);
    await expect.poll(() => section.getByText('Every mapped cell has its figure for Q1 2019/20.').count()).toBe(1);
    await section.getByRole('button', { name: 'Write the filled copy (.xlsx)' }).click();
    await expect.poll(() => section.getByRole('status').innerText()).toMatch(/^Written to .*surge-funding-return Q1 2019-20\.xlsx: the workbook with only its mapped cells filled\./);
  });

  it('lists each return written and, after a figure it used changes, which cells now differ', async () => {
    const api = createApi(app.session);
    const manual = ['surge-patrol-hours', 'surge-intelligence-reports', 'surge-arrests', 'weapons-recovered', 'surge-spend-hotspot', 'surge-spend-intelligence', 'surge-spend-investigation', 'surge-spend-equipment'];
    for (const kpiId of manual) for (const month of ['2019-04', '2019-05', '2019-06']) await api['figures.enter']({ kpiId, month, value: 100, dimension: '', category: '' });
    const preview = await api['returns.preview']({ templateId: 'surge-funding', period: 'Q1 2019/20' });
    for (const p of preview.problems) await api['returns.markNotAvailable']({ templateId: 'surge-funding', period: 'Q1 2019/20', cell: p.address, reason: 'Surge funding began in April 2019' });
    await api['returns.export']({ templateId: 'surge-funding', period: 'Q1 2019/20' });
    await page.goto(`${app.host.url}#/returns?period=Q1%202019%2F20`);
    // The template's return, beside the workbook filled above.
    const written = page.getByTestId('return-export').filter({ hasText: /surge-funding, exported/ });
    await expect.poll(() => written.allInnerTexts()).toEqual([expect.stringMatching(/^Q1 2019\/20 surge-funding, exported \d{1,2} \w+ \d{4} \(surge-funding Q1 2019-20\.xlsx\): still matches the workspace\.$/)]);
    await api['figures.enter']({ kpiId: 'surge-patrol-hours', month: '2019-06', value: 90, dimension: '', category: '' });
    await page.reload();
    await expect.poll(() => written.first().innerText()).toMatch(/: 3 cells now differ: D6 was 100\.0 h, now 90\.0 h; E6 was 300\.0 h, now 290\.0 h; G6 was 300\.0 h, now 290\.0 h\.$/);
  });
});
