/**
 * PDF from the report's HTML, for the CLI: headless Chromium through playwright-core prints the page
 * (A4, backgrounds on). The desktop app prints the same HTML with Electron's printToPDF, the browser
 * mode with the browser's own print dialog. Chromium is `$HINDSIGHT_CHROMIUM`, else the usual install
 * paths; none found is a clear error, never a silent skip.
 */
import { existsSync } from 'node:fs';

/** Where Chromium is looked for, in order. */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [env.HINDSIGHT_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'].filter(
    (p): p is string => !!p,
  );
}

/** The Chromium to print with; throws a sentence saying how to get one when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HINDSIGHT_CHROMIUM && !existsSync(env.HINDSIGHT_CHROMIUM)) throw new Error(`HINDSIGHT_CHROMIUM=${env.HINDSIGHT_CHROMIUM}: no such file`);
  const found = chromiumCandidates(env).find((p) => existsSync(p));
  if (!found) {
    throw new Error('PDF needs Chromium and none was found: install it (e.g. apt-get install -y chromium) or set HINDSIGHT_CHROMIUM to its path; --format html gives the same document to print from a browser');
  }
  return found;
}

/** Prints `html` to a PDF file at `out` with headless Chromium (no network: the page needs none). */
export async function htmlToPdf(html: string, out: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const executablePath = findChromium(env);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.pdf({ path: out, format: 'A4', printBackground: true, margin: { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' } });
  } finally {
    await browser.close();
  }
}
