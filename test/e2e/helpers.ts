/** Shared pieces of the end-to-end tests: a browser-mode server on a fresh data dir, and Chromium. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(__dirname, '../..');
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
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
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

export interface DrawnTrace {
  mode?: string;
  name?: string;
  points: number;
}

/** Page helpers: locators kept in one place. */
export const ui = {
  seriesItems: (page: Page) => page.getByTestId('series-item'),
  search: (page: Page) => page.getByLabel('Search series'),
  plot: (page: Page) => page.getByTestId('timeline-plot'),
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
