import { launchBrowser, serve } from '../test/e2e/helpers';
const [workspace, out] = process.argv.slice(2);
const server = await serve([workspace]);
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(server.url.replace('/#', '/?view=advice#'));
  await page.getByTestId('regressions').waitFor({ timeout: 120_000 });
  await page.getByTestId('release').first().waitFor({ timeout: 300_000 });
  await page.waitForTimeout(3000);
  await page.screenshot({ path: `${out}-all.png`, fullPage: false });
  await page.getByTestId('regressions-filter-regressed').click();
  await page.waitForTimeout(2000);
  await page.screenshot({ path: `${out}-regressed.png`, fullPage: false });
  await page.getByTestId('release-timeline').first().click();
  await page.waitForTimeout(5000);
  await page.screenshot({ path: `${out}-timeline.png`, fullPage: false });
  console.log('url after click', page.url());
} finally {
  await browser.close();
  await server.stop();
}
