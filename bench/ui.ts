/**
 * UI speed in browser mode on the demo workspace (headless Chromium on this machine):
 * - first chart: from opening the workspace's timeline URL to its first drawn series (the
 *   'hindsight:first-chart' performance mark, ms after navigation start), in a fresh browser profile
 *   (nothing cached) and on reload (HTTP cache warm);
 * - redraw after zoom and after pan on one 14-day 1-minute series: from the relayout Plotly sends
 *   after a zoom/pan until the new window's data is drawn (request + Plotly.react), and until every
 *   layer (expected band, log-pattern strip) has been redrawn too.
 * The demo is generated, imported and analysed first when the data dir has none (not timed).
 * The machine is shared: the load average is printed with the figures.
 * Run: npx tsx bench/ui.ts [--runs N] [--shot FILE.png]   (needs `npm run build` and Chromium)
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openAnalysedDemo, serve, ui } from '../test/e2e/helpers';
import { median, quantile } from '../core/analysis/stats';

declare const performance: { getEntriesByName(n: string): { startTime: number }[]; now(): number };
declare const document: { querySelector(s: string): unknown };
declare function requestAnimationFrame(cb: () => void): number;

const ROOT = join(import.meta.dirname, '..');
if (!existsSync(join(ROOT, 'out/renderer/index.html'))) {
  console.error('bench/ui: the renderer is not built; run "npm run build" first');
  process.exit(2);
}
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Math.max(1, Number(process.argv[runsArg + 1]) || 5) : 5;
const shotArg = process.argv.indexOf('--shot');
/** Where to save a screenshot of the zoomed timeline (to look at what was measured), if anywhere. */
const SHOT = shotArg > 0 ? process.argv[shotArg + 1] : null;

const fmt = (xs: number[]): string => `median ${median(xs).toFixed(0)} ms, p90 ${quantile(xs, 0.9).toFixed(0)} ms (n=${xs.length})`;

/** tsx (esbuild, keepNames) wraps named functions in `__name(...)`; pages evaluated from here need it defined. */
const NAME_SHIM = 'window.__name = (f) => f;';

async function firstChart(page: Page): Promise<number> {
  await page.waitForFunction(() => performance.getEntriesByName('hindsight:first-chart').length > 0, undefined, { timeout: 60_000 });
  return page.evaluate(() => performance.getEntriesByName('hindsight:first-chart')[0].startTime);
}

/** Opens the workspace in a fresh profile `runs` times, then reloads one page `runs` times. */
async function measureFirstChart(browser: Browser, url: string): Promise<{ cold: number[]; warm: number[] }> {
  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.addInitScript(NAME_SHIM);
    await page.goto(url);
    cold.push(await firstChart(page));
    await ctx.close();
  }
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.addInitScript(NAME_SHIM);
  await page.goto(url);
  await firstChart(page);
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page.reload();
    warm.push(await firstChart(page));
  }
  await ctx.close();
  return { cold, warm };
}

type Timed = { drawn: number; settled: number };

/** Sends Plotly's relayout for [from, to] and times the redraw (see the header). */
function relayout(page: Page, from: number, to: number): Promise<Timed> {
  return page.evaluate(
    async ([a, b]) => {
      type Gd = { dataset: Record<string, string>; emit(e: string, d: unknown): void };
      const gd = (): Gd => document.querySelector('[data-testid="timeline-plot"]') as Gd;
      const before = gd().dataset.loaded;
      const start = performance.now();
      gd().emit('plotly_relayout', { 'xaxis.range[0]': a, 'xaxis.range[1]': b });
      let drawn = -1;
      await new Promise<void>((resolve) => {
        const check = (): void => {
          const d = gd().dataset;
          if (drawn < 0 && d.loaded !== before) drawn = performance.now() - start;
          if ((drawn >= 0 && d.complete === 'yes') || performance.now() - start > 10_000) resolve();
          else requestAnimationFrame(check);
        };
        check();
      });
      return { drawn, settled: performance.now() - start };
    },
    [from, to] as const,
  );
}

async function measureRedraw(browser: Browser, url: string): Promise<{ zoom: Timed[]; pan: Timed[]; points: number; span: number }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(NAME_SHIM);
  await page.goto(url);
  await firstChart(page);
  await page.keyboard.press('2');
  await page.getByRole('button', { name: 'Clear' }).first().click();
  await ui.search(page).fill('http_request_duration_seconds_p95 service=inventory');
  await page.getByTestId('series-count').filter({ hasText: /^1 series$/ }).waitFor();
  await ui.seriesItems(page).first().click();
  await page.waitForFunction(() => {
    const gd = document.querySelector('[data-testid="timeline-plot"]') as { dataset: Record<string, string> } | null;
    return gd?.dataset.complete === 'yes' && Number(gd.dataset.points) > 0;
  });
  const points = await page.evaluate(() => Number((document.querySelector('[data-testid="timeline-plot"]') as { dataset: Record<string, string> }).dataset.points));
  const [lo, hi] = await ui.xRange(page);
  const zoom: Timed[] = [];
  const pan: Timed[] = [];
  for (let i = 1; i <= 2 * RUNS; i++) {
    const span = (hi - lo) / (1 + i);
    const a = lo + ((hi - lo - span) * i) / (2 * RUNS + 1);
    zoom.push(await relayout(page, a, a + span));
    pan.push(await relayout(page, a + span / 4, a + span / 4 + span));
  }
  if (SHOT) await page.screenshot({ path: SHOT });
  await page.close();
  return { zoom, pan, points, span: hi - lo };
}

const home = join(ROOT, 'bench/.data/ui-home');
const server = await serve(['--demo'], home);
const browser = await launchBrowser();
try {
  const t0 = Date.now();
  const prep = await browser.newPage();
  await prep.addInitScript(NAME_SHIM);
  await openAnalysedDemo(prep, server.url, 900_000);
  await prep.close();
  const ready = Date.now() - t0;
  const load0 = loadavg()[0];
  // The timeline, as a link to it opens (the workspace itself lands on its incidents).
  const timelineUrl = server.url.replace('/#', '/?view=timeline#');
  const first = await measureFirstChart(browser, timelineUrl);
  const redraw = await measureRedraw(browser, timelineUrl);
  const load1 = loadavg()[0];
  console.log('figure                                              value');
  console.log(`demo ready (generate+import+analyse if new data dir) ${(ready / 1000).toFixed(1)} s`);
  console.log(`first chart, fresh profile                           ${fmt(first.cold)}`);
  console.log(`first chart, reload                                  ${fmt(first.warm)}`);
  console.log(`redraw after zoom: data drawn                        ${fmt(redraw.zoom.map((t) => t.drawn))}`);
  console.log(`redraw after pan: data drawn                         ${fmt(redraw.pan.map((t) => t.drawn))}`);
  console.log(`redraw after zoom: every layer                       ${fmt(redraw.zoom.map((t) => t.settled))}`);
  console.log(`redraw after pan: every layer                        ${fmt(redraw.pan.map((t) => t.settled))}`);
  console.log(`series: ${(redraw.span / 86_400_000).toFixed(1)} days at 1 min, ${redraw.points} points drawn at full view`);
  console.log(`load average (1 min) on this 2-core machine: ${load0.toFixed(1)} before, ${load1.toFixed(1)} after`);
} finally {
  await browser.close();
  await server.stop();
}
