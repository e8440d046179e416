/**
 * Advice on the demo, as an SRE meets it: once the analysis found the planted incidents, the Advice view
 * lists "roll back" for the bad deploy on inventory at the stage the policy gives it, with its evidence and
 * its runbook's commands as text; the incident's page shows the same advice and the matching runbooks, and
 * exports the plan. Screenshots land in test-results/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSession, openDemoSession, RESULTS } from './helpers';

/** Locators of the advice views. */
const adviceUi = {
  tab: (page: Page) => page.getByTestId('tab-advice'),
  section: (page: Page, id: string) => page.getByTestId(`${id}-section`),
  rollbacks: (page: Page) => page.locator('[data-testid="recommendation"][data-action="rollback"]').filter({ hasText: 'inventory' }),
  panel: (page: Page) => page.getByTestId('advice-panel'),
  matchingRunbooks: (page: Page) => page.getByTestId('matching-runbook'),
};

describe('advice on the demo workspace', () => {
  let session: DemoSession;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    session = await openDemoSession();
    ({ page, errors } = session);
  }, 900_000);

  afterAll(() => session?.close());

  it('recommends rolling back the bad deploy on inventory, at a stage the policy gives, with evidence and commands', async () => {
    await adviceUi.tab(page).click();
    await adviceUi.section(page, 'recommendations').waitFor({ timeout: 30_000 });
    const rollback = adviceUi.rollbacks(page).first();
    await rollback.waitFor({ timeout: 60_000 });
    expect(await rollback.locator('.rec-title').textContent()).toMatch(/^Roll back .*2\.18\.0.* on inventory$/);
    // Confident (an attributed deploy 1 min before the onset, rolled back later): staged by its risk, not noted.
    expect(['eligible', 'canary']).toContain(await rollback.getAttribute('data-stage'));
    await rollback.locator('summary').click();
    expect(await rollback.locator('.commands code').first().textContent()).toBe('kubectl rollout undo deployment/inventory');
    expect(await adviceUi.section(page, 'recommendations').textContent()).toContain('never runs these commands');
    await page.screenshot({ path: join(RESULTS, 'advice-recommendations.png') });
  });

  it("shows the incident's advice and its matching runbooks on the incident page, and exports the plan", async () => {
    await adviceUi.rollbacks(page).first().getByRole('button', { name: /^INC-.*inventory$/ }).click();
    await adviceUi.panel(page).waitFor({ timeout: 30_000 });
    await adviceUi.panel(page).locator('[data-testid="recommendation"][data-action="rollback"]').waitFor({ timeout: 30_000 });
    await adviceUi.matchingRunbooks(page).first().waitFor({ timeout: 30_000 });
    expect(await adviceUi.matchingRunbooks(page).first().textContent()).toContain('Roll back a bad deploy');
    const download = page.waitForEvent('download');
    await adviceUi.panel(page).getByTestId('export-plan').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^plan-INC-.*inventory\.md$/);
    await adviceUi.panel(page).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'advice-incident-panel.png') });
    expect(errors).toEqual([]);
  });
});
