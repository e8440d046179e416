/**
 * Loading the chart library in two steps that the app controls: `preloadPlotly()` downloads it at start-up
 * without running it, and `loadPlotly()` runs it (a classic script that sets `window.Plotly`) when
 * a chart is about to be drawn, so that its evaluation does not hold up the requests for the
 * chart's own data.
 *
 * The bundle is Plotly's basic one (1.1 MB; the full plotly.js-dist-min is 4.8 MB and took
 * about a second to evaluate; the cartesian one 1.4 MB and ~1 s under load against ~0.4 s for this):
 * the timeline draws only scatter traces and a layout image. `npx tsx bench/plotly-bundles.ts` compares them.
 */
import type PlotlyDefault from 'plotly.js-basic-dist-min';
import plotlyUrl from 'plotly.js-basic-dist-min?url';

export type PlotlyModule = typeof PlotlyDefault;

declare global {
  interface Window {
    Plotly?: PlotlyModule;
  }
}

let preloaded = false;
let loading: Promise<PlotlyModule> | null = null;

/** Starts downloading the library (once); nothing runs yet. */
export function preloadPlotly(): void {
  if (preloaded || loading) return;
  preloaded = true;
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'script';
  link.href = plotlyUrl;
  document.head.appendChild(link);
}

/** The library, loaded and run once. Rejects with a message a person understands when it cannot load. */
export function loadPlotly(): Promise<PlotlyModule> {
  loading ??= new Promise<PlotlyModule>((resolve, reject) => {
    if (window.Plotly) return resolve(window.Plotly);
    const script = document.createElement('script');
    script.src = plotlyUrl;
    script.async = true;
    script.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error('the chart library loaded but did not start')));
    script.onerror = () => {
      loading = null;
      reject(new Error('the chart library could not be loaded'));
    };
    document.head.appendChild(script);
  });
  return loading;
}

/**
 * Runs the library as soon as the page is idle, so its evaluation overlaps the requests for the
 * chart's data instead of following them. Call it from a view that will chart; returns a cancel.
 */
export function warmPlotly(): () => void {
  if (loading || window.Plotly) return () => undefined;
  const run = (): void => void loadPlotly().catch(() => undefined); // a failure shows when the chart asks again
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(run, { timeout: 500 });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(run, 0);
  return () => window.clearTimeout(id);
}
