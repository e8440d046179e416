/**
 * Query advice through the UI in browser mode: in a workspace with data, the Advice view's Queries section
 * uploads picked query logs (as the import dialog does), analyses them, and shows the ranked fingerprints
 * with their suggested CREATE INDEX, the N+1 flag and the duplicate/unused indexes — and again after a reload.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, RESULTS, ROOT, seeText, serve, type Served } from './helpers';

const QUERIES = join(ROOT, 'test', 'fixtures', 'queries');

describe('query advice (browser mode)', () => {
  let server: Served;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'hindsight-e2e-queries-'));
    server = await serve([join(dir, 'q.hindsight')]);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    await seeText(page.getByTestId('ws-name'), 'q', 30_000);
    // Some data first: an empty workspace shows only its call to import.
    await page.getByTestId('import-cta').click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.getByLabel('Path to import').fill(join(ROOT, 'test', 'fixtures', 'cli', 'spike.csv'));
    await dialog.getByTestId('import-start').click();
    await seeText(dialog.getByTestId('import-summary'), '1 of 1 files imported', 60_000);
    await dialog.getByTestId('import-close').click();
    await page.getByTestId('empty-workspace').waitFor({ state: 'detached' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const openQueries = async (): Promise<void> => {
    await page.getByTestId('tab-advice').click();
    await page.getByTestId('advice-queries').click();
    await page.getByTestId('advice-queries-section').waitFor();
  };

  it('uploads picked query logs and shows index advice ranked by total time', async () => {
    await openQueries();
    await page.getByTestId('queries-file').setInputFiles([join(QUERIES, 'pg-stderr.log'), join(QUERIES, 'indexes.csv')]);
    const table = page.getByTestId('queries-table');
    await table.waitFor({ timeout: 120_000 });
    const first = table.getByTestId('query-row').first();
    expect(await first.textContent()).toMatch(/shipments.*CREATE INDEX shipments_carrier_shipped_at_idx ON shipments \(carrier, shipped_at\);/);
    expect(await table.getByTestId('query-row').filter({ hasText: 'cart_items' }).textContent()).toMatch(/N\+1 ×12/);
    expect(await page.getByTestId('queries-index-findings').textContent()).toMatch(/orders_customer_idx.*covered by orders_customer_status_idx.*Unused indexes.*reviews_legacy_idx/);
    await page.screenshot({ path: join(RESULTS, 'advice-queries.png') });
  });

  it('keeps the advice in the workspace: a reload shows it again', async () => {
    await page.reload();
    await openQueries();
    await seeText(page.getByTestId('query-row'), 'shipments', 30_000);
  });
});
