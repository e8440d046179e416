/**
 * The Plotly bundles Hindsight could ship, side by side: file size, script evaluation time in a
 * fresh headless Chromium page (compile + run of the classic script, no code cache), and whether
 * the bundle draws every trace type the timeline uses (scatter lines, filled areas and markers; the
 * log-pattern strip is a layout image since it stopped being a heatmap). The machine is shared: the
 * load average is printed with the figures.
 * Only the basic bundle is a dependency; the others are measured when installed
 * (`npm install --no-save plotly.js-dist-min plotly.js-cartesian-dist-min`).
 * Run: npx tsx bench/plotly-bundles.ts [--runs N]   (needs Chromium)
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, ROOT } from '../test/e2e/helpers';
import { median } from '../core/analysis/stats';

declare const document: {
  createElement(tag: string): { textContent: string; style: Record<string, string> } & object;
  head: { appendChild(el: object): void };
  body: { appendChild(el: object): void };
};
declare const performance: { now(): number };
declare const window: { Plotly?: { react(el: object, data: unknown[], layout: unknown): Promise<{ data: unknown[]; _fullData: { type: string }[] }> } };

const BUNDLES = [
  { pkg: 'plotly.js-dist-min', file: 'plotly.min.js' },
  { pkg: 'plotly.js-cartesian-dist-min', file: 'plotly-cartesian.min.js' },
  { pkg: 'plotly.js-basic-dist-min', file: 'plotly-basic.min.js' },
];

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Math.max(1, Number(process.argv[runsArg + 1]) || 5) : 5;

/** The trace types the timeline draws (see renderer/src/components/figure/). */
const NEEDED = ['scatter'];

const browser = await launchBrowser();
try {
  const load0 = loadavg()[0];
  console.log('bundle                          size      evaluation (median)   draws');
  for (const b of BUNDLES) {
    const path = join(ROOT, 'node_modules', b.pkg, b.file);
    if (!existsSync(path)) {
      console.log(`${b.pkg.padEnd(31)} not installed`);
      continue;
    }
    const source = readFileSync(path, 'utf8');
    const times: number[] = [];
    let drawn: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.setContent('<!doctype html><html><head></head><body></body></html>');
      const result = await page.evaluate(
        async ([code, needed]) => {
          const script = document.createElement('script');
          script.textContent = code;
          const start = performance.now();
          document.head.appendChild(script); // an inline classic script runs synchronously here
          const ms = performance.now() - start;
          const div = document.createElement('div');
          document.body.appendChild(div);
          const traces = needed.map((type) => ({ type, x: [1, 2], y: [0, 1], z: [[1, 2], [3, 4]] }));
          const gd = await window.Plotly!.react(div, traces, {});
          return { ms, types: gd._fullData.map((t) => t.type) };
        },
        [source, NEEDED] as const,
      );
      times.push(result.ms);
      drawn = result.types;
      await ctx.close();
    }
    const missing = NEEDED.filter((t) => !drawn.includes(t));
    const size = `${(statSync(path).size / 1e6).toFixed(2)} MB`;
    console.log(
      `${b.pkg.padEnd(31)} ${size.padEnd(9)} ${`${median(times).toFixed(0)} ms (n=${RUNS})`.padEnd(21)} ${missing.length ? `not: ${missing.join(', ')}` : 'all'}`,
    );
  }
  console.log(`load average (1 min): ${load0.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`);
} finally {
  await browser.close();
}
