/**
 * The timeline's Plotly layout: size and margins, the shared date x axis over the window, the
 * events strip's axis, one y axis per panel with its range computed by the caller (so deploy lines
 * and anomaly shading can be drawn as traces in data units), panel titles, and the selection.
 */
import type { Layout } from 'plotly.js-basic-dist-min';
import type { SeriesInfo } from '../../../../core/api/contract';
import { escapeHtml, fmtLabels } from '../../format';
import type { TimeRange } from '../../ranges';
import { toWall } from '../../time';
import { panelTop, paperFraction, type Geometry } from './geometry';
import { MARGIN, STRIP_PX, type Palette } from './style';

/** One series panel as the layout needs it. */
export interface PanelSpec {
  series: SeriesInfo;
  /** The panel's y range. */
  range: [number, number];
  /** Anomalies of the series in the window (shown in its title). */
  anomalyCount: number;
}

export interface LayoutInput {
  geometry: Geometry;
  window: TimeRange;
  selection: TimeRange | null;
  zone: string;
  palette: Palette;
  panels: PanelSpec[];
  /** The log-pattern strip's axis and title, when it is drawn. */
  logStrip: { axisName: string; axis: Record<string, unknown>; title: Record<string, unknown>; image: Record<string, unknown> } | null;
  /** Changes whenever any trace's data changes (Plotly.react compares arrays only when it does). */
  datarevision: string;
}

/** A panel's title: the series' name and labels, its unit, and how many anomalies are in view. */
export function panelTitle(s: SeriesInfo, anomalyCount: number, muted: string): string {
  return (
    `<b>${escapeHtml(s.name)}</b>  <span style="color:${muted}">${escapeHtml(fmtLabels(s.labels, ['__name__']))}</span>` +
    (s.unit ? `  <span style="color:${muted}">(${escapeHtml(s.unit)})</span>` : '') +
    (anomalyCount ? `  <span style="color:#e5484d">● ${anomalyCount} anomal${anomalyCount === 1 ? 'y' : 'ies'} in view</span>` : '')
  );
}

/** The whole layout. */
export function buildLayout({ geometry: g, window, selection, zone, palette, panels, logStrip, datarevision }: LayoutInput): Layout {
  const { ink, muted, grid, dark } = palette;
  const frac = (px: number): number => paperFraction(g, px);
  const n = panels.length;
  const bottomAxis = logStrip ? `y${n + 2}` : n ? `y${n + 1}` : 'y';
  const label = (text: string, y: number, extra: Record<string, unknown>): Record<string, unknown> => ({
    text,
    xref: 'paper',
    yref: 'paper',
    x: 0,
    y,
    showarrow: false,
    ...extra,
  });
  const annotations: Record<string, unknown>[] = [
    label('events', frac(STRIP_PX / 2), { xanchor: 'right', xshift: -6, yanchor: 'middle', font: { size: 10, color: muted } }),
  ];
  const layout: Layout = {
    height: g.height,
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
    datarevision,
    xaxis: {
      type: 'date',
      gridcolor: grid,
      linecolor: grid,
      anchor: bottomAxis,
      range: [toWall(window.from, zone), toWall(window.to, zone)],
      autorange: false,
      hoverformat: '%Y-%m-%d %H:%M:%S',
      tickfont: { size: 10, color: muted },
    },
    yaxis: { domain: [frac(STRIP_PX), 1], range: [0, 1], fixedrange: true, showticklabels: false, showgrid: false, zeroline: false },
    shapes: selection ? [selectionShape(selection, zone, dark)] : [],
    annotations,
  };
  panels.forEach((p, i) => {
    const top = panelTop(g, i);
    layout[`yaxis${i + 2}`] = {
      domain: [frac(top + g.panel), frac(top)],
      range: p.range,
      autorange: false,
      gridcolor: grid,
      zeroline: false,
      fixedrange: true,
      nticks: g.panel > 150 ? 6 : 4,
      tickfont: { size: 10, color: muted },
      automargin: false,
    };
    annotations.push(label(panelTitle(p.series, p.anomalyCount, muted), frac(top), { xanchor: 'left', yanchor: 'bottom', font: { size: 11, color: ink } }));
  });
  if (logStrip) {
    layout[logStrip.axisName] = logStrip.axis;
    layout.images = [logStrip.image];
    annotations.push(logStrip.title);
  }
  return layout;
}

/** The brushed range, a dashed box over every panel. */
function selectionShape(selection: TimeRange, zone: string, dark: boolean): Record<string, unknown> {
  return {
    type: 'rect',
    name: 'selection',
    xref: 'x',
    yref: 'paper',
    x0: toWall(selection.from, zone),
    x1: toWall(selection.to, zone),
    y0: 0,
    y1: 1,
    fillcolor: dark ? 'rgba(79,163,255,0.10)' : 'rgba(9,105,218,0.08)',
    line: { color: dark ? '#4fa3ff' : '#0969da', width: 1, dash: 'dash' },
    layer: 'below',
  };
}
