/**
 * Jobs as the UI sees them: an id, a title, progress with rate and ETA, cancel, and a final
 * done/failed event. The work itself runs in the pool's worker threads.
 */
import type { JobInfo, ServerEvents } from '../api/contract';
import type { JobPool } from '../jobs/pool';
import type { JobInput, JobKind, JobResult } from '../jobs/tasks/index';
import { CancelledError } from '../jobs/protocol';

type Emit = <E extends keyof ServerEvents>(event: E, data: ServerEvents[E]) => void;

interface Job {
  info: JobInfo;
  controller: AbortController;
  started: number;
}

/** Finished jobs kept for `job/list`. */
const KEEP_FINISHED = 50;
/** Kinds of job that write to their input's workspace: one at a time per workspace, in the order they were started. */
const WRITER_KINDS: ReadonlySet<JobKind> = new Set<JobKind>(['import', 'demo', 'analysis']);

/** The workspace a job writes to, or undefined for a job that only reads. */
function writesTo(kind: JobKind, input: unknown): string | undefined {
  const workspace = WRITER_KINDS.has(kind) ? (input as { workspace?: unknown } | null)?.workspace : undefined;
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

  /**
   * Starts a job of `kind` on the pool and returns its id; `onDone` runs on the main thread with the
   * typed result before 'job/done' is sent.
   */
  start<K extends JobKind>(kind: K, title: string, input: JobInput<K>, onDone?: (r: JobResult<K>) => void | Promise<void>): string {
    const jobId = `job-${Date.now().toString(36)}-${++this.seq}`;
    const job: Job = {
      info: { jobId, kind, title, state: 'running', done: 0, total: 0, unit: 'items', message: 'starting' },
      controller: new AbortController(),
      started: performance.now(),
    };
    this.jobs.set(jobId, job);
    this.prune();
    // A second import or analysis of a workspace is queued behind the running one rather than racing it.
    const workspace = writesTo(kind, input);
    const before = workspace === undefined ? undefined : this.writers.get(workspace);
    if (before) {
      job.info.message = 'queued: waits for the running import or analysis of this workspace';
      this.emit('job/progress', { jobId, kind, title, done: 0, total: 0, unit: 'items', message: job.info.message });
    }
    const run = (before ? turn(before, job.controller.signal) : Promise.resolve()).then(() => {
      job.started = performance.now();
      return this.pool.run(kind, input, {
        signal: job.controller.signal,
        onProgress: (p) => {
          Object.assign(job.info, { done: p.done, total: p.total, unit: p.unit, message: p.message });
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
