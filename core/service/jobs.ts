/**
 * Jobs as the UI sees them: an id, a title, progress with rate and ETA, cancel, and a final
 * done/failed event. The work itself runs in the pool's worker threads.
 */
import type { JobInfo, ServerEvents } from '../api/contract';
import type { JobPool } from '../jobs/pool';
import { CancelledError } from '../jobs/protocol';

type Emit = <E extends keyof ServerEvents>(event: E, data: ServerEvents[E]) => void;

interface Job {
  info: JobInfo;
  controller: AbortController;
  started: number;
}

/** Finished jobs kept for `job/list`. */
const KEEP_FINISHED = 50;
/** Tasks that write to their input's workspace: one at a time per workspace, in the order they were started. */
const WRITER_TASKS = new Set(['import', 'demo', 'analyse']);

/** The workspace a writer task writes to, or undefined for a task that only reads. */
function writesTo(task: string, input: unknown): string | undefined {
  const workspace = WRITER_TASKS.has(task) ? (input as { workspace?: unknown } | null)?.workspace : undefined;
  return typeof workspace === 'string' ? workspace : undefined;
}

/** Resolves when `before` settles, or rejects with CancelledError as soon as `signal` aborts. */
function turn(before: Promise<unknown>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancel = (): void => reject(new CancelledError());
    if (signal.aborted) return cancel();
    signal.addEventListener('abort', cancel, { once: true });
    void before.finally(() => {
      signal.removeEventListener('abort', cancel);
      resolve();
    });
  });
}

export class JobManager {
  private readonly jobs = new Map<string, Job>();
  /** Per workspace, the settling of the last writer job started on it: the next one waits for it. */
  private readonly writers = new Map<string, Promise<unknown>>();
  private seq = 0;

  constructor(
    private readonly pool: JobPool,
    private readonly emit: Emit,
  ) {}

  /** Starts `task` on the pool; `onDone` runs on the main thread with the result before 'job/done' is sent. */
  start<R>(kind: string, title: string, task: string, input: unknown, onDone?: (r: R) => void | Promise<void>): string {
    const jobId = `job-${Date.now().toString(36)}-${++this.seq}`;
    const job: Job = {
      info: { jobId, kind, title, state: 'running', done: 0, total: 0, message: 'starting' },
      controller: new AbortController(),
      started: performance.now(),
    };
    this.jobs.set(jobId, job);
    this.prune();
    // A second import or analysis of a workspace is queued behind the running one rather than racing it.
    const workspace = writesTo(task, input);
    const before = workspace === undefined ? undefined : this.writers.get(workspace);
    if (before) {
      job.info.message = 'queued: waits for the running import or analysis of this workspace';
      this.emit('job/progress', { jobId, kind, title, done: 0, total: 0, unit: 'items', message: job.info.message });
    }
    const run = (before ? turn(before, job.controller.signal) : Promise.resolve()).then(() => {
      job.started = performance.now();
      return this.pool.run<R>(task, input, {
        signal: job.controller.signal,
        onProgress: (p) => {
          Object.assign(job.info, { done: p.done, total: p.total, message: p.message });
          const secs = (performance.now() - job.started) / 1000;
          const rate = secs > 0 ? p.done / secs : undefined;
          const etaMs = rate && p.total > p.done ? ((p.total - p.done) / rate) * 1000 : undefined;
          const rowsPerSec = p.rows !== undefined && secs > 0 ? p.rows / secs : undefined;
          this.emit('job/progress', { jobId, kind, title, ...p, rate, etaMs, rowsPerSec });
        },
      });
    });
    if (workspace !== undefined) {
      // The next writer waits for this one and for every one before it (a queued job cancelled early settles first).
      const settled = run.catch(() => undefined);
      const tail = before ? Promise.all([before, settled]) : settled;
      this.writers.set(workspace, tail);
      void tail.then(() => {
        if (this.writers.get(workspace) === tail) this.writers.delete(workspace);
      });
    }
    run
      .then(async (result) => {
        await onDone?.(result);
        job.info.state = 'done';
        job.info.message = 'done';
        this.emit('job/done', { jobId, kind, result });
      })
      .catch((err: unknown) => {
        const cancelled = err instanceof CancelledError || job.controller.signal.aborted;
        job.info.state = cancelled ? 'cancelled' : 'failed';
        job.info.message = cancelled ? 'cancelled' : err instanceof Error ? err.message : String(err);
        this.emit('job/failed', { jobId, kind, error: job.info.message, cancelled });
      });
    return jobId;
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.info.state !== 'running') return false;
    job.controller.abort();
    return true;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => ({ ...j.info }));
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.info.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.info.jobId);
  }
}
