/**
 * The view lives in the URL's query string, so a reload or a copied link opens the same view:
 * `?ws=<workspace path>&view=timeline&from=<ms>&to=<ms>&series=12,7&sel=<ms>-<ms>&zone=local`
 * (`&incident=<id>` with the Incidents view on one incident's page).
 * Pure parse and format; parameters it does not own (e.g. an access `token`) are kept as they
 * are, and the URL's fragment is never touched (browser mode may keep its token there).
 */
import type { TimeRange } from './ranges';
import { initialNav, VIEWS, type NavState, type ViewName } from './nav';

export interface UrlState {
  /** Path of the open workspace. */
  ws?: string;
  view?: ViewName;
  /** The timeline's window (absent: all the data). */
  range?: TimeRange;
  /** The charted series' ids, in panel order. */
  series?: number[];
  /** The brushed range. */
  selection?: TimeRange;
  zone?: 'utc' | 'local';
  /** The incident whose page is open. */
  incident?: string;
}

/** The parameters this module owns, in the order it writes them. */
const OWNED = ['ws', 'view', 'from', 'to', 'series', 'sel', 'zone', 'incident'] as const;

const VIEW_NAMES = new Set<string>(VIEWS.map((v) => v.name));

/** A whole number of ms, or undefined. */
function msOf(text: string | null): number | undefined {
  if (text === null || !/^-?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A range with from < to, or undefined. */
function rangeOf(from: number | undefined, to: number | undefined): TimeRange | undefined {
  return from !== undefined && to !== undefined && to > from ? { from, to } : undefined;
}

/**
 * The view state in a query string (`location.search`, with or without its '?'). Anything
 * malformed (an unknown view, a range that ends before it starts, ids that are not positive whole
 * numbers) is left out rather than guessed.
 * @example parseUrlState('?view=logs&from=0&to=60000') // { view: 'logs', range: { from: 0, to: 60000 } }
 */
export function parseUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const out: UrlState = {};
  const ws = q.get('ws');
  if (ws) out.ws = ws;
  const view = q.get('view');
  if (view && VIEW_NAMES.has(view)) out.view = view as ViewName;
  const range = rangeOf(msOf(q.get('from')), msOf(q.get('to')));
  if (range) out.range = range;
  const series = q.get('series');
  if (series !== null) {
    const ids = series.split(',').filter((x) => /^\d+$/.test(x)).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    if (ids.length) out.series = [...new Set(ids)];
  }
  const sel = /^(-?\d+)-(-?\d+)$/.exec(q.get('sel') ?? '');
  const selection = sel ? rangeOf(msOf(sel[1]), msOf(sel[2])) : undefined;
  if (selection) out.selection = selection;
  const zone = q.get('zone');
  if (zone === 'utc' || zone === 'local') out.zone = zone;
  const incident = q.get('incident');
  if (incident && incident.length <= 200) out.incident = incident;
  return out;
}

/**
 * A query string (with its '?', or '' when empty) holding `state`, keeping every parameter of
 * `search` that this module does not own. Times are whole ms (rounded).
 * @example formatUrlState({ view: 'timeline', series: [3, 1] }, '?token=abc') // '?token=abc&view=timeline&series=3%2C1'
 */
export function formatUrlState(state: UrlState, search = ''): string {
  const q = new URLSearchParams(search);
  for (const key of OWNED) q.delete(key);
  if (state.ws) q.set('ws', state.ws);
  if (state.view) q.set('view', state.view);
  if (state.range) {
    q.set('from', String(Math.floor(state.range.from)));
    q.set('to', String(Math.ceil(state.range.to)));
  }
  if (state.series?.length) q.set('series', state.series.join(','));
  if (state.selection) q.set('sel', `${Math.floor(state.selection.from)}-${Math.ceil(state.selection.to)}`);
  if (state.zone) q.set('zone', state.zone);
  if (state.incident) q.set('incident', state.incident);
  const text = q.toString();
  return text ? `?${text}` : '';
}

/**
 * Where a workspace opens: the view, window and selection from the address (when it names this
 * workspace, or none), the series still to be looked up by id (`touched`, so the opening pick does
 * not overrule them).
 */
export function navFromUrl(url: UrlState, workspace: string): NavState {
  if (url.ws !== undefined && url.ws !== workspace) return initialNav;
  return {
    ...initialNav,
    view: url.view ?? initialNav.view,
    range: url.range ?? null,
    selection: url.selection ?? null,
    touched: !!url.series?.length,
    incident: url.incident ?? null,
  };
}
