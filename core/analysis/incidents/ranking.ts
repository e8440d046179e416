/**
 * Root-cause services of one incident, ranked with reasons. Combines what the research methods each rely on:
 * - onset order and robust size against the service's own baseline, from the raw series around the onset
 *   (BARO, Pham et al., FSE 2024; see baro.ts);
 * - position in the call graph: a service whose affected callees went abnormal no later than it did is a
 *   symptom of them; one whose symptoms no callee explains, and which explains many affected callers, is a
 *   likely cause (MicroRCA, Wu et al., NOMS 2020, random walk on the attributed call graph; CIRCA, Li et al.,
 *   KDD 2022, hypothesis testing on a structural graph: a node is blamed when its parents do not explain it);
 * - a traffic surge: a callee saturated by more requests is explained by the caller whose traffic rose;
 * - log evidence: new or surging error patterns of the service.
 * Within each service its metrics (robust size) and log patterns are ranked too. Pure: no store, no I/O.
 */
import { robustSize, type RobustSize } from './baro';
import { clock, duration, metricName, value } from './format';
import { reachable, type CallGraph } from './graph';
import { FLAPPING_COUNT, type AlertEpisode } from './alerts';
import type { AnomalySignal, Evidence, PatternSignal, RankedCause } from './types';

const MINUTE = 60_000;

/** Raw series of a service, for robust sizes (the step reads them from the store). */
export interface MetricSource {
  seriesOf(service: string): readonly { id: number; metric: string }[];
  read(seriesId: number, from: number, to: number): { ts: ArrayLike<number>; values: ArrayLike<number> };
}

/** The signals of one incident, by type. */
export interface IncidentSignals {
  onset: number;
  end: number;
  services: readonly string[];
  anomalies: readonly AnomalySignal[];
  patterns: readonly PatternSignal[];
  alerts: readonly AlertEpisode[];
  /** Where the after-onset window of robust sizes ends (default: the end, at most 30 min after the onset). */
  windowEnd?: number;
}

/** What ranking learnt about one service; summary, changes and the kind classifier read it too. */
export interface ServiceFacts {
  service: string;
  /** First abnormal moment of the service. */
  onset: number;
  /** Most changed metric first. */
  metrics: (RobustSize & { metric: string; seriesId: number })[];
  /** Robust size of the most changed metric (anomaly sigmas when no raw series were given). */
  size: number;
  /** Affected callees that went abnormal no later than it (plus 2 min): what explains its symptoms. */
  explainedBy: string[];
  /** Affected services upstream of it (its callers, transitively) that went abnormal with it or after it. */
  upstream: string[];
  /** Its request rate rose sharply at the onset. */
  surged: boolean;
  patterns: PatternSignal[];
  alerts: AlertEpisode[];
}

export interface RankingOptions {
  /** Person's verdicts: services confirmed (first) or rejected (last) as the cause of this incident. */
  confirmed?: ReadonlySet<string>;
  rejected?: ReadonlySet<string>;
}

/** Request-rate series, by the usual exporter names. */
export const REQUESTS = /requests?_per_second|requests_total|_rps$|throughput|qps|calls_per_second/;
const RESOURCE = /memory|resident|heap|cpu/;
/** A sibling (another callee of the same caller) that failed this long after a service can still explain its load. */
const SIBLING_SLACK_MS = 5 * MINUTE;
/** Least robust z of a request-rate rise that counts as a surge. */
const SURGE_Z = 6;
/** A callee that went abnormal this long after a service still explains it (onsets are minute-rounded). */
const EXPLAIN_SLACK_MS = 2 * MINUTE;

