/**
 * The timeline's Plotly layout: size and margins, the shared date x axis over the window, the
 * events strip's axis, one y axis per panel with its range computed by the caller (so deploy lines
 * and anomaly shading can be drawn as traces in data units), panel titles, and the selection.
 */
import type { Layout } from 'plotly.js-basic-dist-min';
import type { SeriesInfo } from '../../../../core/api/contract';
import { axisTicks } from '../../../../core/api/units';
import { escapeHtml } from '../../format';
import type { TimeRange } from '../../ranges';
import type { SeriesLabel } from '../../seriesLabel';
import { toWall } from '../../time';
import { panelTop, paperFraction, type Geometry } from './geometry';
import { MARGIN, STRIP_PX, type Palette } from './style';

/** One series panel as the layout needs it. */
export interface PanelSpec {
  series: SeriesInfo;
  /** Its readable name (see seriesLabel.ts). */
  label: SeriesLabel;
  /** The unit its values are shown in: the y axis' tick labels and the title say it. */
  unit: string | null;
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

/**
 * A panel's title: the series' readable name (the labels that tell it from its namesakes, `p95`),
 * its service and unit, and how many anomalies are in view.
 */
export function panelTitle(p: Omit<PanelSpec, 'range'>, muted: string, accent: string): string {
  const { series: s, label, unit, anomalyCount } = p;
  const aside = [s.service, unit].filter(Boolean).join(' · ');
  return (
    `<b>${escapeHtml(label.name)}</b>` +
    (label.detail ? ` <b style="color:${accent}">${escapeHtml(label.detail)}</b>` : '') +
    (aside ? `  <span style="color:${muted}">${escapeHtml(aside)}</span>` : '') +
    (anomalyCount ? `  <span style="color:#e5484d">● ${anomalyCount} anomal${anomalyCount === 1 ? 'y' : 'ies'} in view</span>` : '')
  );
}

/** The whole layout. */
export function buildLayout({ geometry: g, window, selection, zone, palette, panels, logStrip, datarevision }: LayoutInput): Layout {
  const { ink, muted, grid, dark, accent } = palette;
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
    const ticks = axisTicks(p.range[0], p.range[1], p.unit, g.panel > 150 ? 5 : 3);
    layout[`yaxis${i + 2}`] = {
      domain: [frac(top + g.panel), frac(top)],
      range: p.range,
      autorange: false,
      gridcolor: grid,
      zeroline: false,
      fixedrange: true,
      tickmode: 'array',
      tickvals: ticks.values,
      ticktext: ticks.labels,
      tickfont: { size: 10, color: muted },
      automargin: false,
    };
    annotations.push(label(panelTitle(p, muted, accent), frac(top), { xanchor: 'left', yanchor: 'bottom', font: { size: 11, color: ink } }));
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
