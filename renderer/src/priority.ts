/**
 * First things first: work that is not on the way to the first chart (sparklines, bands, log
 * strips, the anomaly index) waits until a chart has been drawn, or a few seconds at most. Until
 * then the (single-threaded) server answers the chart library download and the chart's own data
 * instead of computing things the page could not draw yet anyway.
 */

/** Longest wait, for pages that draw no chart (another view opened first, an empty workspace). */
const MAX_WAIT_MS = 2500;

let release: (() => void) | null = null;
const firstDraw = new Promise<void>((resolve) => {
  release = resolve;
  setTimeout(resolve, MAX_WAIT_MS);
});

/** Called by the chart wrapper after each draw. */
export function chartDrawn(): void {
  release?.();
  release = null;
}

/** Resolves once a chart has been drawn (or after a short while). */
export function afterFirstChart(): Promise<void> {
  return firstDraw;
}
