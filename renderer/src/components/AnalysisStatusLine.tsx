/** The analysis status in a few words, with Run / Cancel, for the status bar and the Explorer. */
import { useWorkspace } from '../context';
import { analysisSentence } from '../hooks/useAnalysis';

export function AnalysisStatusLine({ big }: { big?: boolean }) {
  const a = useWorkspace().analysis;
  const p = a.job?.progress;
  const stale = !a.status || a.status.analysedVersion === null || a.status.analysedVersion !== a.status.dataVersion;
  return (
    <span className={`analysis-line ${big ? 'big' : ''}`} data-testid="analysis-status">
      <span className={stale && !a.running ? 'warn-text' : 'muted'}>{analysisSentence(a.status, a.running)}</span>
      {a.running && p && p.total > 0 && (
        <span className="mini-progress" title={p.message}>
          <span style={{ width: `${Math.min(100, (100 * p.done) / p.total).toFixed(0)}%` }} />
        </span>
      )}
      {a.running && p?.message && big && <span className="muted"> {p.message}</span>}
      {a.running ? (
        <button className="ghost small" onClick={a.cancel} disabled={!a.job}>
          Cancel
        </button>
      ) : (
        <button className={`${stale ? 'primary' : ''} small`} onClick={a.run} data-testid="run-analysis">
          {a.status?.analysedVersion === null || !a.status ? 'Run analysis' : 'Re-run analysis'}
        </button>
      )}
      {(a.runError || a.job?.error) && <span className="error">{a.runError ?? a.job?.error}</span>}
      {big && a.statusError && <span className="error">{a.statusError}</span>}
    </span>
  );
}
