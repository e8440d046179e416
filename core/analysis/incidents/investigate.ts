/**
 * The whole investigation over a workspace's signals: alerts folded and chronic noise set aside
 * (alerts.ts), signals grouped into incidents (grouping.ts), and per incident the root-cause services
 * ranked (ranking.ts, after BARO / MicroRCA / CIRCA), the changes attributed (changes.ts, after Gandalf), the
 * kind classified (classify.ts, a random forest), a summary written (summary.ts) and a fingerprint taken
 * (similar.ts). `investigateAt` answers the same for a moment a person names. Pure: no store, no I/O (raw
 * series arrive through a MetricSource the caller implements).
 */
import { FLAPPING_COUNT, foldAlerts, type AlertEpisode } from './alerts';
import { attributeChanges } from './changes';
import { kindByRules, kindFeatures, loadKindModel, type KindFeatures, type KindModel } from './classify';
import { callGraph, type CallGraph } from './graph';
import { groupSignals, onsetOf, type GroupSignal, type SignalGroup } from './grouping';
import { climbStart, type Climb } from './buildup';
import { REQUESTS, rankCauses, serviceFacts, type IncidentSignals, type MetricSource, type ServiceFacts } from './ranking';
import { fingerprintOf, knownIncident, similarIncidents } from './similar';
import { summarise } from './summary';
import type { AlertSignal, AnomalySignal, ChangePointSignal, ChangeSignal, Incident, NoiseAlert, PatternSignal, ServiceEdge } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A person's verdict on a cause, as the store keeps it. */
export interface VerdictInput {
  onset: number;
  target: 'service' | 'change';
  ref: string;
  verdict: 'cause' | 'not-cause';
}

export interface InvestigationInput {
  anomalies: readonly AnomalySignal[];
  changePoints: readonly ChangePointSignal[];
  patterns: readonly PatternSignal[];
  alerts: readonly AlertSignal[];
  changes: readonly ChangeSignal[];
  edges: readonly ServiceEdge[];
  /** Raw series for robust sizes; without it the anomalies' sigmas stand in. */
  metrics?: MetricSource;
  /** The workspace's time span (for "always firing"); the signals' span when absent. */
  span?: { first: number; last: number };
  verdicts?: readonly VerdictInput[];
  /** A trained kind model (classify.ts); rules answer without one. */
  kindModel?: KindModel | null;
}

/**
 * The investigation's optional rules, each on or off, so that bench/rca.ts --loso can choose them by
 * leave-one-system-out over the tuned systems. The product runs DEFAULT_RULES.
 */
export interface InvestigationRules {
  /** A disk that filled for half an hour or more before failing dates the onset from the start of the fill. */
  fillOnset: boolean;
  /** A service whose own CPU saturates (its traffic flat) during an incident another service began starts an incident of its own, not one more symptom. */
  ownSaturation: boolean;
}

export const RULE_NAMES = ['fillOnset', 'ownSaturation'] as const satisfies readonly (keyof InvestigationRules)[];

/** Both, as leave-one-system-out chose them on every fold (bench/rca.ts --loso --dev). */
export const DEFAULT_RULES: InvestigationRules = { fillOnset: true, ownSaturation: true };

export interface Investigation {
  /** Best (most severe, then latest) first. */
  incidents: Incident[];
  /** The kind classifier's features of each incident, by incident id (what scripts/train-incident-kind.ts learns from). */
  features: Map<string, KindFeatures>;
  noise: (NoiseAlert & { service: string | null })[];
}

const ERRORISH = /err|warn|fatal|crit/i;
const RESOURCE = /memory|resident|heap|cpu/;
const CPU = /cpu/;
/** The shortest anomaly range that can start or link an incident. */
const MIN_STRONG_MS = 3 * MINUTE;

