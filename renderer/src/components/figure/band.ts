/**
 * A series panel's expected band: lower and upper edges with the area between them filled, and the
 * expected value as a dotted line (the only one of the three with a hover text).
 */
import type { PlotData } from 'plotly.js-basic-dist-min';
import type { SeriesBand } from '../../../../core/api/contract';
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
}

/** The band's three traces; none when the band is empty. */
export function buildBandLayer({ band, axis, zone, fill, lineColor }: BandLayerInput): PlotData[] {
  if (!band.t.length) return [];
  const x = band.t.map((t) => toWall(t, zone));
  const edge = { type: 'scatter', mode: 'lines', x, xaxis: 'x', yaxis: axis, line: { width: 0 }, hoverinfo: 'skip' };
  return [
    { ...edge, y: band.lower, name: 'band-lower' },
    { ...edge, y: band.upper, name: 'band-upper', fill: 'tonexty', fillcolor: fill },
    {
      type: 'scatter',
      mode: 'lines',
      x,
      y: band.expected,
      xaxis: 'x',
      yaxis: axis,
      line: { width: 1, dash: 'dot', color: lineColor },
      name: 'expected',
      hovertemplate: 'expected %{y:.4g}<extra></extra>',
    },
  ];
}

/** `buildBandLayer`, remembered by the band it draws. */
export const bandLayer = memoLayer(buildBandLayer, (input) => input.band);
