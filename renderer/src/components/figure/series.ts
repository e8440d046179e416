/**
 * A series panel's data: the min/max envelope (two thin lines with the area between them filled)
 * and the average line, which carries the hover text: values in the series' unit written by Plotly's
 * own number format (`120ms (min 80ms, max 1.2s)`, `277.7MB`, `12.3%`, `1.2k/s`), so a redraw builds
 * no string and no array per point beyond the [min, max] pairs. Times become wall-clock ms in `zone`.
 */
import type { PlotData } from 'plotly.js-basic-dist-min';
import type { SeriesBuckets } from '../../../../core/api/contract';
import { escapeHtml } from '../../format';
import { toWall } from '../../time';
import { memoLayer } from './memo';

/** Units whose values SI prefixes scale as they are (`120m` + `s`, `277.7M` + `B`, `1.2k` + `/s`). */
const SI_BASE = new Set(['s', 'B', 'b', 'B/s', 'b/s']);

/**
 * How Plotly writes a value of `unit` in a hover template: a d3 format for `%{y:…}` and the text after
 * it. SI prefixes for base units, rates and plain numbers; a ratio as a percentage; any other unit
 * (`ms`, `%`, `°C`) with 4 significant digits and the unit after a space.
 * @example hoverFormat('s') // { format: '.4~s', suffix: 's' }
 */
export function hoverFormat(unit: string | null): { format: string; suffix: string } {
  if (!unit) return { format: '.4~s', suffix: '' };
  if (unit === 'ratio') return { format: '.3~%', suffix: '' };
  if (SI_BASE.has(unit) || unit.startsWith('/')) return { format: '.4~s', suffix: escapeHtml(unit) };
  return { format: '.4~g', suffix: ` ${escapeHtml(unit)}` };
}

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
  const minMax = b.t.map((_, k) => [b.min[k], b.max[k]]);
  const { format, suffix } = hoverFormat(unit);
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
      hovertemplate:
        `<b>%{y:${format}}${suffix}</b> (min %{customdata[0]:${format}}${suffix}, max %{customdata[1]:${format}}${suffix})` +
        `<extra>${escapeHtml(hoverName)}</extra>`,
      connectgaps: false,
    },
  ];
}

/** `buildSeriesLayer`, remembered by the buckets it draws. */
export const seriesLayer = memoLayer(buildSeriesLayer, (input) => input.buckets);
