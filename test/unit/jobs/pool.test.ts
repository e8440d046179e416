import { afterEach, describe, expect, it } from 'vitest';
import { JobPool } from '../../../core/jobs/pool';
import { makeNodeWorker } from '../../../core/jobs/node-worker';
import type { ProgressUpdate } from '../../../core/jobs/protocol';
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
