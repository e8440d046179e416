/**
 * The log-pattern strip under the panels: one row per pattern, each row scaled to its own busiest
 * bucket so a burst, or a pattern new in the window, stands out even next to a chatty one; each row
 * named in the left margin by the pattern's first words. Drawn as
 * one heatmap (an image: cheap to redraw however many cells). The overlay handles its hover and
 * clicks from the returned box.
 */
import type { PlotData } from 'plotly.js-cartesian-dist-min';
import type { PatternStrip } from '../../../../core/api/contract';
import { escapeHtml } from '../../format';
import { toWall } from '../../time';
import { logStripTop, paperFraction, type Geometry } from './geometry';
import { memoLayer } from './memo';
import { LOG_ROW_PX, MARGIN, type Palette } from './style';

/** Where the log-pattern strip sits (px from the figure's top), for the overlay's tooltip and clicks. */
export interface StripBox {
  top: number;
  rowPx: number;
  strip: PatternStrip;
  /** Bucket length, ms. */
  step: number;
}

export interface LogStripInput {
  strip: PatternStrip;
  geometry: Geometry;
  /** Length of the window, ms (the bucket length when the strip has one bucket). */
  span: number;
  zone: string;
  palette: Palette;
}

export interface LogStripLayer {
  traces: PlotData[];
  /** Plotly's name of the strip's y axis and its settings. */
  axisName: string;
  axis: Record<string, unknown>;
  title: Record<string, unknown>;
  box: StripBox;
}

/** A pattern's words of three or more letters, parameters left out, in order. */
function patternWords(pattern: string): string[] {
  return pattern.replace(/<\*>/g, ' ').match(/[A-Za-z][\w-]{2,}/g) ?? [];
}

/**
 * The rows' labels for the strip's left margin, each cut to `max` characters: a pattern's first word
 * when no other row starts with it, else that word and its word that the fewest rows share
 * (`GET Windows`, `GET iPhone` for access-log patterns that differ only in the user agent); the
 * service when the pattern has no word. O(rows × words).
 * @example stripRowLabels([{ pattern: 'GET <*> Windows', service: null }, { pattern: 'GET <*> Linux', service: null }]) // ['GET Windows', 'GET Linux']
 */
export function stripRowLabels(rows: { pattern: string; service: string | null }[], max = 12): string[] {
  const words = rows.map((r) => patternWords(r.pattern));
  const shared = new Map<string, number>();
  for (const list of words) for (const w of new Set(list)) shared.set(w, (shared.get(w) ?? 0) + 1);
  const firsts = new Map<string, number>();
  for (const list of words) if (list[0]) firsts.set(list[0], (firsts.get(list[0]) ?? 0) + 1);
  return rows.map((r, i) => {
    const list = words[i];
    let text = r.service || '?';
    if (list.length) {
      const rarest = list.slice(1).reduce<string | null>((best, w) => (best === null || (shared.get(w) ?? 0) < (shared.get(best) ?? 0) ? w : best), null);
      text = (firsts.get(list[0]) ?? 0) > 1 && rarest ? `${list[0]} ${rarest}` : list.slice(0, 2).join(' ');
    }
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  });
}

/** A count as a cell's shade: nothing for 0, else 0.15–1 of the row's busiest bucket. */
export function cellShade(count: number, rowMax: number): number | null {
  return count > 0 ? 0.15 + (0.85 * count) / Math.max(1, rowMax) : null;
}

/** The strip's heatmap, axis, title and box; call it only when the strip has patterns. */
export function buildLogStrip({ strip, geometry, span, zone, palette }: LogStripInput): LogStripLayer {
  const patterns = strip.patterns;
  const top = logStripTop(geometry);
  const step = strip.t.length > 1 ? strip.t[1] - strip.t[0] : span;
  const axisIndex = geometry.seriesCount + 2;
  const { dark } = palette;
  return {
    axisName: `yaxis${axisIndex}`,
    axis: {
      domain: [paperFraction(geometry, top + LOG_ROW_PX * patterns.length), paperFraction(geometry, top)],
      fixedrange: true,
      showticklabels: true,
      tickmode: 'array',
      tickvals: patterns.map((_, k) => k),
      ticktext: stripRowLabels(patterns).map(escapeHtml),
      tickfont: { size: 9, color: palette.muted },
      ticks: '',
      showgrid: false,
      zeroline: false,
      autorange: 'reversed',
    },
    title: {
      text: `log patterns · top ${patterns.length} (hover for the pattern, click for its lines)`,
      xref: 'paper',
      yref: 'paper',
      x: 0,
      y: paperFraction(geometry, top),
      xanchor: 'left',
      yanchor: 'bottom',
      showarrow: false,
      font: { size: 11, color: palette.ink },
    },
    box: { top: MARGIN.t + top, rowPx: LOG_ROW_PX, strip, step },
    traces: [
      {
        type: 'heatmap',
        name: 'log patterns',
        x: strip.t.map((t) => toWall(t + step / 2, zone)),
        y: patterns.map((_, k) => k),
        z: patterns.map((p) => {
          const max = Math.max(1, ...p.counts);
          return p.counts.map((c) => cellShade(c, max));
        }),
        hoverinfo: 'skip',
        xaxis: 'x',
        yaxis: `y${axisIndex}`,
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
      },
    ],
  };
}

/** `buildLogStrip`, remembered by the strip it draws. */
export const logStripLayer = memoLayer(buildLogStrip, (input) => input.strip, 4);
