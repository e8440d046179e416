/**
 * The import dialog: what will be imported (dropped or picked files, or paths typed), into which
 * workspace and read in which zone; then upload progress (browser mode), per-file import progress
 * with rate and time left, cancel, and the summary: each file imported / unchanged / skipped /
 * failed with its reason, and the totals.
 */
import { useEffect, useRef, useState } from 'react';
import type { ImportResult, WorkspaceInfo } from '../../../core/api/contract';
import { api } from '../api';
import { fmtBytes, fmtCount } from '../format';
import { useJobs } from '../hooks/useJobs';
import { UTC } from '../time';
import { newBatchId, pickedFiles, uploadFile, type PickedFile, type Upload } from '../upload';
import { Modal } from './Modal';

export interface ImportRequest {
  /** Paths the backend can read (typed, or real paths from Electron). */
  paths: string[];
  /** Files to upload first (browser mode); a promise while a dropped folder is walked. */
  files: PickedFile[] | Promise<PickedFile[]>;
}

export interface ImportDialogProps {
  workspace: WorkspaceInfo | null;
  request: ImportRequest;
  onClose(): void;
  /** Called on close with the workspace the dialog created (imports from Home). */
  onOpened?(ws: WorkspaceInfo): void;
}

type Phase = 'choose' | 'uploading' | 'importing' | 'done' | 'failed' | 'cancelled';

const STATUS_TEXT: Record<string, string> = {
  imported: 'imported',
  unchanged: 'unchanged (already imported)',
  skipped: 'skipped',
  failed: 'failed',
};

