/**
 * The series catalogue: search by name and labels, grouped by service (collapsible), sorted by
 * name or most anomalous first, each row with a sparkline (fetched only for rows on screen) and its
 * anomaly marks. Virtualised, so ten thousand series scroll as smoothly as ten.
 * `compact` is the timeline's sidebar; the full form is the Explorer.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { forwardRef, useImperativeHandle, useMemo, useRef, useState } from 'react';
import type { AnomalyInfo, SeriesInfo } from '../../../core/api/contract';
import { fmtCount, fmtLabels } from '../format';
import { useSeriesNames } from '../hooks/useSeriesNames';
import { useSeriesSearch } from '../hooks/useSeriesSearch';
import { sortGroups, sortSeries, type SeriesSort } from '../seriesSort';
import { useSparklines } from '../hooks/useSparklines';
import { ErrorNote } from './ErrorNote';
import { Sparkline } from './Sparkline';
import { SearchInput } from './SearchInput';
import { SeriesName } from './SeriesName';

export type { SeriesSort } from '../seriesSort';

export interface SeriesBrowserProps {
  compact?: boolean;
  dataVersion: number;
  epoch: number;
  range: { first: number | null; last: number | null };
  selected: number[];
  anomalies: Map<number, AnomalyInfo[]>;
  onPick(s: SeriesInfo): void;
  /** Double-click / Enter: open on the timeline. */
  onOpen?(s: SeriesInfo): void;
}

export interface SeriesBrowserHandle {
  focusSearch(): void;
  /** The series listed now (after search), in the order shown. */
  listed(): SeriesInfo[];
}

type Row = { kind: 'group'; service: string; count: number; anomalous: number } | { kind: 'series'; s: SeriesInfo };

const score = (s: SeriesInfo): number => s.anomalyScore ?? 0;

export const SeriesBrowser = forwardRef<SeriesBrowserHandle, SeriesBrowserProps>(function SeriesBrowser(p, handle) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SeriesSort>('anomalous');
  const [grouped, setGrouped] = useState(true);
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const search = useRef<HTMLInputElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const { series, error, loading } = useSeriesSearch(query);
  const names = useSeriesNames();

  const rows = useMemo<Row[]>(() => {
    const sorted = sortSeries(series, sort, names.label);
    if (!grouped) return sorted.map((s) => ({ kind: 'series', s }));
    const groups = new Map<string, SeriesInfo[]>();
    for (const s of sorted) {
      const k = s.service ?? '(no service)';
      const g = groups.get(k);
      if (g) g.push(s);
      else groups.set(k, [s]);
    }
    const out: Row[] = [];
    for (const [service, list] of sortGroups(groups, sort)) {
      out.push({ kind: 'group', service, count: list.length, anomalous: list.filter((s) => (s.anomalies ?? 0) > 0).length });
      if (!collapsed.has(service)) for (const s of list) out.push({ kind: 'series', s });
    }
    return out;
  }, [series, sort, grouped, collapsed, names]);
  useImperativeHandle(
    handle,
    () => ({
      focusSearch: () => search.current?.focus(),
      listed: () => rows.flatMap((r) => (r.kind === 'series' ? [r.s] : [])),
    }),
    [rows],
  );

  const rowHeight = p.compact ? 44 : 46;
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (rows[i].kind === 'group' ? 28 : rowHeight),
    overscan: 6,
  });
  const items = virtual.getVirtualItems();
  const visibleIds = items.map((it) => rows[it.index]).flatMap((r) => (r?.kind === 'series' ? [r.s.id] : []));
  const sparkWidth = p.compact ? 72 : 320;
  const sparks = useSparklines(visibleIds, {
    from: p.range.first,
    to: p.range.last === null ? null : p.range.last + 1,
    width: p.compact ? 72 : 160,
    dataVersion: p.dataVersion,
  });

  const toggleGroup = (service: string): void =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(service)) next.delete(service);
      else next.add(service);
      return next;
    });

  return (
    <div className={`series-browser ${p.compact ? 'compact' : 'full'}`}>
      <div className="browser-tools">
        <SearchInput
          ref={search}
          value={query}
          onChange={setQuery}
          placeholder="Search series: name, service, label=value"
          label="Search series"
        />
        <div className="browser-options">
          <span className="muted" data-testid="series-count">
            {loading ? 'searching…' : `${series.length} series`}
          </span>
          <span className="spacer" />
          <label className="inline">
            <input type="checkbox" checked={grouped} onChange={(e) => setGrouped(e.target.checked)} /> by service
          </label>
          <select value={sort} onChange={(e) => setSort(e.target.value as SeriesSort)} aria-label="Sort series">
            <option value="anomalous">{p.compact ? 'Anomalous first' : 'Most anomalous first'}</option>
            <option value="name">By name</option>
          </select>
        </div>
      </div>
      <ErrorNote error={error} what="Series" />
      <div className="series-scroll" ref={scroller}>
        {!loading && !series.length && (
          <div className="muted pad">{query.trim() ? `No series match “${query}”.` : 'No series in this workspace yet.'}</div>
        )}
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {items.map((it) => {
            const row = rows[it.index];
            const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, height: it.size, transform: `translateY(${it.start}px)` };
            if (row.kind === 'group') {
              return (
                <button key={`g:${row.service}`} className="group-head" style={style} onClick={() => toggleGroup(row.service)}>
                  <span className="caret">{collapsed.has(row.service) ? '▸' : '▾'}</span>
                  {row.service}
                  <span className="muted"> · {row.count}</span>
                  {row.anomalous > 0 && <span className="badge bad">{row.anomalous} anomalous</span>}
                </button>
              );
            }
            const s = row.s;
            const label = names.label(s);
            const unit = names.unit(s.id, s.name);
            const b = sparks.get(s.id);
            const marks = p.anomalies.get(s.id);
            const isSel = p.selected.includes(s.id);
            return (
              <div key={s.id} style={style} className="series-row">
                <button
                  className={`series-item ${isSel ? 'selected' : ''}`}
                  onClick={() => p.onPick(s)}
                  onDoubleClick={() => p.onOpen?.(s)}
                  onKeyDown={(e) => e.key === 'Enter' && p.onOpen && (e.preventDefault(), p.onOpen(s))}
                  title={`${s.name} ${fmtLabels(s.labels)}${unit ? ` (${unit})` : ''}${isSel ? ' (on the timeline: click to remove)' : ''}`}
                  aria-pressed={isSel}
                  data-testid="series-item"
                >
                  {!p.compact && <span className="check">{isSel ? '✓' : ''}</span>}
                  <span className="series-text">
                    <SeriesName label={label} />
                    <span className="series-meta">
                      {[grouped ? null : s.service, unit, fmtLabels(s.labels, ['service', 'job', '__name__', 'quantile'])].filter(Boolean).join(' · ')}
                      {!p.compact && ` · ${fmtCount(s.count)} pts`}
                    </span>
                  </span>
                  {(s.anomalies ?? 0) > 0 && (
                    <span className="badge bad" title={`${s.anomalies} open anomalies, worst score ${score(s).toFixed(2)}`}>
                      {s.anomalies}
                    </span>
                  )}
                  <span className="spark-cell" style={{ width: sparkWidth }}>
                    {b && p.range.first !== null && p.range.last !== null ? (
                      <Sparkline
                        t={b.t}
                        min={b.min}
                        max={b.max}
                        avg={b.avg}
                        from={p.range.first}
                        to={p.range.last}
                        width={sparkWidth}
                        height={p.compact ? 22 : 30}
                        marks={marks}
                      />
                    ) : (
                      <span className="spark-placeholder" />
                    )}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
});
