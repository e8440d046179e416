/** The renderer's job store: starts from job/list, then follows job events, never going back. No browser needed. */
import { describe, expect, it } from 'vitest';
import type { JobInfo, ServerEvents } from '../../../core/api/contract';
import { createJobStore, jobsReducer, type JobsState } from '../../../renderer/src/jobStore';

const running = (jobId: string, done: number): JobInfo => ({
  jobId,
  kind: 'import',
  title: 'Importing app.log',
  state: 'running',
  done,
  total: 100,
  unit: 'bytes',
  message: 'reading',
});

const progress = (jobId: string, done: number): ServerEvents['job/progress'] => ({
  jobId,
  kind: 'import',
  title: 'Importing app.log',
  done,
  total: 100,
  unit: 'bytes',
  message: 'reading',
});

describe('job store reducer', () => {
  it('shows a job known only from job/list, with its progress and title', () => {
    const s = jobsReducer({}, { type: 'list', jobs: [running('job-1', 40)] });
    expect(s['job-1']).toMatchObject({ state: 'running', kind: 'import', title: 'Importing app.log', progress: { done: 40, total: 100, unit: 'bytes' } });
  });

  it('keeps what events said when an older job/list answer arrives after them', () => {
    let s: JobsState = {};
    s = jobsReducer(s, { type: 'job/progress', data: progress('job-1', 70) });
    s = jobsReducer(s, { type: 'job/done', data: { jobId: 'job-2', kind: 'analysis', result: { anomalies: 3 } } });
    s = jobsReducer(s, { type: 'list', jobs: [running('job-1', 40), { ...running('job-2', 10), kind: 'analysis' }] });
    expect(s['job-1'].progress?.done).toBe(70);
    expect(s['job-2']).toMatchObject({ state: 'done', result: { anomalies: 3 } });
  });

  it('takes a newer snapshot over older events, and a failed job carries its message', () => {
    let s = jobsReducer({}, { type: 'job/progress', data: progress('job-1', 10) });
    s = jobsReducer(s, { type: 'list', jobs: [{ ...running('job-1', 100), state: 'failed', message: 'app.log:3: expected a timestamp' }] });
    expect(s['job-1']).toMatchObject({ state: 'failed', error: 'app.log:3: expected a timestamp' });
  });

  it('follows a job through progress to done or cancelled, collecting the files seen', () => {
    let s: JobsState = {};
    s = jobsReducer(s, { type: 'job/progress', data: { ...progress('j', 10), file: { path: 'a.log', index: 0, count: 2 } } });
    s = jobsReducer(s, { type: 'job/progress', data: { ...progress('j', 60), file: { path: 'b.log', index: 1, count: 2 } } });
    expect(s.j.files).toEqual({ 'a.log': 0, 'b.log': 1 });
    s = jobsReducer(s, { type: 'job/failed', data: { jobId: 'j', kind: 'import', error: 'cancelled', cancelled: true } });
    expect(s.j.state).toBe('cancelled');
    // A late progress event (sent before the cancel) does not bring it back to running.
    expect(jobsReducer(s, { type: 'job/progress', data: progress('j', 80) })).toBe(s);
  });
});

describe('job store', () => {
  it('shows a job started before the store was first used, then follows its events', async () => {
    const handlers = new Map<string, (data: unknown) => void>();
    const client = {
      invoke: async () => [running('job-early', 5)],
      on: (event: string, cb: (data: unknown) => void) => {
        handlers.set(event, cb);
        return () => handlers.delete(event);
      },
    } as unknown as Parameters<typeof createJobStore>[0];
    const store = createJobStore(client);
    let changes = 0;
    store.subscribe(() => changes++);
    await Promise.resolve();
    await Promise.resolve();
    expect(store.getSnapshot()['job-early']).toMatchObject({ state: 'running', progress: { done: 5 } });
    handlers.get('job/done')?.({ jobId: 'job-early', kind: 'import', result: { files: [] } });
    expect(store.getSnapshot()['job-early'].state).toBe('done');
    expect(changes).toBe(2);
  });
});
