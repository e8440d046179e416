/**
 * The worker entry: one module that runs in every shell (electron-vite `?nodeWorker` chunk in the
 * desktop build; `bootstrap.mjs` + tsx under plain Node for the CLI and tests). It runs the tasks
 * of `tasks/index.ts` by kind, forwards progress (at most ~10 updates a second) and honours cancel.
 */
import { parentPort } from 'node:worker_threads';
import { CancelledError, type FromWorker, type ProgressUpdate, type TaskContext, type ToWorker } from './protocol';
import { isJobKind, tasks } from './tasks/index';

const port = parentPort;
if (!port) throw new Error('core/jobs/worker must run in a worker thread');

const running = new Map<string, AbortController>();
const post = (m: FromWorker): void => port.postMessage(m);

async function run(taskId: string, name: string, input: unknown): Promise<void> {
  if (!isJobKind(name)) {
    post({ type: 'failed', taskId, error: `unknown task "${name}"`, cancelled: false });
    return;
  }
  // The input was typed by the pool's caller (JobPool.run is typed by kind); here it is only passed on.
  const task = tasks[name] as (input: unknown, ctx: TaskContext) => Promise<unknown>;
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
