/**
 * What the backend says about jobs, gathered from its push events: progress, the result when done,
 * the error when failed. Listening starts on mount, so a job started afterwards is never missed.
 */
import { useState } from 'react';
import type { ServerEvents } from '../../../core/api/contract';
import { useApiEvent } from './useApiEvent';

export type Progress = ServerEvents['job/progress'];

export interface JobState {
  jobId: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  progress?: Progress;
  result?: unknown;
  error?: string;
  /** Files seen in progress events, by path, with the index they had. */
  files: Record<string, number>;
}

function fresh(jobId: string): JobState {
  return { jobId, state: 'running', files: {} };
}

/** All jobs heard of since mount, by id. */
export function useJobs(): Record<string, JobState> {
  const [jobs, setJobs] = useState<Record<string, JobState>>({});
  useApiEvent('job/progress', (p) =>
    setJobs((m) => {
      const j = m[p.jobId] ?? fresh(p.jobId);
      const files = p.file && !(p.file.path in j.files) ? { ...j.files, [p.file.path]: p.file.index } : j.files;
      return { ...m, [p.jobId]: { ...j, progress: p, files } };
    }),
  );
  useApiEvent('job/done', (d) =>
    setJobs((m) => ({ ...m, [d.jobId]: { ...(m[d.jobId] ?? fresh(d.jobId)), state: 'done', result: d.result } })),
  );
  useApiEvent('job/failed', (d) =>
    setJobs((m) => ({
      ...m,
      [d.jobId]: { ...(m[d.jobId] ?? fresh(d.jobId)), state: d.cancelled ? 'cancelled' : 'failed', error: d.error },
    })),
  );
  return jobs;
}
