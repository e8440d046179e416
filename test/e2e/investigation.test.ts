/**
 * An investigation on the demo workspace, as an SRE would run it in browser mode: the planted bad
 * deploy is near the top of the anomalies, opening it shows the deploy at the shaded range's onset,
 * its log pattern has lines, Compare ranks the deploy's service first, and the keyboard drives it
 * all. One server and one demo import for the whole file; a screenshot of every view in both themes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, onView, openAnalysedDemo, RESULTS, seeText, serve, shadedRanges, ui, type Served } from './helpers';

interface Incident {
  kind: string;
  rootService: string;
  onsetMs: number;
  endMs: number;
  deploy?: { timeMs: number; version: string };
  newLogPattern?: string;
}

const MINUTE = 60_000;

describe('an investigation of the demo in browser mode', () => {
  let server: Served;
  let browser: Browser;
  let page: Page;
  let badDeploy: Incident;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    server = await serve(['--demo']);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await openAnalysedDemo(page, server.url);
    const truth = JSON.parse(readFileSync(join(server.home, 'demo', 'ground-truth.json'), 'utf8')) as { incidents: Incident[] };
    badDeploy = truth.incidents.find((i) => i.kind === 'bad-deploy') as Incident;
  }, 480_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(RESULTS, `${name}.png`) });

  it('opens on a timeline that already charts the most anomalous series, with anomalies shaded', async () => {
    await ui.tab(page, 'timeline').click();
    await expect.poll(async () => (await ui.series(page)).filter((t) => t.name === 'anomaly-area').length, { timeout: 30_000 }).toBeGreaterThan(0);
    await ui.timelineSettled(page);
    expect(await page.getByTestId('charted').locator('li').count()).toBeGreaterThan(0);
    // One range button lit, never "24h" and "All" together; axis ticks carry the series' units.
    expect(await page.getByRole('group', { name: 'Time range' }).locator('button.on').allTextContents()).toEqual(['All']);
    await shot('view-timeline-dark');
  });

  it('ranks the planted bad deploy in the top five anomalies; opening it shows the deploy at the shaded onset', async () => {
    await ui.tab(page, 'anomalies').click();
    const rows = ui.anomalyRows(page);
    await rows.first().waitFor();
    await shot('view-anomalies-dark');
    const top5 = await rows.evaluateAll((trs) => trs.slice(0, 5).map((tr) => (tr.textContent ?? '').toLowerCase()));
    const hit = top5.findIndex((t) => t.includes(badDeploy.rootService) && /errors|duration/.test(t));
    expect(hit, `top five: ${top5.join(' | ')}`).toBeGreaterThanOrEqual(0);

    await rows.nth(hit).click();
    await onView(page, 'timeline');
    await ui.timelineSettled(page);
    const traces = await ui.series(page);
    const shaded = shadedRanges(traces).filter(([a, b]) => a <= badDeploy.endMs && b >= badDeploy.onsetMs);
    expect(shaded.length).toBeGreaterThan(0);
    const [start, end] = shaded[0];
    const deploys = traces.filter((t) => t.name === 'Deploy').flatMap((t) => t.x as number[]);
    // The deploy marker sits at the shaded range's onset: inside it, or at most 5 minutes before it.
    const atOnset = deploys.filter((x) => x >= start - 5 * MINUTE && x <= end);
    expect(atOnset.map((x) => Math.abs(x - (badDeploy.deploy?.timeMs ?? 0))).some((d) => d < 1000)).toBe(true);
    const [from, to] = await ui.xRange(page);
    expect(from).toBeLessThan(start);
    expect(to).toBeGreaterThan(end);
    await ui.selectionBar(page).waitFor();
    await shot('anomaly-opened-on-timeline');
  });

  it('compares the anomaly window with the hour before and ranks the deploy service first', async () => {
    await page.keyboard.press('c');
    await onView(page, 'compare');
    const first = ui.compareSeriesRows(page).first();
    await first.waitFor({ timeout: 30_000 });
    const text = (await first.textContent()) ?? '';
    expect(text).toContain(badDeploy.rootService);
    expect(text).toMatch(/errors|duration/);
    // Values in their unit, written whole: no value cell is cut off.
    const cells = page.getByTestId('compare-baseline');
    expect(await cells.first().textContent()).toMatch(/\d( ?[a-zµ%]+|\/s)/i);
    const cut = await cells.evaluateAll((tds) => tds.filter((td) => td.scrollWidth > td.clientWidth).map((td) => td.textContent));
    expect(cut).toEqual([]);
    await shot('view-compare-dark');
  });

  it('shows the lines of the new error pattern when it is clicked, with its examples', async () => {
    await ui.tab(page, 'logs').click();
    await ui.patternRows(page).first().waitFor();
    await page.getByLabel('Filter patterns').fill('reservation rejected');
    const row = ui.patternRows(page).filter({ hasText: 'reservation rejected' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('new');
    const count = ((await row.locator('td').first().textContent()) ?? '').trim();
    await row.click();
    await page.getByTestId('examples').waitFor();
    const id = await row.getAttribute('data-template');
    await ui.logLinesFor(page, '', id ?? '');
    expect(await page.getByTestId('lines-count').textContent()).toBe(`${count} lines`);
    const lines = await ui.logLines(page).allTextContents();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.includes('reservation rejected'))).toBe(true);
    await shot('view-logs-pattern');
  });

  it('highlights the parameters of a pattern in its raw lines', async () => {
    await page.getByLabel('Filter patterns').fill('OrderController - POST');
    const row = ui.patternRows(page).filter({ hasText: 'OrderController - POST' }).first();
    await row.click();
    await ui.logLinesFor(page, '', (await row.getAttribute('data-template')) ?? '');
    const params = await ui.logLines(page).first().locator('.param').allTextContents();
    expect(params.length).toBeGreaterThan(1);
    // What varies between lines (numbers, ids) is highlighted; the constant words are not.
    expect(params.some((p) => /\d/.test(p))).toBe(true);
    expect(params).not.toContain('OrderController');
    await page.getByLabel('Filter patterns').fill('');
  });

  it('searches every line in full text, and jumps from a line to its time on the timeline', async () => {
    await page.getByLabel('All patterns').click();
    await page.getByLabel('Search log lines').fill('"unsupported quantity_unit"');
    await ui.logLinesFor(page, '"unsupported quantity_unit"');
    expect(await page.getByTestId('lines-count').textContent()).toMatch(/^[1-9][\d.k]*\+? lines/);
    const lines = await ui.logLines(page).allTextContents();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => /unsupported quantity_unit/.test(l))).toBe(true);
    expect(await ui.logLines(page).first().locator('mark.hit').count()).toBeGreaterThan(0);
    // Hits over time above the results, as many as the search found.
    const histogram = page.getByTestId('log-histogram');
    await expect.poll(async () => Number((await histogram.getAttribute('data-total')) || 0), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await histogram.getByTestId('hist-bar').count()).toBeGreaterThan(0);
    const counted = /^(\d+) lines$/.exec((await page.getByTestId('lines-count').textContent()) ?? '');
    if (counted) expect(await histogram.getAttribute('data-total')).toBe(counted[1]);
    await shot('view-logs-search');

    await ui.logLines(page).first().click();
    // The detail says the line's level, service and source file:line.
    expect(await page.getByTestId('detail-source').textContent()).toMatch(/^inventory\.jsonl:\d+$/);
    expect(await page.getByTestId('detail-service').textContent()).toBe('inventory');
    expect(await page.getByTestId('detail-level').textContent()).toBe('ERROR');
    const when = await page.getByTestId('log-detail').locator('.mono').first().textContent();
    const ts = Date.parse(`${(when ?? '').replace(' UTC', '').replace(' ', 'T')}Z`);
    await page.getByRole('button', { name: 'Jump to this time', exact: true }).click();
    await onView(page, 'timeline');
    await ui.timelineSettled(page);
    const [from, to] = await ui.xRange(page);
    expect(ts).toBeGreaterThan(from);
    expect(ts).toBeLessThan(to);
  });

  it('finds series by name words and label values in the Explorer', async () => {
    await ui.tab(page, 'explorer').click();
    await onView(page, 'explorer');
    await page.getByTestId('series-count').waitFor();
    await page.keyboard.press('/');
    await page.keyboard.type('p99 service=inventory');
    await expect.poll(() => page.getByTestId('series-count').textContent()).toBe('1 series');
    expect(await ui.seriesItems(page).first().textContent()).toContain('http_request_duration_seconds_p99');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('series-count').textContent()).toMatch(/^[2-9]\d* series/);
    await shot('view-explorer-dark');
  });

  it('drives the timeline from the keyboard: zoom out, pan, select and clear, help', async () => {
    await ui.blur(page);
    await page.keyboard.press('2');
    await onView(page, 'timeline');
    await ui.timelineSettled(page);
    const [a0, b0] = await ui.xRange(page);
    await page.keyboard.press('-');
    await expect.poll(async () => { const [a, b] = await ui.xRange(page); return b - a; }).toBeGreaterThan((b0 - a0) * 1.5);
    const [a1, b1] = await ui.xRange(page);
    await page.keyboard.press('h');
    await expect.poll(async () => (await ui.xRange(page))[0]).toBeLessThan(a1);
    await page.keyboard.press('l');
    await page.keyboard.press('l');
    await expect.poll(async () => (await ui.xRange(page))[1]).toBeGreaterThan(b1);

    // Shift-drag selects a range; Esc clears it.
    await page.keyboard.press('Escape');
    await ui.selectionBar(page).waitFor({ state: 'hidden' });
    const box = await page.getByTestId('timeline-overlay').boundingBox();
    if (!box) throw new Error('no timeline on screen');
    await page.keyboard.down('Shift');
    await page.mouse.move(box.x + 400, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + 600, box.y + 210, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await ui.selectionBar(page).waitFor();
    await page.keyboard.press('Escape');
    await ui.selectionBar(page).waitFor({ state: 'hidden' });

    await page.keyboard.press('?');
    await page.getByTestId('shortcut-help').waitFor();
    await shot('shortcut-help');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcut-help').waitFor({ state: 'hidden' });
    await page.keyboard.press('0');
    await ui.timelineSettled(page);
  });

  it('marks an anomaly as expected, which removes it from the list', async () => {
    await ui.tab(page, 'anomalies').click();
    const rows = ui.anomalyRows(page);
    await rows.first().waitFor();
    const before = await rows.count();
    const last = rows.nth(before - 1);
    const text = await last.textContent();
    await last.getByTestId('mark-expected').click();
    await expect.poll(() => rows.count()).toBe(before - 1);
    expect(await rows.evaluateAll((trs, t) => trs.some((tr) => tr.textContent === t), text)).toBe(false);
  });

  it('shows every view in the light theme too', async () => {
    await ui.blur(page);
    await page.keyboard.press('t');
    const shown: Record<string, () => Promise<unknown>> = {
      explorer: () => page.locator('.sparkline').first().waitFor(),
      timeline: () => ui.timelineSettled(page),
      anomalies: () => ui.anomalyRows(page).first().waitFor(),
      logs: () => ui.logLines(page).first().waitFor(),
      // The keyboard test cleared the selection: Compare offers the top anomaly's range.
      compare: async () => {
        await page.getByRole('button', { name: /Use the top anomaly/ }).click();
        await ui.compareSeriesRows(page).first().waitFor();
      },
    };
    for (const [view, key] of [['explorer', '1'], ['timeline', '2'], ['anomalies', '3'], ['logs', '4'], ['compare', '5']] as const) {
      await page.keyboard.press(key);
      await onView(page, view);
      await shown[view]();
      await shot(`view-${view}-light`);
    }
    await page.keyboard.press('t');
  });

  it('switches between UTC and the local zone, always writing the zone', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Kolkata' });
    const p = await ctx.newPage();
    await p.goto(server.url);
    await seeText(ui.zone(p), 'UTC');
    // A fresh open lands on the incidents: the range picker is the timeline's.
    await ui.tab(p, 'timeline').click();
    await seeText(ui.rangeText(p), / UTC$/, 30_000);
    await p.keyboard.press('z');
    // Chromium may name the zone by its older alias (Asia/Calcutta): the offset is what must show.
    await seeText(ui.zone(p), /^Asia\/(Kolkata|Calcutta) \(UTC\+05:30\)$/);
    await seeText(ui.rangeText(p), /UTC\+05:30$/);
    await p.screenshot({ path: join(RESULTS, 'zone-local.png') });
    await ctx.close();
  });

  it('keeps the view in the address: a reload and a copied link show the same view, window and series', async () => {
    await ui.blur(page);
    await page.keyboard.press('2');
    await onView(page, 'timeline');
    await ui.timelineSettled(page);
    await page.keyboard.press('+');
    await page.keyboard.press('h');
    await expect.poll(() => new URL(page.url()).searchParams.has('from')).toBe(true);
    await ui.timelineSettled(page);
    const shown = async (p: Page) => ({
      range: (await ui.xRange(p)).map((v) => Math.round(v / 1000)),
      series: await p.getByTestId('charted').locator('li').allTextContents(),
    });
    const before = await shown(page);
    expect(before.series.length).toBeGreaterThan(0);
    const link = page.url();
    expect(new URL(link).searchParams.get('view')).toBe('timeline');
    expect(new URL(link).searchParams.has('token')).toBe(false);

    await page.reload();
    await onView(page, 'timeline');
    await ui.timelineSettled(page);
    await expect.poll(() => shown(page)).toEqual(before);

    // Another tab of the same browser (which holds this origin's copy of the token) opens the copied link.
    const copied = await page.context().newPage();
    await copied.goto(link);
    await onView(copied, 'timeline');
    await ui.timelineSettled(copied);
    await expect.poll(() => shown(copied)).toEqual(before);
    await copied.close();
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
