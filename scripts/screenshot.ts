// Takes screenshots of the app in the browser host at 1366×768, for looking at what was built:
//   node --import tsx scripts/screenshot.ts OUT_DIR [NAME…]
import fs from 'node:fs';
import path from 'node:path';
import { openDemoInBrowser } from '../tests/e2e/harness';
import { takeBackup } from '../db/backups';

const out = process.argv[2] ?? 'screenshots';
const only = process.argv.slice(3);
fs.mkdirSync(out, { recursive: true });
const { app, page, close } = await openDemoInBrowser({ width: 1366, height: 768 });
try {
  const base = app.host.url;
  const shots: [string, string, boolean][] = [
    ['dashboard', '', false],
    ['dashboard-full', '', true],
    ['dashboard-crime', '#/section/3?period=Q1%202019%2F20', false],
    ['kpi-101-abandonment', '#/kpi/calls-101-abandonment-rate?period=Q2%202023%2F24', true],
    ['kpi-missing-persons', '#/kpi/missing-person-records?period=Q1%202019%2F20', true],
    ['kpi-cse', '#/kpi/cse-offences?period=Q1%202019%2F20', true],
    ['anomalies', '#/anomalies?period=Q2%202023%2F24', true],
    ['anomalies-q1', '#/anomalies?period=Q1%202019%2F20', true],
    ['annotations', '#/annotations', true],
    ['peers', '#/peers', true],
    ['settings', '#/settings', true],
    ['report', '#/report?period=Q1%202019%2F20', true],
    ['returns', '#/returns?period=Q1%202019%2F20', false],
    ['import', '#/import', false],
  ];
  for (const [name, hash, full] of shots) {
    if (only.length && !only.includes(name)) continue;
    await page.goto(`${base}${hash}`);
    await page.waitForSelector('main h1');
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: full });
  }
  if (!only.length || only.includes('backups')) {
    // The Workspace menu's backups, after two taken as an import and a day's first opening would.
    const workspace = app.session.current();
    await takeBackup(workspace.db, workspace.path, 'first open of the day');
    await takeBackup(workspace.db, workspace.path, 'import');
    await page.goto(base);
    await page.waitForSelector('main h1');
    await page.getByText('Workspace', { exact: true }).click();
    await page.getByRole('menuitem', { name: 'Backups…' }).click();
    await page.getByRole('button', { name: /^Restore the backup/ }).first().waitFor();
    await page.screenshot({ path: path.join(out, 'backups.png') });
    await page.keyboard.press('Escape');
  }
  if (!only.length || only.includes('focus')) {
    // The focus ring on each kind of page, reached by keys as a keyboard user would reach it.
    const stops: [string, string, string[]][] = [
      ['dashboard', '#/section/1?period=Q1%202019%2F20', ['Tab', 'Tab', 'Tab', 'Tab']],
      ['kpi', '#/kpi/calls-101-abandonment-rate?period=Q2%202023%2F24', ['Tab', 'Tab']],
      ['anomalies', '#/anomalies?period=Q2%202023%2F24', ['j', 'Tab']],
      ['report', '#/report?period=Q1%202019%2F20', ['Tab']],
      ['returns', '#/returns?period=Q1%202019%2F20', ['j']],
      ['import', '#/import', ['Tab']],
      ['peers', '#/peers', ['Tab', 'Tab']],
      ['settings', '#/settings', ['Tab']],
    ];
    for (const [name, hash, keys] of stops) {
      if (only.length > 1 && !only.includes(`focus-${name}`)) continue;
      await page.goto(`${base}#/annotations`);
      await page.waitForSelector('main h1');
      // Moved to within the app (a goto would load the page afresh, where the focus starts at the top).
      await page.evaluate((to) => (location.hash = to), hash);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(800);
      for (const key of keys) await page.keyboard.press(key);
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(out, `focus-${name}.png`) });
    }
  }
  if (!only.length || only.includes('report-editor')) {
    // The report being written: chips, a typed figure the check underlines with its fix, the contents pane.
    await page.goto(`${base}#/report?period=Q1%202019%2F20`);
    const draft = page.getByRole('button', { name: 'Draft it from the data' });
    // The page says whether there is a report once it has asked: a draft button, or the report's paragraphs.
    await draft.or(page.locator('.paragraph-text').first()).waitFor();
    if (await draft.isVisible()) await draft.click();
    const text = page.locator('.paragraph-text').nth(1);
    await text.waitFor();
    await text.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Calls fell by 5,000.');
    await page.waitForTimeout(400);
    await text.locator('.check-finding').last().click();
    await text.evaluate((el) => el.closest('[data-testid="paragraph"]')!.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -160));
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, 'report-editor.png') });
  }
} finally {
  await close();
}
