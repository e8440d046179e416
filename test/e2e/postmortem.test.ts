/**
 * A planted incident of the demo becomes a postmortem, as an author meets it in browser mode: from the
 * incident's page, "Write postmortem" drafts it (trigger, timeline, impact, a chart); the zone is
 * switched with the offset written out; an edit is saved (and found in the knowledge base); Markdown and
 * HTML download, PDF opens the same HTML to print. Screenshots land in test-results/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSession, onView, openDemoSession, RESULTS } from './helpers';

/** Locators of the postmortem view. */
const pm = {
  view: (page: Page) => page.getByTestId('postmortem'),
  section: (page: Page, id: string) => page.getByTestId(`pm-section-${id}`),
  lines: (page: Page) => page.getByTestId('pm-timeline-line'),
  charts: (page: Page) => page.getByTestId('pm-chart'),
};

describe('a postmortem from a planted incident of the demo', () => {
  let session: DemoSession;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    session = await openDemoSession();
    ({ page, errors } = session);
  }, 900_000);

  afterAll(() => session?.close());

  it('drafts the postmortem of the bad deploy from its page: trigger, impact, timeline and a chart', async () => {
    await onView(page, 'incidents', 60_000);
    await page.getByTestId('incident-row').filter({ hasText: 'Release 2.18.0' }).first().click();
    await page.getByTestId('write-postmortem').click();
    await pm.view(page).waitFor();
    await expect.poll(() => pm.section(page, 'trigger').inputValue(), { timeout: 30_000 }).toMatch(/deploy "Release 2\.18\.0/);
    expect(await pm.section(page, 'impact').inputValue()).toMatch(/\*\*Affected requests:\*\* [\d ]+ failed of [\d ]+/);
    expect(await pm.section(page, 'impact').inputValue()).toMatch(/\*\*Error budget burnt \(SLO 99\.9 % over 30 days\):\*\* [\d.]+ % of the budget/);
    expect(await pm.lines(page).count()).toBeGreaterThan(4);
    await expect.poll(() => pm.charts(page).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // Each line is an editable field: its text is the field's value.
    const texts = await Promise.all((await pm.lines(page).locator('td.pm-line-text input').all()).map((field) => field.inputValue()));
    expect(texts.filter((t) => t.startsWith('Mitigation: the rollback "Rollback to 2.17.1'))).toHaveLength(1);
  });

  it('writes the times in the chosen zone with the offset', async () => {
    await page.getByTestId('pm-zone').fill('Europe/Berlin');
    await page.getByRole('button', { name: 'Use zone' }).click();
    await expect.poll(() => pm.lines(page).first().locator('td').first().textContent()).toMatch(/^2026-03-06 \d\d:\d\d CET \(UTC\+01:00\)$/);
    // The untouched draft was drafted again in the zone: its sections too.
    expect(await pm.section(page, 'trigger').inputValue()).toMatch(/at 2026-03-06 16:17 CET \(UTC\+01:00\)/);
    await page.screenshot({ path: join(RESULTS, 'postmortem-view.png') });
  });

  it('saves an edit, and the knowledge base finds it', async () => {
    await pm.section(page, 'lucky').fill('- The rollback image was still cached on every node.');
    await page.getByTestId('pm-save').click();
    await page.getByTestId('pm-note').waitFor();
    expect(await page.getByTestId('pm-note').textContent()).toMatch(/^Saved at .*; indexed in the knowledge base\.$/);
    const search = page.getByTestId('knowledge-search');
    await search.getByRole('textbox').fill('rollback cached');
    await search.getByRole('button', { name: 'Search' }).click();
    await search.getByTestId('knowledge-hit').first().waitFor();
    expect(await search.getByTestId('knowledge-hit').first().textContent()).toContain('Postmortem: bad deploy on inventory');
  });

  it('downloads Markdown and self-contained HTML, and opens the HTML to print as PDF', async () => {
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pm-export-md').click()]);
    expect(md.suggestedFilename()).toMatch(/^postmortem-INC-.*inventory\.md$/);
    const markdown = readFileSync((await md.path()) ?? '', 'utf8');
    expect(markdown).toContain('- The rollback image was still cached on every node.');
    expect(markdown).toContain('data:image/svg+xml;base64,');
    const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pm-export-html').click()]);
    const text = readFileSync((await html.path()) ?? '', 'utf8');
    expect(text).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    expect(text).toContain('CET (UTC+01:00)');
    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('pm-export-pdf').click()]);
    await popup.waitForLoadState();
    expect(await popup.locator('h1').textContent()).toMatch(/^Postmortem: bad deploy on inventory/);
    expect(await popup.locator('svg').count()).toBeGreaterThan(0);
    await popup.screenshot({ path: join(RESULTS, 'postmortem-print.png') });
    await popup.close();
    expect(errors).toEqual([]);
  });
});
