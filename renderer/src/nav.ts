/**
 * Where the person is inside a workspace: the view, the series on the timeline, the timeline's
 * window, the selected (brushed) range, and what the Logs view should show. One reducer, so every
 * view can send the person anywhere ("open this anomaly on the timeline", "show these logs").
 */
import type { SeriesInfo } from '../../core/api/contract';
import type { TimeRange } from './ranges';

export type ViewName = 'incidents' | 'explorer' | 'timeline' | 'anomalies' | 'logs' | 'compare' | 'capacity' | 'advice';

export const VIEWS: { name: ViewName; label: string; key: string }[] = [
  { name: 'incidents', label: 'Incidents', key: 'i' },
  { name: 'explorer', label: 'Explorer', key: '1' },
  { name: 'timeline', label: 'Timeline', key: '2' },
  { name: 'anomalies', label: 'Anomalies', key: '3' },
  { name: 'logs', label: 'Logs', key: '4' },
  { name: 'compare', label: 'Compare', key: '5' },
  { name: 'capacity', label: 'Capacity', key: '6' },
  { name: 'advice', label: 'Advice', key: '7' },
];

export type { TimeRange } from './ranges';

export interface LogFocus {
  templateId?: string;
  query?: string;
  /** Scroll the raw view to this time. */
  at?: number;
  range?: TimeRange;
}

export interface NavState {
  view: ViewName;
  chosen: SeriesInfo[];
  /** The timeline's window; null shows all the data. */
  range: TimeRange | null;
  selection: TimeRange | null;
  logs: LogFocus;
  /** Bumped by every "open" so views can react once (e.g. scroll). */
  seq: number;
  /** The person chose what to chart (so the opening pick must not overrule them). */
  touched: boolean;
  /** The incident whose page is open in the Incidents view (null: the list). */
  incident: string | null;
  /** The incident whose postmortem is open in its place (views/Postmortem.tsx), when one is. */
  postmortem?: string;
  /** What the Capacity view opens on (a service or a series), when sent there. */
  capacity?: { service?: string; seriesId?: number; asOf?: number };
}

export type NavAction =
  | { type: 'view'; view: ViewName }
  | { type: 'range'; range: TimeRange | null }
  | { type: 'select'; selection: TimeRange | null }
  | { type: 'toggle'; series: SeriesInfo }
  | { type: 'remove'; id: number }
  | { type: 'chosen'; series: SeriesInfo[] }
  /** The opening pick: applies only while the person has charted nothing. */
  | { type: 'auto'; series: SeriesInfo[] }
  | { type: 'timeline'; series?: SeriesInfo[]; range?: TimeRange | null; selection?: TimeRange | null; add?: boolean }
  | { type: 'logs'; focus: LogFocus }
  | { type: 'compare'; selection: TimeRange }
  /** Opens the Incidents view on one incident's page (null: on the list). */
  | { type: 'incident'; id: string | null }
  /** Opens the postmortem of an incident (null: back to the incident's page). */
  | { type: 'postmortem'; incident: string | null }
  /** Opens the Capacity view on a service's or a series' runway. */
  | { type: 'capacity'; service?: string; seriesId?: number; asOf?: number };

/** The most panels the timeline stacks. */
export const MAX_PANELS = 12;

export const initialNav: NavState = { view: 'timeline', chosen: [], range: null, selection: null, logs: {}, seq: 0, touched: false, incident: null };

function merge(list: SeriesInfo[], more: SeriesInfo[]): SeriesInfo[] {
  const out = [...list];
  for (const s of more) if (!out.some((x) => x.id === s.id)) out.push(s);
  return out.slice(-MAX_PANELS);
}

export function navReducer(s: NavState, a: NavAction): NavState {
  switch (a.type) {
    case 'view':
      return { ...s, view: a.view };
    case 'range':
      return { ...s, range: a.range };
    case 'select':
      return { ...s, selection: a.selection };
    case 'toggle':
      return {
        ...s,
        touched: true,
        chosen: s.chosen.some((x) => x.id === a.series.id) ? s.chosen.filter((x) => x.id !== a.series.id) : merge(s.chosen, [a.series]),
      };
    case 'remove':
      return { ...s, touched: true, chosen: s.chosen.filter((x) => x.id !== a.id) };
    case 'chosen':
      return { ...s, touched: true, chosen: a.series.slice(0, MAX_PANELS) };
    case 'auto':
      return s.touched || s.chosen.length ? s : { ...s, chosen: a.series.slice(0, MAX_PANELS) };
    case 'timeline':
      return {
        ...s,
        view: 'timeline',
        chosen: a.series ? (a.add ? merge(s.chosen, a.series) : a.series.slice(0, MAX_PANELS)) : s.chosen,
        touched: s.touched || !!a.series,
        range: a.range === undefined ? s.range : a.range,
        selection: a.selection === undefined ? s.selection : a.selection,
        seq: s.seq + 1,
      };
    case 'logs':
      return { ...s, view: 'logs', logs: a.focus, seq: s.seq + 1 };
    case 'compare':
      return { ...s, view: 'compare', selection: a.selection, seq: s.seq + 1 };
    case 'incident':
      return { ...s, view: 'incidents', incident: a.id, postmortem: undefined };
    case 'postmortem':
      return { ...s, view: 'incidents', incident: a.incident ?? s.incident, postmortem: a.incident ?? undefined };
    case 'capacity':
      return { ...s, view: 'capacity', capacity: { service: a.service, seriesId: a.seriesId, asOf: a.asOf }, seq: s.seq + 1 };
  }
}
