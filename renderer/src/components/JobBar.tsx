/** Running jobs with progress, rate, ETA and cancel; failures stay visible until dismissed. */
import { useEffect, useState } from 'react';
import type { ServerEvents } from '../../../core/api/contract';
import { api } from '../api';
import { fmtBytes } from '../format';

type Progress = ServerEvents['job/progress'];

interface Row {
  jobId: string;
  title: string;
  progress?: Progress;
  error?: string;
}

export function JobBar() {
  const [rows, setRows] = useState<Record<string, Row>>({});

  useEffect(() => {
    const offs = [
      api.on('job/progress', (p) =>
        setRows((r) => ({ ...r, [p.jobId]: { jobId: p.jobId, title: p.title, progress: p } })),
      ),
      api.on('job/done', (d) =>
        setRows((r) => {
          const next = { ...r };
          delete next[d.jobId];
          return next;
        }),
      ),
      api.on('job/failed', (d) =>
        setRows((r) => {
          const next = { ...r };
          if (d.cancelled) delete next[d.jobId];
          else next[d.jobId] = { jobId: d.jobId, title: r[d.jobId]?.title ?? d.kind, error: d.error };
          return next;
        }),
      ),
    ];
    return () => offs.forEach((off) => off());
  }, []);

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
                if (row.error) {
                  setRows((r) => {
                    const next = { ...r };
                    delete next[row.jobId];
                    return next;
                  });
                } else void api.invoke('job/cancel', { jobId: row.jobId });
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
