/** Messages between the pool (main thread) and a worker. Plain structured-clone data only. */

export interface ProgressUpdate {
  done: number;
  total: number;
  unit: 'bytes' | 'items';
  /** Rows landed so far (imports): samples, log events, events, edges. */
  rows?: number;
  message: string;
  file?: { path: string; index: number; count: number };
}

export type ToWorker =
  | { type: 'run'; taskId: string; task: string; input: unknown }
  | { type: 'cancel'; taskId: string };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; taskId: string; progress: ProgressUpdate }
  | { type: 'done'; taskId: string; result: unknown }
  | { type: 'failed'; taskId: string; error: string; cancelled: boolean };

/** What a task sees: a cancel signal and a way to report progress. */
export interface TaskContext {
  signal: AbortSignal;
  progress(p: ProgressUpdate): void;
}

export type Task<I = never, R = unknown> = (input: I, ctx: TaskContext) => Promise<R>;

/** Cancellation is shared with ingest and analysis, so it lives below every layer. */
export { CancelledError, throwIfCancelled } from '../base/cancel';
