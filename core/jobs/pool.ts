/**
 * A bounded pool of worker threads (cores − 1, at least 1) running jobs by kind with progress,
 * cancel and errors. The worker is made by an injected factory, so the same worker module runs
 * in the Electron build (electron-vite `?nodeWorker`), the CLI and the tests (tsx bootstrap).
 * Calls a person waits for (`interactive`: a chart's band, a comparison) go ahead of queued jobs and
 * may use one worker beyond the pool's size, so they never wait behind a long import or analysis.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { CancelledError, type FromWorker, type ProgressUpdate, type ToWorker } from './protocol';
import type { JobInput, JobKind, JobResult } from './tasks/index';

export type MakeWorker = () => Worker;

export interface RunOptions {
  /** Aborting it cancels the job: queued, it is dropped; running, the task is told, then its worker terminated. */
  signal?: AbortSignal;
  onProgress?(p: ProgressUpdate): void;
  /** A call a person waits for: queued ahead of jobs, and allowed one worker beyond the pool's size. */
  interactive?: boolean;
  /**
   * How long a cancelled task may take to stop by itself before its worker is terminated (default
   * 3 s). Tasks that compute without yielding cannot hear the cancel at all: give them 0.
   */
  cancelGraceMs?: number;
}

/** How many workers are started, busy, and how many jobs wait. */
export interface PoolStats {
  workers: number;
  busy: number;
  queued: number;
}

interface Pending {
  taskId: string;
  task: JobKind;
  input: unknown;
  opts: RunOptions;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
  killTimer?: ReturnType<typeof setTimeout>;
}

/** How long a cancelled task may take to stop by itself before its worker is terminated. */
const CANCEL_GRACE_MS = 3000;
/** Workers interactive calls may use beyond the pool's size. */
const INTERACTIVE_EXTRA = 1;

export class JobPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private seq = 0;
  private closed = false;

  constructor(
    private readonly makeWorker: MakeWorker,
    readonly size = Math.max(1, availableParallelism() - 1),
  ) {}

  /**
   * Runs a job of kind `task` with `input` on a worker; resolves with its result, rejects with its
   * error, or with CancelledError once `opts.signal` aborts (the worker is then freed: the task stops,
   * or its worker is replaced after a grace period).
   */
  run<K extends JobKind>(task: K, input: JobInput<K>, opts: RunOptions = {}): Promise<JobResult<K>> {
    if (this.closed) return Promise.reject(new Error('the job pool is closed'));
    if (opts.signal?.aborted) return Promise.reject(new CancelledError());
    return new Promise<JobResult<K>>((resolve, reject) => {
      const onAbort = (): void => this.cancel(p);
      const p: Pending = {
        taskId: `t${++this.seq}`,
        task,
        input,
        opts,
        resolve: (v) => {
          opts.signal?.removeEventListener('abort', onAbort);
          resolve(v as JobResult<K>);
        },
        reject: (e) => {
          opts.signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      // Interactive calls go after the other interactive ones but ahead of every queued job.
      const firstJob = opts.interactive ? this.queue.findIndex((q) => !q.opts.interactive) : -1;
      this.queue.splice(firstJob >= 0 ? firstJob : this.queue.length, 0, p);
      this.pump();
    });
  }

  stats(): PoolStats {
    return { workers: this.slots.length, busy: this.slots.filter((s) => s.current).length, queued: this.queue.length };
  }

  /** Stops every worker; running and queued tasks are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new CancelledError('the job pool closed'));
    await Promise.all(
      this.slots.splice(0).map(async (s) => {
        s.current?.reject(new CancelledError('the job pool closed'));
        await s.worker.terminate();
      }),
    );
  }

  private cancel(p: Pending): void {
    const qi = this.queue.indexOf(p);
    if (qi >= 0) {
      this.queue.splice(qi, 1);
      p.reject(new CancelledError());
      return;
    }
    const slot = this.slots.find((s) => s.current === p);
    if (!slot) return;
    this.send(slot, { type: 'cancel', taskId: p.taskId });
    slot.killTimer = setTimeout(() => this.replace(slot, new CancelledError()), p.opts.cancelGraceMs ?? CANCEL_GRACE_MS);
  }

  /** Starts queued jobs while workers allow: jobs up to `size` at once, interactive calls one more. */
  private pump(): void {
    for (let i = 0; i < this.queue.length; ) {
      const p = this.queue[i];
      const limit = p.opts.interactive ? this.size + INTERACTIVE_EXTRA : this.size;
      const busy = this.slots.filter((s) => s.current).length;
      let slot = busy < limit ? this.slots.find((s) => !s.current) : undefined;
      if (!slot && busy < limit && this.slots.length < limit) slot = this.spawn();
      if (!slot) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      slot.current = p;
      // A busy worker keeps the process alive (a CLI awaiting it must not exit); an idle one does not.
      slot.worker.ref();
      this.send(slot, { type: 'run', taskId: p.taskId, task: p.task, input: p.input });
    }
  }

  private send(slot: Slot, m: ToWorker): void {
    slot.worker.postMessage(m);
  }

  private spawn(): Slot {
    const worker = this.makeWorker();
    const slot: Slot = { worker, current: null };
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    worker.on('error', (err) => this.replace(slot, new Error(`worker crashed: ${err.message}`)));
    worker.on('exit', (code) => {
      if (this.slots.includes(slot) && !this.closed) {
        this.replace(slot, new Error(`worker exited unexpectedly (code ${code})`));
      }
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** Fails the slot's task with `err`, terminates its worker, and lets a fresh one take the queue. */
  private replace(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    if (slot.killTimer) clearTimeout(slot.killTimer);
    const p = slot.current;
    slot.current = null;
    void slot.worker.terminate();
    p?.reject(err);
    this.pump();
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.type === 'ready') return;
    const p = slot.current;
    if (!p || p.taskId !== m.taskId) return;
    if (m.type === 'progress') {
      p.opts.onProgress?.(m.progress);
      return;
    }
    if (slot.killTimer) clearTimeout(slot.killTimer);
    slot.current = null;
    slot.worker.unref();
    if (m.type === 'done') p.resolve(m.result);
    else p.reject(m.cancelled ? new CancelledError() : new Error(m.error));
    this.pump();
  }
}
