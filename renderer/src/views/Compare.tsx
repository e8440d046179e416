/**
 * Compare (BubbleUp-style): the selected range against a baseline — the same length just before,
 * or the same hours a day or a week earlier — and what differs most, ranked: series, labels and
 * log patterns. A series opens on the timeline over both ranges; a pattern opens its lines.
 */
import { useState } from 'react';
import type { CompareResult } from '../../../core/api/contract';
import { api } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { SeriesName } from '../components/SeriesName';
import { TimeInput } from '../components/TimeInput';
import { useWorkspace } from '../context';
import { fmtCount, fmtLabels, fmtValue } from '../format';
import { useSeriesNames } from '../hooks/useSeriesNames';
import { useCall } from '../queries';
import type { TimeRange } from '../nav';
import { baselineFor, type BaselineMode } from '../ranges';
import { fmtDuration, fmtRange, fromInputValue, toInputValue } from '../time';

const MODES: { mode: BaselineMode; label: string }[] = [
  { mode: 'before', label: 'Just before' },
  { mode: 'day', label: 'A day earlier' },
  { mode: 'week', label: 'A week earlier' },
];

export function Compare() {
  const { nav, go, zone, full, anomalies } = useWorkspace();
  const [mode, setMode] = useState<BaselineMode>('before');
  const sel = nav.selection;
  const base = sel ? baselineFor(sel, mode) : null;
  const q = useCall('compare/ranges', sel && base ? { from: sel.from, to: sel.to, baselineFrom: base.from, baselineTo: base.to, limit: 50 } : null);
  const outside = base && base.from < full.from;
  const top = [...anomalies.all].sort((a, b) => b.rank - a.rank)[0];

  return (
    <div className="view compare">
      <div className="view-head">
        <div>
          <h2>Compare</h2>
          <p className="muted">What differs most between the selected range and its baseline.</p>
        </div>
        <span className="spacer" />
        <div className="seg" role="group" aria-label="Baseline">
          {MODES.map((m) => (
            <button key={m.mode} className={mode === m.mode ? 'on' : ''} onClick={() => setMode(m.mode)}>
              {m.label}
            </button>
          ))}
        </div>
      </div>
      <RangeEditor key={sel ? `${sel.from}-${sel.to}` : 'none'} sel={sel} zone={zone} onChange={(r) => go({ type: 'select', selection: r })} />
      {sel && base && (
        <div className="compare-ranges">
          <span>
            <span className="swatch sel" /> selected <b>{fmtRange(sel.from, sel.to, zone)}</b> ({fmtDuration(sel.to - sel.from)})
          </span>
          <span>
            <span className="swatch base" /> baseline <b>{fmtRange(base.from, base.to, zone)}</b>
          </span>
          {outside && <span className="warn-text">the baseline starts before the data: pick another baseline</span>}
        </div>
      )}
      {!sel && (
        <div className="empty small">
          Select a range first: shift-drag on the timeline (or press <kbd>s</kbd> there and drag), or type one above.
          {top && (
            <div className="row center">
              <button className="primary small" onClick={() => go({ type: 'compare', selection: { from: top.start, to: top.end } })}>
                Use the top anomaly’s range ({top.service ?? top.seriesName}, {fmtRange(top.start, top.end, zone)})
              </button>
            </div>
          )}
        </div>
      )}
      <ErrorNote error={q.error} what="Compare" />
      {q.loading && <div className="muted pad">Comparing…</div>}
      {q.data && sel && base && <Results r={q.data} sel={sel} base={base} />}
    </div>
  );
}

function RangeEditor({ sel, zone, onChange }: { sel: TimeRange | null; zone: string; onChange(r: TimeRange): void }) {
  const [from, setFrom] = useState(sel ? toInputValue(sel.from, zone) : '');
  const [to, setTo] = useState(sel ? toInputValue(sel.to, zone) : '');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="range-editor inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        const a = fromInputValue(from, zone);
        const b = fromInputValue(to, zone);
        if (!Number.isFinite(a) || !Number.isFinite(b) || b <= a) return setError('give a from time before the to time, as YYYY-MM-DD HH:MM (24-hour)');
        setError(null);
        onChange({ from: a, to: b });
      }}
    >
      <label>
        Selected from
        <TimeInput value={from} onChange={setFrom} label="Selected from" />
      </label>
      <label>
        to
        <TimeInput value={to} onChange={setTo} label="Selected to" />
      </label>
      <button>Compare this range</button>
      {error && <span className="error">{error}</span>}
    </form>
  );
}

