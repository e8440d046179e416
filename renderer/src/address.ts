/** The page's address as view state (see urlState.ts for the format): read it, write it. */
import { formatUrlState, parseUrlState, type UrlState } from './urlState';

/** The view state in the page's address. */
export function readUrlState(): UrlState {
  return parseUrlState(window.location.search);
}

/** Writes the view state into the page's address (replacing the history entry; the fragment stays). */
export function writeUrlState(state: UrlState): void {
  const search = formatUrlState(state, window.location.search);
  if (search === window.location.search) return;
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
}
