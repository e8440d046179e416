/**
 * A series panel's anomalies: ranges shaded from the panel's bottom to its top (one polygon trace
 * per severity, drawn under everything), and open circles on the peaks with the details on hover.
 * Shading is a trace in data units, not a layout shape: traces redraw far faster than shapes.
 */
import type { PlotData } from 'plotly.js-basic-dist-min';
import type { AnomalyInfo } from '../../../../core/api/contract';
import { fmtValue } from '../../format';
import type { TimeRange } from '../../ranges';
import { fmtDuration, fmtRange, toWall } from '../../time';
import { memoLayer } from './memo';
import { SEVERITY_FILL } from './style';

/** The shortest shaded range, ms (a one-sample anomaly still shows). */
const MIN_SHADE_MS = 60_000;

export interface InViewInput {
  anomalies: AnomalyInfo[];
  seriesId: number;
  from: number;
  to: number;
}

/** The anomalies of one series that overlap the window [from, to]. */
export function buildAnomaliesInView({ anomalies, seriesId, from, to }: InViewInput): AnomalyInfo[] {
  return anomalies.filter((a) => a.seriesId === seriesId && a.end >= from && a.start <= to);
}

/**
 * `buildAnomaliesInView`, remembered: the same inputs give the same array, so the layers below,
 * remembered by that array, are reused too.
 */
export function anomaliesInView(anomalies: AnomalyInfo[], seriesId: number, window: TimeRange): AnomalyInfo[] {
  return inViewMemo({ anomalies, seriesId, from: window.from, to: window.to });
}
const inViewMemo = memoLayer(buildAnomaliesInView, (input) => input.anomalies, 64);

export interface AnomalyLayerInput {
  /** The anomalies of this panel's series (see `anomaliesInView`). */
  anomalies: AnomalyInfo[];
  axis: string;
  zone: string;
  /** The panel's y range: the shading spans it. */
  lo: number;
  hi: number;
}

/** The shading traces, low severity first so high is drawn on top. */
export function buildAnomalyShading({ anomalies, axis, zone, lo, hi }: AnomalyLayerInput): PlotData[] {
  const traces: PlotData[] = [];
  for (const severity of ['low', 'medium', 'high'] as const) {
    const list = anomalies.filter((a) => a.severity === severity);
    if (!list.length) continue;
    const x: (number | null)[] = [];
    const y: (number | null)[] = [];
    for (const a of list) {
      const x0 = toWall(a.start, zone);
      const x1 = toWall(Math.max(a.end, a.start + MIN_SHADE_MS), zone);
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
      fillcolor: SEVERITY_FILL[severity],
      line: { width: 0 },
      hoverinfo: 'skip',
      customdata: list.map((a) => [a.start, a.end]),
    });
  }
  return traces;
}

/**
 * The peak markers (one trace), or none without anomalies; values in the series' unit, the expected
 * value never below the series' floor (0 for a series that is never negative).
 */
export function buildAnomalyMarkers({
  anomalies,
  axis,
  zone,
  unit,
  floor,
}: Omit<AnomalyLayerInput, 'lo' | 'hi'> & { unit: string | null; floor: number | null }): PlotData[] {
  if (!anomalies.length) return [];
  return [
    {
      type: 'scatter',
      mode: 'markers',
      name: 'Anomaly',
      x: anomalies.map((a) => toWall(a.peakTs, zone)),
      y: anomalies.map((a) => a.peakValue),
      xaxis: 'x',
      yaxis: axis,
      marker: { color: '#e5484d', size: 7, symbol: 'circle-open', line: { width: 2 } },
      text: anomalies.map(
        (a) =>
          `anomaly · ${a.severity} · ${a.sigmas.toFixed(1)}σ ${a.direction}<br>` +
          `${fmtRange(a.start, a.end, zone)} (${fmtDuration(a.end - a.start)})` +
          `<br>peak ${fmtValue(a.peakValue, unit)} vs expected ${fmtValue(floor !== null ? Math.max(floor, a.expected) : a.expected, unit)}`,
      ),
      hovertemplate: '%{text}<extra></extra>',
    },
  ];
}

/** Layers remembered by the list of anomalies they draw. */
export const anomalyShading = memoLayer(buildAnomalyShading, (input) => input.anomalies);
export const anomalyMarkers = memoLayer(buildAnomalyMarkers, (input) => input.anomalies);
