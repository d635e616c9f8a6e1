// Takes screenshots of the app in the browser host at 1366×768, for looking at what was built:
//   node --import tsx scripts/screenshot.ts OUT_DIR [NAME…]
import fs from 'node:fs';
import path from 'node:path';
import { openDemoInBrowser } from '../tests/e2e/harness';

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
} finally {
  await close();
}
