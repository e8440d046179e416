/**
 * A series panel's data: the min/max envelope (two thin lines with the area between them filled)
 * and the average line, which carries the hover text. Times become wall-clock ms in `zone`.
 */
import type { PlotData } from 'plotly.js-basic-dist-min';
import type { SeriesBuckets } from '../../../../core/api/contract';
import { escapeHtml } from '../../format';
import { toWall } from '../../time';
import { memoLayer } from './memo';

export interface SeriesLayerInput {
  buckets: SeriesBuckets;
  /** The series' name (the average line's trace name). */
  name: string;
  /** Shown in the hover box (service · name). */
  hoverName: string;
  color: string;
  axis: string;
  zone: string;
}

/** The envelope and average traces of one series; no traces when it has no buckets. */
export function buildSeriesLayer({ buckets: b, name, hoverName, color, axis, zone }: SeriesLayerInput): PlotData[] {
  if (!b.t.length) return [];
  const x = b.t.map((t) => toWall(t, zone));
  const minMax = b.t.map((_, k) => [b.min[k], b.max[k]]);
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
      customdata: minMax,
      hovertemplate: `<b>%{y:.4g}</b> (min %{customdata[0]:.4g}, max %{customdata[1]:.4g})<extra>${escapeHtml(hoverName)}</extra>`,
      connectgaps: false,
    },
  ];
}

/** `buildSeriesLayer`, remembered by the buckets it draws. */
export const seriesLayer = memoLayer(buildSeriesLayer, (input) => input.buckets);
