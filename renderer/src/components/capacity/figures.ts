/**
 * The Capacity view's two charts as Plotly figures (pure: data in, traces and layout out): a resource's
 * hourly history, its forecast band and its limit line; and a service's load → latency points with the
 * fitted curve, its knee, the SLO and the capacity at the SLO.
 */
import type { Layout, PlotData } from 'plotly.js-basic-dist-min';
import type { CapacityResource, ServiceLoadModel } from '../../../../core/api/contract';
import { toWall } from '../../time';

export interface ChartColours {
  ink: string;
  muted: string;
  grid: string;
  line: string;
  band: string;
  limit: string;
}

export function chartColours(dark: boolean): ChartColours {
  return dark
    ? { ink: '#c9d1d9', muted: '#8b949e', grid: '#262c34', line: '#4fa3ff', band: 'rgba(79,163,255,0.18)', limit: '#e5484d' }
    : { ink: '#24292f', muted: '#59636e', grid: '#e8eaed', line: '#0969da', band: 'rgba(9,105,218,0.14)', limit: '#cf222e' };
}

const baseLayout = (c: ChartColours, height: number): Layout => ({
  height,
  margin: { l: 64, r: 16, t: 8, b: 36 },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: 'rgba(0,0,0,0)',
  font: { color: c.ink, size: 11 },
  showlegend: false,
  hovermode: 'x unified',
});

/** History, forecast with its interval band, and the limit as a dashed line (times as wall clock in `zone`). */
export function runwayFigure(r: CapacityResource, zone: string, c: ChartColours, height = 260): { data: PlotData[]; layout: Layout } {
  const wall = (t: number): number => toWall(t, zone);
  const ft = r.forecast.t.map(wall);
  const data: PlotData[] = [
    { type: 'scatter', mode: 'lines', name: 'history', x: r.history.t.map(wall), y: r.history.v, line: { color: c.line, width: 1.5 } },
    { type: 'scatter', mode: 'lines', name: 'lower', x: ft, y: r.forecast.lower, line: { width: 0 }, hoverinfo: 'skip' },
    { type: 'scatter', mode: 'lines', name: 'forecast interval', x: ft, y: r.forecast.upper, fill: 'tonexty', fillcolor: c.band, line: { width: 0 }, hoverinfo: 'skip' },
    { type: 'scatter', mode: 'lines', name: 'forecast', x: ft, y: r.forecast.value, line: { color: c.line, width: 1.5, dash: 'dot' } },
  ];
  const xs = [...r.history.t, ...r.forecast.t];
  if (r.limit !== null && xs.length) {
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: 'limit',
      x: [wall(Math.min(...xs)), wall(Math.max(...xs))],
      y: [r.limit, r.limit],
      line: { color: c.limit, width: 1.5, dash: 'dash' },
    });
  }
  // The limit and the history set the scale: a forecast running far past the limit is cut at the top.
  const seen = [...r.history.v, ...(r.limit !== null ? [r.limit] : r.forecast.upper)].filter(Number.isFinite);
  const top = seen.length ? Math.max(...seen) * 1.15 : 1;
  const layout: Layout = {
    ...baseLayout(c, height),
    xaxis: { type: 'date', gridcolor: c.grid, tickfont: { size: 10, color: c.muted } },
    yaxis: { range: [0, top], gridcolor: c.grid, tickfont: { size: 10, color: c.muted }, zeroline: false },
  };
  return { data, layout };
}

/** Observed load/latency points, the fitted curve, the knee and the SLO with the capacity it implies. */
export function loadCurveFigure(m: ServiceLoadModel, c: ChartColours, height = 260): { data: PlotData[]; layout: Layout } {
  const finite = m.curve.latency.map((l, i) => (Number.isFinite(l) ? i : -1)).filter((i) => i >= 0);
  const curveX = finite.map((i) => m.curve.load[i]);
  const curveY = finite.map((i) => m.curve.latency[i]);
  const xMax = Math.max(...curveX, ...m.points.load, m.capacityPerReplica) * 1.05;
  const yMax = Math.min(Math.max(...m.points.latency, m.sloSeconds) * 2, Math.max(...curveY, m.sloSeconds) * 1.05);
  const data: PlotData[] = [
    { type: 'scatter', mode: 'markers', name: 'observed (5 min)', x: m.points.load, y: m.points.latency, marker: { size: 4, color: c.muted, opacity: 0.5 } },
    { type: 'scatter', mode: 'lines', name: `${m.kind === 'usl' ? 'USL' : 'open queue'} fit`, x: curveX, y: curveY, line: { color: c.line, width: 2 } },
    { type: 'scatter', mode: 'lines', name: 'SLO', x: [0, xMax], y: [m.sloSeconds, m.sloSeconds], line: { color: c.limit, width: 1.5, dash: 'dash' } },
  ];
  if (Number.isFinite(m.knee)) {
    data.push({ type: 'scatter', mode: 'markers+text', name: 'knee', x: [m.knee], y: [interpolate(curveX, curveY, m.knee)], text: ['knee'], textposition: 'top left', marker: { size: 9, color: c.line, symbol: 'diamond' } });
  }
  data.push({ type: 'scatter', mode: 'markers+text', name: 'capacity at SLO', x: [m.capacityPerReplica], y: [m.sloSeconds], text: ['capacity'], textposition: 'bottom right', marker: { size: 9, color: c.limit } });
  const layout: Layout = {
    ...baseLayout(c, height),
    hovermode: 'closest',
    xaxis: { title: { text: 'load per replica (requests/s)', font: { size: 10 } }, range: [0, xMax], gridcolor: c.grid, tickfont: { size: 10, color: c.muted }, zeroline: false },
    yaxis: { title: { text: 'p95 latency (s)', font: { size: 10 } }, range: [0, yMax], gridcolor: c.grid, tickfont: { size: 10, color: c.muted }, zeroline: false },
  };
  return { data, layout };
}

/** Linear interpolation of y at x on an ascending x grid. */
export function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  if (!xs.length) return NaN;
  if (x <= xs[0]) return ys[0];
  for (let i = 1; i < xs.length; i++) {
    if (x <= xs[i]) return ys[i - 1] + ((ys[i] - ys[i - 1]) * (x - xs[i - 1])) / (xs[i] - xs[i - 1]);
  }
  return ys[ys.length - 1];
}

/** Hours as the runway column shows them. */
export function fmtRunway(hours: number | null): string {
  if (hours === null) return '—';
  if (hours === 0) return 'now';
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} d`;
}
