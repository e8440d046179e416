/**
 * Signals grouped into incidents by time, topology and service, as event-correlation engines do (Datadog
 * Watchdog's story grouping, BigPanda's time/topology/text clustering; the graph-constrained grouping of
 * Chen et al., "Identifying Linked Incidents in Large-Scale Online Service Systems", FSE 2020). Strong
 * signals (high anomalies, alert episodes, new or surging error patterns) join a group when they start
 * shortly after a member on the same or a directly connected service (callers for longer: symptoms climb the
 * call graph); each group with enough evidence is an incident, and a later group on services an ongoing
 * incident already covers continues it. Weaker signals (medium anomalies, change points, bursts) then join the
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
  /** A resource metric (memory, CPU): evidence for its service, never a link to a neighbour. */
  resource?: boolean;
  /** Its service's CPU rose (an anomaly of a CPU series, upwards). */
  saturation?: boolean;
  /** Its service's request rate rose (an anomaly of a request-rate series, upwards). */
  load?: boolean;
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
  /** A signal joins through a connected service with a member at most this long before it (default 15 min). */
  linkMs?: number;
  /** Symptoms propagate to callers for at most this long after a group's first signal (default 45 min). */
  propagateMs?: number;
  /** A later group continues an earlier one on the same services that ended at most this long before (default 10 min). */
  gapMs?: number;
  /** Least total strong weight of an incident (default 2.5). */
  minWeight?: number;
  /** Weak signals this far before a group's onset still join it (default 10 min). */
  leadMs?: number;
  /** A member extends its group's end by at most this much past its start (default 6 h): one range left open
   *  for days does not make an incident of days. */
  maxSpanMs?: number;
  /** A service other than a group's first whose own CPU saturates, with no more traffic than before, starts an
   *  incident of its own rather than joining (or staying in) another's as a symptom: waiting on a slow callee does
   *  not burn CPU (default off). */
  ownSaturation?: boolean;
}

/** A service's traffic rising this close to its CPU rise explains the CPU. */
const LOAD_NEAR_MS = 5 * 60_000;

/**
 * Whether a strong CPU rise of a service at a moment is its own saturation: no rise of its request rate within
 * LOAD_NEAR_MS (more traffic would explain the CPU). Built once over all signals.
 */
function ownSaturationTest(signals: readonly GroupSignal[]): (sig: GroupSignal) => boolean {
  const load = new Map<string, number[]>();
  for (const s of signals) if (s.service !== null && s.load) load.set(s.service, [...(load.get(s.service) ?? []), s.start]);
  return (sig) => !!sig.saturation && sig.strong && sig.service !== null && !(load.get(sig.service) ?? []).some((t) => Math.abs(t - sig.start) <= LOAD_NEAR_MS);
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
 * (they cannot be placed on the graph); they join as weak ones do. O(strong · groups · services + weak · groups).
 * @example groupSignals(signals, callGraph(edges)).length // 2 for two overlapping incidents on unconnected services
 */
export function groupSignals(signals: readonly GroupSignal[], graph: CallGraph, o: GroupingOptions = {}): SignalGroup[] {
  const linkMs = o.linkMs ?? 15 * MINUTE;
  const gapMs = o.gapMs ?? 10 * MINUTE;
  const minWeight = o.minWeight ?? 2.5;
  const leadMs = o.leadMs ?? 10 * MINUTE;
  const maxSpanMs = o.maxSpanMs ?? 6 * 60 * MINUTE;
  const propagateMs = o.propagateMs ?? 45 * MINUTE;
  const ownSaturation = o.ownSaturation ? ownSaturationTest(signals) : () => false;
  const strong = signals.filter((s) => s.strong && s.service !== null).sort((a, b) => a.start - b.start);
  // Greedy, in time order: a signal joins the newest group it continues (a service already in it) or that its
  // symptom propagates from (a directly connected service with a member shortly before). Symptoms travel up
  // to callers for a while (a cascade takes minutes a hop); a callee joins only near the group's start (a
  // surge flows down at once), so a callee failing half an hour into an incident starts its own.
  const building: { members: GroupSignal[]; first: number; end: number; last: Map<string, number>; own?: boolean }[] = [];
  for (const sig of strong) {
    const service = sig.service as string;
    let best: (typeof building)[number] | null = null;
    for (const g of building) {
      if (sig.start > g.end + gapMs && sig.start > g.first + propagateMs) continue;
      const continues = g.last.has(service) && sig.start <= g.end + gapMs;
      const propagates = [...g.last].some(
        ([other, t]) =>
          sig.start - t <= linkMs &&
          ((graph.callees.get(service)?.has(other) && sig.start <= g.first + propagateMs) ||
            (graph.callers.get(service)?.has(other) && sig.start <= g.first + linkMs) ||
            (other === service && sig.start <= g.first + propagateMs)),
      );
      if ((continues || propagates) && (!best || g.first > best.first)) best = g;
    }
    // Its own saturation, in a group some other service began: a second incident starts here.
    const own = best !== null && best.members[0].service !== service && ownSaturation(sig);
    if (!best || own) building.push((best = { members: [], first: sig.start, end: sig.start, last: new Map(), own }));
    best.members.push(sig);
    // A resource moving on its own (memory or CPU up) is evidence for its service, but no symptom of it spreads
    // through the graph: it does not pull neighbours in (unless it began the incident of its own).
    if (!sig.resource || own) best.last.set(service, sig.start);
    best.end = Math.max(best.end, Math.min(sig.end, sig.start + maxSpanMs));
  }
  const groups: SignalGroup[] = [];
  const apart = new Set<SignalGroup>();
  for (const { members, own } of building) {
    const weight = members.reduce((a, m) => a + m.weight, 0);
    if (members.length < 2 || weight < minWeight || !members.some((m) => m.type === 'anomaly' || m.type === 'alert')) continue;
    const start = Math.min(...members.map((m) => m.start));
    const group: SignalGroup = { members, start, end: Math.max(...members.map((m) => Math.min(m.end, m.start + maxSpanMs))), onset: onsetOf(members), services: servicesInOrder(members) };
    groups.push(group);
    if (own) apart.add(group);
  }
  groups.sort((a, b) => a.onset - b.onset);
  // A later burst of evidence on services an ongoing incident already covers (an alert firing again, a range
  // re-opened) continues it; one that brings a service of its own is a new incident, even when it overlaps.
  for (let j = 1; j < groups.length; j++) {
    const later = groups[j];
    if (apart.has(later)) continue;
    const earlier = groups.slice(0, j).find((g) => g.members.length && later.onset <= g.end + gapMs && later.services.every((x) => g.services.includes(x)));
    if (!earlier) continue;
    earlier.members.push(...later.members);
    earlier.end = Math.max(earlier.end, later.end);
    later.members = [];
  }
  for (let j = groups.length - 1; j >= 0; j--) if (!groups[j].members.length) groups.splice(j, 1);

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