/** The facts of every service of the incident (see ServiceFacts). O(services · series · samples in window). */
export function serviceFacts(sig: IncidentSignals, graph: CallGraph, metrics?: MetricSource): Map<string, ServiceFacts> {
  const facts = new Map<string, ServiceFacts>();
  const windowEnd = sig.windowEnd ?? Math.min(sig.end, sig.onset + 30 * MINUTE);
  for (const service of sig.services) {
    const own = sig.anomalies.filter((a) => a.service === service);
    const patterns = sig.patterns.filter((p) => p.service === service);
    const alerts = sig.alerts.filter((a) => a.service === service);
    // Pattern events start at 5-minute bucket edges: they date a service only when no metric or alert does; a
    // resource falling (memory after a restart) dates it only when nothing else does.
    const rising = own.filter((a) => !(a.direction === 'down' && RESOURCE.test(a.metric)));
    const timed = [...(rising.length ? rising : own).map((a) => a.startMs), ...alerts.filter((a) => a.count < FLAPPING_COUNT).map((a) => a.startsAt)];
    const starts = timed.length ? timed : patterns.filter((p) => p.kind !== 'burst').map((p) => p.startMs);
    const onset = starts.length ? Math.max(sig.onset, Math.min(...starts)) : sig.end;
    const sized = (metrics?.seriesOf(service) ?? []).map((s) => {
      const { ts, values } = metrics!.read(s.id, sig.onset - 130 * MINUTE, windowEnd);
      return { metric: s.metric, seriesId: s.id, ...robustSize(ts, values, sig.onset, { afterMs: windowEnd - sig.onset }) };
    });
    sized.sort((a, b) => b.z - a.z);
    const sigmaSize = Math.max(0, ...own.map((a) => a.sigmas));
    facts.set(service, {
      service,
      onset,
      metrics: sized,
      size: sized.length ? sized[0].z : sigmaSize,
      explainedBy: [],
      upstream: [],
      surged: sized.some((m) => REQUESTS.test(m.metric) && m.direction === 'up' && m.z >= SURGE_Z),
      patterns,
      alerts,
    });
  }
  const affected = new Set(sig.services);
  for (const f of facts.values()) {
    // Callers it can explain: those that went abnormal with it or after it.
    f.upstream = [...reachable(f.service, graph.callers, affected)].filter((u) => (facts.get(u) as ServiceFacts).onset >= f.onset - EXPLAIN_SLACK_MS);
    for (const d of reachable(f.service, graph.callees, affected)) {
      const callee = facts.get(d) as ServiceFacts;
      if (callee.onset > f.onset + EXPLAIN_SLACK_MS) continue;
      // A callee saturated by its caller's surge does not explain the caller: the surge explains the callee.
      if (f.surged && callee.surged) continue;
      f.explainedBy.push(d);
    }
  }
  // A surged service whose surging callers went abnormal with it is carried by their traffic. One whose callers
  // sent no more than before gets load redirected to it: a failing sibling (a cache missing) explains it.
  for (const f of facts.values()) {
    if (!f.surged) continue;
    const callers = [...reachable(f.service, graph.callers, affected)];
    const surgingCaller = callers.find((u) => facts.get(u)?.surged && (facts.get(u) as ServiceFacts).onset <= f.onset + EXPLAIN_SLACK_MS);
    if (surgingCaller) {
      if (!f.explainedBy.includes(surgingCaller)) f.explainedBy.push(surgingCaller);
      continue;
    }
    for (const caller of graph.callers.get(f.service) ?? []) {
      for (const sibling of graph.callees.get(caller) ?? []) {
        const other = facts.get(sibling);
        if (sibling !== f.service && other && !other.surged && other.onset <= f.onset + SIBLING_SLACK_MS && !f.explainedBy.includes(sibling)) f.explainedBy.push(sibling);
      }
    }
  }
  return facts;
}

/** How strongly a service's own logs point at it: a new error pattern most, a surge of errors less, a burst least. */
function logWeight(patterns: readonly PatternSignal[]): number {
  let w = 0;
  for (const p of patterns) {
    const errorish = /err|warn|fatal|crit/i.test(p.level ?? '') || /error|exception|fail|timeout|refused/i.test(p.template);
    w = Math.max(w, p.kind === 'new' ? (errorish ? 1 : 0.6) : p.kind === 'error-surge' ? 0.7 : p.kind === 'burst' && errorish ? 0.3 : 0);
  }
  return w;
}

