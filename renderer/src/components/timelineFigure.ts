/**
 * Builds the timeline's Plotly figure (pure: data in, traces and layout out) from its layers, each
 * a pure function in ./figure/: from the top, the events strip (deploys, config changes, alerts, notes),
 * one panel per series (anomaly shading, expected band, min/max envelope and average line, deploy
 * and note lines, anomaly peaks), and the log-pattern strip, all on one x axis. Each series is written with
 * its readable name and its unit (axis ticks, hover text); one never below zero never gets a band
 * or an axis below zero.
 * Times go to Plotly as wall-clock ms in the chosen zone (Plotly draws date axes as UTC).
 *
 * Layers are remembered by their input (see figure/memo.ts): after a zoom, the redraw that brings
 * the band and log strip reuses the series traces drawn a moment before, and `datarevision` tells
 * Plotly.react whether any trace changed at all.
 */
import type { Layout, PlotData } from 'plotly.js-basic-dist-min';
import type { AnomalyInfo, EventInfo, PatternStrip, SeriesBand, SeriesBuckets, SeriesInfo } from '../../../core/api/contract';
import { inferUnit } from '../../../core/api/units';
import type { TimeRange } from '../nav';
import { seriesNamer, type SeriesNamer } from '../seriesLabel';
import type { AnnotationInfo } from '../../../core/api/annotations';
import { anomaliesInView, anomalyMarkers, anomalyShading } from './figure/anomalies';
import { noteLines, noteMarkers, notesInView } from './figure/annotations';
import { bandLayer, clipBelow } from './figure/band';
import { eventLines, eventStrip, eventsInView } from './figure/events';
import { figureGeometry, panelAxis, yRange } from './figure/geometry';
import { buildLayout, type PanelSpec } from './figure/layout';
import { logStripLayer, type Rasterize, type StripBox } from './figure/logStrip';
import { memoLayer } from './figure/memo';
import { seriesLayer } from './figure/series';
import { COLORS, palette } from './figure/style';

export { COLORS, EVENT_STYLE, MARGIN } from './figure/style';
export { yRange } from './figure/geometry';
export type { StripBox } from './figure/logStrip';

/**
 * Plotly's settings for the timeline: wheel zoom, no mode bar, and no tips: Plotly's "Double-click to
 * zoom back out" note is fixed to the window's top right corner, over the app's own controls (the
 * timeline's empty state and the key help say it instead).
 */
export const PLOT_CONFIG = { scrollZoom: true, displayModeBar: false, showTips: false } as const;

export interface FigureInput {
  series: SeriesInfo[];
  buckets: Map<number, SeriesBuckets>;
  bands: Map<number, SeriesBand>;
  events: EventInfo[];
  anomalies: AnomalyInfo[];
  strip: PatternStrip | null;
  window: TimeRange;
  selection: TimeRange | null;
  zone: string;
  theme: 'dark' | 'light';
  /** Height available for the figure, px. */
  height: number;
  /** Writes a series' readable name (default: told apart from the charted series only). */
  label?: SeriesNamer;
  /** How the log strip's bitmap becomes an image (the browser's canvas unless given). */
  rasterize?: Rasterize;
  /** A person's notes (figure/annotations.ts); those in the window are drawn. */
  notes?: AnnotationInfo[];
}

export interface Figure {
  data: PlotData[];
  layout: Layout;
  /** Points drawn for series (both envelope edges). */
  points: number;
  strip: StripBox | null;
}

