/**
 * Cancellation, the one primitive every layer shares: a long call takes an `AbortSignal` and stops with a
 * `CancelledError` when it fires. It lives in `core/base` (imports nothing) so that ingest, analysis steps and
 * the job pool agree on the error without importing one another.
 */

/** Thrown by tasks (and the pool) when work stops because it was cancelled. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** Throws a `CancelledError` when `signal` has fired; does nothing without a signal. O(1). */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
