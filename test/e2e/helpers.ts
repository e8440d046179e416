/** Shared pieces of the end-to-end tests: a browser-mode server on a fresh data dir, and Chromium. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** The repository root (this file is test/e2e/helpers.ts; works under vitest and under tsx for bench/ui.ts). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, '');
export const RESULTS = join(ROOT, 'test-results');

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium not found: install it with "apt-get install -y chromium" or set CHROMIUM_PATH');
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

export interface Served {
  url: string;
  home: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `hindsight serve` (browser mode) with its own data dir; resolves with the printed URL. */
export async function serve(args: string[], home = mkdtempSync(join(tmpdir(), 'hindsight-e2e-'))): Promise<Served> {
  mkdirSync(home, { recursive: true });
  const proc = spawn(process.execPath, [join(ROOT, 'bin', 'hindsight.mjs'), 'serve', ...args], {
    env: { ...process.env, HINDSIGHT_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`hindsight serve printed no URL in 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('exit', (code) => fail(new Error(`hindsight serve exited with ${code}:\n${out}`)));
  });
  return {
    url,
    home,
    proc,
    stop: async () => {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    },
  };
}

/** The page's DOM, as far as these helpers need it (tests are type-checked without DOM types). */
declare const document: { querySelector(selector: string): unknown };

/** Anomaly ranges shaded on the timeline, as [start, end] ms (from the 'anomaly-area' polygons). */
export function shadedRanges(traces: DrawnSeries[]): [number, number][] {
  const out: [number, number][] = [];
  for (const t of traces.filter((x) => x.name === 'anomaly-area')) {
    for (let i = 0; i + 1 < t.x.length; i += 6) out.push([t.x[i] as number, t.x[i + 1] as number]);
  }
  return out;
}

/** A browser page on an analysed demo served in browser mode, the page errors it raised, and how to close it all. */
export interface DemoSession {
  server: Served;
  browser: Browser;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

/** Serves the demo, opens it in a 1440×900 page (downloads allowed) and waits until it is analysed. */
export async function openDemoSession(): Promise<DemoSession> {
  mkdirSync(RESULTS, { recursive: true });
  const server = await serve(['--demo']);
  const browser = await launchBrowser();
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openAnalysedDemo(page, server.url);
  return {
    server,
    browser,
    page,
    errors,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

/**
 * Opens the printed URL and waits until the demo is imported and analysed (first run: minutes).
 * A job that fails on the way (shown in the job bar) fails this at once, with the job's message.
 */
export async function openAnalysedDemo(page: Page, url: string, timeout = 400_000): Promise<void> {
  await page.goto(url);
  // The status line appears once the demo is imported (about 10 s on a quiet machine; minutes when it is busy).
  await page.getByTestId('analysis-status').waitFor({ timeout: Math.min(timeout, 300_000) });
  const outcome = await page.waitForFunction(
    () => {
      const failed = document.querySelector('[data-testid="job"].job-failed') as { textContent?: string } | null;
      if (failed) return `failed: ${failed.textContent ?? ''}`;
      const el = document.querySelector('[data-testid="analysis-status"]') as { textContent?: string } | null;
      return /\d+ anomal/.test(el?.textContent ?? '') && !/Analysing/.test(el?.textContent ?? '') ? 'ready' : false;
    },
    undefined,
    { timeout, polling: 500 },
  );
  const result = (await outcome.jsonValue()) as string;
  if (result !== 'ready') throw new Error(`the demo did not get ready: a job ${result}`);
}

export interface DrawnTrace {
  mode?: string;
  name?: string;
  points: number;
}

/** A trace as drawn, with its x values (ms: the timeline draws wall-clock time, = UTC in UTC mode). */
export interface DrawnSeries {
  name?: string;
  type?: string;
  x: (number | null)[];
  y: (number | null)[];
}

/** The views, by the key that opens each. */
export const VIEW_KEYS = { incidents: 'i', explorer: '1', timeline: '2', anomalies: '3', logs: '4', compare: '5' } as const;

/** Page helpers: locators kept in one place. */
export const ui = {
  seriesItems: (page: Page) => page.getByTestId('series-item'),
  search: (page: Page) => page.getByLabel('Search series'),
  plot: (page: Page) => page.getByTestId('timeline-plot'),
  tab: (page: Page, view: keyof typeof VIEW_KEYS) => page.getByTestId(`tab-${view}`),
  analysisStatus: (page: Page) => page.getByTestId('analysis-status'),
  anomalyRows: (page: Page) => page.getByTestId('anomaly-row'),
  patternRows: (page: Page) => page.getByTestId('pattern-row'),
  logLines: (page: Page) => page.getByTestId('log-line'),
  compareSeriesRows: (page: Page) => page.getByTestId('compare-series-row'),
  selectionBar: (page: Page) => page.getByTestId('selection-bar'),
  rangeText: (page: Page) => page.getByTestId('range-text'),
  zone: (page: Page) => page.getByTestId('zone'),
  /** Takes the focus out of any text field, so keys go to the shortcuts. */
  blur: (page: Page) => page.evaluate(() => (document as unknown as { activeElement?: { blur?(): void } }).activeElement?.blur?.()),
  /** Resolves when the raw log view shows the answer to this search (words, pattern id or ''). */
  logLinesFor: (page: Page, query: string, templateId = '') =>
    page.locator(`[data-testid="log-lines"][data-answers=${JSON.stringify(`${query}|${templateId}`)}]`).waitFor(),
  /** Resolves when the timeline has drawn every layer for its current window. */
  timelineSettled: (page: Page, timeout = 30_000) =>
    page.waitForFunction(
      () => {
        const gd = document.querySelector('[data-testid="timeline-plot"]') as { dataset?: Record<string, string> } | null;
        return gd?.dataset?.complete === 'yes';
      },
      undefined,
      { timeout },
    ),
  /** Every trace the timeline drew, with x and y. */
  series: (page: Page): Promise<DrawnSeries[]> =>
    page.evaluate(() => {
      const gd = document.querySelector('[data-testid="timeline-plot"]') as {
        data?: { name?: string; type?: string; x?: (number | null)[]; y?: (number | null)[] }[];
      } | null;
      return (gd?.data ?? []).map((t) => ({ name: t.name, type: t.type, x: [...(t.x ?? [])], y: [...(t.y ?? [])] }));
    }),
  /** The x range on screen, as [from, to] ms. */
  xRange: (page: Page): Promise<[number, number]> =>
    page.evaluate(() => {
      const gd = document.querySelector('[data-testid="timeline-plot"]') as { layout: { xaxis: { range: (number | string)[] } } };
      return gd.layout.xaxis.range.map((v) => (typeof v === 'number' ? v : Date.parse(`${String(v).replace(' ', 'T')}Z`))) as [number, number];
    }),
  /** The traces the timeline drew, read from plotly's own data on the graph div. */
  traces: (page: Page): Promise<DrawnTrace[]> =>
    page.evaluate(() => {
      const gd = document.querySelector('[data-testid="timeline-plot"]') as { data?: { mode?: string; name?: string; x?: unknown[] }[] } | null;
      return (gd?.data ?? []).map((t) => ({ mode: t.mode, name: t.name, points: t.x?.length ?? 0 }));
    }),
  /** Points drawn for series (line traces). */
  pointsDrawn: async (page: Page): Promise<number> =>
    (await ui.traces(page)).filter((t) => t.mode === 'lines').reduce((n, t) => n + t.points, 0),
};

/** Waits until one of the located elements has text containing `part` (a string or a pattern); returns its text. */
export async function seeText(loc: Locator, part: string | RegExp, timeout = 15_000): Promise<string> {
  const hit = loc.filter({ hasText: part }).first();
  await hit.waitFor({ timeout });
  return (await hit.textContent()) ?? '';
}

/** Waits until the view tab is the selected one. */
export async function onView(page: Page, view: keyof typeof VIEW_KEYS, timeout = 10_000): Promise<void> {
  await page.locator(`[data-testid="tab-${view}"][aria-selected="true"]`).waitFor({ timeout });
}