export function buildFigure(inp: FigureInput): Figure {
  const { series, zone } = inp;
  const colors = palette(inp.theme);
  const patterns = inp.strip?.patterns.length ?? 0;
  const geometry = geometryOf({ seriesCount: series.length, patternCount: patterns, avail: inp.height });
  const inWindow = eventsInView({ events: inp.events, from: inp.window.from, to: inp.window.to });
  const services = chartedServices({ series });
  const label = inp.label ?? seriesNamer(series);
  const notes = notesOf({ notes: inp.notes ?? NO_NOTES, from: inp.window.from, to: inp.window.to });

  const traces: PlotData[] = [];
  const panels: PanelSpec[] = [];
  let points = 0;
  series.forEach((s, i) => {
    const axis = panelAxis(i);
    const buckets = inp.buckets.get(s.id);
    const band = inp.bands.get(s.id);
    const floor = buckets && isNonNegative(buckets.min) ? 0 : null;
    const unit = inferUnit(s.name, s.unit, buckets ? maxOf(buckets.max) : undefined);
    const name = label(s);
    const [lo, hi] = yRange([buckets?.min, buckets?.max, clipBelow(band?.lower ?? [], floor), band?.upper]);
    const mine = anomaliesInView(inp.anomalies, s.id, inp.window);
    panels.push({ series: s, label: name, unit, range: [lo, hi], anomalyCount: mine.length });
    traces.push(...anomalyShading({ anomalies: mine, axis, zone, lo, hi }));
    if (band) traces.push(...bandLayer({ band, axis, zone, fill: colors.bandFill, lineColor: colors.muted, unit, floor }));
    if (buckets) {
      points += 2 * buckets.t.length;
      const color = COLORS[i % COLORS.length];
      const hoverName = s.service ? `${s.service} · ${name.text}` : name.text;
      traces.push(...seriesLayer({ buckets, name: s.name, hoverName, unit, color, axis, zone }));
    }
    traces.push(...eventLines({ events: inWindow, services, axis, zone, lo, hi }));
    traces.push(...anomalyMarkers({ anomalies: mine, axis, zone, unit, floor }));
    traces.push(...noteLines({ notes, axis, zone, lo, hi }));
  });
  traces.push(...eventStrip({ events: inWindow, zone, dark: colors.dark }));
  traces.push(...noteMarkers({ notes, zone, dark: colors.dark }));

  const strip =
    inp.strip && patterns
      ? logStripLayer({ strip: inp.strip, geometry, span: inp.window.to - inp.window.from, zone, palette: colors, rasterize: inp.rasterize })
      : null;
  if (strip) traces.push(...strip.traces);

  const layout = buildLayout({
    geometry,
    window: inp.window,
    selection: inp.selection,
    zone,
    palette: colors,
    panels,
    logStrip: strip,
    datarevision: dataRevision(traces),
  });
  return { data: traces, layout, points, strip: strip?.box ?? null };
}

const NO_NOTES: AnnotationInfo[] = [];
/** The notes in the window (remembered: the same list and window give the same array). */
const notesOf = memoLayer(({ notes, from, to }: { notes: AnnotationInfo[]; from: number; to: number }) => notesInView(notes, from, to), (input) => input.notes);

/** The services of the charted series (remembered: the same list gives the same set). */
const chartedServices = memoLayer(
  ({ series }: { series: SeriesInfo[] }): ReadonlySet<string> => new Set(series.map((s) => s.service).filter((x): x is string => !!x)),
  (input) => input.series,
);

/** figureGeometry, remembered by its numbers (the same numbers give the same object). */
const GEOMETRY_KEY = {};
const geometryOf = memoLayer(
  ({ seriesCount, patternCount, avail }: { seriesCount: number; patternCount: number; avail: number }) =>
    figureGeometry(seriesCount, patternCount, avail),
  () => GEOMETRY_KEY,
  8,
);

const traceIds = new WeakMap<object, number>();
let nextTraceId = 1;

/**
 * A revision that names the traces by identity: unchanged when every trace is the very object drawn
 * before (remembered layers), so Plotly.react can skip comparing their data arrays.
 */
export function dataRevision(traces: PlotData[]): string {
  return traces
    .map((t) => {
      let id = traceIds.get(t);
      if (id === undefined) traceIds.set(t, (id = nextTraceId++));
      return id;
    })
    .join(',');
}

/** True when no finite value is below 0 (and there is at least one): the series is never negative. */
export function isNonNegative(values: readonly number[]): boolean {
  let seen = false;
  for (const v of values) {
    if (v < 0) return false;
    if (Number.isFinite(v)) seen = true;
  }
  return seen;
}

/** The largest finite value, or undefined when there is none. */
function maxOf(values: readonly number[]): number | undefined {
  let hi = -Infinity;
  for (const v of values) if (v > hi && Number.isFinite(v)) hi = v;
  return Number.isFinite(hi) ? hi : undefined;
}
