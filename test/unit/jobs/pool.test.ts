import { afterEach, describe, expect, it } from 'vitest';
import { JobPool } from '../../../core/jobs/pool';
import { makeNodeWorker } from '../../../core/jobs/node-worker';
import { CancelledError, type ProgressUpdate } from '../../../core/jobs/protocol';
import type { JobKind } from '../../../core/jobs/tasks/index';

describe('job pool: long work in worker threads', () => {
  let pool: JobPool | undefined;
  afterEach(async () => {
    await pool?.close();
  });

  it('runs a task in a worker and reports its progress until done', async () => {
    pool = new JobPool(makeNodeWorker, 1);
    const seen: ProgressUpdate[] = [];
    const result = await pool.run('self-check', { n: 5 }, { onProgress: (p) => seen.push(p) });
    expect(result).toEqual({ counted: 5 });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toMatchObject({ done: 5, total: 5, unit: 'items' });
  });

  it('cancels a running task and keeps working afterwards', async () => {
    pool = new JobPool(makeNodeWorker, 1);
    const controller = new AbortController();
    const running = pool.run('self-check', { n: 10_000, stepMs: 5 }, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 3) controller.abort();
      },
    });
    await expect(running).rejects.toThrow(/cancelled/);
    await expect(pool.run('self-check', { n: 2 })).resolves.toEqual({ counted: 2 });
  });

  it('cancels a task that computes without yielding: the call rejects as cancelled and the worker is free again', async () => {
    pool = new JobPool(makeNodeWorker, 1);
    const controller = new AbortController();
    let abortedAt = 0;
    const spinning = pool.run('self-check', { n: 1, spinMs: 60_000 }, {
      signal: controller.signal,
      cancelGraceMs: 0,
      // The task says "spinning" just before it stops yielding for a minute.
      onProgress: () => {
        abortedAt = performance.now();
        controller.abort();
      },
    });
    await expect(spinning).rejects.toBeInstanceOf(CancelledError);
    expect(performance.now() - abortedAt).toBeLessThan(5_000);
    expect(pool.stats()).toMatchObject({ busy: 0, queued: 0 });
    await expect(pool.run('self-check', { n: 2 })).resolves.toEqual({ counted: 2 });
  });

  it('runs an interactive call while a long job holds every worker', async () => {
    pool = new JobPool(makeNodeWorker, 1);
    const controller = new AbortController();
    let jobSettled = false;
    const job = pool.run('self-check', { n: 100_000, stepMs: 5 }, { signal: controller.signal }).finally(() => (jobSettled = true));
    await expect(pool.run('self-check', { n: 1 }, { interactive: true })).resolves.toEqual({ counted: 1 });
    expect(jobSettled).toBe(false);
    expect(pool.stats().workers).toBe(2);
    controller.abort();
    await expect(job).rejects.toThrow(/cancelled/);
  });

  it('fails with an error that names the input', async () => {
    pool = new JobPool(makeNodeWorker, 1);
    await expect(pool.run('self-check', { n: 5, failAt: 3, label: 'logs/app.log' })).rejects.toThrow(
      'logs/app.log: failed at item 3 of 5',
    );
  });

  it('queues tasks beyond its size and runs them all', async () => {
    pool = new JobPool(makeNodeWorker, 2);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => pool!.run('self-check', { n })));
    expect(results.map((r) => (r as { counted: number }).counted)).toEqual([1, 2, 3, 4, 5]);
  });

  it('rejects an unknown task by name', async () => {
    pool = new JobPool(makeNodeWorker, 1);
    await expect(pool.run('no-such-task' as JobKind, {} as never)).rejects.toThrow('unknown task "no-such-task"');
  });
});
