/**
 * Importing through the UI in browser mode, into a fresh workspace: a file by path, and dropped
 * files (uploaded, then imported). The dialog ends with a summary that says, per file, what happened.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, RESULTS, ROOT, seeText, serve, type Served } from './helpers';

/** The page's DataTransfer, as far as this test needs it (tests are type-checked without DOM types). */
declare const DataTransfer: new () => { items: { add(f: unknown): void } };

const FIXTURES = join(ROOT, 'test', 'fixtures', 'cli');

describe('importing through the UI (browser mode, fresh workspace)', () => {
  let server: Served;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'hindsight-e2e-import-'));
    server = await serve([join(dir, 'fresh.hindsight')]);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await seeText(page.getByTestId('ws-name'), 'fresh', 30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('imports a file typed as a path and shows what it read', async () => {
    // An empty workspace asks for data: importing is its call to action, not analysing nothing.
    await page.getByTestId('empty-workspace').waitFor();
    expect(await page.getByTestId('import-cta').getAttribute('class')).toContain('primary');
    expect(await page.getByTestId('run-analysis').count()).toBe(0);
    await page.getByTestId('import-cta').click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.getByLabel('Path to import').fill(join(FIXTURES, 'spike.csv'));
    await dialog.getByTestId('import-start').click();
    const summary = dialog.getByTestId('import-summary');
    await seeText(summary, '1 of 1 files imported', 60_000);
    const row = summary.getByTestId('import-file');
    expect(await row.textContent()).toMatch(/spike\.csv.*imported/);
    await page.screenshot({ path: join(RESULTS, 'import-path-summary.png') });
    await dialog.getByTestId('import-close').click();
    await dialog.waitFor({ state: 'hidden' });
    // The workspace now holds the series, and the views replace the call to import.
    await seeText(page.getByTestId('ws-summary'), /^1 series/);
    await page.getByTestId('empty-workspace').waitFor({ state: 'detached' });
  });

  it('uploads dropped files, imports them, and says which file it could not read and why', async () => {
    const log = readFileSync(join(FIXTURES, 'app.log'), 'utf8');
    const drop = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'app.log', { type: 'text/plain' }));
      dt.items.add(new File([new Uint8Array([0, 159, 146, 150, 7, 0, 255, 1])], 'mystery.bin'));
      return dt;
    }, log);
    await page.dispatchEvent('[data-testid="drop-target"]', 'dragenter', { dataTransfer: drop });
    await page.dispatchEvent('[data-testid="drop-target"]', 'drop', { dataTransfer: drop });
    const dialog = page.getByTestId('import-dialog');
    await seeText(dialog, 'mystery.bin');
    expect(await dialog.textContent()).toContain('app.log');
    await dialog.getByTestId('import-start').click();
    const summary = dialog.getByTestId('import-summary');
    await seeText(summary, /files imported/, 60_000);
    const rows = summary.getByTestId('import-file');
    expect(await rows.count()).toBe(2);
    expect(await rows.filter({ hasText: 'app.log' }).textContent()).toContain('imported');
    const bad = rows.filter({ hasText: 'mystery.bin' });
    expect(await bad.textContent()).toMatch(/skipped|failed/);
    expect(((await bad.locator('.reason').first().textContent()) ?? '').length).toBeGreaterThan(5);
    await page.screenshot({ path: join(RESULTS, 'import-drop-summary.png') });
    await dialog.getByTestId('import-close').click();
    await seeText(page.getByTestId('ws-summary'), /\b[1-9]\d* log lines/);
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
