import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../checkedApi';
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

/** The SVG a trend figure shows, decoded from its image. */
async function trendSvg(figure: Locator): Promise<string> {
  const src = await figure.locator('img').getAttribute('src');
  return decodeURIComponent(src!.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
}

describe('the anomaly inbox: events, explained and dismissed in place', () => {
  it('lists the period’s events as the backend orders them, explains the 101 outage, and shows it on the KPI’s charts', async () => {
    await page.goto(`${app.host.url}#/anomalies?period=Q2%202023%2F24`);
    const events = page.getByTestId('event');
    await events.first().waitFor();
    const expected = await api()['anomalies.list']({ period: 'Q2 2023/24' });
    expect(await events.count()).toBe(expected.events.length);
    expect(await events.evaluateAll((items) => items.map((li) => `${li.getAttribute('data-kpi')}|${li.getAttribute('data-from')}`))).toEqual(expected.events.map((e) => `${e.kpiId}|${e.from}`));
    const outage = page.locator('[data-testid="event"][data-kpi="calls-101-abandonment-rate"]');
    expect(await outage.getAttribute('data-to')).toBe('2023-08');
    const text = await outage.innerText();
    expect(text).toContain('1.6 101 Abandonment Rate');
    expect(text).toContain('Above its usual range in August 2023.');
    expect(text).toMatch(/Furthest from usual in August 2023: 41\.0% against 20\.\d% \(\+2\d\.\dpp\)\./);
    // The statistics are there for those who want them, not in the way.
    await outage.getByText('The statistics').click();
    await expect.poll(() => outage.locator('.event-detail p').innerText()).toMatch(/sigma from the centre\. Rules: a point beyond a process limit/);

    await outage.getByRole('button', { name: 'Explain 1.6 101 Abandonment Rate, August 2023' }).click();
    const form = page.getByRole('form', { name: 'Save explanation' });
    await form.getByLabel('Category').selectOption('data_quality');
    await form.getByLabel('What happened').fill('Telephony outage: calls queued for up to 40 minutes.');
    await form.getByRole('button', { name: 'Save explanation' }).click();
    // The confirmation shows beside the item, and the focus is there.
    const status = outage.locator('.event-status');
    await expect.poll(() => status.innerText()).toMatch(/^Explained with annotation A\d+: 1\.6 101 Abandonment Rate, August 2023\.$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe('event-status');
    await expect.poll(() => outage.innerText()).toContain('Explained (annotation A');
    await page.getByRole('button', { name: /^To review/ }).click();
    await expect.poll(() => events.count()).toBe(expected.events.length - 1);

    const after = await api()['anomalies.list']({ period: 'Q2 2023/24' });
    const explained = after.events.find((e) => e.kpiId === 'calls-101-abandonment-rate')!;
    expect(explained.review).toMatchObject({ status: 'explained' });

    await page.goto(`${app.host.url}#/kpi/calls-101-abandonment-rate?period=Q2%202023%2F24`);
    const notes = page.getByRole('complementary', { name: 'Annotations on these charts' });
    await expect.poll(() => notes.getByTestId('annotation').first().innerText()).toContain('Telephony outage: calls queued for up to 40 minutes.');
    const label = `A${explained.review!.annotationId}`;
    await expect.poll(() => trendSvg(page.getByTestId('trend-card'))).toContain(`>${label}<`);
    await page.waitForTimeout(800);
    expect(await annotationInk(page.getByTestId('spc-card'))).toBeGreaterThan(20);
  });

  it('dismisses an event with a reason from the KPI page, and can bring it back', async () => {
    await page.goto(`${app.host.url}#/kpi/calls-101-answer-time?period=Q2%202023%2F24`);
    const event = page.getByTestId('kpi-verdict').getByTestId('event');
    await event.waitFor();
    await event.getByRole('button', { name: /^Dismiss / }).click();
    await page.getByLabel(/need no explanation/).fill('Follows from the telephony outage already explained.');
    await page.getByRole('form', { name: 'Dismiss' }).getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => event.locator('.event-status').innerText()).toMatch(/^Dismissed: 1\.8 Average Time to Answer 101 Calls, August 2023\.$/);
    await expect.poll(() => event.innerText()).toContain('Dismissed: Follows from the telephony outage already explained.');
    await event.getByRole('button', { name: 'Reopen' }).click();
    await expect.poll(() => event.locator('.event-status').innerText()).toContain('back to review');
    expect((await api()['anomalies.list']({ period: 'Q2 2023/24' })).events.find((e) => e.kpiId === 'calls-101-answer-time')!.review).toBeNull();
  });
});

describe('step changes proposed on the KPI page', () => {
  it('proposes the April 2019 step in 101 abandonment; accepting it judges the months since against the new level', async () => {
    await page.goto(`${app.host.url}#/kpi/calls-101-abandonment-rate?period=Q2%202020%2F21`);
    const panel = page.getByTestId('kpi-verdict');
    await panel.waitFor();
    expect(await panel.getAttribute('data-variation')).toBe('special_concerning');
    const step = panel.getByTestId('step');
    expect(await step.innerText()).toMatch(/^A step change from April 2019\? 1\.6 101 Abandonment Rate moved from about 11\.\d% to about 20\.\d% \(the medians either side\), and has stayed there\./);
    expect(await panel.innerText()).toContain('while the limits span both levels, months on either side show as special causes. Accept the step change');
    await step.getByRole('button', { name: 'Accept the step change in 1.6 101 Abandonment Rate from April 2019' }).click();
    await step.getByLabel('Why did the level change?').selectOption('recording_practice');
    await step.getByLabel('In a sentence (kept as an annotation)').fill('New telephony platform from April 2019');
    await step.getByRole('button', { name: 'Accept step change' }).click();
    await expect.poll(() => panel.getAttribute('data-variation')).toBe('common_cause');
    expect(await page.getByRole('complementary', { name: 'Annotations on these charts' }).innerText()).toContain('New telephony platform from April 2019');
    expect((await api()['steps.list']({ kpiId: 'calls-101-abandonment-rate' })).map((s) => [s.month, s.status])).toEqual([['2019-04', 'accepted']]);
  });
});

describe('one verdict everywhere', () => {
  it.each(['Q2 2026/27', 'Q1 2019/20'])('%s: the KPI table, the dashboard’s cards, the KPI page and the inbox say the same of every KPI', async (period) => {
    const query = `?period=${encodeURIComponent(period)}`;
    const fromTable = new Map<string, string>();
    for (let section = 1; section <= 5; section++) {
      await page.goto(`${app.host.url}#/section/${section}${query}`);
      await page.getByTestId('kpi-table').waitFor();
      await page.getByTestId('kpi-card').first().waitFor();
      for (const [kpi, variation] of await page.locator('[data-testid="kpi-table"] tr.headline').evaluateAll((rows) =>
        rows.map((tr) => [tr.getAttribute('data-kpi')!, tr.querySelector('[data-testid="verdict"]')!.getAttribute('data-variation')!]),
      )) {
        fromTable.set(kpi, variation);
      }
      const cards = await page.getByTestId('kpi-card').evaluateAll((items) => items.map((li) => [li.getAttribute('data-kpi')!, li.getAttribute('data-variation')!]));
      for (const [kpi, variation] of cards) expect(variation, `card ${kpi}`).toBe(fromTable.get(kpi));
    }
    expect(fromTable.size).toBeGreaterThan(40);
    await page.goto(`${app.host.url}#/anomalies${query}`);
    await page.getByRole('button', { name: /^All \(/ }).waitFor();
    await page.getByRole('button', { name: /^All \(/ }).click();
    const inInbox = await page.getByTestId('event').evaluateAll((items) =>
      items.filter((li) => li.getAttribute('data-breakdown') === '').map((li) => [li.getAttribute('data-kpi')!, li.getAttribute('data-variation')!]),
    );
    for (const [kpi, variation] of fromTable) {
      // Within the app, as a click on the KPI would take the analyst there.
      await page.evaluate((hash) => (window.location.hash = hash), `#/kpi/${kpi}${query}`);
      const panel = page.locator(`[data-testid="kpi-verdict"][data-kpi="${kpi}"]`);
      await expect.poll(() => panel.getAttribute('data-variation'), { timeout: 15_000 }).toBe(variation);
      const events = inInbox.filter(([k]) => k === kpi).map(([, v]) => v);
      if (variation === 'common_cause' || variation === 'not_judged') expect(events, `inbox ${kpi}`).toEqual([]);
      else expect(events, `inbox ${kpi}`).toContain(variation);
    }
  }, 300_000);
});

describe('the first screen', () => {
  it('says what needs attention at 1366×768, with the section’s charts in view and no charting library loaded', async () => {
    const small = await page.context().browser()!.newPage({ viewport: { width: 1366, height: 768 } });
    const scripts: number[] = [];
    small.on('response', async (response) => {
      if (response.request().resourceType() === 'script') scripts.push((await response.body()).length);
    });
    await small.goto(`${app.host.url}#/section/1?period=Q2%202026%2F27`);
    await small.getByTestId('trend-card').first().locator('img').waitFor();
    await small.waitForLoadState('networkidle');
    const summary = await api()['dashboard.summary']({ period: 'Q2 2026/27' });
    const calls = summary.sections[0].counts;
    const tile = await small.getByTestId('attention-1').innerText();
    if (calls.special_concerning) expect(tile).toContain(`${calls.special_concerning} concerning`);
    expect(tile).toContain(`${calls.common_cause} common cause`);
    expect(await small.getByTestId('attention-inbox').innerText()).toContain(`${summary.inbox.events} event`);
    // The charts of the chosen section start within the first screen.
    const box = await small.getByTestId('trend-card').first().boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(768);
    const total = scripts.reduce((a, b) => a + b, 0);
    console.log(`First screen: ${scripts.length} scripts, ${Math.round(total / 1024)} KB of JavaScript`);
    expect(total).toBeLessThanOrEqual(600 * 1024);
    await small.close();
  });
});
