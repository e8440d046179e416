/**
 * The renderer's one job store: it starts from `job/list` (so a job started before any view mounted
 * is shown) and then follows the `job/progress`, `job/done` and `job/failed` events. The reducer is
 * pure; the store takes the client as an argument, so both run without a browser.
 */
import type { Client } from '../../core/api/client';
import type { JobInfo, ServerEvents } from '../../core/api/contract';

export type Progress = ServerEvents['job/progress'];

export interface JobState {
  jobId: string;
  kind?: string;
  title?: string;
  state: JobInfo['state'];
  progress?: Progress;
  result?: unknown;
  error?: string;
  /** Files seen in progress events, by path, with the index they had. */
  files: Record<string, number>;
}

/** Every job heard of, by id. */
export type JobsState = Readonly<Record<string, JobState>>;

export type JobAction =
  | { type: 'list'; jobs: JobInfo[] }
  | { type: 'job/progress'; data: ServerEvents['job/progress'] }
  | { type: 'job/done'; data: ServerEvents['job/done'] }
  | { type: 'job/failed'; data: ServerEvents['job/failed'] };

function fresh(jobId: string): JobState {
  return { jobId, state: 'running', files: {} };
}

/**
 * Whether `known` (from events) is at least as far along as the listed `info`: a finished job beats
 * a running one, and of two running ones the one with more done. A list answer can arrive after
 * events that are newer than it, and must not take the job back.
 */
function furtherAlong(known: JobState, info: JobInfo): boolean {
  if (known.state !== 'running') return true;
  if (info.state !== 'running') return false;
  return (known.progress?.done ?? -1) >= info.done;
}

/** A listed job as store state: its progress rebuilt from the snapshot. */
function fromInfo(info: JobInfo, files: Record<string, number>): JobState {
  const { jobId, kind, title, state, done, total, unit, message } = info;
  return {
    jobId,
    kind,
    title,
    state,
    progress: { jobId, kind, title, done, total, unit, message },
    ...(state === 'failed' ? { error: message } : {}),
    files,
  };
}

/** The next state of the store after one `job/list` answer or one job event. */
export function jobsReducer(jobs: JobsState, action: JobAction): JobsState {
  switch (action.type) {
    case 'list': {
      const next = { ...jobs };
      for (const info of action.jobs) {
        const known = jobs[info.jobId];
        next[info.jobId] = known && furtherAlong(known, info) ? { ...known, kind: known.kind ?? info.kind, title: known.title ?? info.title } : fromInfo(info, known?.files ?? {});
      }
      return next;
    }
    case 'job/progress': {
      const p = action.data;
      const j = jobs[p.jobId] ?? fresh(p.jobId);
      if (j.state !== 'running') return jobs;
      const files = p.file && !(p.file.path in j.files) ? { ...j.files, [p.file.path]: p.file.index } : j.files;
      return { ...jobs, [p.jobId]: { ...j, kind: p.kind, title: p.title, progress: p, files } };
    }
    case 'job/done': {
      const d = action.data;
      return { ...jobs, [d.jobId]: { ...(jobs[d.jobId] ?? fresh(d.jobId)), kind: d.kind, state: 'done', result: d.result } };
    }
    case 'job/failed': {
      const d = action.data;
      return {
        ...jobs,
        [d.jobId]: { ...(jobs[d.jobId] ?? fresh(d.jobId)), kind: d.kind, state: d.cancelled ? 'cancelled' : 'failed', error: d.error },
      };
    }
  }
}

export interface JobStore {
  getSnapshot(): JobsState;
  /** Calls `cb` on every change; returns its own unsubscribe. The first subscriber starts the store. */
  subscribe(cb: () => void): () => void;
}

/**
 * A job store over `client`. On the first subscription it listens to the job events and then asks
 * for `job/list`, so nothing between the two is missed; it keeps listening for the app's lifetime.
 */
export function createJobStore(client: Pick<Client, 'invoke' | 'on'>): JobStore {
  let jobs: JobsState = {};
  let started = false;
  const subscribers = new Set<() => void>();
  const dispatch = (action: JobAction): void => {
    const next = jobsReducer(jobs, action);
    if (next === jobs) return;
    jobs = next;
    for (const cb of subscribers) cb();
  };
  const start = (): void => {
    started = true;
    client.on('job/progress', (data) => dispatch({ type: 'job/progress', data }));
    client.on('job/done', (data) => dispatch({ type: 'job/done', data }));
    client.on('job/failed', (data) => dispatch({ type: 'job/failed', data }));
    client.invoke('job/list', {}).then(
      (list) => dispatch({ type: 'list', jobs: list }),
      () => undefined, // no backend yet: the events alone fill the store
    );
  };
  return {
    getSnapshot: () => jobs,
    subscribe: (cb) => {
      subscribers.add(cb);
      if (!started) start();
      return () => subscribers.delete(cb);
    },
  };
}
