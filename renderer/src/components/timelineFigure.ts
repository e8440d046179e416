/**
 * Builds the timeline's Plotly figure (pure: data in, traces and layout out). Layout from the top:
 * an events strip (deploys, config changes, alerts), one panel per series (min/max envelope, average
 * line, expected band, anomaly ranges shaded), and the log-pattern strip, all on one x axis.
 * Times go to Plotly as wall-clock ms in the chosen zone (Plotly draws date axes as UTC).
 * All text from imported data is HTML-escaped: Plotly renders hover and annotation text as HTML.
 */
import type { Layout, PlotData } from 'plotly.js-dist-min';
import type { AnomalyInfo, EventInfo, PatternStrip, SeriesBand, SeriesBuckets, SeriesInfo } from '../../../core/api/contract';
import { escapeHtml, fmtLabels, fmtValue } from '../format';
import type { TimeRange } from '../nav';
import { fmtDuration, fmtRange, fmtTime, toWall } from '../time';

export const COLORS = ['#4fa3ff', '#f5a524', '#2fbf71', '#e5484d', '#a78bfa', '#14b8a6', '#f472b6', '#eab308'];

export const EVENT_STYLE: Record<string, { color: string; symbol: string; label: string; row: number }> = {
  deploy: { color: '#a78bfa', symbol: 'triangle-down', label: 'Deploy', row: 0.72 },
  config: { color: '#14b8a6', symbol: 'diamond', label: 'Config change', row: 0.72 },
  alert: { color: '#e5484d', symbol: 'square', label: 'Alert', row: 0.28 },
  incident: { color: '#f97316', symbol: 'star', label: 'Incident', row: 0.28 },
};

const SEVERITY_FILL: Record<string, string> = {
  high: 'rgba(229,72,77,0.24)',
  medium: 'rgba(245,130,36,0.20)',
  low: 'rgba(234,179,8,0.16)',
};

/** Plot margins in px; the brush and the crosshair map pixels to time with these. */
export const MARGIN = { l: 64, r: 16, t: 8, b: 34 };
const STRIP_PX = 34;
const TITLE_PX = 22;
const LOG_ROW_PX = 13;

export interface FigureInput {
  series: SeriesInfo[];
  buckets: Map<number, SeriesBuckets>;
  bands: Map<number, SeriesBand>;
  events: EventInfo[];
  anomalies: AnomalyInfo[];
  strip: PatternStrip | null;
  window: TimeRange;
  selection: TimeRange | null;
  zone: string;
  theme: 'dark' | 'light';
  /** Height available for the figure, px. */
  height: number;
}

/** Where the log-pattern strip sits (px from the figure's top), for the overlay's tooltip and clicks. */
export interface StripBox {
  top: number;
  rowPx: number;
  strip: PatternStrip;
  /** Bucket length, ms. */
  step: number;
}

export interface Figure {
  data: PlotData[];
  layout: Layout;
  /** Points drawn for series (both envelope edges). */
  points: number;
  strip: StripBox | null;
}

function panelHeight(n: number, avail: number, logsPx: number): number {
  const fixed = MARGIN.t + MARGIN.b + STRIP_PX + logsPx + TITLE_PX * n;
  return Math.max(90, Math.min(260, Math.floor((avail - fixed) / Math.max(1, n))));
}