/** The evidence for one service, best reason first. */
function evidenceOf(f: ServiceFacts, sig: IncidentSignals, rankFirst: boolean): Evidence[] {
  const out: Evidence[] = [];
  const top = f.metrics[0];
  if (top && top.z >= 3) {
    out.push({
      kind: 'metric',
      ref: top.seriesId,
      service: f.service,
      ts: top.extremeTs,
      text: `${metricName(top.metric)} of ${f.service} ${value(top.metric, top.baseline)} → ${value(top.metric, top.extreme)} (${top.z.toFixed(1)} robust σ) by ${clock(top.extremeTs)}`,
    });
  } else {
    const a = sig.anomalies.filter((x) => x.service === f.service).sort((x, y) => y.sigmas - x.sigmas)[0];
    if (a) {
      out.push({
        kind: 'anomaly',
        ref: a.id,
        service: f.service,
        ts: a.startMs,
        text: `${metricName(a.metric)} of ${f.service} ${a.expected !== null ? `${value(a.metric, a.expected)} → ` : ''}${value(a.metric, a.peakValue ?? Number.NaN)} (${a.sigmas.toFixed(1)} σ) at ${clock(a.startMs)}`,
      });
    }
  }
  const lag = f.onset - sig.onset;
  out.push({
    kind: 'anomaly',
    ref: null,
    service: f.service,
    ts: f.onset,
    text: lag <= MINUTE ? `first abnormal at ${clock(f.onset)}, at the incident's onset` : `first abnormal at ${clock(f.onset)}, ${duration(lag)} after the onset`,
  });
  if (f.explainedBy.length) {
    out.push({ kind: 'topology', ref: null, service: f.service, ts: f.onset, text: `explained by ${f.explainedBy.join(', ')}, which it depends on and which went abnormal first` });
  } else if (f.upstream.length && rankFirst) {
    out.push({
      kind: 'topology',
      ref: null,
      service: f.service,
      ts: f.onset,
      text: `no affected dependency explains it; it explains ${f.upstream.length} affected caller(s): ${f.upstream.slice(0, 4).join(', ')}`,
    });
  }
  if (f.surged) out.push({ kind: 'metric', ref: null, service: f.service, ts: f.onset, text: `its request rate surged at ${clock(f.onset)}` });
  for (const p of [...f.patterns].sort((a, b) => b.score - a.score).slice(0, 2)) {
    out.push({ kind: 'pattern', ref: p.id, service: f.service, ts: p.startMs, text: `${p.kind === 'new' ? 'new log pattern' : `log ${p.kind}`} at ${clock(p.startMs)}: ${p.template.slice(0, 120)}` });
  }
  for (const a of f.alerts.slice(0, 2)) {
    out.push({ kind: 'alert', ref: a.ids[0], service: f.service, ts: a.startsAt, text: `alert ${a.name} fired at ${clock(a.startsAt)}${a.count > 1 ? ` (${a.count}×)` : ''}` });
  }
  return out;
}

/**
 * The incident's services ranked as root causes (see the file's header), best first, scores in 0..1
 * (a confirmed cause is placed first and a rejected one last). O(services²) over the facts.
 * @example rankCauses(sig, facts, graph)[0].service // 'postgres' behind a cascade of timeouts
 */
export function rankCauses(sig: IncidentSignals, facts: ReadonlyMap<string, ServiceFacts>, graph: CallGraph, o: RankingOptions = {}): RankedCause[] {
  const all = [...facts.values()];
  const maxSize = Math.max(1e-9, ...all.map((f) => Math.log1p(f.size)));
  const others = Math.max(1, all.length - 1);
  const scored = all.map((f) => {
    const graphScore = graph.empty ? 0.5 : f.explainedBy.length ? 0 : 1;
    const onsetScore = Math.exp(-Math.max(0, f.onset - sig.onset) / (3 * MINUTE));
    const sizeScore = Math.log1p(f.size) / maxSize;
    const share = f.upstream.length / others;
    let score = 0.3 * graphScore + 0.3 * onsetScore + 0.15 * sizeScore + 0.15 * share + 0.1 * logWeight(f.patterns);
    if (o.confirmed?.has(f.service)) score = 1 + score;
    if (o.rejected?.has(f.service)) score *= 0.1;
    return { f, score };
  });
  scored.sort((a, b) => b.score - a.score || a.f.onset - b.f.onset || a.f.service.localeCompare(b.f.service));
  const top = Math.max(1, scored[0]?.score ?? 1);
  return scored.map(({ f, score }, i) => ({
    service: f.service,
    score: Number((score / top).toFixed(4)),
    evidence: evidenceOf(f, sig, i === 0),
    metrics: f.metrics.filter((m) => m.z > 0).slice(0, 8).map((m) => ({ metric: m.metric, seriesId: m.seriesId, score: Number(m.z.toFixed(2)) })),
    patterns: [...f.patterns]
      .sort((a, b) => b.score - a.score)
      .slice(0, 5)
      .map((p) => ({ templateId: p.templateId, template: p.template, score: Number(p.score.toFixed(3)) })),
  }));
}
