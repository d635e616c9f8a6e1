import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApi } from '../checkedApi';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceReportWideWorkbook } from '../fixtures/spreadsheets';
import { axeAudit, openDemoInBrowser, type HostedApp } from './harness';

/**
 * axe-core on every kind of page, with WCAG 2.0, 2.1 and 2.2 A and AA rules: any violation fails. No rule is
 * turned off. axe is run through the DevTools protocol, so the page's Content-Security-Policy (no inline
 * script) stays as users have it.
 */

let app: HostedApp;
let page: Page;
let close: () => Promise<void>;
const checked: Record<string, number> = {};

beforeAll(async () => ({ app, page, close } = await openDemoInBrowser({ width: 1366, height: 768 })));
afterAll(async () => {
  console.log(`axe-core ${await page?.evaluate(() => (window as unknown as { axe: { version: string } }).axe.version).catch(() => '?')}: rules checked per page: ${JSON.stringify(checked)}`);
  await close?.();
});

/** Runs axe on the page as it stands; returns the violations, each with where. */
async function audit(name: string): Promise<string[]> {
  const { violations, rules } = await axeAudit(page);
  checked[name] = rules;
  return violations;
}

const go = async (hash: string) => {
  await page.goto(`${app.host.url}${hash}`);
  await page.locator('main h1').first().waitFor();
};

describe('WCAG 2.2 AA by axe-core, page by page', () => {
  it.each([1, 2, 3, 4, 5])('the dashboard, section %i', async (section) => {
    await go(`#/section/${section}?period=Q1%202019%2F20`);
    await page.locator('[data-testid="kpi-table"] tbody tr').first().waitFor();
    expect(await audit(`dashboard ${section}`)).toEqual([]);
  });

  it('a KPI page with its breakdowns, control chart and a step change proposed', async () => {
    await go('#/kpi/missing-person-records?period=Q1%202019%2F20');
    await page.getByTestId('kpi-verdict').waitFor();
    expect(await audit('kpi: missing persons')).toEqual([]);
    await go('#/kpi/calls-101-abandonment-rate?period=Q2%202019%2F20');
    await page.getByTestId('kpi-verdict').waitFor();
    await page.getByRole('heading', { name: /Step change/ }).first().waitFor();
    expect(await audit('kpi: 101 abandonment with a step')).toEqual([]);
  });

  it('the inbox, with an explanation form open', async () => {
    await go('#/anomalies?period=Q2%202023%2F24');
    const event = page.getByTestId('event').first();
    await event.waitFor();
    expect(await audit('inbox')).toEqual([]);
    await event.getByRole('button', { name: /^Explain / }).click();
    await page.getByRole('form', { name: 'Save explanation' }).waitFor();
    expect(await audit('inbox: explaining')).toEqual([]);
  });

  it('annotations, peers, questions and settings', async () => {
    await go('#/annotations');
    expect(await audit('annotations')).toEqual([]);
    await go('#/questions');
    await page.getByRole('button', { name: 'Record the question' }).waitFor();
    expect(await audit('questions')).toEqual([]);
    await go('#/peers?period=Q1%202019%2F20');
    await page.locator('table').first().waitFor();
    expect(await audit('peers')).toEqual([]);
    await go('#/settings');
    expect(await audit('settings')).toEqual([]);
  });

  it('import, with a preview open', async () => {
    await go('#/import');
    expect(await audit('import')).toEqual([]);
    const file = sourceReportWideWorkbook(path.join(app.dir, 'force.xlsx'));
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('import-preview').waitFor();
    expect(await audit('import: preview')).toEqual([]);
  });

  it('the report, drafted, with a finding open', async () => {
    await go('#/report?period=Q1%202019%2F20');
    expect(await audit('report: not started')).toEqual([]);
    await page.getByRole('button', { name: 'Draft it from the data' }).click();
    const text = page.locator('.paragraph-text').first();
    await text.waitFor();
    await page.locator('iframe.section-figures').first().waitFor();
    expect(await audit('report: drafted')).toEqual([]);
    await text.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Calls fell by 5,000.');
    await text.locator('.check-finding').last().click();
    await page.getByTestId('finding-popover').waitFor();
    expect(await audit('report: a finding open')).toEqual([]);
    // The "/" menu open: the paragraph is a combobox over the list of live figures while it is.
    await page.keyboard.press('Escape');
    await text.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' /crime');
    await page.getByRole('listbox', { name: 'Live figures' }).waitFor();
    expect(await audit('report: the "/" menu open')).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('returns, with a form open', async () => {
    await go('#/returns?period=Q1%202019%2F20');
    await page.getByRole('button', { name: /^Enter…/ }).first().waitFor();
    expect(await audit('returns')).toEqual([]);
    await page.getByRole('button', { name: /^Enter…/ }).first().click();
    await page.getByRole('form').first().waitFor();
    expect(await audit('returns: entering a figure')).toEqual([]);
  });

  it('the workspace’s backups and the keyboard map', async () => {
    await go('#/section/1');
    await page.getByText('Workspace', { exact: true }).click();
    await page.getByRole('menuitem', { name: 'Backups…' }).click();
    await page.getByRole('dialog', { name: 'Backups of this workspace' }).waitFor();
    expect(await audit('backups')).toEqual([]);
    await page.keyboard.press('Escape');
    await page.locator('main h1').first().focus();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard' }).waitFor();
    expect(await audit('keyboard map')).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('the exported report and a Panel question’s brief, as files, in the workbench’s look and in an office template', async () => {
    const api = createApi(app.session);
    await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
    const own = await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft', path: path.join(app.dir, 'own.html') });
    await page.goto(pathToFileURL(own.path).href);
    expect(await audit('report export (HTML)')).toEqual([]);
    await api['settings.set']({ reportTemplate: path.resolve('tests/fixtures/report-template/office-template.docx') });
    try {
      const templated = await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft', path: path.join(app.dir, 'templated.html') });
      await page.goto(pathToFileURL(templated.path).href);
      expect(await audit('report export (HTML, office template)')).toEqual([]);
      // The brief's page, as Chromium prints it to PDF.
      const q = await api['questions.add']({ meeting: '2019-09-10', text: 'How many of the additional drug offences related to the dedicated operation?', kpiIds: ['drug-offences'] });
      await api['questions.update']({ id: q.id, changes: { answer: 'Of {{drug-offences.current}} drug offences, {{drug-offences[Operation=Dedicated operation].current}} were recorded by the dedicated operation.' } });
      let printed = '';
      await createApi(app.session, { printPdf: async (html) => ((printed = html), Buffer.from('%PDF-')) })['questions.brief']({ id: q.id, format: 'pdf', path: path.join(app.dir, 'brief.pdf') });
      fs.writeFileSync(path.join(app.dir, 'brief.html'), printed);
      await page.goto(pathToFileURL(path.join(app.dir, 'brief.html')).href);
      expect(await audit('brief (the page printed to PDF)')).toEqual([]);
    } finally {
      await api['settings.set']({ reportTemplate: null });
    }
  });
});
