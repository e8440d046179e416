// Is a build output older than its sources? One check for every build-on-demand path: `npm start`
// (the renderer), `bin/hindsight.mjs` (the compiled CLI) and `hindsight serve` (the renderer).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository / package root (this file is scripts/stale.mjs). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The newest modification time (ms) of a file, or of any file under a folder (walked recursively).
 * A path that does not exist counts as 0.
 * @param {string} path
 * @returns {number}
 */
export function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(child) : statSync(child).mtimeMs);
  }
  return newest;
}

/**
 * True when `output` is missing or older than the newest file among `sources` (files or folders).
 * @example isStale('out/renderer/index.html', ['renderer', 'core', 'electron'])
 * @param {string} output
 * @param {string[]} sources
 * @returns {boolean}
 */
export function isStale(output, sources) {
  if (!existsSync(output)) return true;
  return statSync(output).mtimeMs < Math.max(...sources.map(newestMtime));
}
