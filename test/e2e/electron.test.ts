/**
 * The desktop shell, where the Electron binary exists: the same first path as browser mode, then the
 * security checklist at runtime (the unit tests under test/unit/electron assert the same policy
 * without the binary), the menus, a workspace given on the command line, the PDF printer and the
 * saved window state. Elsewhere (as on machines that cannot download Electron) it reports itself
 * skipped with the reason.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP } from '../../core/api/csp';
import { WorkspaceStore } from '../../core/store/workspace';
import { metaCsp } from '../../electron/security';
import { onView, RESULTS, ROOT, ui } from './helpers';

function electronBinary(): { path: string | null; why: string } {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return { path: null, why: 'the Electron binary is not installed (node_modules/electron/dist missing)' };
  const p = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(p) ? { path: p, why: '' } : { path: null, why: `no Electron binary at ${p}` };
}

const bin = electronBinary();
if (!bin.path) console.warn(`[electron e2e] skipped: ${bin.why}`);

describe('desktop shell (Electron)', () => {
  it.skipIf(!bin.path)(`opens the demo and draws a series${bin.path ? '' : ` — skipped: ${bin.why}`}`, async () => {
    const home = mkdtempSync(join(tmpdir(), 'hindsight-electron-'));
    mkdirSync(RESULTS, { recursive: true });
    const app = await electron.launch({
      executablePath: bin.path as string,
      args: [ROOT],
      env: { ...process.env, HINDSIGHT_HOME: home },
    });
    try {
      const page = await app.firstWindow();
      await page.getByTestId('open-demo').click();
      await ui.seriesItems(page).first().waitFor({ timeout: 150_000 });
      await ui.seriesItems(page).first().click();
      await expect.poll(() => ui.pointsDrawn(page), { timeout: 20_000 }).toBeGreaterThan(100);
      await page.screenshot({ path: join(RESULTS, 'electron-timeline.png') });
    } finally {
      await app.close();
    }
  });
});

/** Launches the app on a fresh data folder and profile; `files` are passed as a file association would. */
async function launch(files: string[] = []): Promise<{ app: ElectronApplication; page: Page; profile: string }> {
  const home = mkdtempSync(join(tmpdir(), 'hindsight-electron-'));
  const profile = join(home, 'profile');
  const app = await electron.launch({
    executablePath: bin.path as string,
    args: [ROOT, `--user-data-dir=${profile}`, ...files],
    env: { ...process.env, HINDSIGHT_HOME: home },
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page, profile };
}

describe.skipIf(!bin.path)('desktop shell: the security checklist at runtime', () => {
  let app: ElectronApplication;
  let page: Page;
  beforeAll(async () => {
    ({ app, page } = await launch());
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('runs the window with context isolation, sandbox and web security on, Node integration off', async () => {
    // getLastWebPreferences: not in the typings, but what Electron's own specs read the applied preferences with.
    const prefs = await app.evaluate(({ BrowserWindow }) =>
      (BrowserWindow.getAllWindows()[0].webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences(),
    );
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual([
      'undefined',
      'undefined',
    ]);
  });

  it('exposes only the named bridge functions', async () => {
    const keys = await page.evaluate('Object.keys(window.hindsight).sort()');
    expect(keys).toEqual(['cancel', 'invoke', 'onEvent', 'onMenu', 'pathForFile', 'printToPdf', 'shell']);
  });

  it('carries the CSP and loads only the app page (file:// under out/renderer)', async () => {
    expect(page.url()).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html/);
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(metaCsp(CSP));
  });

  it('denies window.open, navigation away, permission requests and remote requests', async () => {
    const before = page.url();
    // Page code as text: this file is type-checked for Node, without the DOM's names.
    const results = await page.evaluate(`(async () => {
      const opened = window.open('https://example.com/', '_blank');
      const geo = await navigator.permissions.query({ name: 'geolocation' }).then((s) => s.state);
      const notify = await Notification.requestPermission();
      const fetched = await fetch('https://example.com/').then(() => 'loaded', () => 'refused');
      return { opened: opened === null, geo, notify, fetched };
    })()`);
    expect(results).toEqual({ opened: true, geo: 'denied', notify: 'denied', fetched: 'refused' });
    await page.evaluate("location.href = 'https://example.com/'");
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  it('has File, Edit, View and Help menus, and View → Logs switches the view like key 4', async () => {
    const labels = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label.replace('&', '')) ?? []);
    expect(labels).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Help']));
    const dir = mkdtempSync(join(tmpdir(), 'hindsight-electron-ws-'));
    await page.getByLabel('Workspace path').fill(join(dir, 'menu-case'));
    await page.getByRole('button', { name: 'Create' }).click();
    await ui.tab(page, 'explorer').waitFor({ timeout: 30_000 });
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('shortcut:view4')?.click());
    await onView(page, 'logs');
  });

  it('prints report HTML to PDF bytes through the bridge', async () => {
    const head = (await page.evaluate(`(async () => {
      const bytes = await window.hindsight.printToPdf('<h1>Postmortem</h1><p>&lt;script&gt;alert(1)&lt;/script&gt;</p><script>document.title = "ran"</script>');
      return [bytes.length, String.fromCharCode(...bytes.slice(0, 5))];
    })()`)) as [number, string];
    expect(head[1]).toBe('%PDF-');
    expect(head[0]).toBeGreaterThan(500);
  });
});

describe.skipIf(!bin.path)('desktop shell: files from the OS and the window state', () => {
  it('opens a *.hindsight given on the command line (file association, "open with")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hindsight-electron-argv-'));
    const file = join(dir, 'argv-opened.hindsight');
    WorkspaceStore.open(file, { create: true }).close();
    const { app, page } = await launch([file]);
    try {
      await page.getByText('argv-opened').first().waitFor({ timeout: 30_000 });
    } finally {
      await app.close();
    }
  });

  it('saves the window state under userData when the window closes', async () => {
    const { app, profile } = await launch();
    const userData = await app.evaluate(({ app: a }) => a.getPath('userData'));
    await app.close();
    const saved = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')) as { bounds: { width: number } };
    expect(saved.bounds.width).toBeGreaterThan(0);
    expect(userData).toBe(profile);
  });
});
