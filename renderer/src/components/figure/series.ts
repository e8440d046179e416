/**
 * A series panel's data: the min/max envelope (two thin lines with the area between them filled)
 * and the average line, which carries the hover text: values in the series' unit at one scale for the
 * layer, the one that fits its largest value (`120 ms (min 80 ms, max 1200 ms)`), written by Plotly's
 * number format so no string is built per point. Times become wall-clock ms in `zone`.
 */
import type { PlotData } from 'plotly.js-basic-dist-min';
import type { SeriesBuckets } from '../../../../core/api/contract';
import { displayScale } from '../../../../core/api/units';
import { escapeHtml } from '../../format';
import { toWall } from '../../time';
import { memoLayer } from './memo';

export interface SeriesLayerInput {
  buckets: SeriesBuckets;
  /** The series' name (the average line's trace name). */
  name: string;
  /** Shown in the hover box (service · readable name). */
  hoverName: string;
  /** The unit values are written in (see core/api/units.ts); null for plain numbers. */
  unit: string | null;
  color: string;
  axis: string;
  zone: string;
}

/** The envelope and average traces of one series; no traces when it has no buckets. */
export function buildSeriesLayer({ buckets: b, name, hoverName, unit, color, axis, zone }: SeriesLayerInput): PlotData[] {
  if (!b.t.length) return [];
  const x = b.t.map((t) => toWall(t, zone));
  const { factor, suffix } = displayScale(unit, largest(b.min, b.max));
  // Hover values in the layer's scale: [avg, min, max] divided by its factor (as they are when it is 1).
  const scaled = factor === 1 ? b.t.map((_, k) => [b.avg[k], b.min[k], b.max[k]]) : b.t.map((_, k) => [b.avg[k] / factor, b.min[k] / factor, b.max[k] / factor]);
  const value = (k: number): string => `%{customdata[${k}]:.4~g}${escapeHtml(suffix)}`;
  const envelope = { type: 'scatter', mode: 'lines', x, xaxis: 'x', yaxis: axis, line: { width: 0.5, color }, hoverinfo: 'skip', opacity: 0.6 };
  return [
    { ...envelope, y: b.min, name: 'min' },
    { ...envelope, y: b.max, name: 'max', fill: 'tonexty', fillcolor: `${color}40` },
    {
      type: 'scatter',
      mode: 'lines',
      name,
      x,
      y: b.avg,
      xaxis: 'x',
      yaxis: axis,
      line: { color, width: 1.3 },
      customdata: scaled,
      hovertemplate: `<b>${value(0)}</b> (min ${value(1)}, max ${value(2)})<extra>${escapeHtml(hoverName)}</extra>`,
      connectgaps: false,
    },
  ];
}

/** The largest magnitude among finite values (0 when there is none). */
export function largest(...arrays: readonly (readonly number[])[]): number {
  let hi = 0;
  for (const arr of arrays) for (const v of arr) if (Number.isFinite(v) && Math.abs(v) > hi) hi = Math.abs(v);
  return hi;
}

/** `buildSeriesLayer`, remembered by the buckets it draws. */
export const seriesLayer = memoLayer(buildSeriesLayer, (input) => input.buckets);
