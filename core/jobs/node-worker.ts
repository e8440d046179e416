/** The worker factory for plain Node (CLI, tests, `hindsight serve`): bootstrap.mjs + tsx. */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { MakeWorker } from './pool';

const bootstrap = fileURLToPath(new URL('./bootstrap.mjs', import.meta.url));
const entry = new URL('./worker.ts', import.meta.url).href;

export const makeNodeWorker: MakeWorker = () => new Worker(bootstrap, { workerData: { entry } });
