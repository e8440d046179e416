/**
 * The Advice view's Profiles section in browser mode: two profiles added through "Add profile…" (uploaded, then
 * imported), the flame graph and hot frames of one, then the differential view against the other — the planted
 * hot function (bench/lib/profile-pair.ts, seed 1: deep, sharing its name's prefix with siblings) is the first
 * row, red in the graph, and searching and zooming work on it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profilePair } from '../../bench/lib/profile-pair';
import { launchBrowser, RESULTS, ROOT, seeText, serve, type Served } from './helpers';

/** The page's DOM, as far as this test needs it (tests are type-checked without DOM types). */
declare function getComputedStyle(el: unknown): { backgroundColor: string };

describe('profiles in the Advice view (browser mode)', () => {
  let server: Served;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const pair = profilePair({ seed: 1, deep: true, plantedGrowth: 0.02 });
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'hindsight-e2e-profiles-'));
    writeFileSync(join(dir, 'before.folded'), pair.before);
    writeFileSync(join(dir, 'after.folded'), pair.after);
    // A workspace with some data (an empty one shows only its call to import).
    const ws = join(dir, 'prof.hindsight');
    const imported = spawnSync(process.execPath, [join(ROOT, 'bin', 'hindsight.mjs'), 'import', ws, join(ROOT, 'test/fixtures/cli/spike.csv')], { encoding: 'utf8' });
    expect(imported.status, imported.stderr).toBe(0);
    server = await serve([ws]);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await seeText(page.getByTestId('ws-name'), 'prof', 30_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds two profiles and shows the flame graph and hot frames of the chosen one', async () => {
    await page.getByTestId('tab-advice').click();
    await page.getByTestId('advice-profiles').click();
    await page.getByTestId('profiles').getByText('No profiles in this workspace yet', { exact: false }).waitFor();
    for (const name of ['before.folded', 'after.folded']) {
      await page.getByTestId('profile-file').setInputFiles([join(dir, name)]);
      await page.getByTestId('profile-row').filter({ hasText: name }).waitFor({ timeout: 30_000 });
    }
    expect(await page.getByTestId('profile-row').count()).toBe(2);
    await page.locator('[data-testid="flame-box"][data-frame="main"]').waitFor();
    expect(await page.getByTestId('top-self').locator('tr').count()).toBe(15);
    expect(await page.getByTestId('profile-row').filter({ hasText: 'after.folded' }).getAttribute('class')).toContain('selected');
  });

  it('compares with the other profile: the planted function first in the ranking and red in the graph', async () => {
    await page.getByTestId('profile-row').filter({ hasText: 'before.folded' }).getByTestId('profile-before').click();
    const first = page.getByTestId('diff-row').first();
    await seeText(first, pair.planted.name, 30_000);
    expect(await first.textContent()).toMatch(/^1\+\d+\.\d+ pts/);
    const planted = page.locator(`[data-testid="flame-box"][data-frame="${pair.planted.name}"]`).first();
    expect(await planted.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(235, 50, 50)');
    await planted.hover();
    const tip = await seeText(page.getByTestId('flame-tip'), pair.planted.name);
    expect(tip).toMatch(/self share \d+\.\d+ % → \d+\.\d+ % \(\+\d+\.\d+ pts\)/);
    await page.screenshot({ path: join(RESULTS, 'profiles-diff.png') });
  });

  it('searches frames with their share, and zooms into a frame and back', async () => {
    await page.getByTestId('flame-search').fill('/^json\\.encodeJson$/');
    const share = await seeText(page.getByTestId('flame-search-share'), /1 matching frame: \d+\.\d+ %/);
    expect(share).toContain('of the profile');
    const planted = page.locator(`[data-testid="flame-box"][data-frame="${pair.planted.name}"]`).first();
    await planted.click();
    await page.getByRole('button', { name: 'Reset zoom' }).waitFor();
    await expect.poll(() => planted.evaluate((el) => (el as unknown as { style: { width: string } }).style.width)).toBe('100%');
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await page.locator('[data-testid="flame-box"][data-frame="main"]').waitFor();
    expect(errors).toEqual([]);
  });
});
