/**
 * The desktop shell, where the Electron binary exists: the same first path as browser mode.
 * Elsewhere (as on machines that cannot download Electron) it reports itself skipped with the reason.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RESULTS, ROOT, ui } from './helpers';

function electronBinary(): { path: string | null; why: string } {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return { path: null, why: 'the Electron binary is not installed (node_modules/electron/dist missing)' };
  const p = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(p) ? { path: p, why: '' } : { path: null, why: `no Electron binary at ${p}` };
}

const bin = electronBinary();
if (!bin.path) console.warn(`[electron e2e] skipped: ${bin.why}`);

describe('desktop shell (Electron)', () => {
  it.skipIf(!bin.path)(`opens the demo and draws a series${bin.path ? '' : ` — skipped: ${bin.why}`}`, async () => {
    const home = mkdtempSync(join(tmpdir(), 'hindsight-electron-'));
    mkdirSync(RESULTS, { recursive: true });
    const app = await electron.launch({
      executablePath: bin.path as string,
      args: [ROOT],
      env: { ...process.env, HINDSIGHT_HOME: home },
    });
    try {
      const page = await app.firstWindow();
      await page.getByTestId('open-demo').click();
      await ui.seriesItems(page).first().waitFor({ timeout: 150_000 });
      await ui.seriesItems(page).first().click();
      await expect.poll(() => ui.pointsDrawn(page), { timeout: 20_000 }).toBeGreaterThan(100);
      await page.screenshot({ path: join(RESULTS, 'electron-timeline.png') });
    } finally {
      await app.close();
    }
  });
});
