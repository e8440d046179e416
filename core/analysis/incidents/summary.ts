/**
 * The plain-words summary of an incident, deterministic (same incident, same words), in the order a person
 * tells it: what moved on the root service, by how much and when; who followed; the most likely cause; what
 * mitigated it. Every clause comes with the Evidence item it rests on. Pure: no store, no I/O.
 */
import { clock, duration, metricName, value } from './format';
import type { Climb } from './buildup';
import type { ServiceFacts } from './ranking';
import type { Evidence, RankedChange } from './types';

export interface SummaryInput {
  onset: number;
  root: ServiceFacts | undefined;
  /** Affected services in onset order. */
  services: readonly string[];
  facts: ReadonlyMap<string, ServiceFacts>;
  change: RankedChange | undefined;
  mitigation: RankedChange | undefined;
  /** The slow climb the failure ended (a leak): told first, from its start to its peak. */
  climb?: Climb;
  /** The root's second metric is named too when it moved at least this much (robust σ). */
  secondMetricZ?: number;
}

/** "a, b and c" / "a, b and 3 more". */
function list(names: readonly string[], max = 3): string {
  if (names.length <= 1) return names.join('');
  if (names.length > max) return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The summary sentence(s) and the evidence of each claim (see the file's header).
 * @example summarise(input).text // "At 14:02 UTC p95 latency of payments-api rose from 120 ms to 4.80 s …"
 */
export function summarise(s: SummaryInput): { text: string; evidence: Evidence[] } {
  const evidence: Evidence[] = [];
  const parts: string[] = [];
  const root = s.root;
  if (root) {
    const moved = root.metrics.filter((m) => m.z >= 3);
    const first = moved[0];
    const climb = s.climb;
    if (climb?.metric) {
      const metric = climb.metric;
      parts.push(
        `From ${clock(climb.startTs, true)} UTC ${metricName(metric)} of ${root.service} rose from ${value(metric, climb.base)} to ${value(metric, climb.peak)} ` +
          `over ${duration(climb.peakTs - climb.startTs)}${first && metricName(first.metric) !== metricName(metric) ? `; then ${metricName(first.metric)} ${first.direction === 'up' ? 'rose' : 'fell'} to ${value(first.metric, first.extreme)}` : ''}.`,
      );
      evidence.push({ kind: 'metric', ref: climb.seriesId ?? null, service: root.service, ts: climb.peakTs, text: `${metric} climbed ${value(metric, climb.base)} → ${value(metric, climb.peak)} from ${clock(climb.startTs, true)} to ${clock(climb.peakTs, true)}` });
    } else if (first) {
      const verb = first.direction === 'up' ? 'rose' : 'fell';
      let clause = `At ${clock(root.onset, true)} UTC ${metricName(first.metric)} of ${root.service} ${verb} from ${value(first.metric, first.baseline)} to ${value(first.metric, first.extreme)}`;
      evidence.push({ kind: 'metric', ref: first.seriesId, service: root.service, ts: first.extremeTs, text: `${first.metric} ${value(first.metric, first.baseline)} → ${value(first.metric, first.extreme)} (${first.z.toFixed(1)} robust σ)` });
      const second = moved.find((m) => metricName(m.metric) !== metricName(first.metric) && m.z >= (s.secondMetricZ ?? 6));
      if (second) {
        clause += ` and ${metricName(second.metric)} ${second.direction === 'up' ? 'to' : 'down to'} ${value(second.metric, second.extreme)}`;
        evidence.push({ kind: 'metric', ref: second.seriesId, service: root.service, ts: second.extremeTs, text: `${second.metric} ${value(second.metric, second.baseline)} → ${value(second.metric, second.extreme)} (${second.z.toFixed(1)} robust σ)` });
      }
      parts.push(`${clause}.`);
    } else {
      parts.push(`At ${clock(root.onset, true)} UTC ${root.service} went abnormal.`);
      evidence.push({ kind: 'anomaly', ref: null, service: root.service, ts: root.onset, text: `${root.service} first abnormal at ${clock(root.onset)}` });
    }
    const followers = s.services.filter((x) => x !== root.service);
    if (followers.length) {
      const last = Math.max(...followers.map((f) => s.facts.get(f)?.onset ?? root.onset));
      parts.push(`${list(followers)} followed within ${duration(Math.max(60_000, last - root.onset))}.`);
      evidence.push({ kind: 'topology', ref: null, service: root.service, ts: last, text: `affected after ${root.service}: ${followers.join(', ')}` });
    }
  }
  if (s.change) {
    const where = s.change.service ? ` on ${s.change.service}` : '';
    parts.push(`Most likely cause: the ${s.change.kind} at ${clock(s.change.time)}${where} (${s.change.title}).`);
    evidence.push({ kind: 'change', ref: s.change.id, service: s.change.service, ts: s.change.time, text: `${s.change.title}: ${s.change.reasons.join('; ')}` });
  } else if (root) {
    parts.push(`Most likely cause: ${root.service}${root.upstream.length ? `, which its affected callers depend on` : ''}; no recorded change explains it.`);
  }
  if (s.mitigation) {
    parts.push(`Mitigated by ${s.mitigation.title} at ${clock(s.mitigation.time)}.`);
    evidence.push({ kind: 'change', ref: s.mitigation.id, service: s.mitigation.service, ts: s.mitigation.time, text: `${s.mitigation.title}: ${s.mitigation.reasons.join('; ')}` });
  }
  return { text: parts.join(' '), evidence };
}