/** The signals as grouping sees them: strong ones can start an incident, weak ones only join one. */
function groupSignalsOf(input: InvestigationInput, episodes: readonly AlertEpisode[]): GroupSignal[] {
  const out: GroupSignal[] = [];
  input.anomalies.forEach((a, index) => {
    // A resource falling (memory after a restart, CPU when idle) is what a deploy or a quiet hour looks like.
    // Nor is a blip of a minute or two (one odd scrape, a sparse access-log sample): incidents last longer.
    const strong = a.severity === 'high' && !(a.direction === 'down' && RESOURCE.test(a.metric)) && a.endMs - a.startMs >= MIN_STRONG_MS;
    const up = a.direction === 'up';
    out.push({
      type: 'anomaly', index, service: a.service, start: a.startMs, end: a.endMs, strong, weight: strong ? 1 : 0.3, resource: RESOURCE.test(a.metric),
      saturation: up && CPU.test(a.metric), load: up && REQUESTS.test(a.metric),
    });
  });
  input.changePoints.forEach((c, index) => out.push({ type: 'change-point', index, service: c.service, start: c.ts, end: c.ts, strong: false, weight: 0.2 }));
  input.patterns.forEach((p, index) => {
    const strong = (p.kind === 'new' && ERRORISH.test(p.level ?? '')) || p.kind === 'error-surge';
    out.push({ type: 'pattern', index, service: p.service, start: p.startMs, end: p.endMs, strong, weight: strong ? 1 : 0.2 });
  });
  episodes.forEach((e, index) => {
    const strong = !/^(info|none)$/i.test(e.severity ?? '') && e.count < FLAPPING_COUNT;
    out.push({ type: 'alert', index, service: e.service, start: e.startsAt, end: e.endsAt, strong, weight: strong ? 2 : 0.5 });
  });
  return out;
}

/** Severity from the alerts absorbed, the anomalies' sizes and the number of services. */
function severityOf(episodes: readonly AlertEpisode[], anomalies: readonly AnomalySignal[], services: number): Incident['severity'] {
  const critical = episodes.some((e) => /crit|page|p1|sev1/i.test(e.severity ?? ''));
  const high = anomalies.filter((a) => a.severity === 'high').length;
  if (critical && services >= 3) return 'critical';
  if (critical || (high >= 3 && services >= 3)) return 'high';
  if (high >= 2 || episodes.length) return 'medium';
  return 'low';
}

/** Verdicts that apply to an incident spanning [start, end]: services and change ids confirmed or rejected. */
function verdictsFor(verdicts: readonly VerdictInput[], start: number, end: number) {
  const latest = new Map<string, VerdictInput>();
  for (const v of verdicts) if (v.onset >= start - 30 * MINUTE && v.onset <= end) latest.set(`${v.target}:${v.ref}`, v);
  const pick = (target: VerdictInput['target'], verdict: VerdictInput['verdict']): string[] =>
    [...latest.values()].filter((v) => v.target === target && v.verdict === verdict).map((v) => v.ref);
  return {
    confirmed: new Set(pick('service', 'cause')),
    rejected: new Set(pick('service', 'not-cause')),
    confirmedChanges: new Set(pick('change', 'cause').map(Number)),
    rejectedChanges: new Set(pick('change', 'not-cause').map(Number)),
  };
}

/** How far a climb's fitted start may be from the change that began it. */
const CLIMB_SLACK_MS = 3 * HOUR;
const BUILDS_UP = /memory|resident|heap|disk_used|filesystem_used|fs_used|volume_used/;
/** A volume's used space: it only grows until something frees it, so a steady climb of half an hour is a fill, not noise. */
const FILLS = /disk_used|filesystem_used|fs_used|volume_used/;
/** The shortest climb that dates an onset: memory (which a GC or a cache also raises for a while) and a filling disk. */
const LEAK_MIN_MS = 2 * HOUR;
const FILL_MIN_MS = 30 * MINUTE;

