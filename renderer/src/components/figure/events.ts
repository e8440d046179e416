/**
 * Events on the timeline: the events strip at the top (a marker per event with its details on
 * hover, and a bar for events that last), and dotted lines through a series panel for the deploys
 * and config changes of the charted services. All text from imported data is HTML-escaped: Plotly
 * renders hover text as HTML.
 */
import type { PlotData } from 'plotly.js-basic-dist-min';
import type { EventInfo } from '../../../../core/api/contract';
import { escapeHtml } from '../../format';
import { fmtDuration, fmtTime, toWall } from '../../time';
import { memoLayer } from './memo';
import { EVENT_STYLE } from './style';

/** The kinds drawn as lines through the panels. */
const LINE_KINDS = ['deploy', 'config', 'flag'];

export interface EventsInViewInput {
  events: EventInfo[];
  from: number;
  to: number;
}

/** The events that overlap the window [from, to]. */
export function buildEventsInView({ events, from, to }: EventsInViewInput): EventInfo[] {
  return events.filter((e) => (e.endTs ?? e.ts) >= from && e.ts <= to);
}

/** `buildEventsInView`, remembered by the event list (the same window gives the same array). */
export const eventsInView = memoLayer(buildEventsInView, (input) => input.events);

export interface EventStripInput {
  /** The events to draw (those in the window). */
  events: EventInfo[];
  zone: string;
  dark: boolean;
}

/** The events strip's traces (axis 'y', rows at fixed heights per kind). */
export function buildEventStrip({ events, zone, dark }: EventStripInput): PlotData[] {
  const traces: PlotData[] = [];
  const wall = (ms: number): number => toWall(ms, zone);
  for (const kind of Object.keys(EVENT_STYLE)) {
    const list = events.filter((e) => e.kind === kind);
    if (!list.length) continue;
    const style = EVENT_STYLE[kind];
    const spans = list.filter((e) => e.endTs && e.endTs > e.ts);
    if (spans.length) {
      traces.push({
        type: 'scatter',
        mode: 'lines',
        name: `${kind}-spans`,
        x: spans.flatMap((e) => [wall(e.ts), wall(e.endTs as number), null]),
        y: spans.flatMap(() => [style.row, style.row, null]),
        xaxis: 'x',
        yaxis: 'y',
        line: { color: style.color, width: 3 },
        opacity: 0.6,
        hoverinfo: 'skip',
      });
    }
    traces.push({
      type: 'scatter',
      mode: 'markers',
      name: style.label,
      x: list.map((e) => wall(e.ts)),
      y: list.map(() => style.row),
      xaxis: 'x',
      yaxis: 'y',
      marker: { color: style.color, symbol: style.symbol, size: 10, line: { width: 1, color: dark ? '#0f1216' : '#ffffff' } },
      text: list.map(
        (e) =>
          `<b>${style.label}</b>${e.service ? ` · ${escapeHtml(e.service)}` : ''}` +
          `${e.severity ? ` · ${escapeHtml(e.severity)}` : ''}<br>` +
          `${escapeHtml(truncate(e.title, 120))}<br>${fmtTime(e.ts, zone, { seconds: true })}` +
          (e.endTs ? ` · lasted ${fmtDuration(e.endTs - e.ts)}` : ''),
      ),
      customdata: list.map((e) => e.id),
      hovertemplate: '%{text}<extra></extra>',
    });
  }
  return traces;
}

export interface EventLinesInput {
  /** The events to draw (those in the window); only deploys and config changes are drawn. */
  events: EventInfo[];
  /** The charted services: an event of another service draws no line (one with no service does). */
  services: ReadonlySet<string>;
  axis: string;
  zone: string;
  /** The panel's y range: lines span it. */
  lo: number;
  hi: number;
}

/** Dotted lines through one panel, one trace per kind. */
export function buildEventLines({ events, services, axis, zone, lo, hi }: EventLinesInput): PlotData[] {
  const traces: PlotData[] = [];
  for (const kind of LINE_KINDS) {
    const list = events.filter((e) => e.kind === kind && (!e.service || services.has(e.service)));
    if (!list.length) continue;
    traces.push({
      type: 'scatter',
      mode: 'lines',
      name: `${kind}-lines`,
      x: list.flatMap((e) => [toWall(e.ts, zone), toWall(e.ts, zone), null]),
      y: list.flatMap(() => [lo, hi, null]),
      xaxis: 'x',
      yaxis: axis,
      line: { color: EVENT_STYLE[kind].color, width: 1.2, dash: 'dot' },
      hoverinfo: 'skip',
    });
  }
  return traces;
}

/** Layers remembered by the event list they draw. */
export const eventStrip = memoLayer(buildEventStrip, (input) => input.events);
export const eventLines = memoLayer(buildEventLines, (input) => input.events);

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