export function ImportDialog({ workspace, request, onClose, onOpened }: ImportDialogProps) {
  const [phase, setPhase] = useState<Phase>('choose');
  const [files, setFiles] = useState<PickedFile[]>(Array.isArray(request.files) ? request.files : []);
  const [walking, setWalking] = useState(!Array.isArray(request.files));
  const [paths, setPaths] = useState<string[]>(request.paths);
  const [typed, setTyped] = useState('');
  const [zone, setZone] = useState(UTC);
  const [skipBad, setSkipBad] = useState(true);
  const [target, setTarget] = useState<WorkspaceInfo | null>(workspace);
  const [newPath, setNewPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<Record<string, number>>({});
  const [uploadErrors, setUploadErrors] = useState<Record<string, string>>({});
  const [jobId, setJobId] = useState<string | null>(null);
  /** The server folder holding this dialog's uploads: summary paths are shown relative to it. */
  const [uploadDir, setUploadDir] = useState<string | null>(null);
  const uploads = useRef<Upload[]>([]);
  const cancelled = useRef(false);
  const jobs = useJobs();
  const job = jobId ? jobs[jobId] : undefined;
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  useEffect(() => {
    if (Array.isArray(request.files)) return;
    let stale = false;
    request.files
      .then((f) => !stale && (setFiles((old) => [...old, ...f]), setWalking(false)))
      .catch((e: Error) => !stale && (setError(`Could not read the dropped folder: ${e.message}`), setWalking(false)));
    return () => {
      stale = true;
    };
  }, [request.files]);

  // Once the import job reports its end, that end is the phase.
  const shownPhase: Phase = job && job.state !== 'running' ? job.state : phase;
  const nothing = !files.length && !paths.length && !typed.trim();

  const start = async (): Promise<void> => {
    setError(null);
    cancelled.current = false;
    let ws = target;
    try {
      if (!ws) {
        if (!newPath.trim()) throw new Error('name the new workspace first (a path ending in .hindsight)');
        ws = await api.invoke('workspace/create', { path: newPath.trim() });
        setTarget(ws);
      }
      const all = [...paths, ...(typed.trim() ? [typed.trim()] : [])];
      if (files.length) {
        setPhase('uploading');
        const batch = newBatchId();
        let dir = '';
        // Two at a time: enough to hide latency without flooding the server.
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next < files.length && !cancelled.current) {
            const f = files[next++];
            const up = uploadFile(batch, f, (n) => setSent((s) => ({ ...s, [f.path]: n })));
            uploads.current.push(up);
            try {
              dir = await up.done;
              setSent((s) => ({ ...s, [f.path]: f.file.size }));
            } catch (e) {
              setUploadErrors((u) => ({ ...u, [f.path]: e instanceof Error ? e.message : String(e) }));
              throw e;
            }
          }
        };
        await Promise.all([worker(), worker()]);
        if (cancelled.current) return;
        setUploadDir(dir);
        all.push(dir);
      }
      if (!all.length) throw new Error('nothing to import: drop files, pick them, or type a path');
      setPhase('importing');
      const r = await api.invoke('import/start', { paths: all, zone, skipBadLines: skipBad });
      setJobId(r.jobId);
    } catch (e) {
      if (cancelled.current) return;
      setError(e instanceof Error ? e.message : String(e));
      setPhase('choose');
    }
  };

  const cancel = (): void => {
    cancelled.current = true;
    for (const u of uploads.current) u.abort();
    uploads.current = [];
    if (jobId && job?.state === 'running') void api.invoke('job/cancel', { jobId });
    else setPhase('cancelled');
  };

  const busy = shownPhase === 'uploading' || shownPhase === 'importing';
  const close = (): void => {
    if (target && target !== workspace) onOpened?.(target);
    onClose();
  };
  const footer = (
    <>
      {error && <span className="error">{error}</span>}
      <span className="spacer" />
      {shownPhase === 'choose' && (
        <>
          <button className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button className="primary" disabled={nothing || walking} onClick={() => void start()} data-testid="import-start">
            Import
          </button>
        </>
      )}
      {busy && (
        <button onClick={cancel} data-testid="import-cancel">
          Cancel import
        </button>
      )}
      {!busy && shownPhase !== 'choose' && (
        <button className="primary" onClick={close} data-testid="import-close">
          Close
        </button>
      )}
    </>
  );

  return (
    <Modal
      title={target ? `Import into ${target.name}` : 'Import into a new workspace'}
      onClose={busy ? cancel : close}
      footer={footer}
      wide
      testId="import-dialog"
    >
      {shownPhase === 'choose' && (
        <div className="import-choose">
          {!workspace && (
            <label className="field">
              New workspace file
              <input
                type="text"
                placeholder="/path/to/investigation.hindsight"
                value={newPath}
                onChange={(e) => setNewPath(e.target.value)}
                aria-label="New workspace path"
              />
            </label>
          )}
          <div className="field">
            What to import
            {walking && <div className="muted">Reading the dropped folder…</div>}
            <ul className="file-list">
              {paths.map((p) => (
                <li key={p} className="mono">
                  {p}
                </li>
              ))}
              {files.slice(0, 200).map((f) => (
                <li key={f.path}>
                  <span className="mono">{f.path}</span> <span className="muted">{fmtBytes(f.file.size)}</span>
                </li>
              ))}
              {files.length > 200 && <li className="muted">… and {files.length - 200} more files</li>}
            </ul>
            <div className="row">
              <input
                type="text"
                placeholder="or a file, folder or archive path on this machine"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                aria-label="Path to import"
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && typed.trim()) {
                    e.preventDefault();
                    setPaths((p) => [...p, typed.trim()]);
                    setTyped('');
                  }
                }}
              />
              <label className="button-like">
                Pick files…
                <input type="file" multiple hidden onChange={(e) => setFiles((f) => [...f, ...pickedFiles(e.target.files)])} />
              </label>
              <label className="button-like">
                Pick a folder…
                <input
                  type="file"
                  hidden
                  ref={(el) => el?.setAttribute('webkitdirectory', '')}
                  onChange={(e) => setFiles((f) => [...f, ...pickedFiles(e.target.files)])}
                />
              </label>
            </div>
          </div>
          <div className="row">
            <label className="field">
              Times without a zone are in
              <select value={zone} onChange={(e) => setZone(e.target.value)} aria-label="Zone for times without one">
                <option value={UTC}>UTC</option>
                {localZone && localZone !== UTC && <option value={localZone}>{localZone} (this machine)</option>}
              </select>
            </label>
            <label className="inline">
              <input type="checkbox" checked={skipBad} onChange={(e) => setSkipBad(e.target.checked)} /> skip bad lines (and
              list them) instead of failing the file
            </label>
          </div>
        </div>
      )}
      {shownPhase === 'uploading' && (
        <div>
          <p className="muted">Uploading {files.length} files to the Hindsight server…</p>
          <ul className="file-list progress-list">
            {files.map((f) => (
              <li key={f.path}>
                <span className="mono">{f.path}</span>
                <span className="mini-progress">
                  <span style={{ width: `${Math.min(100, (100 * (sent[f.path] ?? 0)) / Math.max(1, f.file.size)).toFixed(0)}%` }} />
                </span>
                {uploadErrors[f.path] && <span className="error">{uploadErrors[f.path]}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {shownPhase === 'importing' && <ImportProgress job={job} />}
      {(shownPhase === 'done' || shownPhase === 'failed' || shownPhase === 'cancelled') && (
        <ImportSummary
          phase={shownPhase}
          result={job?.result as ImportResult | undefined}
          error={job?.error ?? error}
          base={uploadDir}
        />
      )}
    </Modal>
  );
}

function ImportProgress({ job }: { job: ReturnType<typeof useJobs>[string] | undefined }) {
  const p = job?.progress;
  const frac = p && p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const files = Object.entries(job?.files ?? {}).sort((a, b) => a[1] - b[1]);
  return (
    <div data-testid="import-progress">
      <div className="job-track big">
        <div className="job-fill" style={{ width: `${(frac * 100).toFixed(1)}%` }} />
      </div>
      <p>
        {p ? (
          <>
            {p.file ? `File ${p.file.index + 1} of ${p.file.count}` : p.message}
            {' · '}
            {p.unit === 'bytes' ? `${fmtBytes(p.done)} of ${fmtBytes(p.total)}` : `${fmtCount(p.done)} of ${fmtCount(p.total)}`}
            {p.rate ? ` · ${p.unit === 'bytes' ? `${fmtBytes(p.rate)}/s` : `${fmtCount(p.rate)}/s`}` : ''}
            {p.rowsPerSec ? ` · ${fmtCount(Math.round(p.rowsPerSec))} rows/s` : ''}
            {p.etaMs ? ` · about ${Math.ceil(p.etaMs / 1000)} s left` : ''}
          </>
        ) : (
          'Starting…'
        )}
      </p>
      <ul className="file-list progress-list">
        {files.map(([path, index]) => {
          const current = p?.file?.path === path;
          return (
            <li key={path} className={current ? 'current' : 'done'}>
              <span className="state">{current ? '▶' : '✓'}</span>
              <span className="mono">{path.split(/[\\/]/).slice(-3).join('/')}</span>
              {current && p?.message && <span className="muted"> {p.message}</span>}
              <span className="muted"> #{index + 1}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

interface SummaryProps {
  phase: Phase;
  result: ImportResult | undefined;
  error: string | null | undefined;
  /** Upload folder to strip from paths (browser-mode drops). */
  base: string | null;
}

function ImportSummary({ phase, result, error, base }: SummaryProps) {
  const shown = (path: string): string => (base && path.startsWith(base) ? path.slice(base.length).replace(/^[\\/]+/, '') : path);
  if (phase === 'cancelled') {
    return <p data-testid="import-summary">The import was cancelled; files already imported stay, a file half-read is rolled back.</p>;
  }
  if (phase === 'failed' || !result)
    return (
      <div className="error-note" data-testid="import-summary">
        The import failed: {error ?? 'no reason given'}
      </div>
    );
  const t = result.totals;
  return (
    <div data-testid="import-summary">
      <p>
        <b>{result.files.filter((f) => f.status === 'imported').length}</b> of {result.files.length} files imported in{' '}
        {result.seconds.toFixed(1)} s: {fmtCount(t.series)} series, {fmtCount(t.samples)} samples, {fmtCount(t.logs)} log lines,{' '}
        {fmtCount(t.events)} events{t.edges ? `, ${t.edges} dependencies` : ''}
        {t.skipped ? ` · ${t.skipped} skipped` : ''}
        {t.failed ? ` · ${t.failed} failed` : ''}. Times without a zone read as {result.zone}.
      </p>
      <table className="grid import-files">
        <thead>
          <tr>
            <th>File</th>
            <th>Format</th>
            <th>Status</th>
            <th className="num">Rows</th>
          </tr>
        </thead>
        <tbody>
          {result.files.map((f) => (
            <tr key={f.path} className={`st-${f.status}`} data-testid="import-file">
              <td className="mono" title={f.path}>
                {shown(f.path)}
              </td>
              <td>{f.format ?? '–'}</td>
              <td>
                <span className={`status status-${f.status}`}>{STATUS_TEXT[f.status] ?? f.status}</span>
                {f.reason && <div className="reason">{f.reason}</div>}
                {f.badLines.slice(0, 5).map((b, i) => (
                  <div key={i} className="reason mono">
                    {b}
                  </div>
                ))}
                {f.rejected > f.badLines.slice(0, 5).length && <div className="reason">{f.rejected} rows rejected in all</div>}
              </td>
              <td className="num">
                {fmtCount(f.samples + f.logs + f.events + f.edges)}
                {f.series ? <div className="muted small-text">{f.series} series</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