/**
 * The climb behind a failure at `failureTs` on `service`, when one of its memory or disk series rose for
 * hours (a disk, with `fills`: half an hour or more) to a peak within the hour before it, begun at least that
 * long before the failure (the earliest such climb); null otherwise.
 */
function buildUpOf(service: string, metrics: MetricSource, failureTs: number, fills: boolean): Climb | null {
  let best: Climb | null = null;
  for (const s of metrics.seriesOf(service)) {
    if (!BUILDS_UP.test(s.metric)) continue;
    const minMs = fills && FILLS.test(s.metric) ? FILL_MIN_MS : LEAK_MIN_MS;
    const { ts, values } = metrics.read(s.id, failureTs - 96 * HOUR, failureTs + 10 * MINUTE);
    const found = climbStart(ts, values, failureTs + 10 * MINUTE, { minMs });
    const climb = found && { ...found, metric: s.metric, seriesId: s.id };
    if (climb && climb.peakTs >= failureTs - HOUR && climb.startTs < failureTs - Math.min(HOUR, minMs) && (!best || climb.startTs < best.startTs)) best = climb;
  }
  return best;
}

/** One incident from a group of signals: ranked causes and changes, kind, summary, fingerprint. */
function buildIncident(
  group: SignalGroup,
  input: InvestigationInput,
  episodes: readonly AlertEpisode[],
  graph: CallGraph,
  totalServices: number,
  rules: InvestigationRules,
): { incident: Incident; features: KindFeatures } {
  const of = <T>(type: GroupSignal['type'], list: readonly T[]): T[] => group.members.filter((m) => m.type === type).map((m) => list[m.index]);
  const anomalies = of('anomaly', input.anomalies);
  const changePoints = of('change-point', input.changePoints);
  const patterns = of('pattern', input.patterns);
  const alerts = of('alert', episodes);
  const end = Math.max(group.end, group.onset + MINUTE);
  let sig: IncidentSignals = { onset: group.onset, end, services: group.services, anomalies, patterns, alerts };
  const v = verdictsFor(input.verdicts ?? [], group.start, end);
  let facts = serviceFacts(sig, graph, input.metrics);
  let causes = rankCauses(sig, facts, graph, v);
  // A failure at the end of a slow climb (a leak, a filling disk): the onset is where the climb began.
  const climb = causes[0] && input.metrics ? buildUpOf(causes[0].service, input.metrics, group.onset, rules.fillOnset) : null;
  // A climb of hours (a leak) is dated loosely, and a change days before it still fits; a short fill is dated to minutes.
  const slow = climb !== null && climb.peakTs - climb.startTs >= LEAK_MIN_MS;
  if (climb) {
    sig = { ...sig, onset: climb.startTs, windowEnd: Math.min(end, group.onset + 30 * MINUTE) };
    facts = serviceFacts(sig, graph, input.metrics);
    (facts.get(causes[0].service) as ServiceFacts).onset = climb.startTs;
    causes = rankCauses(sig, facts, graph, v);
  }
  let onset = sig.onset;
  const root = causes[0] ? facts.get(causes[0].service) : undefined;
  const top = root?.metrics[0];
  const gradual = slow || (climb === null && top !== undefined && BUILDS_UP.test(top.metric) && top.direction === 'up');
  const climbSlackMs = slow ? CLIMB_SLACK_MS : FILL_MIN_MS / 2;
  const { causes: changes, mitigations } = attributeChanges(
    input.changes,
    {
      onset: onset,
      end,
      causes: causes.map((c) => c.service),
      services: group.services,
      gradual,
      changePoints,
      onsetSlackMs: climb ? climbSlackMs : undefined,
      confirmed: v.confirmedChanges,
      rejected: v.rejectedChanges,
    },
    graph,
  );
  // The climb's start is an estimate; a change on the root service close to it dates it exactly.
  if (climb && root && changes[0]?.service === root.service && Math.abs(changes[0].time - onset) <= climbSlackMs) {
    onset = changes[0].time;
    root.onset = onset;
    climb.startTs = onset;
  }
  const features = kindFeatures(root, [...facts.values()], changes[0], onset, end);
  const model = loadKindModel(input.kindModel);
  // The forest learnt from incidents with raw series; without them (no metric moved) the rules answer.
  const { kind, probability } = (root?.metrics.length ? model?.predict(features) : undefined) ?? kindByRules(features);
  const services = [...group.services].sort((a, b) => (facts.get(a)?.onset ?? 0) - (facts.get(b)?.onset ?? 0) || a.localeCompare(b));
  const summary = summarise({ onset: onset, root, services, facts, change: changes[0], mitigation: mitigations[0], climb: climb ?? undefined });
  if (causes[0]) causes[0].evidence.push(...summary.evidence.filter((e) => e.kind === 'change'));
  const rank = (p: (typeof patterns)[number]): number => (p.kind === 'new' ? 2 : p.kind === 'error-surge' ? 1 : 0) + p.score + (p.service === root?.service ? 1 : 0);
  const logPatterns = [...patterns]
    .sort((a, b) => rank(b) - rank(a) || a.startMs - b.startMs)
    .filter((p, i, all) => all.findIndex((q) => q.templateId === p.templateId) === i)
    .slice(0, 10)
    .map((p) => ({ templateId: p.templateId, template: p.template, service: p.service, kind: p.kind }));
  const moved = [...new Set([...facts.values()].flatMap((f) => f.metrics.filter((m) => m.z >= 6).map((m) => m.metric)))];
  const day = new Date(onset).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const incident: Incident = {
    id: `INC-${day}-${causes[0]?.service ?? 'unknown'}`,
    start: Math.min(group.start, onset),
    end,
    onset: onset,
    severity: severityOf(alerts, anomalies, services.length),
    services,
    blastRadius: Number((services.length / Math.max(1, totalServices)).toFixed(3)),
    kind,
    kindProbability: Number(probability.toFixed(3)),
    summary: summary.text,
    rootCauses: causes,
    changes,
    mitigations,
    alerts: alerts.map((a) => ({ fingerprint: a.fingerprint, name: a.name, service: a.service, startsAt: a.startsAt, count: a.count })),
    logPatterns,
    members: {
      anomalies: anomalies.map((a) => a.id),
      changePoints: changePoints.map((c) => c.id),
      patterns: patterns.map((p) => p.id),
      alerts: alerts.flatMap((a) => a.ids),
    },
    fingerprint: fingerprintOf(causes[0]?.service, services, moved, [...new Set(patterns.map((p) => p.kind))], kind),
  };
  return { incident, features };
}

