/**
 * The log-pattern strip under the panels: one row per pattern, each row scaled to its own busiest
 * bucket so a burst, or a pattern new in the window, stands out even next to a chatty one; each row
 * named in the left margin by the words that tell its pattern from the others.
 *
 * Drawn as one layout image: the cells are painted once per strip into a small bitmap (one pixel
 * per bucket, LOG_ROW_PX per row) and Plotly only places it on the time axis. A zoom moves the image
 * instead of repainting cells (Plotly's heatmap repainted and re-encoded its canvas on every redraw,
 * ~30 ms), and the timeline needs no heatmap trace, so the smaller basic Plotly bundle draws it.
 * The overlay handles hover and clicks from the returned box.
 */
import type { PlotData } from 'plotly.js-basic-dist-min';
import type { PatternStrip } from '../../../../core/api/contract';
import { escapeHtml } from '../../format';
import { toWall } from '../../time';
import { logStripTop, paperFraction as paperFractionOf, type Geometry } from './geometry';
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

/** An RGBA bitmap, rows top to bottom. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>;
}

/** Turns a bitmap into an image URL (a canvas in the browser; tests pass their own). */
export type Rasterize = (pixels: Pixels) => string;

export interface LogStripInput {
  strip: PatternStrip;
  geometry: Geometry;
  /** Length of the window, ms (the bucket length when the strip has one bucket). */
  span: number;
  zone: string;
  palette: Palette;
  rasterize?: Rasterize;
}

export interface LogStripLayer {
  /** One empty trace that keeps the strip's y axis (the x axis is anchored to it). */
  traces: PlotData[];
  /** The cells, as a Plotly layout image. */
  image: Record<string, unknown>;
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

type Rgba = readonly [number, number, number, number];

/** The cell colours of a theme, from a faint 0 through blue to the burst orange at the row's busiest bucket. */
export function shadeStops(dark: boolean): readonly (readonly [number, Rgba])[] {
  return dark
    ? [[0, [79, 163, 255, 0.12]], [0.6, [79, 163, 255, 0.6]], [1, [245, 165, 36, 1]]]
    : [[0, [9, 105, 218, 0.06]], [0.6, [9, 105, 218, 0.38]], [1, [207, 106, 0, 1]]];
}

/** A count as a cell's shade: nothing for 0, else 0.15–1 of the row's busiest bucket. */
export function cellShade(count: number, rowMax: number): number | null {
  return count > 0 ? 0.15 + (0.85 * count) / Math.max(1, rowMax) : null;
}

/** A shade in [0, 1] as a colour, linear between the stops (alpha as 0–255). */
export function shadeColor(shade: number, stops: readonly (readonly [number, Rgba])[]): [number, number, number, number] {
  let i = 1;
  while (i < stops.length - 1 && shade > stops[i][0]) i++;
  const [s0, c0] = stops[i - 1];
  const [s1, c1] = stops[i];
  const f = Math.min(1, Math.max(0, (shade - s0) / (s1 - s0)));
  const mix = (k: number): number => c0[k] + (c1[k] - c0[k]) * f;
  return [Math.round(mix(0)), Math.round(mix(1)), Math.round(mix(2)), Math.round(mix(3) * 255)];
}

/** The strip's bitmap: one pixel per bucket, LOG_ROW_PX rows of pixels per pattern, the last one a gap. */
export function stripPixels(strip: PatternStrip, dark: boolean): Pixels {
  const width = Math.max(1, strip.t.length);
  const height = LOG_ROW_PX * strip.patterns.length;
  const data = new Uint8ClampedArray(new ArrayBuffer(width * height * 4));
  const stops = shadeStops(dark);
  strip.patterns.forEach((p, row) => {
    const max = Math.max(1, ...p.counts);
    p.counts.forEach((c, x) => {
      const shade = cellShade(c, max);
      if (shade === null) return;
      const rgba = shadeColor(shade, stops);
      for (let y = row * LOG_ROW_PX; y < (row + 1) * LOG_ROW_PX - 1; y++) data.set(rgba, (y * width + x) * 4);
    });
  });
  return { width, height, data };
}

/** The browser's rasterizer: the bitmap on a canvas, as a PNG data URL. */
export const canvasRasterize: Rasterize = ({ width, height, data }) => {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.putImageData(new ImageData(data, width, height), 0, 0);
  return canvas.toDataURL('image/png');
};

/** The strip's image, axis, title and box; call it only when the strip has patterns. */
export function buildLogStrip({ strip, geometry, span, zone, palette, rasterize = canvasRasterize }: LogStripInput): LogStripLayer {
  const patterns = strip.patterns;
  const top = logStripTop(geometry);
  const step = strip.t.length > 1 ? strip.t[1] - strip.t[0] : span;
  const axisIndex = geometry.seriesCount + 2;
  const start = strip.t.length ? strip.t[0] : 0;
  return {
    axisName: `yaxis${axisIndex}`,
    axis: {
      domain: [paperFractionOf(geometry, top + LOG_ROW_PX * patterns.length), paperFractionOf(geometry, top)],
      range: [patterns.length, 0],
      autorange: false,
      fixedrange: true,
      // Row k covers [k, k + 1] (the image's rows): its name sits in the middle.
      showticklabels: true,
      tickmode: 'array',
      tickvals: patterns.map((_, k) => k + 0.5),
      ticktext: stripRowLabels(patterns).map(escapeHtml),
      tickfont: { size: 9, color: palette.muted },
      ticks: '',
      showgrid: false,
      zeroline: false,
    },
    title: {
      text: `log patterns · top ${patterns.length} (hover for the pattern, click for its lines)`,
      xref: 'paper',
      yref: 'paper',
      x: 0,
      y: paperFractionOf(geometry, top),
      xanchor: 'left',
      yanchor: 'bottom',
      showarrow: false,
      font: { size: 11, color: palette.ink },
    },
    box: { top: MARGIN.t + top, rowPx: LOG_ROW_PX, strip, step },
    image: {
      source: rasterize(stripPixels(strip, palette.dark)),
      xref: 'x',
      yref: `y${axisIndex}`,
      x: toWall(start, zone),
      y: 0,
      sizex: step * Math.max(1, strip.t.length),
      sizey: patterns.length,
      xanchor: 'left',
      yanchor: 'top',
      sizing: 'stretch',
      layer: 'above',
    },
    traces: [{ type: 'scatter', mode: 'markers', x: [], y: [], xaxis: 'x', yaxis: `y${axisIndex}`, hoverinfo: 'skip', showlegend: false } as unknown as PlotData],
  };
}

/** `buildLogStrip`, remembered by the strip it draws (one bitmap per strip and theme). */
export const logStripLayer = memoLayer(buildLogStrip, (input) => input.strip, 4);
