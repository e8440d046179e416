/**
 * UI speed in browser mode on the demo workspace (headless Chromium, this machine):
 * - time to the app's first paint of the workspace after opening the URL,
 * - time from picking a series to its chart drawn (the 'hindsight:first-chart' mark),
 * - redraw after zoom and after pan on a 14-day 1-minute series (request + Plotly.react).
 * The demo is generated and imported first when the data dir has none (not timed).
 * Run: npx tsx bench/ui.ts   (needs `npm run build` and Chromium)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, serve, ui } from '../test/e2e/helpers';

declare const performance: { getEntriesByName(n: string): { startTime: number }[]; now(): number };
declare const document: { querySelector(s: string): unknown };
declare function requestAnimationFrame(cb: () => void): number;

const ROOT = join(import.meta.dirname, '..');
if (!existsSync(join(ROOT, 'out/renderer/index.html'))) {
  console.error('bench/ui: the renderer is not built; run "npm run build" first');
  process.exit(2);
}

const home = join(ROOT, 'bench/.data/ui-home');
const server = await serve(['--demo'], home);
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const t0 = Date.now();
  await page.goto(server.url);
  await ui.seriesItems(page).first().waitFor({ timeout: 600_000 });
  const ready = Date.now() - t0;

  // Reload now that the demo is imported: this is what a person sees when they open it again.
  const t1 = Date.now();
  await page.reload();
  await ui.seriesItems(page).first().waitFor();
  const reopen = Date.now() - t1;

  await ui.search(page).fill('http_request_duration_seconds_p95');
  await page.waitForTimeout(300);
  const clickAt = await page.evaluate(() => performance.now());
  await ui.seriesItems(page).first().click();
  await page.waitForFunction(() => performance.getEntriesByName('hindsight:first-chart').length > 0, undefined, { timeout: 30_000 });
  const chartAt = await page.evaluate(() => performance.getEntriesByName('hindsight:first-chart')[0].startTime);
  const points = await ui.pointsDrawn(page);

  /** Relayouts the x axis and waits for the new data to be drawn; returns ms. */
  const redraw = async (from: number, to: number): Promise<number> =>
    page.evaluate(
      async ([a, b]) => {
        const gd = document.querySelector('[data-testid="timeline-plot"]') as HTMLLike;
        const before = gd.dataset.loaded;
        const start = performance.now();
        gd.emit?.('plotly_relayout', { 'xaxis.range[0]': a, 'xaxis.range[1]': b });
        await new Promise<void>((resolve) => {
          const check = (): void => {
            const cur = (document.querySelector('[data-testid="timeline-plot"]') as HTMLLike).dataset.loaded;
            if (cur !== before || performance.now() - start > 5000) resolve();
            else requestAnimationFrame(check);
          };
          check();
        });
        return performance.now() - start;
      },
      [from, to] as const,
    );
  type HTMLLike = { dataset: Record<string, string>; emit?: (e: string, d: unknown) => void };
  const range = await page.evaluate(() => {
    const gd = document.querySelector('[data-testid="timeline-plot"]') as { layout: { xaxis: { range: [string, string] } } };
    return gd.layout.xaxis.range.map((s) => Date.parse(`${s.replace(' ', 'T')}Z`));
  });
  const [lo, hi] = range;
  const zooms: number[] = [];
  const pans: number[] = [];
  for (let i = 1; i <= 5; i++) {
    const span = (hi - lo) / (2 * i);
    zooms.push(await redraw(lo + span / 2, lo + span / 2 + span));
    pans.push(await redraw(lo + span, lo + 2 * span));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log('figure                                   value');
  console.log(`demo ready (generate + import + first list) ${(ready / 1000).toFixed(1)} s`);
  console.log(`reopen workspace to series list         ${reopen} ms`);
  console.log(`pick a series -> chart drawn             ${(chartAt - clickAt).toFixed(0)} ms (${points} points drawn)`);
  console.log(`redraw after zoom (median of 5)          ${median(zooms).toFixed(0)} ms`);
  console.log(`redraw after pan (median of 5)           ${median(pans).toFixed(0)} ms`);
} finally {
  await browser.close();
  await server.stop();
}
