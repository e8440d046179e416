/**
 * The desktop shell's security policy, as plain decisions over plain data: Electron's security
 * checklist (https://www.electronjs.org/docs/latest/tutorial/security) item by item. main.ts only
 * wires these into Electron; the unit tests check them without the Electron binary (types only here).
 *
 * - windows: context isolation, sandbox, no Node integration (also in workers and frames), web security,
 *   no insecure content, no experimental features, no `<webview>`, no navigation on drag-and-drop;
 * - pages: only the app's own files under the renderer folder are loaded, every navigation, redirect and
 *   `window.open` is refused, and the few vetted https links (Help → Documentation) go to the browser;
 * - sessions: every permission request and check is refused, requests to remote hosts are cancelled,
 *   and the Content-Security-Policy of core/api/csp.ts rides on every response.
 */
import { relative, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** Where Help → Documentation leads; the one https address the shell opens outside the app. */
export const DOCS_URL = 'https://github.com/hindsight-app/hindsight#readme';

/** Hosts whose https links may be opened in the person's browser (never inside the app). */
export const VETTED_HOSTS: readonly string[] = [new URL(DOCS_URL).host];

/**
 * The webPreferences of every window the shell opens. `enableRemoteModule` is gone from Electron and
 * never set; `preload` is the only script with a bridge, and it runs sandboxed.
 */
export function secureWebPreferences(preload?: string): WebPreferences {
  return {
    ...(preload ? { preload } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

/** The least size of the main window (the views are laid out for it). */
export const MIN_WINDOW = { width: 1024, height: 700 } as const;

/** The main window's options: its place and size (from the saved window state) and the secure preferences. */
export function mainWindowOptions(opts: {
  preload: string;
  bounds: { x?: number; y?: number; width: number; height: number };
}): BrowserWindowConstructorOptions {
  return {
    ...opts.bounds,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    title: 'Hindsight',
    backgroundColor: '#111418',
    show: false,
    webPreferences: secureWebPreferences(opts.preload),
  };
}

/** The in-memory session (no `persist:`) the PDF printer's hidden windows use, apart from the app's. */
export const PDF_PARTITION = 'hindsight-pdf';

/**
 * The hidden window that prints a report to PDF: the same secure preferences, no preload (no bridge),
 * scripts off (a report is static HTML; an injected `<script>` cannot run), its own session.
 */
export function pdfWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 1240,
    height: 1754,
    webPreferences: { ...secureWebPreferences(), javascript: false, partition: PDF_PARTITION },
  };
}

/** True when `child` is `dir` itself or lies inside it (no `..` escape), on this platform's paths. */
function inside(dir: string, child: string): boolean {
  const rel = relative(dir, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The file system path of a file: URL, or null for any other URL or one that does not parse. */
export function filePathOf(url: string): string | null {
  try {
    return new URL(url).protocol === 'file:' ? fileURLToPath(url) : null;
  } catch {
    return null;
  }
}

/**
 * True when a URL is one of the app's own pages: a file: URL under `appDir` (the built renderer
 * folder, inside the asar when packaged). Remote pages, data: URLs and other local files are not.
 */
export function isAppPage(url: string, appDir: string): boolean {
  const path = filePathOf(url);
  return path !== null && inside(appDir, path);
}

/** True for a link the person may open in their browser: https, a vetted host, no credentials, default port. */
export function isVettedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && !parsed.username && !parsed.password && parsed.port === '' && VETTED_HOSTS.includes(parsed.host);
}

/**
 * What `window.open` (and `target=_blank` links) get: always denied inside the app; a vetted https
 * link is handed to the person's browser (`external`), anything else goes nowhere.
 */
export function windowOpenDecision(url: string): { action: 'deny'; external: string | null } {
  return { action: 'deny', external: isVettedExternalUrl(url) ? url : null };
}

/**
 * Whether a navigation of the page (will-navigate, will-redirect) may go ahead: never. The renderer
 * is one page that changes its address with `history` only (no navigation event), so any real
 * navigation is a link, a drop or injected script trying to leave the app.
 */
export function allowNavigation(_url: string): false {
  return false;
}

/**
 * Whether a frame may navigate (will-frame-navigate, which also fires for the main frame): only an
 * inline sub-frame — `about:blank`, `about:srcdoc` (a report preview) — which loads nothing from anywhere.
 */
export function allowFrameNavigation(url: string, isMainFrame: boolean): boolean {
  return !isMainFrame && (url === 'about:blank' || url === 'about:srcdoc');
}

/**
 * Whether a permission (camera, microphone, geolocation, notifications, clipboard read, HID, serial,
 * openExternal …) is granted to page content, for requests and for checks alike: never. Hindsight
 * needs none of them; the shell's own features (dialogs, files, PDF) run in the main process.
 */
export function allowPermission(_permission: string): false {
  return false;
}

/** The URL patterns of remote requests, which every session cancels (the app is offline by design). */
export const REMOTE_URL_PATTERNS: readonly string[] = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

/** True when a request leaves the machine (http, https, ws, wss, ftp), which the sessions cancel. */
export function isRemoteRequest(url: string): boolean {
  try {
    return ['http:', 'https:', 'ws:', 'wss:', 'ftp:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Response headers with the app's Content-Security-Policy set (any policy a response brought is replaced). */
export function withCsp(headers: Record<string, string | string[]> | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}

/**
 * The policy a `<meta http-equiv="Content-Security-Policy">` can carry: the same directives less
 * `frame-ancestors`, which browsers ignore in a meta tag. file:// pages get no response headers, so
 * the renderer's index.html states this one itself (and the unit test holds it equal to csp.ts).
 */
export function metaCsp(csp: string): string {
  return csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !d.startsWith('frame-ancestors'))
    .join('; ');
}

/** The Electron events a guarded webContents listens to, as far as the guard needs them. */
export interface GuardableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (e: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (e: { preventDefault(): void; url: string; isMainFrame: boolean }) => void): unknown;
  on(event: 'will-attach-webview', listener: (e: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Guards one webContents (main.ts calls it from `web-contents-created`, so every one is guarded,
 * the hidden PDF windows and devtools-opened ones too): no navigation or redirect, no frame navigation
 * but to an inline frame, no `<webview>`, no new windows; a vetted https link asked for by `window.open` goes to `openExternal`.
 */
export function guardWebContents(contents: GuardableContents, openExternal: (url: string) => void): void {
  const refuse = (e: { preventDefault(): void }, url: string): void => {
    if (!allowNavigation(url)) e.preventDefault();
  };
  contents.on('will-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-frame-navigate', (e) => {
    if (!allowFrameNavigation(e.url, e.isMainFrame)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.external) openExternal(decision.external);
    return { action: decision.action };
  });
}

/** The parts of an Electron session the policy sets. */
export interface GuardableSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  webRequest: {
    onBeforeRequest(filter: { urls: string[] }, listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string | string[]> },
        callback: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

/** Applies the session policy: permissions refused (requests and checks), remote requests cancelled, CSP on every response. */
export function guardSession(session: GuardableSession, csp: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(allowPermission(permission)));
  session.setPermissionCheckHandler((_contents, permission) => allowPermission(permission));
  session.webRequest.onBeforeRequest({ urls: [...REMOTE_URL_PATTERNS] }, (details, callback) => callback({ cancel: isRemoteRequest(details.url) }));
  session.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCsp(details.responseHeaders, csp) }));
}
