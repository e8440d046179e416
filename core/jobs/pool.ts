/**
 * A bounded pool of worker threads (cores − 1, at least 1) running named tasks with progress,
 * cancel and errors. The worker is made by an injected factory, so the same worker module runs
 * in the Electron build (electron-vite `?nodeWorker`), the CLI and the tests (tsx bootstrap).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { CancelledError, type FromWorker, type ProgressUpdate, type ToWorker } from './protocol';
import type { JobInput, JobKind, JobResult } from './tasks/index';

export type MakeWorker = () => Worker;

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?(p: ProgressUpdate): void;
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
      const p: Pending = { taskId: `t${++this.seq}`, task, input, opts, resolve: resolve as (v: unknown) => void, reject };
      opts.signal?.addEventListener('abort', () => this.cancel(p), { once: true });
      this.queue.push(p);
      this.pump();
    });
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
    slot.killTimer = setTimeout(() => this.replace(slot, new CancelledError()), CANCEL_GRACE_MS);
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.current);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const p = this.queue.shift() as Pending;
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
