#!/usr/bin/env node
// The compiled CLI: core/cli/main.ts and the worker entries it starts, bundled by esbuild into out/cli/*.mjs
// so `hindsight` runs plain JavaScript (no tsx at run time). Dependencies (better-sqlite3's native module,
// commander, zod, …) stay external and load from node_modules. `node scripts/build-cli.mjs` builds;
// bin/hindsight.mjs calls ensureCli(), which builds only when core/ is newer than the output.
import { renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale, ROOT } from './stale.mjs';

export const CLI_DIR = join(ROOT, 'out', 'cli');

/**
 * Each output file and its source. The worker names must match what core/jobs/node-worker.ts starts
 * (`<name>.mjs` beside the bundle). main.mjs is last: it is the file whose age stands for the build.
 */
const ENTRIES = {
  worker: 'core/jobs/worker.ts',
  'ingest-worker': 'core/ingest/ingest-worker.ts',
  main: 'core/cli/main.ts',
};

/** The output that marks the build (written last). */
export const CLI_MAIN = join(CLI_DIR, 'main.mjs');

/**
 * Bundles every entry (one self-contained ESM file each, no shared chunks, so a concurrent reader never
 * sees a half-written set) and writes each through a temporary name and a rename.
 * @returns {Promise<void>}
 */
export async function buildCli() {
  const { build } = await import('esbuild');
  mkdirSync(CLI_DIR, { recursive: true });
  for (const [name, source] of Object.entries(ENTRIES)) {
    const result = await build({
      entryPoints: [join(ROOT, source)],
      outfile: join(CLI_DIR, `${name}.mjs`),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: true,
      write: false,
      logLevel: 'warning',
    });
    for (const file of result.outputFiles) {
      const tmp = `${file.path}.${process.pid}.tmp`;
      writeFileSync(tmp, file.contents);
      renameSync(tmp, file.path);
    }
  }
}

/**
 * Builds the CLI when out/cli is missing or older than core/ (or this script).
 * @returns {Promise<boolean>} whether it built
 */
export async function ensureCli() {
  if (!isStale(CLI_MAIN, [join(ROOT, 'core'), fileURLToPath(import.meta.url)])) return false;
  await buildCli();
  return true;
}

if (process.argv[1] && basename(process.argv[1]) === 'build-cli.mjs') {
  const started = performance.now();
  await buildCli();
  console.log(`built ${CLI_DIR} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
