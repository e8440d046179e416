/**
 * The timeline: one panel per chosen series on a shared UTC time axis, with deploys, config
 * changes and alerts as markers (tooltips on the strip above). Data is always read downsampled to
 * the viewport (min/max per pixel bucket), and re-read after every zoom or pan.
 */
import type { Layout, PlotData, PlotlyHTMLElement } from 'plotly.js-dist-min';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EventInfo, SeriesBuckets, SeriesInfo } from '../../../core/api/contract';
import { api } from '../api';
import { fmtLabels } from '../format';
import { Plot } from './Plot';

export interface TimelineProps {
  series: SeriesInfo[];
  dataVersion: number;
  theme: 'dark' | 'light';
}

const COLORS = ['#4fa3ff', '#f5a524', '#2fbf71', '#e5484d', '#a78bfa', '#14b8a6', '#f472b6', '#eab308'];
const EVENT_STYLE: Record<string, { color: string; symbol: string; label: string }> = {
  deploy: { color: '#a78bfa', symbol: 'triangle-down', label: 'Deploy' },
  config: { color: '#14b8a6', symbol: 'diamond', label: 'Config change' },
  alert: { color: '#e5484d', symbol: 'square', label: 'Alert' },
  incident: { color: '#f97316', symbol: 'star', label: 'Incident' },
};

/** Plotly reports ranges as 'YYYY-MM-DD HH:MM:SS.sss' in the axis' (UTC) time. */
function parseAxisTime(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = String(v).trim().replace(' ', 'T');
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);
}

let firstChartMarked = false;

