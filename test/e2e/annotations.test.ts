/**
 * Notes on the timeline and sharing a range, as a person does it in browser mode, on a fresh workspace of three
 * hours of one series and log lines that name people: `n` and a click on the chart place a note, the note is drawn
 * and listed, and is still there after a reload (it lives in the workspace); a brushed range is shared as a
 * smaller, redacted workspace, whose counts the dialog shows and which the browser downloads.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceStore } from '../../core/store/workspace';
import { launchBrowser, RESULTS, seeText, serve, ui, type Served } from './helpers';

const T0 = Date.parse('2026-03-06T12:00:00Z');
const MIN = 60_000;

/** Three hours of a request rate with a dip, and a log line a minute naming a user by e-mail, address and id. */
function makeWorkspace(file: string): void {
  const s = WorkspaceStore.open(file, { create: true });
  try {
    s.transaction(() => {
      const metrics = s.addSource({ path: 'metrics.json', format: 'prometheus', kind: 'metrics', bytes: 1, sha256: 'm', zone: 'UTC' });
      const n = 180;
      const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * MIN);
      const id = s.seriesId('http_requests_per_second', { service: 'checkout' });
      s.appendSamples(id, metrics, ts, ts.map((_, i) => (i >= 80 && i < 110 ? 40 : 100) + 5 * Math.sin(i / 5)));
      s.refreshSeries(id, ts[0], ts[n - 1]);
      const logs = s.addSource({ path: 'app.log', format: 'text', kind: 'logs', bytes: 1, sha256: 'l', zone: 'UTC' });
      s.insertLogs(
        logs,
        Array.from({ length: n }, (_, i) => ({
          ts: T0 + i * MIN,
          line: i + 1,
          lines: 1,
          service: 'checkout',
          raw: `login user${i % 7}@example.com from 10.0.${i % 3}.${i % 5} user_id=${1000 + (i % 11)}`,
        })),
      );
      s.indexLogs(logs);
      s.insertEvent(null, { ts: T0 + 78 * MIN, kind: 'deploy', service: 'checkout', title: 'checkout v2.4.0' });
      s.setMeta('analysed_version', String(s.dataVersion)); // nothing to learn here: no analysis run on opening
    });
  } finally {
    s.close();
  }
}

describe('notes on the timeline, and sharing a range (browser mode)', () => {
  let server: Served;
  let browser: Browser;
  let page: Page;
  let timelineUrl: string;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'hindsight-e2e-notes-'));
    const file = join(dir, 'notes.hindsight');
    makeWorkspace(file);
    server = await serve([file]);
    timelineUrl = server.url.replace('/#', `/?view=timeline&series=1&from=${T0}&to=${T0 + 180 * MIN}#`);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The note markers drawn on the timeline: their trace names and ids. */
  const drawnNotes = (): Promise<{ name?: string; ids: unknown[] }[]> =>
    page.evaluate(() => {
      const gd = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('[data-testid="timeline-plot"]') as {
        data?: { name?: string; customdata?: unknown[] }[];
      };
      return (gd.data ?? []).filter((t) => t.name?.startsWith('notes')).map((t) => ({ name: t.name, ids: [...(t.customdata ?? [])] }));
    });

  it('adds a starred note at a clicked time with n, draws it, lists it, and keeps it after a reload', async () => {
    await page.goto(timelineUrl);
    await ui.timelineSettled(page);
    await ui.blur(page);
    await page.keyboard.press('n');
    await seeText(page.getByTestId('add-note'), 'Click on the chart');
    const box = await ui.plot(page).boundingBox();
    if (!box) throw new Error('no timeline on screen');
    await page.mouse.click(box.x + box.width * 0.45, box.y + box.height * 0.4);
    const editor = page.getByTestId('note-editor');
    await editor.waitFor();
    await editor.getByLabel('Note text').fill('rollback started here');
    await editor.getByLabel('Tags').fill('rollback, deploy');
    await editor.getByLabel('Author').fill('e2e');
    await editor.getByLabel('Starred').check();
    await editor.getByTestId('note-save').click();
    await editor.waitFor({ state: 'detached' });

    const row = page.getByTestId('note-row');
    await seeText(row, 'rollback started here');
    expect(await row.first().textContent()).toMatch(/#rollback.*#deploy.*e2e/);
    await expect.poll(drawnNotes).toEqual([{ name: 'notes-starred', ids: [expect.any(Number)] }]);
    await page.screenshot({ path: join(RESULTS, 'timeline-notes.png') });

    await page.reload();
    await ui.timelineSettled(page);
    await seeText(page.getByTestId('note-row'), 'rollback started here');
    await expect.poll(drawnNotes).toEqual([{ name: 'notes-starred', ids: [expect.any(Number)] }]);
  });

  it('notes a brushed range from the selection bar, and filters the list to starred notes', async () => {
    const box = await ui.plot(page).boundingBox();
    if (!box) throw new Error('no timeline on screen');
    await page.keyboard.down('Shift');
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await ui.selectionBar(page).getByText('Add note').click();
    const editor = page.getByTestId('note-editor');
    await seeText(editor.getByTestId('note-when'), /^Over /);
    await editor.getByLabel('Note text').fill('error budget burning');
    await editor.getByTestId('note-save').click();
    await editor.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('note-row').count()).toBe(2);
    await expect.poll(async () => (await drawnNotes()).map((t) => t.name)).toEqual(['notes', 'notes-starred']);
    await page.getByTestId('notes-panel').getByLabel('★ only').check();
    await expect.poll(() => page.getByTestId('note-row').count()).toBe(1);
    await page.getByTestId('notes-panel').getByLabel('★ only').uncheck();
    await page.screenshot({ path: join(RESULTS, 'timeline-notes-range.png') });
  });

  it('shares the selected range as a smaller redacted workspace: the dialog shows the counts and the browser downloads it', async () => {
    await ui.selectionBar(page).getByText('Share…').click();
    const dialog = page.getByTestId('share-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('share-redact').isChecked()).toBe(true);
    const download = page.waitForEvent('download');
    await dialog.getByTestId('share-write').click();
    const summary = dialog.getByTestId('share-summary');
    await summary.waitFor({ timeout: 30_000 });
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^notes-\d{8}-\d{4}-\d{8}-\d{4}-redacted\.hindsight$/);
    const emails = Number(await summary.getByTestId('masked-email').textContent());
    expect(emails).toBeGreaterThan(0);
    expect(Number(await summary.getByTestId('masked-ip').textContent())).toBe(emails);
    expect(Number(await summary.getByTestId('masked-user').textContent())).toBe(emails);
    expect(await summary.textContent()).toMatch(/log lines\s*[1-9]/);
    await page.screenshot({ path: join(RESULTS, 'share-dialog.png') });
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