export function buildFigure(inp: FigureInput): Figure {
  const { series, zone } = inp;
  const dark = inp.theme === 'dark';
  const ink = dark ? '#c9d1d9' : '#24292f';
  const muted = dark ? '#8b949e' : '#59636e';
  const grid = dark ? '#262c34' : '#e8eaed';
  const bandFill = dark ? 'rgba(139,148,158,0.20)' : 'rgba(89,99,110,0.14)';
  const wall = (ms: number): number => toWall(ms, zone);
  const n = series.length;
  const patterns = inp.strip?.patterns ?? [];
  const logsPx = patterns.length ? TITLE_PX + LOG_ROW_PX * patterns.length : 0;
  const panel = panelHeight(n, inp.height, logsPx);
  const height = MARGIN.t + MARGIN.b + STRIP_PX + n * (TITLE_PX + panel) + logsPx;
  const paper = height - MARGIN.t - MARGIN.b;
  const frac = (pxFromTop: number): number => Math.max(0, Math.min(1, 1 - pxFromTop / paper));

  const traces: PlotData[] = [];
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  const bottomAxis = patterns.length ? `y${n + 2}` : n ? `y${n + 1}` : 'y';
  const layout: Layout = {
    height,
    margin: MARGIN,
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { color: ink, size: 11 },
    showlegend: false,
    hovermode: 'x unified',
    hoversubplots: 'axis',
    hoverlabel: { bgcolor: dark ? '#1c2128' : '#ffffff', bordercolor: dark ? '#2a3038' : '#d0d7de', font: { color: ink, size: 11 } },
    dragmode: 'zoom',
    uirevision: 'timeline',
    xaxis: {
      type: 'date',
      gridcolor: grid,
      linecolor: grid,
      anchor: bottomAxis,
      range: [wall(inp.window.from), wall(inp.window.to)],
      autorange: false,
      hoverformat: '%Y-%m-%d %H:%M:%S',
      tickfont: { size: 10, color: muted },
    },
    yaxis: {
      domain: [frac(STRIP_PX), 1],
      range: [0, 1],
      fixedrange: true,
      showticklabels: false,
      showgrid: false,
      zeroline: false,
    },
    shapes,
    annotations,
  };
  const axes = layout as Record<string, unknown>;
  annotations.push({
    text: 'events',
    xref: 'paper',
    yref: 'paper',
    x: 0,
    xanchor: 'right',
    xshift: -6,
    y: frac(STRIP_PX / 2),
    yanchor: 'middle',
    showarrow: false,
    font: { size: 10, color: muted },
  });

  // ---- series panels. Each panel's y range is computed here (not autoranged) so that deploy lines
  // and anomaly ranges can be drawn as ordinary traces in data units: traces redraw far faster than
  // layout shapes, which matters for the redraw after every zoom and pan.
  let points = 0;
  const services = new Set(series.map((s) => s.service).filter((x): x is string => !!x));
  const inWindow = inp.events.filter((e) => (e.endTs ?? e.ts) >= inp.window.from && e.ts <= inp.window.to);
  const marks = inWindow.filter((e) => (e.kind === 'deploy' || e.kind === 'config') && (!e.service || services.has(e.service)));
  series.forEach((s, i) => {
    const top = STRIP_PX + i * (TITLE_PX + panel) + TITLE_PX;
    const axis = `y${i + 2}`;
    const color = COLORS[i % COLORS.length];
    const b = inp.buckets.get(s.id);
    const band = inp.bands.get(s.id);
    const [lo, hi] = yRange([b?.min, b?.max, band?.lower, band?.upper]);
    axes[`yaxis${i + 2}`] = {
      domain: [frac(top + panel), frac(top)],
      range: [lo, hi],
      autorange: false,
      gridcolor: grid,
      zeroline: false,
      fixedrange: true,
      nticks: panel > 150 ? 6 : 4,
      tickfont: { size: 10, color: muted },
      automargin: false,
    };
    const mine = inp.anomalies.filter((a) => a.seriesId === s.id && a.end >= inp.window.from && a.start <= inp.window.to);
    annotations.push({
      text:
        `<b>${escapeHtml(s.name)}</b>  <span style="color:${muted}">${escapeHtml(fmtLabels(s.labels, ['__name__']))}</span>` +
        (s.unit ? `  <span style="color:${muted}">(${escapeHtml(s.unit)})</span>` : '') +
        (mine.length ? `  <span style="color:#e5484d">● ${mine.length} anomal${mine.length === 1 ? 'y' : 'ies'} in view</span>` : ''),
      xref: 'paper',
      yref: 'paper',
      x: 0,
      y: frac(top),
      xanchor: 'left',
      yanchor: 'bottom',
      showarrow: false,
      font: { size: 11, color: ink },
    });

    // Anomaly ranges, shaded under everything (one polygon trace per severity).
    for (const sev of ['low', 'medium', 'high'] as const) {
      const list = mine.filter((a) => a.severity === sev);
      if (!list.length) continue;
      const x: (number | null)[] = [];
      const y: (number | null)[] = [];
      for (const a of list) {
        const x0 = wall(a.start);
        const x1 = wall(Math.max(a.end, a.start + 60_000));
        x.push(x0, x1, x1, x0, x0, null);
        y.push(lo, lo, hi, hi, lo, null);
      }
      traces.push({
        type: 'scatter',
        mode: 'lines',
        name: 'anomaly-area',
        x,
        y,
        xaxis: 'x',
        yaxis: axis,
        fill: 'toself',
        fillcolor: SEVERITY_FILL[sev],
        line: { width: 0 },
        hoverinfo: 'skip',
        customdata: list.map((a) => [a.start, a.end]),
      });
    }

    if (band && band.t.length) {
      const bx = band.t.map(wall);
      traces.push(
        { type: 'scatter', mode: 'lines', x: bx, y: band.lower, xaxis: 'x', yaxis: axis, line: { width: 0 }, hoverinfo: 'skip', name: 'band-lower' },
        {
          type: 'scatter',
          mode: 'lines',
          x: bx,
          y: band.upper,
          xaxis: 'x',
          yaxis: axis,
          line: { width: 0 },
          fill: 'tonexty',
          fillcolor: bandFill,
          hoverinfo: 'skip',
          name: 'band-upper',
        },
        {
          type: 'scatter',
          mode: 'lines',
          x: bx,
          y: band.expected,
          xaxis: 'x',
          yaxis: axis,
          line: { width: 1, dash: 'dot', color: muted },
          name: 'expected',
          hovertemplate: 'expected %{y:.4g}<extra></extra>',
        },
      );
    }

    if (b && b.t.length) {
      const x = b.t.map(wall);
      points += 2 * b.t.length;
      const custom = b.t.map((_, k) => [b.min[k], b.max[k]]);
      traces.push(
        {
          type: 'scatter',
          mode: 'lines',
          x,
          y: b.min,
          xaxis: 'x',
          yaxis: axis,
          line: { width: 0.5, color },
          hoverinfo: 'skip',
          name: 'min',
          opacity: 0.6,
        },
        {
          type: 'scatter',
          mode: 'lines',
          x,
          y: b.max,
          xaxis: 'x',
          yaxis: axis,
          line: { width: 0.5, color },
          fill: 'tonexty',
          fillcolor: `${color}40`,
          hoverinfo: 'skip',
          name: 'max',
          opacity: 0.6,
        },
        {
          type: 'scatter',
          mode: 'lines',
          name: s.name,
          x,
          y: b.avg,
          xaxis: 'x',
          yaxis: axis,
          line: { color, width: 1.3 },
          customdata: custom,
          hovertemplate: `<b>%{y:.4g}</b> (min %{customdata[0]:.4g}, max %{customdata[1]:.4g})<extra>${escapeHtml(shortName(s))}</extra>`,
          connectgaps: false,
        },
      );
    }

    // Deploys and config changes of the charted services, as lines through the panel.
    for (const kind of ['deploy', 'config']) {
      const list = marks.filter((e) => e.kind === kind);
      if (!list.length) continue;
      traces.push({
        type: 'scatter',
        mode: 'lines',
        name: `${kind}-lines`,
        x: list.flatMap((e) => [wall(e.ts), wall(e.ts), null]),
        y: list.flatMap(() => [lo, hi, null]),
        xaxis: 'x',
        yaxis: axis,
        line: { color: EVENT_STYLE[kind].color, width: 1.2, dash: 'dot' },
        hoverinfo: 'skip',
      });
    }

    if (mine.length) {
      traces.push({
        type: 'scatter',
        mode: 'markers',
        name: 'Anomaly',
        x: mine.map((a) => wall(a.peakTs)),
        y: mine.map((a) => a.peakValue),
        xaxis: 'x',
        yaxis: axis,
        marker: { color: '#e5484d', size: 7, symbol: 'circle-open', line: { width: 2 } },
        text: mine.map(
          (a) =>
            `anomaly · ${a.severity} · ${a.sigmas.toFixed(1)}σ ${a.direction}<br>` +
            `${fmtRange(a.start, a.end, zone)} (${fmtDuration(a.end - a.start)})` +
            `<br>peak ${fmtValue(a.peakValue)} vs expected ${fmtValue(a.expected)}`,
        ),
        hovertemplate: '%{text}<extra></extra>',
      });
    }
  });

  // ---- events strip: markers with tooltips; alerts and other ranged events as bars
  for (const kind of Object.keys(EVENT_STYLE)) {
    const list = inWindow.filter((e) => e.kind === kind);
    if (!list.length) continue;
    const st = EVENT_STYLE[kind];
    const spans = list.filter((e) => e.endTs && e.endTs > e.ts);
    if (spans.length) {
      traces.push({
        type: 'scatter',
        mode: 'lines',
        name: `${kind}-spans`,
        x: spans.flatMap((e) => [wall(e.ts), wall(e.endTs as number), null]),
        y: spans.flatMap(() => [st.row, st.row, null]),
        xaxis: 'x',
        yaxis: 'y',
        line: { color: st.color, width: 3 },
        opacity: 0.6,
        hoverinfo: 'skip',
      });
    }
    traces.push({
      type: 'scatter',
      mode: 'markers',
      name: st.label,
      x: list.map((e) => wall(e.ts)),
      y: list.map(() => st.row),
      xaxis: 'x',
      yaxis: 'y',
      marker: { color: st.color, symbol: st.symbol, size: 10, line: { width: 1, color: dark ? '#0f1216' : '#ffffff' } },
      text: list.map(
        (e) =>
          `<b>${st.label}</b>${e.service ? ` · ${escapeHtml(e.service)}` : ''}` +
          `${e.severity ? ` · ${escapeHtml(e.severity)}` : ''}<br>` +
          `${escapeHtml(truncate(e.title, 120))}<br>${fmtTime(e.ts, zone, { seconds: true })}` +
          (e.endTs ? ` · lasted ${fmtDuration(e.endTs - e.ts)}` : ''),
      ),
      customdata: list.map((e) => e.id),
      hovertemplate: '%{text}<extra></extra>',
    });
  }

  // ---- log-pattern strip: one row per pattern, each row scaled to its own busiest bucket so a
  // burst or a pattern that is new in the window stands out even next to a chatty one.
  let stripBox: StripBox | null = null;
  if (patterns.length && inp.strip) {
    const strip = inp.strip;
    const top = STRIP_PX + n * (TITLE_PX + panel) + TITLE_PX;
    axes[`yaxis${n + 2}`] = {
      domain: [frac(top + LOG_ROW_PX * patterns.length), frac(top)],
      fixedrange: true,
      showticklabels: false,
      showgrid: false,
      zeroline: false,
      autorange: 'reversed',
    };
    annotations.push({
      text: `log patterns · top ${patterns.length} (hover for the pattern, click for its lines)`,
      xref: 'paper',
      yref: 'paper',
      x: 0,
      y: frac(top),
      xanchor: 'left',
      yanchor: 'bottom',
      showarrow: false,
      font: { size: 11, color: ink },
    });
    const step = strip.t.length > 1 ? strip.t[1] - strip.t[0] : inp.window.to - inp.window.from;
    stripBox = { top: MARGIN.t + top, rowPx: LOG_ROW_PX, strip, step };
    traces.push({
      type: 'heatmap',
      name: 'log patterns',
      x: strip.t.map((t) => wall(t + step / 2)),
      y: patterns.map((_, k) => k),
      z: patterns.map((p) => {
        const max = Math.max(1, ...p.counts);
        return p.counts.map((c) => (c > 0 ? 0.15 + (0.85 * c) / max : null));
      }),
      hoverinfo: 'skip',
      xaxis: 'x',
      yaxis: `y${n + 2}`,
      colorscale: [
        [0, dark ? 'rgba(79,163,255,0.12)' : 'rgba(9,105,218,0.06)'],
        [0.6, dark ? 'rgba(79,163,255,0.6)' : 'rgba(9,105,218,0.38)'],
        [1, dark ? '#f5a524' : '#cf6a00'],
      ],
      zmin: 0,
      zmax: 1,
      showscale: false,
      xgap: 0,
      ygap: 1,
    });
  }

  // ---- selection
  if (inp.selection) {
    shapes.push({
      type: 'rect',
      name: 'selection',
      xref: 'x',
      yref: 'paper',
      x0: wall(inp.selection.from),
      x1: wall(inp.selection.to),
      y0: 0,
      y1: 1,
      fillcolor: dark ? 'rgba(79,163,255,0.10)' : 'rgba(9,105,218,0.08)',
      line: { color: dark ? '#4fa3ff' : '#0969da', width: 1, dash: 'dash' },
      layer: 'below',
    });
  }
  return { data: traces, layout, points, strip: stripBox };
}

/** A y range holding every finite value given, padded 6 %; [0, 1] when there is none. */
export function yRange(arrays: (number[] | undefined)[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const arr of arrays) {
    if (!arr) continue;
    for (const v of arr) {
      if (v === null || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (hi === lo) return [lo - (Math.abs(lo) || 1) * 0.1, hi + (Math.abs(hi) || 1) * 0.1];
  const pad = (hi - lo) * 0.06;
  return [lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad];
}

function shortName(s: SeriesInfo): string {
  return s.service ? `${s.service} · ${s.name}` : s.name;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
