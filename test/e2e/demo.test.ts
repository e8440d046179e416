/**
 * Browser mode, as a person uses it: open the printed URL → the demo loads → pick a series →
 * the chart shows its points. Screenshots land in test-results/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, RESULTS, serve, ui, type Served } from './helpers';

describe('browser mode on the demo workspace', () => {
  let server: Served;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    server = await serve(['--demo']);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses API calls without the access token, which the printed URL keeps in its fragment', async () => {
    const origin = new URL(server.url).origin;
    expect(new URL(server.url).hash).toMatch(/^#token=[\w-]{20,}$/);
    const res = await fetch(`${origin}/api/app/info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
  });

  it('loads the demo, draws a chosen series, and shows deploy markers', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await expect.poll(() => page.getByTestId('ws-name').textContent(), { timeout: 30_000 }).toBe('demo');
    // The token left the address bar as soon as the page took it.
    expect(page.url()).not.toContain('token');

    // The demo is generated and imported on first use; the series list fills when it lands.
    await ui.seriesItems(page).first().waitFor({ timeout: 150_000 });
    await ui.search(page).fill('duration');
    const item = ui.seriesItems(page).first();
    await expect.poll(() => item.locator('.series-name').textContent(), { timeout: 10_000 }).toMatch(/duration/);
    await item.click();

    await ui.plot(page).waitFor();
    await expect.poll(() => ui.pointsDrawn(page), { timeout: 20_000 }).toBeGreaterThan(100);
    // Deploy markers come from the imported deployments CSV.
    const markers = (await ui.traces(page)).filter((t) => t.name === 'Deploy').reduce((n, t) => n + t.points, 0);
    expect(markers).toBeGreaterThan(0);
    await page.screenshot({ path: join(RESULTS, 'demo-timeline.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens Capacity with key 6: resources ranked by runway, a load curve, and a what-if that answers as the slider moves', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await ui.seriesItems(page).first().waitFor({ timeout: 150_000 });
    await page.keyboard.press('6');
    const rows = page.getByTestId('capacity-resources').locator('tbody tr');
    // The overview waits for the demo's analysis to leave the worker pool, then forecasts every resource.
    await rows.first().waitFor({ timeout: 540_000 });
    expect(await rows.count()).toBeGreaterThan(5);
    await expect.poll(() => page.getByTestId('runway-sentence').textContent()).toMatch(/limit/);
    await page.getByTestId('load-curve').locator('.main-svg').first().waitFor({ timeout: 30_000 });
    const whatif = page.getByTestId('whatif');
    const scenarioDemand = () => whatif.locator('tbody tr').first().locator('td').nth(2).textContent();
    await expect.poll(scenarioDemand, { timeout: 30_000 }).not.toBe('');
    const before = await scenarioDemand();
    await page.getByLabel('What-if traffic growth').fill('100');
    await expect.poll(scenarioDemand, { timeout: 30_000 }).not.toBe(before);
    await page.screenshot({ path: join(RESULTS, 'demo-capacity.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 660_000);
});