export function Timeline({ series, dataVersion, theme }: TimelineProps) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(1000);
  const [view, setView] = useState<[number, number] | null>(null);
  const [buckets, setBuckets] = useState<SeriesBuckets[]>([]);
  const [events, setEvents] = useState<EventInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const ids = useMemo(() => series.map((s) => s.id), [series]);
  const requestKey = `${ids.join(',')}|${view?.join('-') ?? 'all'}|${width}|${dataVersion}`;
  const [loadedKey, setLoadedKey] = useState('');
  const loading = ids.length > 0 && loadedKey !== requestKey;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(300, Math.floor(el.clientWidth))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (!ids.length) return;
    let stale = false;
    const t0 = performance.now();
    const range = view ? { from: view[0], to: view[1] } : {};
    Promise.all([
      api.invoke('series/range', { ids, width: Math.min(4000, Math.max(100, width - 80)), ...range }),
      api.invoke('events/list', { ...range, limit: 5000 }),
    ])
      .then(([r, ev]) => {
        if (stale) return;
        performance.measure('hindsight:fetch', { start: t0 });
        setBuckets(r.series);
        setEvents(ev.filter((e) => e.kind in EVENT_STYLE));
        setError(null);
      })
      .catch((e: Error) => !stale && setError(e.message))
      .finally(() => !stale && setLoadedKey(requestKey));
    return () => {
      stale = true;
    };
  }, [ids, view, width, dataVersion, requestKey]);

  const { data, layout, points } = useMemo(() => {
    const n = series.length;
    const ink = theme === 'dark' ? '#c9d1d9' : '#24292f';
    const grid = theme === 'dark' ? '#2a3038' : '#e5e7eb';
    const strip = 0.07;
    const gap = 0.05;
    const panel = (1 - strip - gap * n) / Math.max(1, n);
    const traces: PlotData[] = [];
    const layout: Layout = {
      height: Math.max(320, 70 + 190 * n),
      margin: { l: 70, r: 20, t: 10, b: 40 },
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      font: { color: ink, size: 11 },
      showlegend: false,
      hovermode: 'closest',
      dragmode: 'zoom',
      uirevision: 'timeline',
      xaxis: {
        type: 'date',
        gridcolor: grid,
        anchor: `y${n + 1}`,
        title: { text: 'time (UTC)', font: { size: 11 } },
        ...(view ? { range: [view[0], view[1]], autorange: false } : { autorange: true }),
      },
      yaxis: { domain: [1 - strip, 1], range: [0, 1], fixedrange: true, showticklabels: false, showgrid: false, zeroline: false },
      shapes: [] as unknown[],
      annotations: [] as unknown[],
    };
    let total = 0;
    series.forEach((s, i) => {
      const b = buckets.find((x) => x.id === s.id);
      const top = 1 - strip - gap - i * (panel + gap);
      const axis = `y${i + 2}`;
      (layout as Record<string, unknown>)[`yaxis${i + 2}`] = {
        domain: [Math.max(0, top - panel), top],
        gridcolor: grid,
        zeroline: false,
        title: { text: s.unit ?? '', font: { size: 10 } },
      };
      (layout.annotations as unknown[]).push({
        text: `<b>${escapeHtml(s.name)}</b> ${escapeHtml(fmtLabels(s.labels))}`,
        xref: 'paper',
        yref: 'paper',
        x: 0,
        y: top,
        xanchor: 'left',
        yanchor: 'bottom',
        showarrow: false,
        font: { size: 11, color: ink },
      });
      if (!b) return;
      const x: number[] = [];
      const y: number[] = [];
      for (let k = 0; k < b.t.length; k++) {
        x.push(b.t[k], b.t[k]);
        y.push(b.min[k], b.max[k]);
      }
      total += b.t.length;
      traces.push({
        type: x.length > 2000 ? 'scattergl' : 'scatter',
        mode: 'lines',
        name: s.name,
        x,
        y,
        xaxis: 'x',
        yaxis: axis,
        line: { color: COLORS[i % COLORS.length], width: 1 },
        hovertemplate: `%{y:.4g}<extra>${escapeHtml(s.name)}</extra>`,
      });
    });
    const services = new Set(series.map((s) => s.service).filter((x): x is string => !!x));
    for (const kind of Object.keys(EVENT_STYLE)) {
      const list = events.filter((e) => e.kind === kind);
      if (!list.length) continue;
      const st = EVENT_STYLE[kind];
      traces.push({
        type: 'scatter',
        mode: 'markers',
        name: st.label,
        x: list.map((e) => e.ts),
        y: list.map(() => 0.5),
        xaxis: 'x',
        yaxis: 'y',
        marker: { color: st.color, symbol: st.symbol, size: 10 },
        text: list.map((e) => `${st.label}${e.service ? ` · ${e.service}` : ''}<br>${escapeHtml(e.title)}`),
        hovertemplate: '%{text}<br>%{x}<extra></extra>',
      });
      for (const e of list) {
        if (kind === 'alert' || kind === 'incident') {
          (layout.shapes as unknown[]).push({
            type: 'rect',
            xref: 'x',
            yref: 'paper',
            x0: e.ts,
            x1: e.endTs ?? e.ts + 60_000,
            y0: 0,
            y1: 1,
            fillcolor: st.color,
            opacity: 0.07,
            line: { width: 0 },
            layer: 'below',
          });
        } else if (!e.service || services.has(e.service)) {
          // Lines through the panels only for the charted services; every marker stays on the strip.
          (layout.shapes as unknown[]).push({
            type: 'line',
            xref: 'x',
            yref: 'paper',
            x0: e.ts,
            x1: e.ts,
            y0: 0,
            y1: 1,
            line: { color: st.color, width: 1, dash: 'dot' },
            opacity: 0.8,
          });
        }
      }
    }
    return { data: traces, layout, points: total };
  }, [series, buckets, events, view, theme]);

  const onRelayout = useCallback((e: Record<string, unknown>) => {
    if (e['xaxis.autorange']) {
      setView(null);
      return;
    }
    const a = e['xaxis.range[0]'] ?? (e['xaxis.range'] as unknown[] | undefined)?.[0];
    const b = e['xaxis.range[1]'] ?? (e['xaxis.range'] as unknown[] | undefined)?.[1];
    if (a === undefined || b === undefined) return;
    const from = parseAxisTime(a);
    const to = parseAxisTime(b);
    if (Number.isFinite(from) && Number.isFinite(to) && to > from) setView([from, to]);
  }, []);

  const onDrawn = useCallback(
    (gd: PlotlyHTMLElement) => {
      if (points > 0 && !firstChartMarked) {
        firstChartMarked = true;
        performance.mark('hindsight:first-chart');
      }
      gd.dataset.points = String(points);
      // Which request's data is on screen: benchmarks and tests wait on this, not on sleeps.
      gd.dataset.loaded = loadedKey;
    },
    [points, loadedKey],
  );

  return (
    <div className="timeline" ref={box}>
      <div className="timeline-bar">
        <span className="zone-badge" title="All times are shown in UTC">
          UTC
        </span>
        {view && (
          <button className="ghost" onClick={() => setView(null)}>
            Reset zoom
          </button>
        )}
        {loading && <span className="muted">loading…</span>}
        {error && <span className="error">{error}</span>}
        <span className="muted legend">
          {Object.values(EVENT_STYLE).map((s) => (
            <span key={s.label} className="legend-item">
              <i style={{ background: s.color }} /> {s.label}
            </span>
          ))}
        </span>
      </div>
      {series.length === 0 ? (
        <div className="empty">Pick series on the left to draw them here. Drag to zoom, double-click to reset.</div>
      ) : (
        <Plot data={data} layout={layout} onRelayout={onRelayout} onDrawn={onDrawn} testId="timeline-plot" className="plot" />
      )}
    </div>
  );
}

/** Plotly renders annotation and hover text as HTML: imported text must go in as text. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
