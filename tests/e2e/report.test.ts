import fs from 'node:fs';
import path from 'node:path';
import mammoth from 'mammoth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../checkedApi';
import type { KpiTableRowDto } from '../../shared/api/tableSchemas';
import { axeAudit, openDemoInBrowser, type HostedApp } from './harness';
import { readZipParts } from '../fixtures/zipFiles';
import { pdfPages } from '../fixtures/pdfLayout';

let app: HostedApp;
let page: Page;
let close: () => Promise<void>;
let rows: KpiTableRowDto[];

beforeAll(async () => {
  ({ app, page, close } = await openDemoInBrowser({ width: 1366, height: 900 }));
  rows = (await createApi(app.session)['table.get']({ period: 'Q1 2019/20', scope: 'all' })).rows;
});
afterAll(() => close?.());

const row = (kpiId: string) => rows.find((r) => r.kpiId === kpiId && r.breakdown === null)!;
/** The paragraph's editable text: a textbox named by its number and KPI. */
const paragraphText = (number: string, kpi: string) => page.getByRole('textbox', { name: `Paragraph ${number}, ${kpi}`, exact: true });

describe('writing the report as it reads', () => {
  it('drafts the report as text with live figures as chips, never as {{fields}}', async () => {
    await page.goto(`${app.host.url}#/report?period=Q1%202019%2F20`);
    await page.getByRole('button', { name: 'Draft it from the data' }).click();
    const calls = paragraphText('1.1', 'Number of 999 Calls');
    await calls.waitFor();
    const c999 = row('calls-999');
    // Each chip shows its value and is read out with what it is.
    await expect.poll(() => calls.getByRole('img', { name: `${c999.display.current} (live figure: Number of 999 Calls, this period, Q1 2019/20)` }).count()).toBe(1);
    expect(await calls.innerText()).toContain(`from ${c999.display.previous} to ${c999.display.current}`);
    expect(await page.locator('main').innerText()).not.toContain('{{');
    // One number per paragraph: its place in the report, not the KPI's own number beside it.
    const head = await page.getByTestId('paragraph').first().locator('.paragraph-head').innerText();
    expect(head.startsWith('Number of 999 Calls')).toBe(true);
    expect(await page.getByTestId('check-clear').isVisible()).toBe(true);
  });

  it('inserts a figure by typing "/", underlines a typed wrong number and a wrong direction word, and fixes each in place', async () => {
    const calls = paragraphText('1.1', 'Number of 999 Calls');
    await calls.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Calls fell by 4,000 in all. Crime was /all crime this');
    const menu = page.getByRole('listbox', { name: 'Live figures' });
    await menu.waitFor();
    expect(await menu.getByRole('option', { selected: true }).innerText()).toMatch(/^All Crime · this period\s+[\d,]+$/);
    await page.keyboard.press('Enter');
    const crime = row('all-crime');
    await expect.poll(() => calls.getByRole('img', { name: new RegExp(`^${crime.display.current} \\(live figure: All Crime, this period`) }).count()).toBe(1);
    await page.keyboard.type('crimes.');

    // The check reads the text as it is typed: both findings underlined where they stand, and listed.
    const findings = calls.locator('.check-finding');
    await expect.poll(() => findings.allInnerTexts()).toEqual(['fell', '4,000']);
    await expect.poll(() => page.getByTestId('issues').locator('li').count()).toBe(2);
    expect(await page.getByTestId('contents-state-1.1').innerText()).toBe('2 to check');
    for (const name of ['Word (.docx)', 'PDF', 'HTML']) expect(await page.getByRole('button', { name, exact: true }).isDisabled()).toBe(true);

    // The number: replaced by the live figure it most likely meant.
    await findings.filter({ hasText: '4,000' }).click();
    const popover = page.getByTestId('finding-popover');
    const c999 = row('calls-999');
    await popover.getByRole('button', { name: `Use the live figure: Number of 999 Calls: ${c999.display.change.replace(/^[+-]/, '')}` }).click();
    // The word: from the list, which takes the analyst to it, and flipped from the keyboard.
    await expect.poll(() => page.getByTestId('issues').locator('li').count()).toBe(1);
    await page.getByTestId('issues').getByRole('button', { name: 'Paragraph 1.1' }).click();
    await popover.waitFor();
    expect(await popover.innerText()).toContain('“fell” says a fall');
    await page.keyboard.press('Alt+Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Change to “rose”');
    await page.keyboard.press('Enter');
    await expect.poll(() => findings.count()).toBe(0);
    expect(await calls.innerText()).toContain(`Calls rose by ${c999.display.change.replace(/^[+-]/, '')} in all. Crime was ${crime.display.current} crimes.`);
    await page.getByTestId('check-clear').waitFor();
    expect(await page.getByTestId('contents-state-1.1').textContent()).toBe('✓checked');
  });

  it('saves with Ctrl+S and exports to Word, a new file each time, with a download link in the browser', async () => {
    await page.keyboard.press('Control+s');
    await expect.poll(async () => [await page.getByRole('status').first().innerText(), ...(await page.getByRole('alert').allInnerTexts())]).toEqual(['Saved. The check found nothing to correct.']);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Word (.docx)', exact: true }).click();
    await page.getByTestId('written').waitFor();
    expect(await page.getByTestId('written').innerText()).toContain('Force Performance Report Q1 2019-20 draft.docx');
    await page.getByTestId('written').getByRole('button', { name: 'Download Force Performance Report Q1 2019-20 draft.docx' }).click();
    const file = path.join(app.dir, 'downloaded.docx');
    await (await download).saveAs(file);
    const written = path.join(app.dir, 'Reports', 'Force Performance Report Q1 2019-20 draft.docx');
    expect(fs.readFileSync(file)).toEqual(fs.readFileSync(written));

    // Read back: the demo's force and author on the cover, the chips' values in the text.
    const text = (await mammoth.extractRawText({ path: written })).value;
    expect(text).toContain('Force: Demo Force (fictional data)');
    expect(text).toContain('Author: Performance Manager, Demo OPCC');
    expect(text).toContain(`Calls rose by ${row('calls-999').display.change.replace(/^[+-]/, '')} in all. Crime was ${row('all-crime').display.current} crimes.`);
    expect(text).not.toContain('{{');

    await page.getByRole('button', { name: 'Word (.docx)', exact: true }).click();
    await expect.poll(() => page.getByTestId('written').innerText()).toContain('Force Performance Report Q1 2019-20 draft 2.docx');
    await expect.poll(() => page.locator('table.exports tbody tr th').allInnerTexts()).toEqual(['Force Performance Report Q1 2019-20 draft 2.docx', 'Force Performance Report Q1 2019-20 draft.docx']);
    expect(await page.getByTestId('changes').innerText()).toContain('The report reads exactly as Force Performance Report Q1 2019-20 draft 2.docx');
  });

  it('shows each section’s table and charts as the export draws them, and collapses sections from the contents', async () => {
    const frame = page.frameLocator('iframe[title^="Section 3, Crime"]');
    await expect.poll(() => frame.locator('table').first().locator('caption').innerText()).toBe('3. Crime: Q1 2019/20 compared with Q1 2018/19');
    expect(await frame.locator('img[alt^="Line chart of"]').count()).toBeGreaterThan(0);
    const toggle = page.getByRole('navigation', { name: 'Report contents' }).getByRole('button', { name: /^3\. Crime/ });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('iframe[title^="Section 3, Crime"]').count()).toBe(0);
    await toggle.click();
    await page.locator('iframe[title^="Section 3, Crime"]').waitFor();
  });

  it('types bold and a list as in Word, undoes with Ctrl+Z, and saves them in the stored text the exports read', async () => {
    const crime = paragraphText('3.1', 'All Crime');
    await crime.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('Key points');
    await page.keyboard.press('Control+b');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- burglary fell');
    await page.keyboard.press('Enter');
    // Typing after a pause is a step of its own in the history, as in Word.
    await page.waitForTimeout(700);
    await page.keyboard.type('robbery');
    await page.keyboard.press('Control+z');
    expect((await crime.locator('ul li').allInnerTexts()).map((t) => t.trim())).toEqual(['burglary fell', '']);
    await page.keyboard.type('robbery held');
    expect(await crime.locator('strong').allInnerTexts()).toEqual(['Key points']);
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/^Saved\./);
    const saved = await createApi(app.session)['report.open']({ period: 'Q1 2019/20', start: 'draft' });
    expect(saved.paragraphs.find((p) => p.number === '3.1')!.text).toMatch(/\n\*\*Key points\*\*\n- burglary fell\n- robbery held$/);
  });

  it('keeps the words and numbers of text pasted from Word, and drops its styles', async () => {
    const general = page.getByRole('button', { name: 'Add a paragraph', exact: true }).nth(3);
    await general.click();
    // A general paragraph is named by its number alone; it is the one with the focus.
    const added = page.getByRole('textbox', { name: /^Paragraph 4\.\d+$/ });
    await added.waitFor();
    await page.evaluate(() => {
      const html =
        '<p class="MsoNormal" style="font-family:Calibri;color:#C00000"><span style="font-size:14pt;mso-bidi-font-weight:bold">Outcomes rose by <b>397</b> in the quarter</span></p>' +
        '<h1 style="color:blue">A heading from Word</h1>';
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'Outcomes rose by 397 in the quarter\nA heading from Word');
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => added.locator('p').allInnerTexts()).toEqual(['Outcomes rose by 397 in the quarter', 'A heading from Word']);
    expect(await added.locator('strong').allInnerTexts()).toEqual(['397']);
    // Stored as the report's own text: the bold kept, the heading a paragraph, every style and class gone.
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/^Saved\./);
    const saved = await createApi(app.session)['report.open']({ period: 'Q1 2019/20', start: 'draft' });
    expect(saved.paragraphs.filter((p) => p.section === 4 && p.kpiId === null).map((p) => p.text)).toEqual(['Outcomes rose by **397** in the quarter\nA heading from Word']);
  });

  it('marks the paragraph of a KPI annotated after drafting, and inserts its sentence or leaves it out, with Undo', async () => {
    const api = createApi(app.session);
    const a = await api['annotations.create']({ scope: 'kpis', kpiIds: ['drug-offences'], from: '2019-05', to: '2019-05', category: 'operational', text: 'Operation Lionheart targeted drug supply' });
    await page.goto(`${app.host.url}#/dashboard`);
    await page.goto(`${app.host.url}#/report?period=Q1%202019%2F20`);
    const drugs = page.getByRole('textbox', { name: /^Paragraph 3\.\d+, Drug Offences$/ }).first();
    await drugs.waitFor();
    const number = /Paragraph (3\.\d+)/.exec((await drugs.getAttribute('aria-label'))!)![1];
    const notices = page.getByRole('list', { name: 'Annotations written after drafting' });
    expect(await notices.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining(`A new annotation applies: A${a.id} “Operation Lionheart targeted drug supply.”`)]);
    await notices.getByRole('button', { name: `Insert A${a.id} into the paragraph` }).click();
    await expect.poll(() => drugs.innerText()).toMatch(/\. Operation Lionheart targeted drug supply\.$/);
    expect(await notices.count()).toBe(0);
    await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(new RegExp(`^A${a.id} inserted into paragraph ${number.replace('.', '\\.')}\\. Not saved yet\\.\\s+Undo$`));
    await page.getByRole('status').first().getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => drugs.innerText()).not.toContain('Operation Lionheart');
    await notices.getByRole('button', { name: `Leave A${a.id} out of this report` }).click();
    expect(await notices.count()).toBe(0);
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/^Saved\./);
    const saved = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
    expect([saved.leftOut, saved.notices]).toEqual([[a.id], []]);
    expect(saved.paragraphs.find((p) => p.number === number)!.text).not.toContain('Operation Lionheart');
  });

  it('takes the office’s Word template in Settings, says what it gives, writes the report in it, and goes back', async () => {
    await page.goto(`${app.host.url}#/settings`);
    const setting = page.getByTestId('settings-report-template');
    await setting.waitFor();
    expect(await setting.innerText()).toContain('The report is written in the workbench’s own look (Arial, A4).');
    await setting.getByTestId('report-template-file').setInputFiles(path.resolve('tests/fixtures/report-template/office-template.docx'));
    await expect.poll(() => setting.getByRole('status').innerText()).toBe('The report is now written in office-template.docx.');
    expect(await setting.innerText()).toContain('The report is written in office-template.docx: text in DejaVu Serif, headings in DejaVu Sans #6a1b4d; a 210 × 297 mm page; header “Office of the Police and Crime Commissioner” with 1 picture. Set by Performance Manager, Demo OPCC on');
    expect((await axeAudit(page)).violations).toEqual([]);
    const api = createApi(app.session);
    // An earlier export written again: in the template now.
    const [earlier] = (await api['report.open']({ period: 'Q1 2019/20', start: 'draft' })).exports;
    const written = await api['report.reexport']({ exportId: earlier.id, format: 'docx', path: path.join(app.dir, 'templated.docx') });
    const header = readZipParts(fs.readFileSync(written.path)).find((p) => p.name === 'word/header1.xml')!.data.toString('utf8');
    expect(header).toContain('Office of the Police and Crime Commissioner');
    await setting.getByRole('button', { name: 'Use the workbench’s own look' }).click();
    await expect.poll(() => setting.getByRole('status').innerText()).toBe('The report is written in the workbench’s own look again. Choose office-template.docx to go back to it.');
    expect((await api['settings.get']({})).reportTemplate).toBeNull();
  });

  it('records a Panel question, answers it with a live figure and the check, marks it answered and exports a one-page brief', async () => {
    await page.goto(`${app.host.url}#/questions`);
    await page.getByRole('heading', { name: 'Panel questions' }).waitFor();
    await expect.poll(() => page.locator('.questions-page').innerText()).toContain('No questions yet.');
    await page.getByLabel('Meeting').fill('2019-09-10');
    await page.getByLabel('The words of the minutes').fill('A member questioned how many of the additional drug offences related to Operation Lionheart.');
    await page.getByRole('combobox', { name: 'About' }).selectOption({ label: '3.12 Drug Offences' });
    await page.getByRole('button', { name: 'Record the question' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText()).toBe('Q1 recorded: answer it below.');
    const answer = page.getByRole('textbox', { name: 'The answer to Q1' });
    await answer.waitFor();
    expect(await page.locator('table.question-figures tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^3\.12 Drug Offences\s+1,361\s+651\s+\+710\s+\+109%$/),
      expect.stringMatching(/^Operation: Dedicated operation\s+406\s+41\s+\+365\s+\+890%$/),
      expect.stringMatching(/^Operation: Other\s+955\s+610\s+\+345\s+\+57%$/),
    ]);
    // Typed wrong, the check underlines it; a live figure from "/" is right and follows the data.
    await answer.click();
    await page.keyboard.type('Drug offences rose by 606. The dedicated operation recorded /dedicated this');
    const menu = page.getByRole('listbox', { name: 'Live figures' });
    await menu.waitFor();
    expect(await menu.getByRole('option', { selected: true }).innerText()).toMatch(/^Drug Offences \(Operation: Dedicated operation\) · this period\s+406$/);
    await page.keyboard.press('Enter');
    await page.keyboard.type('of them.');
    await expect.poll(() => answer.locator('.check-finding').allInnerTexts()).toEqual(['606']);
    await answer.locator('.check-finding').click();
    await page.getByTestId('finding-popover').getByRole('button', { name: 'Use the live figure: Drug Offences: 710' }).click();
    await expect.poll(() => answer.locator('.check-finding').count()).toBe(0);
    expect(await answer.innerText()).toBe('Drug offences rose by 710. The dedicated operation recorded 406 of them.');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.locator('.question-answer').getByRole('status').innerText()).toBe('Answer saved.');
    await page.getByRole('button', { name: 'Mark answered' }).click();
    await expect.poll(() => page.locator('table.action-log tbody tr').first().innerText()).toMatch(/Answered \d{1,2} \w+ \d{4}/);
    expect((await axeAudit(page)).violations).toEqual([]);

    await page.getByRole('button', { name: 'Brief (.pdf)' }).click();
    await page.getByTestId('brief-written').waitFor();
    const stored = (await createApi(app.session)['questions.list']({}))[0];
    expect([stored.status, stored.rendered, stored.briefs.map((b) => b.format)]).toEqual(['answered', 'Drug offences rose by 710. The dedicated operation recorded 406 of them.', ['pdf']]);
    const pages = await pdfPages(stored.briefs[0].path, 'OFFICIAL');
    expect(pages).toHaveLength(1);
    expect(pages[0].lines.map((l) => l.text).join(' ')).toContain('Drug offences rose by 710. The dedicated operation recorded 406 of them.');
  });
});
