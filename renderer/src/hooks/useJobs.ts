/**
 * Every job the backend knows of, from the one job store (renderer/src/jobStore.ts): it starts from
 * `job/list` and follows the job events, so a job started before this view mounted is shown too.
 */
import { useSyncExternalStore } from 'react';
import { api } from '../api';
import { createJobStore, type JobsState } from '../jobStore';

export type { JobState, Progress } from '../jobStore';

const store = createJobStore(api);

/** All jobs, by id. */
export function useJobs(): JobsState {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
