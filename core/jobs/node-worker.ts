/**
 * Worker threads under plain Node (CLI, tests, `hindsight serve`). Two ways to start one:
 * - compiled (bin/hindsight.mjs runs out/cli/main.mjs, built by scripts/build-cli.mjs): the worker is
 *   its own compiled file beside the bundle, `out/cli/<name>.mjs`;
 * - from source (vitest, `tsx`): core/jobs/bootstrap.mjs registers tsx in the thread and loads the .ts entry.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MakeWorker } from './pool';

/** True when this module runs from a bundle (out/cli/*.mjs) rather than from its .ts source. */
export const COMPILED = !import.meta.url.endsWith('.ts');

const BOOTSTRAP = fileURLToPath(new URL('./bootstrap.mjs', import.meta.url));

/**
 * A factory for worker threads running `source` (a .ts entry, as a URL) — or, when compiled, the file
 * `<compiledName>.mjs` beside the bundle. Undefined when this build has neither (e.g. inside the
 * Electron bundle, which makes its workers through electron-vite instead).
 * @example nodeWorkerFactory(new URL('./worker.ts', import.meta.url), 'worker')
 */
export function nodeWorkerFactory(source: URL, compiledName: string): (() => Worker) | undefined {
  if (COMPILED) {
    const file = fileURLToPath(new URL(`./${compiledName}.mjs`, import.meta.url));
    return existsSync(file) ? () => new Worker(file) : undefined;
  }
  if (!existsSync(BOOTSTRAP) || !existsSync(fileURLToPath(source))) return undefined;
  return () => new Worker(BOOTSTRAP, { workerData: { entry: source.href } });
}

const makeJobWorker = nodeWorkerFactory(new URL('./worker.ts', import.meta.url), 'worker');

/** The job pool's worker factory for plain Node: core/jobs/worker.ts, compiled or through tsx. */
export const makeNodeWorker: MakeWorker = () => {
  if (!makeJobWorker) throw new Error(`the job worker is missing (looked beside ${fileURLToPath(import.meta.url)})`);
  return makeJobWorker();
};
