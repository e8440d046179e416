/**
 * The service's job manager: a second import or analysis of a workspace started while one runs is
 * queued behind it (and says so) rather than racing it for the write lock; other workspaces and
 * read-only tasks are not held up; a queued job can be cancelled at once.
 */
import { describe, expect, it } from 'vitest';
import type { ServerEvents } from '../../../core/api/contract';
import type { JobPool, RunOptions } from '../../../core/jobs/pool';
import { CancelledError } from '../../../core/jobs/protocol';
import { JobManager } from '../../../core/service/job-manager';

/** A pool whose jobs finish when the test says so; it records which have started (an import by its path, others by kind). */
function fakePool() {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const pool = {
    run(kind: string, input: { paths?: string[] }, opts: RunOptions): Promise<unknown> {
      if (opts.signal?.aborted) return Promise.reject(new CancelledError());
      const name = input.paths?.[0] ?? kind;
      started.push(name);
      return new Promise((resolve) => finishers.set(name, () => resolve(name)));
    },
  } as unknown as JobPool;
  return { pool, started, finish: (name: string) => finishers.get(name)?.() };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 10));

function manager() {
  const { pool, started, finish } = fakePool();
  const events: { event: keyof ServerEvents; data: { jobId: string; message?: string } }[] = [];
  const jobs = new JobManager(pool, (event, data) => events.push({ event, data: data as { jobId: string } }));
  return { jobs, started, finish, events };
}

describe('writer jobs of one workspace', () => {
  it('run one after another, the later one saying it is queued', async () => {
    const { jobs, started, finish, events } = manager();
    jobs.start('import', 'Importing a', { workspace: '/w/a.hindsight', paths: ['import 1'] });
    const second = jobs.start('analysis', 'Analysing', { workspace: '/w/a.hindsight' });
    await settle();
    expect(started).toEqual(['import 1']);
    expect(events.find((e) => e.data.jobId === second)?.data.message).toMatch(/^queued: waits for the running import or analysis/);
    expect(jobs.list().find((j) => j.jobId === second)?.state).toBe('running');
    finish('import 1');
    await settle();
    expect(started).toEqual(['import 1', 'analysis']);
    finish('analysis');
    await settle();
    expect(jobs.list().map((j) => j.state)).toEqual(['done', 'done']);
  });

  it('do not hold up another workspace or a task that only reads', async () => {
    const { jobs, started } = manager();
    jobs.start('import', 'Importing a', { workspace: '/w/a.hindsight', paths: ['a'] });
    jobs.start('import', 'Importing b', { workspace: '/w/b.hindsight', paths: ['b'] });
    jobs.start('forecast', 'Forecasting', { workspace: '/w/a.hindsight', seriesId: 1, horizon: 60 });
    await settle();
    expect(started).toEqual(['a', 'b', 'forecast']);
  });

  it('can be cancelled while queued, and the next one still waits for the running one', async () => {
    const { jobs, started, finish, events } = manager();
    jobs.start('import', 'Importing 1', { workspace: '/w/a.hindsight', paths: ['import 1'] });
    const queued = jobs.start('import', 'Importing 2', { workspace: '/w/a.hindsight', paths: ['import 2'] });
    jobs.start('import', 'Importing 3', { workspace: '/w/a.hindsight', paths: ['import 3'] });
    expect(jobs.cancel(queued)).toBe(true);
    await settle();
    expect(events.some((e) => e.event === 'job/failed' && e.data.jobId === queued)).toBe(true);
    expect(jobs.list().find((j) => j.jobId === queued)?.state).toBe('cancelled');
    expect(started).toEqual(['import 1']);
    finish('import 1');
    await settle();
    expect(started).toEqual(['import 1', 'import 3']);
  });
});
