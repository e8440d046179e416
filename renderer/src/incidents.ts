/**
 * Pure helpers of the incident views: the window an incident opens on the timeline, where the
 * workspace lands, the names of root-cause kinds, the colours of the onset order, and the layout of
 * the small map of affected services (layers of the call graph, callers above their callees).
 */
import type { IncidentMapNode, RootCauseKind, ServiceEdge } from '../../core/api/contract';
import { anomalyWindow, type TimeRange } from './ranges';
import { fmtClock, fmtDuration, fmtTime } from './time';
import type { UrlState } from './urlState';

/** The timeline window for an incident: its range with half its length (at least 30 min) on either side. */
export function incidentWindow(incident: { start: number; end: number }): TimeRange {
  return anomalyWindow(incident);
}

/**
 * True when the workspace should land on its incidents: the address names no view for this workspace
 * (a fresh open, or a link to another workspace), so the app chooses, and there are incidents to show.
 * @example landsOnIncidents({}, '/w.hindsight', 2) // true
 * @example landsOnIncidents({ view: 'logs' }, '/w.hindsight', 2) // false: the address chose
 */
export function landsOnIncidents(url: UrlState, workspace: string, incidents: number): boolean {
  if (incidents <= 0) return false;
  return url.view === undefined || (url.ws !== undefined && url.ws !== workspace);
}

const KIND_NAMES: Record<RootCauseKind, string> = {
  'bad-deploy': 'bad deploy',
  'config-change': 'config change',
  'memory-leak': 'memory leak',
  'cpu-saturation': 'CPU saturation',
  'network-delay': 'network delay',
  'lock-contention': 'lock contention',
  'cache-eviction': 'cache eviction',
  'traffic-surge': 'traffic surge',
  'dependency-failure': 'dependency failure',
  'disk-full': 'disk full',
  unknown: 'unknown kind',
};

/** A root-cause kind in words, with its probability when known: `memory leak · 82 %`. */
export function kindText(kind: RootCauseKind, probability?: number): string {
  const name = KIND_NAMES[kind] ?? kind;
  if (kind === 'unknown' || probability === undefined || !Number.isFinite(probability)) return name;
  return `${name} · ${Math.round(probability * 100)} %`;
}

/**
 * A time as seen from the incident's onset, for a person reading a list of changes.
 * @example relativeToOnset(onset - 12 * 60_000, onset) // '12 min before onset'
 */
export function relativeToOnset(time: number, onset: number): string {
  const d = time - onset;
  if (Math.abs(d) < 30_000) return 'at onset';
  return `${fmtDuration(d)} ${d < 0 ? 'before' : 'after'} onset`;
}

/**
 * The series of an incident's most likely causes, best cause first: up to `perCause` metrics of each
 * of the first `causes` causes (what the page draws as sparklines and charts on the timeline).
 */
export function causeSeriesIds(rootCauses: readonly { metrics: readonly { seriesId: number }[] }[], perCause = 2, causes = 3): number[] {
  const ids = rootCauses.slice(0, causes).flatMap((c) => c.metrics.slice(0, perCause).map((m) => m.seriesId));
  return [...new Set(ids)];
}

/**
 * A long metric name cut to `max` characters from its start, keeping its end (where `_p95`,
 * `_seconds`, `_total` tell metrics apart).
 * @example shortMetric('http_request_duration_seconds_p95', 20) // '…uration_seconds_p95'
 */
export function shortMetric(name: string, max = 28): string {
  return name.length <= max ? name : `…${name.slice(name.length - max + 1)}`;
}

/**
 * A time beside an incident: the clock alone on the onset's day (in the zone), with the month and
 * day on any other, so evidence from the day before does not read as later than the onset.
 * @example clockNear(Date.parse('2026-03-05T13:43Z'), Date.parse('2026-03-06T15:15Z'), 'UTC') // '03-05 13:43'
 */
