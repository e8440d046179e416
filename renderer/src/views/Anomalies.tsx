/**
 * Anomalies across the workspace, ranked (severity × duration): a click (or Enter) opens the
 * timeline on that range with its series and some padding; "Expected" (or e) marks it as expected,
 * which hides it here and keeps it out of later baselines.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { AnomalyInfo, Severity } from '../../../core/api/contract';
import { api } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { SeriesName } from '../components/SeriesName';
import { useWorkspace } from '../context';
import { fmtLabels, fmtValue } from '../format';
import { useListCursor } from '../hooks/useListCursor';
import { useSeriesNames } from '../hooks/useSeriesNames';
import { useCall } from '../queries';
import { useShortcuts } from '../hooks/useShortcuts';
import { anomalyWindow } from '../ranges';
import { fmtDuration, fmtTime } from '../time';

type Sort = 'rank' | 'sigmas' | 'start' | 'duration';
const SEVERITY_ORDER: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

export function Anomalies() {
  const { go, zone, bumpEpoch, analysis } = useWorkspace();
  const [service, setService] = useState('');
  const [minSeverity, setMinSeverity] = useState<Severity>('low');
  const [text, setText] = useState('');
  const [sort, setSort] = useState<Sort>('rank');
  const [hidden, setHidden] = useState<Set<number>>(() => new Set());
  const [markError, setMarkError] = useState<string | null>(null);
  const filter = useRef<HTMLInputElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);

  const q = useCall('anomalies/list', { service: service || undefined, limit: 2000 });
  const services = useCall('workspace/summary', {});
  const names = useSeriesNames();

  const rows = useMemo(() => {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const list = (q.data ?? []).filter(
      (a) =>
        !hidden.has(a.id) &&
        SEVERITY_ORDER[a.severity] >= SEVERITY_ORDER[minSeverity] &&
        words.every((w) =>
          `${names.label({ name: a.seriesName, labels: a.labels, service: a.service }).text} ${a.service ?? ''} ${fmtLabels(a.labels)}`.toLowerCase().includes(w),
        ),
    );
    const key: Record<Sort, (a: AnomalyInfo) => number> = {
      rank: (a) => -a.rank,
      sigmas: (a) => -Math.abs(a.sigmas),
      start: (a) => a.start,
      duration: (a) => -(a.end - a.start),
    };
    return list.sort((a, b) => key[sort](a) - key[sort](b));
  }, [q.data, hidden, minSeverity, text, sort, names]);

  const open = useCallback(
    (a: AnomalyInfo) => {
      api
        .invoke('series/list', { query: a.seriesName, limit: 5000 })
        .then((list) => {
          const s = list.find((x) => x.id === a.seriesId);
          go({ type: 'timeline', series: s ? [s] : undefined, range: anomalyWindow(a), selection: { from: a.start, to: a.end } });
        })
        .catch((e: Error) => setMarkError(e.message));
    },
    [go],
  );
  const markExpected = (a: AnomalyInfo): void => {
    setMarkError(null);
    setHidden((h) => new Set(h).add(a.id));
    api
      .invoke('anomalies/markExpected', { id: a.id })
      .then(() => bumpEpoch())
      .catch((e: Error) => {
        setHidden((h) => {
          const next = new Set(h);
          next.delete(a.id);
          return next;
        });
        setMarkError(`Could not mark it as expected: ${e.message}`);
      });
  };

  const scrollTo = useCallback((i: number) => {
    body.current?.children[i]?.scrollIntoView({ block: 'nearest' });
  }, []);
  const { cursor, setCursor } = useListCursor(rows.length, {
    onOpen: (i) => open(rows[i]),
    extra: (i) => ({ expected: () => markExpected(rows[i]) }),
    scrollTo,
  });
  useShortcuts({ search: () => filter.current?.focus() });

  const notAnalysed = analysis.status?.analysedVersion === null;
  return (
    <div className="view anomalies">
      <div className="view-head">
        <div>
          <h2>Anomalies</h2>
          <p className="muted">Ranked by severity × duration. Enter opens one on the timeline, e marks it as expected.</p>
        </div>
        <span className="spacer" />
        <input
          ref={filter}
          type="search"
          className="search narrow"
          placeholder="Filter: series, service, label"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label="Filter anomalies"
        />
        <select value={service} onChange={(e) => setService(e.target.value)} aria-label="Service">
          <option value="">All services</option>
          {(services.data?.services ?? [])
            .filter((s) => s.service)
            .map((s) => (
              <option key={s.service} value={s.service ?? ''}>
                {s.service}
              </option>
            ))}
        </select>
        <select value={minSeverity} onChange={(e) => setMinSeverity(e.target.value as Severity)} aria-label="Minimum severity">
          <option value="low">Any severity</option>
          <option value="medium">Medium and high</option>
          <option value="high">High only</option>
        </select>
        <select value={sort} onChange={(e) => setSort(e.target.value as Sort)} aria-label="Sort anomalies">
          <option value="rank">Rank</option>
          <option value="sigmas">Most sigmas</option>
          <option value="duration">Longest</option>
          <option value="start">Earliest</option>
        </select>
      </div>
      <ErrorNote error={q.error} what="Anomalies" />
      <ErrorNote error={markError} />
      {notAnalysed && !q.data?.length && (
        <div className="hint">
          No analysis yet. <button className="primary small" onClick={analysis.run}>Run analysis</button> to find anomalies.
        </div>
      )}
      <div className="table-scroll">
        <table className="grid anomalies-table" data-testid="anomalies">
          <thead>
            <tr>
              <th>Severity</th>
              <th>Series</th>
              <th>Service</th>
              <th>Start ({zone === 'UTC' ? 'UTC' : 'local'})</th>
              <th className="num">Duration</th>
              <th className="num">Peak / expected</th>
              <th className="num">σ</th>
              <th>Rank</th>
              <th />
            </tr>
          </thead>
          <tbody ref={body}>
            {rows.map((a, i) => {
              const unit = names.unit(a.seriesId, a.seriesName);
              return (
                <tr
                  key={a.id}
                  className={i === cursor ? 'cursor' : ''}
                  onClick={() => {
                    setCursor(i);
                    open(a);
                  }}
                  data-testid="anomaly-row"
                >
                  <td>
                    <span className={`sev sev-${a.severity}`}>{a.severity}</span>
                  </td>
                  <td className="series-cell" title={`${a.seriesName} ${fmtLabels(a.labels)}`}>
                    <SeriesName label={names.label({ name: a.seriesName, labels: a.labels, service: a.service })} />
                  </td>
                  <td>{a.service ?? '–'}</td>
                  <td className="mono">{fmtTime(a.start, zone, { bare: true })}</td>
                  <td className="num">{fmtDuration(a.end - a.start)}</td>
                  <td className="num mono">
                    {a.direction === 'up' ? '▲' : '▼'} {fmtValue(a.peakValue, unit)} / {fmtValue(a.expected, unit)}
                  </td>
                  <td className="num">{a.sigmas.toFixed(1)}</td>
                  <td>
                    <span className="rank-bar" title={a.rank.toFixed(3)}>
                      <span style={{ width: `${Math.max(2, Math.min(100, a.rank * 100))}%` }} />
                    </span>
                  </td>
                  <td className="actions">
                    <button
                      className="ghost small"
                      onClick={(e) => {
                        e.stopPropagation();
                        markExpected(a);
                      }}
                      title="Mark as expected (e): hidden from now on, kept out of later baselines"
                      data-testid="mark-expected"
                    >
                      Expected
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {!q.loading && q.data && !rows.length && <div className="empty small">No open anomalies match.</div>}
        {q.loading && !q.data && <div className="muted pad">Loading…</div>}
      </div>
    </div>
  );
}
