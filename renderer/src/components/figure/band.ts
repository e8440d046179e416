/**
 * A series panel's expected band: lower and upper edges with the area between them filled, and the
 * expected value as a dotted line (the only one of the three with a hover text, in the series' unit).
 * A series that never goes below zero (`floor` 0) never gets a band or an expected value below it.
 */
import type { PlotData } from 'plotly.js-basic-dist-min';
import type { SeriesBand } from '../../../../core/api/contract';
import { hoverFormat } from './series';
import { toWall } from '../../time';
import { memoLayer } from './memo';

export interface BandLayerInput {
  band: SeriesBand;
  axis: string;
  zone: string;
  /** Fill between the edges. */
  fill: string;
  /** Colour of the expected line. */
  lineColor: string;
  /** The unit of the series' values (hover text). */
  unit: string | null;
  /** The lowest value the series can take (0 for a series whose values are all ≥ 0), or null. */
  floor: number | null;
}

/** The values clipped from below at `floor` (as they are when there is none). */
export function clipBelow(values: number[], floor: number | null): number[] {
  if (floor === null || values.every((v) => !(v < floor))) return values;
  return values.map((v) => (v < floor ? floor : v));
}

/** The band's three traces; none when the band is empty. */
export function buildBandLayer({ band, axis, zone, fill, lineColor, unit, floor }: BandLayerInput): PlotData[] {
  if (!band.t.length) return [];
  const x = band.t.map((t) => toWall(t, zone));
  const edge = { type: 'scatter', mode: 'lines', x, xaxis: 'x', yaxis: axis, line: { width: 0 }, hoverinfo: 'skip' };
  const expected = clipBelow(band.expected, floor);
  const { format, suffix } = hoverFormat(unit);
  return [
    { ...edge, y: clipBelow(band.lower, floor), name: 'band-lower' },
    { ...edge, y: clipBelow(band.upper, floor), name: 'band-upper', fill: 'tonexty', fillcolor: fill },
    {
      type: 'scatter',
      mode: 'lines',
      x,
      y: expected,
      xaxis: 'x',
      yaxis: axis,
      line: { width: 1, dash: 'dot', color: lineColor },
      name: 'expected',
      hovertemplate: `expected %{y:${format}}${suffix}<extra></extra>`,
    },
  ];
}

/** `buildBandLayer`, remembered by the band it draws. */
export const bandLayer = memoLayer(buildBandLayer, (input) => input.band);
