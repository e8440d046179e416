/**
 * Running jobs with progress, rate, ETA and cancel; failures stay visible until dismissed. Read from
 * the one job store, so a job started before this bar mounted (or before a reload) is shown too.
 */
import { useState } from 'react';
import { api } from '../api';
import { fmtBytes } from '../format';
import { useJobs } from '../hooks/useJobs';
import type { Progress } from '../jobStore';

interface Row {
  jobId: string;
  title: string;
  progress?: Progress;
  error?: string;
}

export function JobBar() {
  const jobs = useJobs();
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const rows: Record<string, Row> = {};
  for (const j of Object.values(jobs)) {
    if (j.state === 'running') rows[j.jobId] = { jobId: j.jobId, title: j.title ?? j.kind ?? 'Job', progress: j.progress };
    else if (j.state === 'failed' && !dismissed.has(j.jobId)) rows[j.jobId] = { jobId: j.jobId, title: j.title ?? j.kind ?? 'Job', error: j.error };
  }

  const list = Object.values(rows);
  if (!list.length) return null;
  return (
    <div className="jobbar" role="status">
      {list.map((row) => {
        const p = row.progress;
        const frac = p && p.total > 0 ? Math.min(1, p.done / p.total) : 0;
        const amount = p
          ? p.unit === 'bytes'
            ? `${fmtBytes(p.done)} of ${fmtBytes(p.total)}${p.rate ? ` · ${fmtBytes(p.rate)}/s` : ''}`
            : `${p.done} of ${p.total}`
          : '';
        return (
          <div key={row.jobId} className={`job ${row.error ? 'job-failed' : ''}`} data-testid="job">
            <div className="job-title">
              {row.title}
              {p?.file && p.file.count > 1 ? ` · file ${p.file.index + 1} of ${p.file.count}` : ''}
            </div>
            {row.error ? (
              <div className="job-error">{row.error}</div>
            ) : (
              <>
                <div className="job-track">
                  <div className="job-fill" style={{ width: `${(frac * 100).toFixed(1)}%` }} />
                </div>
                <div className="job-detail">
                  {p?.message} {amount}
                  {p?.etaMs ? ` · about ${Math.ceil(p.etaMs / 1000)} s left` : ''}
                </div>
              </>
            )}
            <button
              className="ghost"
              onClick={() => {
                if (row.error) setDismissed((d) => new Set(d).add(row.jobId));
                else void api.invoke('job/cancel', { jobId: row.jobId });
              }}
            >
              {row.error ? 'Dismiss' : 'Cancel'}
            </button>
          </div>
        );
      })}
    </div>
  );
}
