/**
 * Signals grouped into incidents by time, topology and service, as event-correlation engines do (Datadog
 * Watchdog's story grouping, BigPanda's time/topology/text clustering; the graph-constrained grouping of
 * Chen et al., "Identifying Linked Incidents in Large-Scale Online Service Systems", FSE 2020). Strong
 * signals (high anomalies, alert episodes, new or surging error patterns) are linked when they start close
 * together on the same or directly connected services, or overlap on one service; each linked set with
 * enough evidence is an incident. Weaker signals (medium anomalies, change points, bursts) then join the
 * incident whose services they touch (an anomaly may add a directly connected service; a change point or a burst
 * only evidence to a service already in). Two incidents on unconnected services stay apart even when they
 * overlap in time. Pure: no store, no I/O.
 */
import type { CallGraph } from './graph';

const MINUTE = 60_000;

/** One signal as grouping sees it. `ids`: the stored events it stands for (an alert episode folds several). */
export interface GroupSignal {
  type: 'anomaly' | 'change-point' | 'pattern' | 'alert';
  /** Index into the caller's list of that type. */
  index: number;
  service: string | null;
  start: number;
  end: number;
  strong: boolean;
  weight: number;
}

export interface SignalGroup {
  members: GroupSignal[];
  start: number;
  end: number;
  /** Where strong evidence starts to pile up (see `onsetOf`). */
  onset: number;
  /** Services with a member, in order of their first member's start. */
  services: string[];
}

export interface GroupingOptions {
  /** Strong signals on connected services starting this close are linked (default 15 min). */
  linkMs?: number;
  /** Strong signals on one service link when the later starts within this of the earlier's end (default 10 min). */
  gapMs?: number;
  /** Least total strong weight of an incident (default 2.5). */
  minWeight?: number;
  /** Weak signals this far before a group's onset still join it (default 10 min). */
  leadMs?: number;
}

/** Union-find over indexes, with path halving. */
function unionFind(n: number): { find(i: number): number; union(a: number, b: number): void } {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  return { find, union: (a, b) => void (parent[find(a)] = find(b)) };
}

/** Services of `members` in order of their first start. */
function servicesInOrder(members: readonly GroupSignal[]): string[] {
  const first = new Map<string, number>();
  for (const m of members) if (m.service !== null && !(first.get(m.service)! <= m.start)) first.set(m.service, m.start);
  return [...first].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([s]) => s);
}

/**
 * The onset of a group: the first strong anomaly or alert followed by another within `denseMs` (a lone early
 * signal, such as a CPU creeping up before the failure, does not pull the onset back); the first strong
 * anomaly or alert when none is; the first member otherwise. Log-pattern events are left out while metric or
 * alert evidence exists: they start at 5-minute bucket edges, before the lines that made them.
 */
export function onsetOf(members: readonly GroupSignal[], denseMs = 10 * MINUTE): number {
  const timed = members.filter((m) => m.strong && (m.type === 'anomaly' || m.type === 'alert')).map((m) => m.start).sort((a, b) => a - b);
  for (let i = 0; i + 1 < timed.length; i++) if (timed[i + 1] - timed[i] <= denseMs) return timed[i];
  if (timed.length) return timed[0];
  return Math.min(...members.map((m) => m.start));
}

/**
 * Groups signals into incidents (see the file's header). Strong signals without a service do not link
 * (they cannot be placed on the graph); they join as weak ones do. O(strong · linked window + weak · groups).
 * @example groupSignals(signals, callGraph(edges)).length // 2 for two overlapping incidents on unconnected services
 */
export function groupSignals(signals: readonly GroupSignal[], graph: CallGraph, o: GroupingOptions = {}): SignalGroup[] {
  const linkMs = o.linkMs ?? 15 * MINUTE;
  const gapMs = o.gapMs ?? 10 * MINUTE;
  const minWeight = o.minWeight ?? 2.5;
  const leadMs = o.leadMs ?? 10 * MINUTE;
  const strong = signals.filter((s) => s.strong && s.service !== null).sort((a, b) => a.start - b.start);
  const uf = unionFind(strong.length);
  const lastOfService = new Map<string, { index: number; end: number }>();
  for (let j = 0; j < strong.length; j++) {
    const sj = strong[j];
    const service = sj.service as string;
    for (let i = j - 1; i >= 0 && sj.start - strong[i].start <= linkMs; i--) {
      if (graph.adjacent(service, strong[i].service as string)) uf.union(i, j);
    }
    const last = lastOfService.get(service);
    if (last && sj.start <= last.end + gapMs) uf.union(last.index, j);
    if (!last || sj.end >= last.end) lastOfService.set(service, { index: j, end: sj.end });
  }
  const sets = new Map<number, GroupSignal[]>();
  for (let i = 0; i < strong.length; i++) {
    const root = uf.find(i);
    const list = sets.get(root);
    if (list) list.push(strong[i]);
    else sets.set(root, [strong[i]]);
  }
  const groups: SignalGroup[] = [];
  for (const members of sets.values()) {
    const weight = members.reduce((a, m) => a + m.weight, 0);
    if (members.length < 2 || weight < minWeight || !members.some((m) => m.type === 'anomaly' || m.type === 'alert')) continue;
    const start = Math.min(...members.map((m) => m.start));
    groups.push({ members, start, end: Math.max(...members.map((m) => m.end)), onset: onsetOf(members), services: servicesInOrder(members) });
  }
  groups.sort((a, b) => a.onset - b.onset);

  // Weak signals (and strong ones without a service) join the group whose services they touch, nearest onset first.
  for (const s of signals) {
    if (s.strong && s.service !== null) continue;
    let best: SignalGroup | null = null;
    for (const g of groups) {
      if (s.start < g.onset - leadMs || s.start > g.end) continue;
      // An anomaly may add a neighbouring service; change points and bursts only add evidence to a service already in.
      const touches = s.type === 'anomaly' ? (x: string) => graph.adjacent(x, s.service as string) : (x: string) => x === s.service;
      if (s.service !== null && !g.services.some(touches)) continue;
      if (s.service === null && s.start < g.onset - 2 * MINUTE) continue;
      if (!best || Math.abs(s.start - g.onset) < Math.abs(s.start - best.onset)) best = g;
    }
    if (best) best.members.push(s);
  }
  for (const g of groups) {
    g.members.sort((a, b) => a.start - b.start);
    g.services = servicesInOrder(g.members);
  }
  return groups;
}