export function clockNear(ts: number, onset: number, zone: string): string {
  const day = fmtTime(ts, zone, { bare: true });
  return day.slice(0, 10) === fmtTime(onset, zone, { bare: true }).slice(0, 10) ? fmtClock(ts, zone) : day.slice(5);
}

/** A share as a whole percentage (`37 %`), `<1 %` for a small non-zero share. */
export function fmtShare(share: number): string {
  if (!Number.isFinite(share)) return '–';
  if (share > 0 && share < 0.005) return '<1 %';
  return `${Math.round(share * 100)} %`;
}

/**
 * The colour of a service's place in the onset order: red for the first to go abnormal, through
 * orange to yellow for the last; grey for a neighbour that did not go abnormal.
 * @example onsetColor(0, 3) // 'hsl(0 75% 55%)'
 */
export function onsetColor(order: number | null, count: number): string {
  if (order === null) return 'var(--muted)';
  const share = count > 1 ? Math.min(1, Math.max(0, order / (count - 1))) : 0;
  return `hsl(${Math.round(share * 50)} 75% 55%)`;
}

export interface MapPlacement extends IncidentMapNode {
  x: number;
  y: number;
  layer: number;
}

export interface MapLine {
  caller: string;
  callee: string;
  origin: ServiceEdge['origin'];
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface MapLayout {
  width: number;
  height: number;
  nodes: MapPlacement[];
  lines: MapLine[];
}

export interface MapSizes {
  /** Horizontal distance between the centres of neighbours in a layer. */
  column: number;
  /** Vertical distance between layers (node centres). */
  row: number;
  /** Width and height of a node's box. */
  nodeWidth: number;
  nodeHeight: number;
  margin: number;
}

export const MAP_SIZES: MapSizes = { column: 150, row: 58, nodeWidth: 136, nodeHeight: 28, margin: 8 };

/** Onset order first (neighbours that did not go abnormal last), then name. */
function byOnset(a: IncidentMapNode, b: IncidentMapNode): number {
  return (a.onsetOrder ?? Infinity) - (b.onsetOrder ?? Infinity) || a.service.localeCompare(b.service);
}

/**
 * The layer of each service: its longest call path from a service nobody (on the map) calls, so
 * callers sit above their callees. Edges that close a cycle (found by a depth-first walk from the
 * services in onset order) are left out of the layering. With no edges at all, the layer is the onset
 * order itself, so the map reads top to bottom in the order the services went abnormal.
 * O(V + E).
 */
export function mapLayers(nodes: readonly IncidentMapNode[], edges: readonly ServiceEdge[]): Map<string, number> {
  const names = new Set(nodes.map((n) => n.service));
  const inside = edges.filter((e) => names.has(e.caller) && names.has(e.callee) && e.caller !== e.callee);
  const ordered = [...nodes].sort(byOnset);
  const layer = new Map<string, number>();
  if (!inside.length) {
    ordered.forEach((n, i) => layer.set(n.service, n.onsetOrder ?? i));
    // Neighbours without an onset go after the last abnormal service.
    const last = Math.max(-1, ...ordered.filter((n) => n.onsetOrder !== null).map((n) => n.onsetOrder as number));
    let next = last + 1;
    for (const n of ordered) if (n.onsetOrder === null) layer.set(n.service, next++);
    return compactLayers(layer);
  }
  const callees = new Map<string, string[]>();
  for (const e of inside) callees.set(e.caller, [...(callees.get(e.caller) ?? []), e.callee]);
  // Depth-first: keep the edges that do not point back into the current path (a DAG).
  const state = new Map<string, 'open' | 'done'>();
  const kept = new Map<string, string[]>();
  const visit = (service: string): void => {
    state.set(service, 'open');
    for (const callee of callees.get(service) ?? []) {
      if (state.get(callee) === 'open') continue;
      kept.set(service, [...(kept.get(service) ?? []), callee]);
      if (!state.has(callee)) visit(callee);
    }
    state.set(service, 'done');
  };
  const called = new Set(inside.map((e) => e.callee));
  for (const n of ordered) if (!called.has(n.service) && !state.has(n.service)) visit(n.service);
  for (const n of ordered) if (!state.has(n.service)) visit(n.service);
  // Longest path from a root, in topological order (reverse post-order of the kept edges).
  const post: string[] = [];
  const seen = new Set<string>();
  const walk = (service: string): void => {
    seen.add(service);
    for (const callee of kept.get(service) ?? []) if (!seen.has(callee)) walk(callee);
    post.push(service);
  };
  for (const n of ordered) if (!seen.has(n.service)) walk(n.service);
  for (const n of ordered) layer.set(n.service, 0);
  for (const service of post.reverse()) {
    for (const callee of kept.get(service) ?? []) layer.set(callee, Math.max(layer.get(callee) ?? 0, (layer.get(service) ?? 0) + 1));
  }
  return layer;
}

/** Renumbers layers 0, 1, 2… keeping their order (no empty columns). */
function compactLayers(layer: Map<string, number>): Map<string, number> {
  const used = [...new Set(layer.values())].sort((a, b) => a - b);
  const index = new Map(used.map((l, i) => [l, i]));
  return new Map([...layer].map(([service, l]) => [service, index.get(l) as number]));
}

/**
 * Places the services of an incident's map: one row per layer (see mapLayers), callers above their
 * callees, each row's services left to right in onset order and centred on the widest row; a line
 * per edge from the caller's box to the callee's (bottom to top when the callee is below). The
 * picture's size follows from the number of layers and the widest row.
 * @example layoutServiceMap([{ service: 'a', onsetOrder: 0, onset: 0, causeRank: 0 }], []).nodes[0].y // 22
 */
export function layoutServiceMap(nodes: readonly IncidentMapNode[], edges: readonly ServiceEdge[], sizes: MapSizes = MAP_SIZES): MapLayout {
  const layers = mapLayers(nodes, edges);
  const rows = new Map<number, IncidentMapNode[]>();
  for (const n of [...nodes].sort(byOnset)) {
    const l = layers.get(n.service) ?? 0;
    rows.set(l, [...(rows.get(l) ?? []), n]);
  }
  const widest = Math.max(0, ...[...rows.values()].map((r) => r.length));
  const placed: MapPlacement[] = [];
  for (const [l, row] of rows) {
    const indent = ((widest - row.length) * sizes.column) / 2;
    row.forEach((n, i) => {
      placed.push({ ...n, layer: l, x: sizes.margin + sizes.nodeWidth / 2 + indent + i * sizes.column, y: sizes.margin + sizes.nodeHeight / 2 + l * sizes.row });
    });
  }
  const at = new Map(placed.map((p) => [p.service, p]));
  const half = { w: sizes.nodeWidth / 2, h: sizes.nodeHeight / 2 };
  const lines: MapLine[] = [];
  for (const e of edges) {
    const a = at.get(e.caller);
    const b = at.get(e.callee);
    if (!a || !b || a === b) continue;
    const sameRow = a.y === b.y;
    const down = Math.sign(b.y - a.y);
    const right = Math.sign(b.x - a.x);
    lines.push({
      caller: e.caller,
      callee: e.callee,
      origin: e.origin,
      x1: a.x + (sameRow ? right * half.w : 0),
      y1: a.y + down * half.h,
      x2: b.x - (sameRow ? right * half.w : 0),
      y2: b.y - down * half.h,
    });
  }
  const layerCount = Math.max(0, ...placed.map((p) => p.layer + 1));
  return {
    width: widest ? 2 * sizes.margin + sizes.nodeWidth + (widest - 1) * sizes.column : 0,
    height: layerCount ? 2 * sizes.margin + sizes.nodeHeight + (layerCount - 1) * sizes.row : 0,
    nodes: placed,
    lines,
  };
}
