/**
 * Browser mode's access token, held by the page only. `hindsight serve` prints a URL whose fragment
 * carries it (`#token=…`, never sent to any server); on load it is taken out of the address bar
 * (history.replaceState, so it is not in history, bookmarks or a copied link) and kept in memory and
 * in this origin's storage: sessionStorage (this tab, survives a reload) and localStorage (so a copied
 * view link opened in another tab of the same browser works). Storage is per origin — scheme, host
 * and port — so a page from another port of 127.0.0.1 cannot read it. Every request sends the token
 * as a header; there is no cookie, nothing the browser attaches by itself. Electron has no token (IPC).
 */

import { splitToken } from './tokenFragment';

const STORAGE_KEY = 'hindsight-token';
const HEADER = 'x-hindsight-token';

/** Runs a storage access, or gives null where storage is disabled (the token then lives in memory only). */
function stored(access: () => string | null | void): string | null {
  try {
    return access() ?? null;
  } catch {
    return null;
  }
}

/** Reads the token from the address (then removes it there), else from this origin's storage. */
function takeToken(): string | null {
  if (typeof window === 'undefined' || window.hindsight) return null;
  const { token, rest } = splitToken(window.location.hash);
  if (token) {
    stored(() => sessionStorage.setItem(STORAGE_KEY, token));
    stored(() => localStorage.setItem(STORAGE_KEY, token));
    history.replaceState(history.state, '', `${window.location.pathname}${window.location.search}${rest}`);
    return token;
  }
  return stored(() => sessionStorage.getItem(STORAGE_KEY)) ?? stored(() => localStorage.getItem(STORAGE_KEY));
}

/** Taken once, when this module loads (before any view reads the URL). */
const token = takeToken();

/** Headers that authorise a browser-mode request (empty without a token). */
export function authHeaders(): Record<string, string> {
  return token ? { [HEADER]: token } : {};
}
