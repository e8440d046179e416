/**
 * Query and index advice: the workspace's analysed query logs (PostgreSQL, MySQL slow log, pg_stat_statements,
 * index listings) as fingerprints ranked by total time — calls, total, p95, the suggested index as
 * `CREATE INDEX …` text with its estimated benefit, an N+1 flag — then duplicate and unused indexes. "Add query
 * log…" reads files in place (Electron, or a path typed) or uploads them first (browser mode, as the import
 * dialog does), analyses them in the backend's worker pool and keeps the advice in the workspace.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent } from 'react';
import type { QueryAdviceRow } from '../../../../core/api/contract';
import { formatQuantity } from '../../../../core/api/units';
import { api } from '../../api';
import { errorText, useCall } from '../../queries';
import { electronPaths, newBatchId, pickedFiles, uploadFile } from '../../upload';
import { ErrorNote } from '../ErrorNote';

const fmtMs = (ms: number | null): string => formatQuantity(ms, 'ms');

/** Real paths (Electron) or the server folder the files were uploaded to (browser mode). */
async function pathsFor(list: FileList): Promise<string[]> {
  const files = [...list];
  const real = electronPaths(files);
  if (real) return real;
  const batch = newBatchId();
  let dir = '';
  for (const f of pickedFiles(list)) dir = await uploadFile(batch, f, () => undefined).done;
  return dir ? [dir] : [];
}

function QueryRow({ q, rank }: { q: QueryAdviceRow; rank: number }) {
  const best = q.indexes[0];
  return (
    <tr data-testid="query-row">
      <td className="num">{rank}</td>
      <td className="mono query-fp" title={`${q.example}\n(${q.example_at})`}>
        {q.fingerprint}
        {q.n_plus_one && (
          <span className="badge bad" title={`${q.n_plus_one.bursts} bursts on ${q.n_plus_one.sessions} connection(s), up to ${q.n_plus_one.largestBurst} calls each`}>
            N+1 ×{q.n_plus_one.typicalRepeats}
          </span>
        )}
      </td>
      <td className="num">{q.calls.toLocaleString()}</td>
      <td className="num">{fmtMs(q.total_ms)}</td>
      <td className="num">{fmtMs(q.p95_ms)}</td>
      <td className="mono">
        {best ? (
          q.indexes.map((i) => (
            <div key={i.create} title={i.reason}>
              {i.create}
            </div>
          ))
        ) : (
          <span className="muted">{q.note ?? '—'}</span>
        )}
      </td>
      <td className="num" title={best ? (best.benefit_source === 'plan' ? 'estimated from the logged plan' : 'selectivity guess') : undefined}>
        {best ? `${fmtMs(best.benefit)}${best.benefit_source === 'plan' ? ' (plan)' : ''}` : '—'}
      </td>
    </tr>
  );
}

export function Queries() {
  const client = useQueryClient();
  const [sourceId, setSourceId] = useState<number | undefined>(undefined);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const q = useCall('queries/advice', { sourceId });
  const view = q.data;

  const analyse = async (paths: string[]): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const source = await api.invoke('queries/analyse', { paths });
      await client.invalidateQueries({ queryKey: ['queries/advice'] });
      setSourceId(source.id);
      setTyped('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const picked = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const list = e.target.files;
    if (!list?.length) return;
    try {
      await analyse(await pathsFor(list));
    } catch (err) {
      setError(errorText(err));
    } finally {
      e.target.value = '';
    }
  };

  return (
    <div className="advice-queries" data-testid="advice-queries-section">
      <div className="toolbar">
        <button onClick={() => input.current?.click()} disabled={busy} data-testid="queries-add">
          {busy ? 'Analysing…' : 'Add query log…'}
        </button>
        <input ref={input} type="file" multiple hidden onChange={(e) => void picked(e)} data-testid="queries-file" />
        <input
          className="path-input"
          style={{ minWidth: 340 }}
          placeholder="or a path on this machine (file or folder)"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && typed.trim() && void analyse([typed.trim()])}
          data-testid="queries-path"
        />
        <button className="ghost" disabled={busy || !typed.trim()} onClick={() => void analyse([typed.trim()])}>
          Analyse
        </button>
        <span className="spacer" />
        {view && view.sources.length > 1 && (
          <select value={view.source?.id ?? ''} onChange={(e) => setSourceId(Number(e.target.value))} aria-label="Query source">
            {view.sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label} ({new Date(s.analysedAt).toLocaleString()})
              </option>
            ))}
          </select>
        )}
      </div>
      <ErrorNote error={error} what="Query log" />
      <ErrorNote error={q.error} what="Query advice" onRetry={() => void client.invalidateQueries({ queryKey: ['queries/advice'] })} />
      {view && !view.source && !busy && (
        <p className="muted empty">
          No query log in this workspace yet. Add a PostgreSQL log (log_min_duration_statement, auto_explain), a MySQL slow query log, a
          pg_stat_statements CSV — and an index listing (pg_indexes / pg_stat_user_indexes CSV) to have existing indexes respected and
          duplicate or unused ones listed.
        </p>
      )}
      {view?.source && (
        <>
          <p className="muted">
            {view.source.statements.toLocaleString()} statements, {view.source.fingerprints.toLocaleString()} fingerprints from {view.source.label}
            {view.queries.some((r) => r.n_plus_one) && ` · ${view.queries.filter((r) => r.n_plus_one).length} N+1 pattern(s)`}
          </p>
          {view.source.errors.map((e) => (
            <ErrorNote key={e} error={e} what="Not read" />
          ))}
          {(view.duplicateIndexes.length > 0 || view.unusedIndexes.length > 0) && (
            <div className="index-findings" data-testid="queries-index-findings">
              {view.duplicateIndexes.length > 0 && (
                <div>
                  <h3>Duplicate indexes</h3>
                  <ul>
                    {view.duplicateIndexes.map((d) => (
                      <li key={`${d.table}.${d.index}`} className="mono">
                        {d.table}.{d.index} ({d.columns.join(', ')}) — covered by {d.coveredBy} ({d.coveredByColumns.join(', ')})
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {view.unusedIndexes.length > 0 && (
                <div>
                  <h3>Unused indexes</h3>
                  <ul>
                    {view.unusedIndexes.map((u) => (
                      <li key={`${u.table}.${u.index}`} className="mono">
                        {u.table}.{u.index} ({u.columns.join(', ')}) — never scanned
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
          )}
          <div className="table-scroll">
            <table className="grid queries-table" data-testid="queries-table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>fingerprint</th>
                  <th>calls</th>
                  <th>total</th>
                  <th>p95</th>
                  <th>suggested index</th>
                  <th>benefit</th>
                </tr>
              </thead>
              <tbody>
                {view.queries.map((r, k) => (
                  <QueryRow key={r.fingerprint} q={r} rank={k + 1} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
