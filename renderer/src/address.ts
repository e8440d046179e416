/** The page's address as view state (see urlState.ts for the format): read it, write it. */
import { formatUrlState, parseUrlState, type UrlState } from './urlState';

/** The view state in the page's address (a write still waiting is taken as already there). */
export function readUrlState(): UrlState {
  return pending ?? parseUrlState(window.location.search);
}

/** Writes the view state into the page's address now (replacing the history entry; the fragment stays). */
export function writeUrlState(state: UrlState): void {
  if (timer !== null) window.clearTimeout(timer);
  timer = null;
  pending = null;
  const search = formatUrlState(state, window.location.search);
  if (search === window.location.search) return;
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
}

/** How long the view must stay put before its state is written (a zoom or pan settles first). */
export const SETTLE_MS = 300;

let pending: UrlState | null = null;
let timer: number | null = null;

/**
 * Writes the view state once the view has settled: zooming and panning change it many times a
 * second, and each history.replaceState costs the main thread ~5 ms. A write still waiting when
 * the page is hidden or left is done then, so a reload or a copied link never misses it.
 */
export function scheduleUrlState(state: UrlState): void {
  pending = state;
  if (timer !== null) window.clearTimeout(timer);
  timer = window.setTimeout(flushUrlState, SETTLE_MS);
  if (!listening) {
    listening = true;
    window.addEventListener('pagehide', flushUrlState);
    document.addEventListener('visibilitychange', flushUrlState);
  }
}

/** Writes a waiting view state now, if there is one. */
export function flushUrlState(): void {
  if (pending) writeUrlState(pending);
}

let listening = false;
