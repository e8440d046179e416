/**
 * The demo workspace opens on its incidents, as an SRE meets it in browser mode: once the analysis has
 * grouped the planted incidents, the workspace lands on the list; an incident's page says what
 * happened and ranks its causes; one click opens the timeline on the incident's range, with the
 * causes' series. Screenshots land in test-results/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSession, onView, openDemoSession, RESULTS, type Served, ui } from './helpers';

/** Locators of the incident views. */
const incidentUi = {
  rows: (page: Page) => page.getByTestId('incident-row'),
  summary: (page: Page) => page.getByTestId('incident-summary'),
  causes: (page: Page) => page.getByTestId('cause'),
  openTimeline: (page: Page) => page.getByTestId('open-timeline'),
};

describe('the demo workspace opens on its incidents', () => {
  let session: DemoSession;
  let server: Served;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    session = await openDemoSession();
    ({ server, page, errors } = session);
  }, 900_000);

  afterAll(() => session?.close());

  it('lands on the incidents when the analysis finds some, and a fresh open lands there too', async () => {
    await onView(page, 'incidents', 60_000);
    await incidentUi.rows(page).first().waitFor();
    const fresh = await page.context().newPage();
    await fresh.goto(server.url);
    await onView(fresh, 'incidents', 30_000);
    await incidentUi.rows(fresh).first().waitFor(); // the view's code loads on demand
    expect(await incidentUi.rows(fresh).count()).toBe(await incidentUi.rows(page).count());
    await fresh.close();
    await page.screenshot({ path: join(RESULTS, 'incidents-list.png') });
  });

  it('shows an incident page with a plain-words summary and ranked causes with their reasons', async () => {
    await incidentUi.rows(page).first().click();
    await incidentUi.summary(page).waitFor();
    expect(((await incidentUi.summary(page).textContent()) ?? '').length).toBeGreaterThan(30);
    expect(await incidentUi.causes(page).count()).toBeGreaterThan(0);
    expect(((await incidentUi.causes(page).first().locator('.reasons li').first().textContent()) ?? '').length).toBeGreaterThan(5);
    // The address is written once the view settles.
    await expect.poll(() => new URL(page.url()).searchParams.get('incident')).toBeTruthy();
    await page.screenshot({ path: join(RESULTS, 'incident-page.png') });
  });

  it("opens the timeline on the incident's range, the incident selected", async () => {
    const header = (await page.getByTestId('incident-page').locator('h2').textContent()) ?? '';
    await incidentUi.openTimeline(page).click();
    await onView(page, 'timeline');
    await ui.timelineSettled(page);
    const [from, to] = await ui.xRange(page);
    // The address is written once the view settles.
    await expect.poll(() => Math.abs(from - Number(new URL(page.url()).searchParams.get('from')))).toBeLessThan(60_000);
    const address = new URL(page.url()).searchParams;
    const [selFrom, selTo] = (address.get('sel') ?? '').split('-').map(Number);
    // The window holds the selected incident with a margin on either side.
    expect(selTo).toBeGreaterThan(selFrom);
    expect(from).toBeLessThan(selFrom);
    expect(to).toBeGreaterThan(selTo);
    expect(Math.abs(from - Number(address.get('from')))).toBeLessThan(60_000);
    expect(Math.abs(to - Number(address.get('to')))).toBeLessThan(60_000);
    // The selection is the incident the page showed (its header names the range, in UTC, to the minute).
    expect(header).toContain(new Date(selFrom).toISOString().slice(11, 16));
    expect(await page.getByTestId('charted').locator('li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(RESULTS, 'incident-timeline.png') });
  });

  it("reports the demo's bad deploy as a regression in the Advice view, undone by its rollback, and opens the timeline there", async () => {
    await page.getByTestId('tab-advice').click();
    await page.locator('[data-testid="tab-advice"][aria-selected="true"]').waitFor();
    await page.getByTestId('advice-regressions').click();
    await page.getByTestId('regressions-filter-regressed').click();
    const regressed = page.locator('[data-testid="release"][data-verdict="regressed"]');
    await regressed.first().waitFor({ timeout: 240_000 });
    const first = regressed.first();
    expect((await first.textContent()) ?? '').toMatch(/made things worse.*error ratio.*Undone/s);
    expect(await first.getByTestId('release-shift').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(RESULTS, 'advice-regressions.png') });
    await first.getByTestId('release-timeline').click();
    await onView(page, 'timeline');
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBeTruthy();
    expect(await page.getByTestId('charted').locator('li').count()).toBeGreaterThan(0);
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
