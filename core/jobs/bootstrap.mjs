// Plain-Node worker bootstrap (CLI, tests): Node 20 cannot run TypeScript, so register tsx for
// this thread and then load the TypeScript worker entry named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