/** Services named anywhere: the graph's and the signals'. */
function serviceCount(input: InvestigationInput): number {
  const s = new Set<string>();
  for (const e of input.edges) s.add(e.caller).add(e.callee);
  for (const a of input.anomalies) if (a.service) s.add(a.service);
  return s.size;
}

/** Folded alerts and the strong-signal lookup noise recognition needs. */
function prepareAlerts(input: InvestigationInput) {
  const starts = input.anomalies.map((a) => a.startMs);
  const first = input.span?.first ?? Math.min(...starts, ...input.alerts.map((a) => a.startsAt));
  const last = input.span?.last ?? Math.max(...input.anomalies.map((a) => a.endMs), ...input.alerts.map((a) => a.endsAt ?? a.startsAt));
  const strongNear = (service: string | null, from: number, to: number): boolean =>
    input.anomalies.some((a) => a.severity === 'high' && a.service === service && a.startMs <= to && a.endMs >= from);
  return foldAlerts(input.alerts, Number.isFinite(last - first) ? last - first : 0, strongNear);
}

/**
 * Every incident in the signals, and the alerts recognised as noise (see the file's header).
 * O(signals · groups + incidents · services · series samples in a window).
 * @example investigate(signals).incidents[0].rootCauses[0].service // 'postgres'
 */
