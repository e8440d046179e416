/**
 * Taking a workspace's write lock without failing when another writer holds it. SQLite lets one
 * connection write at a time (WAL: readers never wait); a second writer used to give up after the
 * 5 s busy timeout with "database is locked". Here it waits instead, in short attempts of
 * `BEGIN IMMEDIATE`, telling the caller what it waits for about once a second, honouring cancel,
 * and giving up only after a long limit with an error that names the file. Nothing is written
 * while waiting, so giving up or cancelling leaves the workspace as it was.
 */
import type { Db } from './db';
import { StoreError } from './errors';

/** How a writer waits for the lock. */
export interface WriteWait {
  /** Told, about once a second while waiting, what the writer waits for (a job reports it as progress). */
  onWait?(message: string): void;
  /** Stops waiting with a StoreError 'cancelled'. A synchronous wait sees it only between attempts. */
  signal?: AbortSignal;
  /** Give up after this long (default WRITE_WAIT_LIMIT_MS). */
  limitMs?: number;
}

/** How long a writer waits for another one before it gives up: longer than any one source's import. */
export const WRITE_WAIT_LIMIT_MS = 30 * 60_000;
/** One attempt of a synchronous wait (the thread blocks in SQLite's busy handler meanwhile). */
const SYNC_ATTEMPT_MS = 250;
/** Pause between attempts of an asynchronous wait (the thread is free meanwhile). */
const ASYNC_PAUSE_MS = 100;
/** Least time between two `onWait` notices. */
const NOTICE_EVERY_MS = 1000;
/** The connection's busy timeout outside lock waits (reads during a checkpoint, stray autocommit writes). */
export const BUSY_TIMEOUT_MS = 5000;

/** Whether an error is SQLite's "another connection holds the lock" (SQLITE_BUSY and its extended codes). */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** One `BEGIN IMMEDIATE` that waits at most `timeoutMs` in SQLite's busy handler; false when still locked. */
function tryBegin(db: Db, timeoutMs: number): boolean {
  db.pragma(`busy_timeout = ${timeoutMs}`);
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (err) {
    if (isBusy(err)) return false;
    throw err;
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/** The sentence a waiting writer reports. */
export function waitingMessage(file: string, waitedMs: number): string {
  const secs = Math.round(waitedMs / 1000);
  return `waiting for another import or analysis to finish writing to ${file}${secs >= 1 ? ` (${secs} s)` : ''}…`;
}

/**
 * Bookkeeping shared by both waits: when to tell the caller, when to stop. `check()` throws when
 * cancelled or past the limit, and otherwise calls `onWait` when a notice is due.
 */
function waiter(file: string, wait: WriteWait): { check(): void } {
  const started = performance.now();
  const limit = wait.limitMs ?? WRITE_WAIT_LIMIT_MS;
  let noticed = -Infinity;
  return {
    check() {
      const waited = performance.now() - started;
      throwIfAborted(file, wait.signal);
      if (waited >= limit) {
        throw new StoreError(
          'locked',
          file,
          `another import or analysis kept the workspace locked for ${Math.round(waited / 1000)} s; nothing was written. Try again when it has finished`,
        );
      }
      if (waited - noticed >= NOTICE_EVERY_MS) {
        noticed = waited;
        wait.onWait?.(waitingMessage(file, waited));
      }
    },
  };
}

/**
 * Begins a write transaction, blocking this thread while another connection writes (in attempts of
 * SYNC_ATTEMPT_MS, between which `onWait` and cancel are seen). For synchronous callers (a worker's
 * analysis); a main thread must use `beginWrite`. Throws StoreError 'locked' or 'cancelled'.
 */
export function beginWriteSync(db: Db, file: string, wait: WriteWait = {}): void {
  if (tryBegin(db, 0)) return;
  const w = waiter(file, wait);
  for (;;) {
    w.check();
    if (tryBegin(db, SYNC_ATTEMPT_MS)) return;
  }
}

/**
 * Begins a write transaction, waiting without blocking the thread while another connection writes:
 * attempts never wait in SQLite, and the pauses between them let messages (a cancel) in.
 * Throws StoreError 'locked' or 'cancelled'.
 */
export async function beginWrite(db: Db, file: string, wait: WriteWait = {}): Promise<void> {
  const w = waiter(file, wait);
  while (!tryBegin(db, 0)) {
    w.check();
    await pause(ASYNC_PAUSE_MS, wait.signal);
    throwIfAborted(file, wait.signal);
  }
}

function throwIfAborted(file: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StoreError('cancelled', file, 'cancelled while waiting for another writer; nothing was written');
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
