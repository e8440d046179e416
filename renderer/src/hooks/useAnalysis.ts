/**
 * The workspace's analysis (one per open workspace, shared through the context): its status
 * (`analysis/status`), and `run()`, which starts `analysis/run` as a job and follows its progress
 * until the results change (epoch bump).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { AnalysisStatus } from '../../../core/api/contract';
import { api } from '../api';
import { useApiEvent } from './useApiEvent';
import { useJobs, type JobState } from './useJobs';
import { useCall } from '../queries';

export interface Analysis {
  status: AnalysisStatus | undefined;
  statusError: string | null;
  job: JobState | undefined;
  runError: string | null;
  running: boolean;
  run(): void;
  cancel(): void;
}

export function useAnalysis(bumpEpoch: () => void): Analysis {
  const [jobId, setJobId] = useState<string | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const jobs = useJobs();
  const job = jobId ? jobs[jobId] : undefined;
  useApiEvent('job/done', (d) => d.jobId === jobId && bumpEpoch());
  // A run started elsewhere (another window, or the backend after an import) is followed too.
  useApiEvent('job/progress', (p) => /analys|detect/i.test(p.kind) && p.jobId !== jobId && setJobId(p.jobId));
  const status = useCall('analysis/status', {});
  // Asked again when a run followed here starts or ends (results changing invalidate the whole cache).
  const client = useQueryClient();
  const jobState = job?.state;
  useEffect(() => {
    if (jobId) void client.invalidateQueries({ queryKey: ['analysis/status'] });
  }, [client, jobId, jobState]);
  const running = (!!jobId && (!job || job.state === 'running')) || !!status.data?.running;
  const run = (): void => {
    setRunError(null);
    api
      .invoke('analysis/run', {})
      .then((r) => setJobId(r.jobId))
      .catch((e: Error) => setRunError(e.message));
  };
  // A workspace imported elsewhere (the CLI, an earlier version) and never analysed is analysed on opening,
  // once: a person opening it expects its incidents and anomalies, not a button to find first.
  const autoRan = useRef(false);
  const never = !!status.data && status.data.analysedVersion === null && status.data.dataVersion > 0 && !running;
  useEffect(() => {
    if (!never || autoRan.current) return;
    autoRan.current = true;
    run();
  });
  return {
    status: status.data,
    statusError: status.error,
    job,
    runError,
    running,
    run,
    cancel: () => {
      if (jobId) void api.invoke('job/cancel', { jobId });
    },
  };
}

/** One line saying where the analysis stands. */
export function analysisSentence(s: AnalysisStatus | undefined, running: boolean): string {
  if (running) return 'Analysing…';
  if (!s) return 'Analysis status unknown';
  if (s.analysedVersion === null) return 'Not analysed yet';
  const found = `${s.anomalies} anomal${s.anomalies === 1 ? 'y' : 'ies'} · ${s.changePoints} change point${s.changePoints === 1 ? '' : 's'}`;
  return s.analysedVersion !== s.dataVersion ? `${found} (data changed since: run again)` : `${found} on ${s.series} series`;
}
