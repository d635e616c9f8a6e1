import fs from 'node:fs';
import { WorkbenchError } from '../../../shared/api/errors';

/** Prints a report's HTML to PDF with the marking in the header and footer of every page, and page numbers. */
export type PdfPrinter = (html: string, marking: string) => Promise<Buffer>;

/** Debian's chromium, or one named by CHROMIUM_PATH; the workbench never downloads a browser. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
  return candidates.find((p): p is string => !!p && fs.existsSync(p));
}

/** Flags for a headless Chromium that stays off the network and needs no sandbox privileges. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function pageTemplates(marking: string): { headerTemplate: string; footerTemplate: string } {
  const style = 'width:100%;font-family:Arial,sans-serif;font-size:8pt;font-weight:700;text-align:center;color:#1f2328;';
  return {
    headerTemplate: `<div style="${style}">${escape(marking)}</div>`,
    footerTemplate: `<div style="${style}">${escape(marking)}<br><span style="font-weight:400">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
  };
}

/** The printer the command line and the browser host use: Chromium through playwright-core. */
export const chromiumPdfPrinter: PdfPrinter = async (html, marking) => {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new WorkbenchError('unsupported', 'PDF export needs Chromium, and none was found: install it (apt-get install chromium) or set CHROMIUM_PATH. Word and HTML exports work without it.');
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    // The document is self-contained: nothing may be fetched while it prints.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    // Tagged (headings, tables, figures with their alt text, in reading order) and with bookmarks: the
    // report is published, and falls under the Public Sector Bodies Accessibility Regulations.
    return await page.pdf({ format: 'A4', printBackground: true, tagged: true, outline: true, displayHeaderFooter: true, ...pageTemplates(marking), margin: { top: '22mm', bottom: '24mm', left: '18mm', right: '18mm' } });
  } finally {
    await browser.close();
  }
};