function Results({ r, sel, base }: { r: CompareResult; sel: TimeRange; base: TimeRange }) {
  const { go } = useWorkspace();
  const names = useSeriesNames();
  const maxS = Math.max(1e-9, ...r.series.map((s) => s.score));
  const maxL = Math.max(1e-9, ...r.labels.map((s) => s.score));
  const maxP = Math.max(1e-9, ...r.patterns.map((s) => s.score));
  const openSeries = (id: number, name: string): void => {
    api
      .invoke('series/list', { query: name, limit: 5000 })
      .then((list) => {
        const s = list.find((x) => x.id === id);
        const from = Math.min(base.from, sel.from);
        const to = Math.max(base.to, sel.to);
        const pad = (to - from) * 0.1;
        go({ type: 'timeline', series: s ? [s] : undefined, add: true, range: { from: from - pad, to: to + pad }, selection: sel });
      })
      .catch(() => undefined);
  };
  return (
    <div className="compare-results">
      <section>
        <h3>Series that changed most</h3>
        <table className="grid" data-testid="compare-series">
          <colgroup>
            <col className="n" />
            <col />
            <col className="v" />
            <col className="v" />
            <col className="s" />
          </colgroup>
          <thead>
            <tr>
              <th>#</th>
              <th>Series</th>
              <th className="num">Baseline</th>
              <th className="num">Selected</th>
              <th>Score</th>
            </tr>
          </thead>
          <tbody>
            {r.series.map((s, i) => {
              const unit = names.unit(s.id, s.name);
              return (
                <tr key={s.id} onClick={() => openSeries(s.id, s.name)} title="Open on the timeline over both ranges" data-testid="compare-series-row">
                  <td className="muted">{i + 1}</td>
                  <td className="series-cell" title={`${s.name} ${fmtLabels(s.labels)}`}>
                    <div className="series-line">
                      {s.service && <span className="svc">{s.service}</span>}
                      <SeriesName label={names.label(s)} />
                    </div>
                  </td>
                  <td className="num mono" data-testid="compare-baseline">
                    {fmtValue(s.baseline, unit)}
                  </td>
                  <td className="num mono">
                    {fmtValue(s.selected, unit)}{' '}
                    <span className={s.selected >= s.baseline ? 'up' : 'down'}>{s.selected >= s.baseline ? '▲' : '▼'}</span>
                  </td>
                  <td>
                    <ScoreBar v={s.score / maxS} title={s.score.toFixed(3)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {!r.series.length && <div className="muted pad">No series differ.</div>}
      </section>
      <section>
        <h3>Labels over-represented</h3>
        <table className="grid" data-testid="compare-labels">
          <colgroup>
            <col />
            <col className="c" />
            <col className="s" />
          </colgroup>
          <tbody>
            {r.labels.map((l) => (
              <tr key={`${l.key}=${l.value}`}>
                <td className="mono">
                  {l.key}={l.value}
                </td>
                <td className="num muted">{l.series} series</td>
                <td>
                  <ScoreBar v={l.score / maxL} title={l.score.toFixed(3)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!r.labels.length && <div className="muted pad">No labels stand out.</div>}
        <h3>Log patterns that changed</h3>
        <table className="grid" data-testid="compare-patterns">
          <colgroup>
            <col />
            <col className="c" />
            <col className="s" />
          </colgroup>
          <tbody>
            {r.patterns.map((p) => (
              <tr key={p.templateId} onClick={() => go({ type: 'logs', focus: { templateId: p.templateId, range: sel } })} title="Show these lines">
                <td className="pattern-cell">
                  {p.service && <span className="svc">{p.service}</span>}
                  <span className="mono pattern-text">{p.pattern}</span>
                </td>
                <td className="num mono">
                  {fmtCount(p.baseline)} → {fmtCount(p.selected)}
                </td>
                <td>
                  <ScoreBar v={p.score / maxP} title={p.score.toFixed(3)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!r.patterns.length && <div className="muted pad">No log patterns changed.</div>}
      </section>
    </div>
  );
}

function ScoreBar({ v, title }: { v: number; title: string }) {
  return (
    <span className="rank-bar" title={title}>
      <span style={{ width: `${Math.max(2, Math.min(100, v * 100))}%` }} />
    </span>
  );
}
