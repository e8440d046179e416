/**
 * The worker entry: one module that runs in every shell (electron-vite `?nodeWorker` chunk in the
 * desktop build; `bootstrap.mjs` + tsx under plain Node for the CLI and tests). It runs the tasks
 * of `tasks.ts` by name, forwards progress (at most ~10 updates a second) and honours cancel.
 */
import { parentPort } from 'node:worker_threads';
import { CancelledError, type FromWorker, type ProgressUpdate, type ToWorker } from './protocol';
import { tasks } from './tasks/index';

const port = parentPort;
if (!port) throw new Error('core/jobs/worker must run in a worker thread');

const running = new Map<string, AbortController>();
const post = (m: FromWorker): void => port.postMessage(m);

async function run(taskId: string, name: string, input: unknown): Promise<void> {
  const task = (tasks as Record<string, (i: unknown, c: unknown) => Promise<unknown>>)[name];
  if (!task) {
    post({ type: 'failed', taskId, error: `unknown task "${name}"`, cancelled: false });
    return;
  }
  const controller = new AbortController();
  running.set(taskId, controller);
  let last = 0;
  const progress = (p: ProgressUpdate): void => {
    const now = performance.now();
    if (now - last < 100 && p.done < p.total) return;
    last = now;
    post({ type: 'progress', taskId, progress: p });
  };
  try {
    const result = await task(input, { signal: controller.signal, progress });
    if (controller.signal.aborted) throw new CancelledError();
    post({ type: 'done', taskId, result });
  } catch (err) {
    const cancelled = controller.signal.aborted || err instanceof CancelledError;
    post({
      type: 'failed',
      taskId,
      error: cancelled ? 'cancelled' : err instanceof Error ? err.message : String(err),
      cancelled,
    });
  } finally {
    running.delete(taskId);
  }
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'run') void run(m.taskId, m.task, m.input);
  else if (m.type === 'cancel') running.get(m.taskId)?.abort();
});
post({ type: 'ready' });