export function investigate(input: InvestigationInput, rules: InvestigationRules = DEFAULT_RULES): Investigation {
  const edges = input.edges;
  const graph = callGraph(edges);
  const { episodes, noise } = prepareAlerts(input);
  const groups = groupSignals(groupSignalsOf(input, episodes), graph, { ownSaturation: rules.ownSaturation });
  const total = serviceCount(input);
  const built = groups.map((g) => buildIncident(g, input, episodes, graph, total, rules));
  const incidents = built.map((b) => b.incident);
  const order: Record<Incident['severity'], number> = { critical: 3, high: 2, medium: 1, low: 0 };
  incidents.sort((a, b) => order[b.severity] - order[a.severity] || b.onset - a.onset);
  // Two groups dated back to the same climb are one incident (a leak's early signs and its OOM kill).
  for (let j = incidents.length - 1; j > 0; j--) {
    const dup = incidents.findIndex((x, i) => i < j && x.id === incidents[j].id && x.onset === incidents[j].onset);
    if (dup < 0) continue;
    const [gone] = incidents.splice(j, 1);
    const keep = incidents[dup];
    keep.alerts.push(...gone.alerts);
    for (const k of ['anomalies', 'changePoints', 'patterns', 'alerts'] as const) keep.members[k].push(...gone.members[k]);
    keep.end = Math.max(keep.end, gone.end);
  }
  // Keys stay unique when two incidents start the same minute on the same root.
  const seen = new Map<string, number>();
  for (const inc of incidents) {
    const n = seen.get(inc.id) ?? 0;
    seen.set(inc.id, n + 1);
    if (n) inc.id = `${inc.id}-${n + 1}`;
  }
  // A flapping alert no incident took in is chronic noise too.
  const absorbed = new Set(incidents.flatMap((i) => i.members.alerts));
  for (const e of episodes) {
    if (e.count >= FLAPPING_COUNT && !e.ids.some((id) => absorbed.has(id))) {
      noise.push({ fingerprint: e.fingerprint, name: e.name, service: e.service, reason: 'flapping', count: e.count, ids: e.ids });
    }
  }
  // Earlier incidents of this workspace like each one, with what ended them.
  const known = incidents.map((inc) => knownIncident(inc, 'this workspace'));
  for (const inc of incidents) {
    const similar = similarIncidents(inc, known.filter((k) => k.start < inc.onset));
    if (similar.length) inc.similar = similar;
  }
  return { incidents, features: new Map(built.map((b) => [b.incident.id, b.features])), noise: noise.map(({ ids: _ids, ...n }) => n) };
}

/**
 * The same ranking for a moment a person names: every signal from 30 min before `at` to 2 h after it, on any
 * service, as one incident whose onset is the first strong signal at or after `at` − 30 min (else `at`).
 * Null when nothing happened then.
 */
export function investigateAt(
  input: InvestigationInput,
  at: number,
  o: { beforeMs?: number; afterMs?: number } = {},
  rules: InvestigationRules = DEFAULT_RULES,
): Incident | null {
  const graph = callGraph(input.edges);
  const { episodes } = prepareAlerts(input);
  const from = at - (o.beforeMs ?? 30 * MINUTE);
  const to = at + (o.afterMs ?? 2 * HOUR);
  const members = groupSignalsOf(input, episodes).filter((s) => s.start >= from && s.start <= to && s.service !== null && (s.strong || s.type === 'anomaly'));
  if (!members.length) return null;
  const onset = members.some((m) => m.strong) ? onsetOf(members.filter((m) => m.strong)) : at;
  const services = [...new Set(members.map((m) => m.service as string))];
  const group: SignalGroup = { members, start: Math.min(...members.map((m) => m.start)), end: Math.max(...members.map((m) => m.end)), onset, services };
  return buildIncident(group, input, episodes, graph, serviceCount(input), rules).incident;
}
