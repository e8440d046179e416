/**
 * Electron's security checklist, item by item, on the shell's pure policy (electron/security.ts):
 * the window options every window is built from, which pages may load, navigation, `window.open`,
 * permissions, remote requests and the Content-Security-Policy. No Electron binary: the guards are
 * run against small fakes of a webContents and a session.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CSP } from '../../../core/api/csp';
import {
  allowFrameNavigation,
  allowNavigation,
  allowPermission,
  DOCS_URL,
  guardSession,
  guardWebContents,
  isAppPage,
  isRemoteRequest,
  isVettedExternalUrl,
  mainWindowOptions,
  metaCsp,
  pdfWindowOptions,
  secureWebPreferences,
  windowOpenDecision,
  withCsp,
  type GuardableContents,
  type GuardableSession,
} from '../../../electron/security';

const ROOT = resolve(__dirname, '../../..');
const APP = join(ROOT, 'out', 'renderer');
const fileUrl = (path: string): string => pathToFileURL(path).href;

/** Every permission name Electron 45's handlers are asked about (electron.d.ts). */
const PERMISSIONS = (() => {
  const dts = readFileSync(join(ROOT, 'node_modules', 'electron', 'electron.d.ts'), 'utf8');
  const m = /setPermissionCheckHandler\(handler: \(\(webContents: \(WebContents\) \| \(null\), permission: ([^,]+(?:, [^,]+)*?), requestingOrigin/.exec(dts);
  return m ? [...m[1].matchAll(/'([a-zA-Z-]+)'/g)].map((x) => x[1]) : [];
})();

describe('window options (every window: the main one and the hidden PDF printer)', () => {
  const windows = { main: mainWindowOptions({ preload: '/app/out/preload/index.cjs', bounds: { width: 1400, height: 900 } }), pdf: pdfWindowOptions() };
  for (const [name, options] of Object.entries(windows)) {
    const prefs = options.webPreferences ?? {};
    it(`${name}: context isolation on, sandbox on, Node integration off (page, workers, frames)`, () => {
      expect(prefs.contextIsolation).toBe(true);
      expect(prefs.sandbox).toBe(true);
      expect(prefs.nodeIntegration).toBe(false);
      expect(prefs.nodeIntegrationInWorker).toBe(false);
      expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    });
    it(`${name}: web security on, no insecure content, no experimental features, no <webview>, no remote module`, () => {
      expect(prefs.webSecurity).toBe(true);
      expect(prefs.allowRunningInsecureContent).toBe(false);
      expect(prefs.experimentalFeatures).toBe(false);
      expect(prefs.webviewTag).toBe(false);
      expect(prefs.navigateOnDragDrop).toBe(false);
      expect(Object.keys(prefs)).not.toContain('enableRemoteModule');
    });
  }

  it('main: the preload is the only bridge, and the window opens hidden until drawn', () => {
    expect(windows.main.webPreferences?.preload).toBe('/app/out/preload/index.cjs');
    expect(windows.main.show).toBe(false);
  });

  it('pdf: no preload (no bridge), scripts off, its own in-memory session, never shown', () => {
    expect(windows.pdf.webPreferences?.preload).toBeUndefined();
    expect(windows.pdf.webPreferences?.javascript).toBe(false);
    expect(windows.pdf.webPreferences?.partition).toMatch(/^(?!persist:)/);
    expect(windows.pdf.show).toBe(false);
  });

  it('the same secure preferences are the base of both', () => {
    const { preload: _preload, ...base } = secureWebPreferences('/x.cjs');
    expect(windows.main.webPreferences).toMatchObject(base);
    expect(windows.pdf.webPreferences).toMatchObject(base);
  });
});

describe('no remote content: only the app pages load', () => {
  it('a file under the built renderer folder is an app page, with or without a query', () => {
    expect(isAppPage(fileUrl(join(APP, 'index.html')), APP)).toBe(true);
    expect(isAppPage(`${fileUrl(join(APP, 'index.html'))}?demo=1`, APP)).toBe(true);
  });

  it('remote pages, other local files, escapes by .. and data: or javascript: URLs are not', () => {
    for (const url of [
      'https://example.com/index.html',
      'http://localhost:5173/',
      fileUrl('/etc/passwd'),
      fileUrl(join(ROOT, 'out', 'renderer-evil', 'index.html')),
      `${fileUrl(APP)}/../main/index.js`,
      'data:text/html,<script>alert(1)</script>',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAppPage(url, APP), url).toBe(false);
    }
  });

  it('remote requests (http, https, ws, wss, ftp) are recognised and local ones are not', () => {
    for (const url of ['http://a.example/x', 'https://a.example/x', 'ws://a.example', 'wss://a.example', 'ftp://a.example/f']) expect(isRemoteRequest(url), url).toBe(true);
    for (const url of [fileUrl(join(APP, 'index.html')), 'data:image/png;base64,AAAA', 'blob:file:///abc', 'devtools://devtools/x']) expect(isRemoteRequest(url), url).toBe(false);
  });
});

describe('navigation and window.open are denied', () => {
  it('no navigation or redirect of the page, to anywhere (even an app page: the app never navigates)', () => {
    for (const url of ['https://example.com', fileUrl(join(APP, 'index.html')), fileUrl('/tmp/x.hindsight')]) expect(allowNavigation(url)).toBe(false);
  });

  it('a frame may only become an inline frame (about:blank, about:srcdoc); the main frame never navigates', () => {
    expect(allowFrameNavigation('about:srcdoc', false)).toBe(true);
    expect(allowFrameNavigation('about:blank', false)).toBe(true);
    expect(allowFrameNavigation('about:blank', true)).toBe(false);
    expect(allowFrameNavigation('https://example.com', false)).toBe(false);
    expect(allowFrameNavigation(fileUrl('/etc/passwd'), false)).toBe(false);
  });

  it('window.open is always denied; only a vetted https link is handed to the browser', () => {
    expect(windowOpenDecision(DOCS_URL)).toEqual({ action: 'deny', external: DOCS_URL });
    for (const url of ['https://evil.example/', 'http://' + new URL(DOCS_URL).host + '/', 'file:///etc/passwd', 'javascript:alert(1)', 'about:blank']) {
      expect(windowOpenDecision(url), url).toEqual({ action: 'deny', external: null });
    }
  });

  it('a vetted link is https on a vetted host with no credentials and no port', () => {
    const host = new URL(DOCS_URL).host;
    expect(isVettedExternalUrl(DOCS_URL)).toBe(true);
    expect(isVettedExternalUrl(`https://user:pw@${host}/`)).toBe(false);
    expect(isVettedExternalUrl(`https://${host}:8443/`)).toBe(false);
    expect(isVettedExternalUrl(`https://${host}.evil.example/`)).toBe(false);
    expect(isVettedExternalUrl('nonsense')).toBe(false);
  });
});

/** A webContents that records its listeners and fires them as Electron would. */
function fakeContents() {
  const listeners = new Map<string, (...args: never[]) => void>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  const contents: GuardableContents = {
    on: (event: string, listener: (...args: never[]) => void) => listeners.set(event, listener),
    setWindowOpenHandler: (h) => {
      openHandler = h;
    },
  };
  const fire = (event: string, extra: Record<string, unknown> = {}, url?: string): boolean => {
    let prevented = false;
    const e = { preventDefault: () => (prevented = true), ...extra };
    (listeners.get(event) as (e: unknown, url?: string) => void)(e, url);
    return prevented;
  };
  return { contents, listeners, fire, open: (url: string) => openHandler!({ url }) };
}

describe('web-contents-created guard (every webContents)', () => {
  it('prevents will-navigate, will-redirect and <webview> attachment; frames only to inline ones', () => {
    const f = fakeContents();
    guardWebContents(f.contents, () => undefined);
    expect([...f.listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect']);
    expect(f.fire('will-navigate', {}, 'https://example.com')).toBe(true);
    expect(f.fire('will-redirect', {}, 'https://example.com')).toBe(true);
    expect(f.fire('will-attach-webview')).toBe(true);
    expect(f.fire('will-frame-navigate', { url: 'https://example.com', isMainFrame: false })).toBe(true);
    expect(f.fire('will-frame-navigate', { url: 'about:srcdoc', isMainFrame: false })).toBe(false);
  });

  it('denies window.open and sends only vetted links to openExternal', () => {
    const opened: string[] = [];
    const f = fakeContents();
    guardWebContents(f.contents, (url) => opened.push(url));
    expect(f.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(f.open(DOCS_URL)).toEqual({ action: 'deny' });
    expect(opened).toEqual([DOCS_URL]);
  });
});

describe('session guard: permissions denied, remote requests cancelled, CSP on responses', () => {
  function fakeSession() {
    const s = {
      request: null as null | ((c: unknown, p: string, cb: (g: boolean) => void) => void),
      check: null as null | ((c: unknown, p: string) => boolean),
      filter: null as null | { urls: string[] },
      before: null as null | ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
      headers: null as null | ((d: { responseHeaders?: Record<string, string | string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
    };
    const session: GuardableSession = {
      setPermissionRequestHandler: (h) => (s.request = h),
      setPermissionCheckHandler: (h) => (s.check = h),
      webRequest: {
        onBeforeRequest: (filter, listener) => {
          s.filter = filter;
          s.before = listener;
        },
        onHeadersReceived: (listener) => (s.headers = listener),
      },
    };
    return { s, session };
  }

  it('refuses every permission Electron asks about, as a request and as a check', () => {
    expect(PERMISSIONS.length).toBeGreaterThan(20);
    expect(PERMISSIONS).toEqual(expect.arrayContaining(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial']));
    const { s, session } = fakeSession();
    guardSession(session, CSP);
    for (const permission of [...PERMISSIONS, 'some-future-permission']) {
      let granted: boolean | null = null;
      s.request!(null, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(s.check!(null, permission), permission).toBe(false);
      expect(allowPermission(permission)).toBe(false);
    }
  });

  it('cancels requests that leave the machine', () => {
    const { s, session } = fakeSession();
    guardSession(session, CSP);
    expect(s.filter?.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    const answers: boolean[] = [];
    s.before!({ url: 'https://tracker.example/p.gif' }, (r) => answers.push(r.cancel));
    expect(answers).toEqual([true]);
  });

  it("puts the app's CSP on every response, replacing any policy the response brought", () => {
    const { s, session } = fakeSession();
    guardSession(session, CSP);
    let out: Record<string, string[]> = {};
    s.headers!({ responseHeaders: { 'content-security-policy': ["default-src *; script-src 'unsafe-eval'"], 'X-Other': 'kept' } }, (r) => (out = r.responseHeaders));
    expect(out).toEqual({ 'X-Other': ['kept'], 'Content-Security-Policy': [CSP] });
    expect(withCsp(undefined, CSP)).toEqual({ 'Content-Security-Policy': [CSP] });
  });
});

describe('CSP (core/api/csp.ts) is what the app pages carry', () => {
  it('allows only our own scripts: no inline script, no eval, no remote hosts, no plugins', () => {
    const directives = new Map(CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(CSP).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it("renderer/index.html's meta tag states the same policy (file:// pages get no response headers)", () => {
    const html = readFileSync(join(ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(metaCsp(CSP));
    expect(metaCsp(CSP)).not.toContain('frame-ancestors');
  });
});
