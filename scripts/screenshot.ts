// Takes screenshots of the app in the browser host, for looking at what was built:
//   npx tsx scripts/screenshot.ts OUT_DIR
import path from 'node:path';
import { openDemoInBrowser } from '../tests/e2e/harness';

const out = process.argv[2] ?? 'screenshots';
const { app, page, close } = await openDemoInBrowser({ width: 1366, height: 900 });
try {
  const base = app.host.url;
  const shots: [string, string][] = [
    ['dashboard-calls', ''],
    ['dashboard-crime', '#/section/3?period=Q1%202019%2F20'],
    ['dashboard-incidents', '#/section/2?period=2018%2F19'],
    ['kpi-detail', '#/kpi/calls-101-abandonment-rate?period=Q2%202023%2F24'],
    ['kpi-missing-persons', '#/kpi/missing-person-records?period=Q1%202019%2F20'],
    ['anomalies', '#/anomalies?period=Q1%202019%2F20'],
    ['annotations', '#/annotations'],
    ['peers', '#/peers'],
  ];
  for (const [name, hash] of shots) {
    await page.goto(`${base}${hash}`);
    await page.waitForSelector('[data-testid="kpi-table"], .kpi-detail h1, .anomaly-inbox h1, .annotations-page h1, .peers-page h1');
    await page.waitForTimeout(1200);
    await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: name !== 'dashboard-incidents' });
  }
} finally {
  await close();
}
