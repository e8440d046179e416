/**
 * Browser mode's access token, held by the page only. `hindsight serve` prints a URL whose fragment
 * carries it (`#token=…`, never sent to any server); on load it is taken out of the address bar
 * (history.replaceState, so it is not in history, bookmarks or a copied link) and kept in memory and
 * sessionStorage (this tab only, survives a reload). Every request sends it as a header — there is no
 * cookie, so no other page or port on 127.0.0.1 can borrow it. Electron has no token (IPC).
 */

import { splitToken } from './tokenFragment';

const STORAGE_KEY = 'hindsight-token';
const HEADER = 'x-hindsight-token';

/** Reads the token from the address (then removes it there) or from this tab's sessionStorage. */
function takeToken(): string | null {
  if (typeof window === 'undefined' || window.hindsight) return null;
  const { token, rest } = splitToken(window.location.hash);
  if (token) {
    try {
      sessionStorage.setItem(STORAGE_KEY, token);
    } catch {
      // storage disabled: the token lives in memory for this page only
    }
    history.replaceState(history.state, '', `${window.location.pathname}${window.location.search}${rest}`);
    return token;
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Taken once, when this module loads (before any view reads the URL). */
const token = takeToken();

/** Headers that authorise a browser-mode request (empty without a token). */
export function authHeaders(): Record<string, string> {
  return token ? { [HEADER]: token } : {};
}
