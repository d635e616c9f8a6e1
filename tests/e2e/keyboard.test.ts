import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoInBrowser, type HostedApp } from './harness';

/**
 * The manager's day without a mouse: change the period, open a KPI, explain an event in the inbox, draft and
 * export the report, fill a cell of a return. Every key is counted; after each step the focus is where the
 * next step starts, and nothing focused hides under the sticky header.
 */

let app: HostedApp;
let page: Page;
let close: () => Promise<void>;
let keys = 0;
const counts: Record<string, number> = {};

beforeAll(async () => ({ app, page, close } = await openDemoInBrowser({ width: 1366, height: 768 })));
afterAll(async () => {
  console.log(`keys pressed, step by step: ${JSON.stringify(counts)}`);
  await close?.();
});

const press = async (key: string) => {
  keys++;
  await page.keyboard.press(key);
};
/** Typed words are the analyst's content, not getting about: a phrase counts as one key. */
const type = async (text: string) => {
  keys++;
  await page.keyboard.type(text);
};
/** What has the focus: its tag, its accessible text, or a test id. */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase() ?? '', text: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim().replace(/\s+/g, ' '), testid: el?.getAttribute('data-testid') ?? '', cell: el?.getAttribute('data-cell') ?? el?.closest('[data-cell]')?.getAttribute('data-cell') ?? '' };
  });
/** Tabs forward until the focus is on what `wanted` accepts; the count of Tabs is part of the step's keys. */
async function tabTo(wanted: (f: Awaited<ReturnType<typeof focused>>) => boolean, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await press('Tab');
    if (wanted(await focused())) return;
  }
  throw new Error(`not reached in ${limit} Tabs; the focus is on ${JSON.stringify(await focused())}`);
}
/** Where the focused control is: in the page (not the header itself), and clear of the sticky header. */
const placeOfFocus = () =>
  page.evaluate(() => {
    const header = document.querySelector('header.topbar')!.getBoundingClientRect().bottom;
    const focused = document.activeElement as HTMLElement;
    return { inPage: !!focused.closest('main'), clear: focused.getBoundingClientRect().top >= header - 1 };
  });
const step = (name: string, from: number) => (counts[name] = keys - from);
/** Whether the focused element is on screen: below the sticky header and above the window's bottom edge. */
const inView = () =>
  page.evaluate(() => {
    const header = document.querySelector('header.topbar')!.getBoundingClientRect().bottom;
    const box = (document.activeElement as HTMLElement).getBoundingClientRect();
    return box.top >= header - 1 && box.bottom <= window.innerHeight + 1;
  });
let explainedKpi = '';

