// The renderer (and the Electron main/preload) built with electron-vite when missing or older than its
// sources: `npm start` and `hindsight serve` call this before serving out/renderer.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isStale, ROOT } from './stale.mjs';

/** The file whose age stands for the whole renderer build. */
export const RENDERER_INDEX = join(ROOT, 'out', 'renderer', 'index.html');

/**
 * Runs `electron-vite build` if out/renderer is missing or older than renderer/, core/ or electron/.
 * Progress goes to `log` (stderr by default, so stdout keeps only the URL a command prints).
 * Throws when the build fails.
 * @param {(line: string) => void} [log]
 * @returns {boolean} whether it built
 */
export function ensureRenderer(log = (line) => process.stderr.write(`${line}\n`)) {
  if (!isStale(RENDERER_INDEX, ['renderer', 'core', 'electron'].map((d) => join(ROOT, d)))) return false;
  log('Building Hindsight (first run or sources changed)…');
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 2, 2],
  });
  if (r.status !== 0) throw new Error(`building the renderer failed (electron-vite build exited with ${r.status ?? r.signal})`);
  return true;
}