describe('a keyboard-only day', () => {
  it('changes the period by typing its start', async () => {
    await page.goto(app.host.url);
    await page.locator('main h1').waitFor();
    const start = keys;
    await press('p');
    expect((await focused()).testid).toBe('period-select');
    await type('Q1 2019');
    await expect.poll(() => page.getByTestId('period-select').inputValue()).toBe('Q1 2019/20');
    expect((await focused()).testid).toBe('period-select');
    await expect.poll(() => page.locator('main .period-long').first().innerText()).toContain('Quarter 1 2019/20');
    step('period', start);
  });

  it('opens a KPI’s page, the focus on its heading; Escape goes back to the section, the focus on its heading', async () => {
    const start = keys;
    await tabTo((f) => f.tag === 'a' && f.text === '1.1 Number of 999 Calls');
    await press('Enter');
    await expect.poll(async () => (await focused()).tag).toBe('h1');
    expect((await focused()).text).toContain('Number of 999 Calls');
    await press('Escape');
    await expect.poll(async () => (await focused()).text).toBe('1. Calls');
    step('open a KPI and back', start);
  });

  it('explains an event from the inbox with j and e, and the focus stays with the event', async () => {
    const start = keys;
    await press('g');
    await press('i');
    await expect.poll(async () => (await focused()).text).toBe('Anomalies');
    await page.getByTestId('event').first().waitFor();
    await press('j');
    await expect.poll(async () => (await focused()).testid).toBe('event');
    const event = (await focused()).text;
    await press('e');
    await expect.poll(async () => (await focused()).tag).toBe('textarea');
    await type('Seasonal demand, as every year.');
    await tabTo((f) => f.tag === 'button' && f.text === 'Save explanation', 10);
    await press('Enter');
    await expect.poll(async () => (await focused()).text).toMatch(/^Explained/);
    expect(await page.evaluate(() => document.activeElement!.closest('[data-testid="event"]')!.getAttribute('aria-label'))).toBe(event);
    // The explained event keeps its place in the list: the focus, and the confirmation, are on screen.
    expect(await inView()).toBe(true);
    explainedKpi = (await page.evaluate(() => document.activeElement!.closest('[data-testid="event"]')!.getAttribute('data-kpi')))!;
    step('explain an event', start);
    // Back up the page with Shift+Tab to its top: each control comes into view below the sticky header.
    let steps = 0;
    for (; steps < 200; steps++) {
      await press('Shift+Tab');
      const place = await placeOfFocus();
      if (!place.inPage) break;
      expect(place.clear, `Shift+Tab ${steps + 1}: ${JSON.stringify(await focused())}`).toBe(true);
    }
    console.log(`Shift+Tab from the explained event to the top of the inbox: ${steps} steps, each clear of the header`);
    // The event explained is the first: above it are the filters, the step changes to decide and the page's own links.
    expect(steps).toBeGreaterThan(10);
  });

  it('closes an annotation’s history with Escape on the KPI’s page, staying on the page', async () => {
    // The explained event's KPI, as its link in the inbox opens it.
    await page.evaluate((kpi) => (location.hash = `#/kpi/${kpi}?period=Q1%202019%2F20`), explainedKpi);
    await expect.poll(async () => (await focused()).tag).toBe('h1');
    const heading = (await focused()).text;
    const start = keys;
    await tabTo((f) => f.tag === 'button' && f.text === 'History');
    await press('Enter');
    const toggle = page.locator('[data-testid="annotation"] button[data-history]').first();
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    await press('Escape');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('main h1').innerText()).toBe(heading);
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-history'))).toBe(true);
    // A second Escape, with nothing open, goes back to the section.
    await press('Escape');
    await expect.poll(async () => (await focused()).text).toMatch(/^\d\. [A-Z]/);
    expect(await page.evaluate(() => location.hash)).toMatch(/^#\/section\//);
    step('an annotation’s history and back', start);
  });

  it('drafts the report and exports it to Word with Ctrl+Shift+E', async () => {
    const start = keys;
    await press('g');
    await press('r');
    await expect.poll(async () => (await focused()).text).toBe('Force Performance Report, Q1 2019/20');
    await tabTo((f) => f.tag === 'button' && f.text === 'Draft it from the data', 10);
    await press('Enter');
    await expect.poll(async () => (await focused()).text).toBe('Force Performance Report, Quarter 1 2019/20 (April 2019 – June 2019)');
    await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/^Drafted: \d+ paragraphs\./);
    await press('Control+Shift+E');
    await page.getByTestId('written').waitFor();
    expect(await page.getByTestId('written').innerText()).toContain('Force Performance Report Q1 2019-20 draft.docx');
    expect(fs.existsSync(path.join(app.dir, 'Reports', 'Force Performance Report Q1 2019-20 draft.docx'))).toBe(true);
    expect((await focused()).tag).toBe('h1');
    step('draft and export the report', start);
  });

  it('opens a return, enters a missing figure, and comes back to its cell', async () => {
    const start = keys;
    await press('g');
    await press('t');
    await expect.poll(async () => (await focused()).text).toBe('Returns');
    await page.locator('td.cell.missing').first().waitFor();
    await press('j');
    expect((await focused()).text).toMatch(/^Enter… figures for /);
    const cell = (await focused()).cell;
    await press('Enter');
    await expect.poll(async () => (await focused()).tag).toBe('input');
    await type('1250');
    await press('Enter');
    await expect.poll(async () => (await focused()).cell).toBe(cell);
    expect(await page.locator(`td[data-cell="${cell}"]`).innerText()).not.toContain('no figure');
    step('fill a cell of a return', start);
  });

  it('undoes the figure just entered from the import history, the focus on what was undone and in view', async () => {
    page.once('dialog', (d) => void d.accept());
    const start = keys;
    await press('g');
    await press('m');
    await page.getByTestId('import-history').waitFor();
    await tabTo((f) => f.tag === 'button' && /^Undo import \d+$/.test(f.text), 80);
    const undone = (await focused()).text;
    await press('Enter');
    await expect.poll(async () => (await focused()).text).toMatch(/^Undid import \d+: \d+ figures restored, \d+ removed\.$/);
    expect((await focused()).text).toContain(undone.replace('Undo import ', 'Undid import '));
    expect(await placeOfFocus()).toEqual({ inPage: true, clear: true });
    expect(await inView()).toBe(true);
    step('undo an import', start);
  });

  it('shows the keys with "?"', async () => {
    const start = keys;
    await press('?');
    const map = page.getByRole('dialog', { name: 'Keyboard' });
    await map.waitFor();
    expect(await map.innerText()).toContain('Ctrl+Shift+E');
    await press('Escape');
    await expect.poll(() => map.isVisible()).toBe(false);
    step('keyboard map', start);
    // The whole day in keys: each step is a handful, never dozens of Tabs.
    for (const [name, n] of Object.entries(counts)) expect(n, name).toBeLessThan(25);
  });
});
