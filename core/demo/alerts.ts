/**
 * Alertmanager webhook history (payload version "4"), produced the way Prometheus would: four
 * alerting rules evaluated every minute on the generated series (with `for` and `keep_firing_for`),
 * an OOM-kill alert per OOM restart, and a handful of unrelated noise alerts. Each episode sends a
 * firing notification (repeated every 4 h while it lasts) and a resolved one when it ends.
 */

import { createHash } from 'node:crypto';
import type { ServiceSeries } from './metrics';
import { STEP_MS, type Plan, type PlannedIncident } from './plan';
import { Random } from './random';

const MIN = 60_000;
const HOUR = 3_600_000;
const OPEN_END = '0001-01-01T00:00:00Z';
const REPEAT_MS = 4 * HOUR;
const GROUP_WAIT_MS = 30_000;

export type Labels = { alertname: string; service: string; severity: string };

/** One firing of one alert, from start to resolve. */
export interface Episode {
  labels: Labels;
  annotations: { summary: string; description: string };
  startsAt: number;
  /** Undefined while still firing at the end of the dump. */
  endsAt?: number;
  expr: string;
}

interface Rule {
  alertname: string;
  severity: string;
  forMin: number;
  keepMin: number;
  expr: (service: string) => string;
  /** The value at minute i and whether it breaches. */
  check: (s: ServiceSeries, i: number) => { value: number; breach: boolean };
  summary: (service: string) => string;
  describe: (value: number) => string;
}

function p99Threshold(s: ServiceSeries): number {
  const { spec } = s;
  return 3 * spec.p50 * spec.k95 * spec.k99 * 1.35;
}

const RULES: Rule[] = [
  {
    alertname: 'HighErrorRate', severity: 'critical', forMin: 5, keepMin: 5,
    expr: (svc) => `sum(rate(http_requests_total{service="${svc}",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="${svc}"}[5m])) > 0.05`,
    check: (s, i) => {
      const rps = s.values.http_requests_per_second[i];
      const value = rps > 0 ? s.values.http_errors_per_second[i] / rps : 0;
      return { value, breach: value > 0.05 };
    },
    summary: (svc) => `${svc}: more than 5% of requests failing`,
    describe: (v) => `Error ratio is ${(v * 100).toFixed(1)}% over the last 5 minutes.`,
  },
  {
    alertname: 'HighLatencyP99', severity: 'warning', forMin: 10, keepMin: 5,
    expr: (svc) => `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="${svc}"}[5m]))) > threshold`,
    check: (s, i) => {
      const value = s.values.http_request_duration_seconds_p99[i];
      return { value, breach: value > p99Threshold(s) };
    },
    summary: (svc) => `${svc}: p99 latency above its SLO`,
    describe: (v) => `p99 latency is ${(v * 1000).toFixed(0)} ms.`,
  },
  {
    alertname: 'HighCPUUsage', severity: 'warning', forMin: 5, keepMin: 3,
    expr: (svc) => `avg(process_cpu_usage{service="${svc}"}) > 0.9`,
    check: (s, i) => {
      const value = s.values.process_cpu_usage[i];
      return { value, breach: value > 0.9 };
    },
    summary: (svc) => `${svc}: CPU usage above 90%`,
    describe: (v) => `CPU usage is ${(v * 100).toFixed(0)}% of the container limit.`,
  },
  {
    alertname: 'ContainerMemoryNearLimit', severity: 'warning', forMin: 15, keepMin: 2,
    expr: (svc) => `process_resident_memory_bytes{service="${svc}"} / container_spec_memory_limit_bytes > 0.85`,
    check: (s, i) => {
      const value = s.values.process_resident_memory_bytes[i] / s.spec.memLimit;
      return { value, breach: value > 0.85 };
    },
    summary: (svc) => `${svc}: memory above 85% of its limit`,
    describe: (v) => `Resident memory is ${(v * 100).toFixed(0)}% of the container limit.`,
  },
];

/** Threshold rule on one of a service's extra series (the scenario suite's caches, databases, brokers). */
function extraRule(
  alertname: string, series: string, op: '<' | '>', threshold: number, forMin: number, summary: string, describe: (v: number) => string,
): Rule & { series: string } {
  return {
    alertname, series, severity: 'warning', forMin, keepMin: 3,
    expr: (svc) => `${series}{service="${svc}"} ${op} ${threshold}`,
    check: (s, i) => {
      const value = s.extra[series][i];
      return { value, breach: op === '<' ? value < threshold : value > threshold };
    },
    summary: (svc) => `${svc}: ${summary}`,
    describe,
  };
}

/** Rules on extra series; evaluated only where a service has that series, so the demo has none of them. */
const EXTRA_RULES = [
  extraRule('CacheHitRatioLow', 'cache_hit_ratio', '<', 0.8, 5, 'cache hit ratio below 80%', (v) => `Hit ratio is ${(v * 100).toFixed(0)}%.`),
  extraRule('PostgresLocksWaiting', 'pg_locks_waiting', '>', 15, 5, 'sessions waiting on locks', (v) => `${v} sessions are waiting on a lock.`),
  extraRule('QueueBacklogGrowing', 'queue_messages_ready', '>', 5000, 10, 'consumer lag growing', (v) => `${v.toFixed(0)} messages ready and not consumed.`),
  extraRule('DiskSpaceLow', 'disk_used_ratio', '>', 0.9, 5, 'data volume above 90%', (v) => `Volume is ${(v * 100).toFixed(0)}% full.`),
  extraRule('TcpRetransmitsHigh', 'tcp_retransmits_per_second', '>', 12, 5, 'TCP retransmits high', (v) => `${v.toFixed(1)} segments retransmitted per second.`),
];

/** Evaluate one rule on one service: consecutive-minute `for`, then `keep_firing_for`. */
function evaluate(rule: Rule, s: ServiceSeries, plan: Plan<PlannedIncident>): Episode[] {
  const out: Episode[] = [];
  let pending = 0;
  let clear = 0;
  let open: Episode | null = null;
  for (let i = 0; i < plan.n; i++) {
    const { value, breach } = rule.check(s, i);
    const t = plan.startMs + i * STEP_MS + 15_000;
    if (open) {
      clear = breach ? 0 : clear + 1;
      if (clear >= rule.keepMin) {
        open.endsAt = t;
        open = null;
        pending = 0;
      }
      continue;
    }
    pending = breach ? pending + 1 : 0;
    if (pending >= rule.forMin) {
      open = {
        labels: { alertname: rule.alertname, service: s.spec.name, severity: rule.severity },
        annotations: { summary: rule.summary(s.spec.name), description: rule.describe(value) },
        startsAt: t, expr: rule.expr(s.spec.name),
      };
      clear = 0;
      out.push(open);
    }
  }
  return out;
}

const NOISE: { alertname: string; service: string; severity: string; minutes: [number, number]; summary: string; description: string }[] = [
  { alertname: 'TargetDown', service: 'search', severity: 'warning', minutes: [3, 6], summary: 'search: scrape target down', description: '1 of 1 targets of job search are down.' },
  { alertname: 'DiskSpaceLow', service: 'postgres', severity: 'warning', minutes: [120, 300], summary: 'postgres: data volume 86% full', description: 'Volume /var/lib/postgresql/data is 86% full.' },
  { alertname: 'CertificateExpiringSoon', service: 'gateway', severity: 'info', minutes: [360, 720], summary: 'gateway: TLS certificate expires in 13 days', description: 'Certificate for shop.example.com expires in 13 days.' },
  { alertname: 'KubeJobFailed', service: 'notifications', severity: 'warning', minutes: [20, 45], summary: 'notifications: job digest-mailer failed', description: 'Job notifications/digest-mailer-29513160 failed to complete.' },
  { alertname: 'TargetDown', service: 'auth', severity: 'warning', minutes: [2, 4], summary: 'auth: scrape target down', description: '1 of 1 targets of job auth are down.' },
];

/** Alertmanager-style fingerprint of an alert's labels (16 hex digits). */
export function fingerprint(labels: Labels): string {
  const key = `alertname=${labels.alertname},service=${labels.service},severity=${labels.severity}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * All alert episodes (rules on the series, OOM kills, noise), sorted by start. O(rules x services x minutes).
 * `noise` defaults to the demo's five unrelated alerts, placed away from the incidents.
 */
export function alertEpisodes(
  plan: Plan<PlannedIncident>, metrics: Map<string, ServiceSeries>, noise: Episode[] = demoNoise(plan),
): Episode[] {
  const episodes: Episode[] = [];
  for (const s of metrics.values()) {
    for (const rule of RULES) episodes.push(...evaluate(rule, s, plan));
    for (const rule of EXTRA_RULES) if (s.extra[rule.series]) episodes.push(...evaluate(rule, s, plan));
  }
  for (const [service, list] of plan.restarts) {
    for (const r of list) {
      if (r.reason !== 'oom') continue;
      episodes.push({
        labels: { alertname: 'ContainerOOMKilled', service, severity: 'critical' },
        annotations: { summary: `${service}: container OOMKilled`, description: `Container ${service} in pod ${service}-0 was OOMKilled and restarted.` },
        startsAt: r.timeMs + 45_000, endsAt: r.timeMs + 10 * MIN,
        expr: `kube_pod_container_status_last_terminated_reason{container="${service}",reason="OOMKilled"} == 1`,
      });
    }
  }
  episodes.push(...noise);
  return episodes.sort((a, b) => a.startsAt - b.startsAt || (fingerprint(a.labels) < fingerprint(b.labels) ? -1 : 1));
}

/** The demo's noise alerts, each at a seeded time at least 2 h away from every incident. */
function demoNoise(plan: Plan<PlannedIncident>): Episode[] {
  const episodes: Episode[] = [];
  const rng = Random.derive(plan.seed, 'alerts/noise');
  for (const nz of NOISE) {
    for (let tries = 0; tries < 30; tries++) {
      const start = Math.floor(rng.uniform(plan.startMs + HOUR, plan.endMs - 13 * HOUR) / 1000) * 1000;
      const end = start + Math.round(rng.uniform(nz.minutes[0], nz.minutes[1])) * MIN;
      if (plan.incidents.some((x) => start < x.endMs + 2 * HOUR && end > x.onsetMs - 2 * HOUR)) continue;
      episodes.push({
        labels: { alertname: nz.alertname, service: nz.service, severity: nz.severity },
        annotations: { summary: nz.summary, description: nz.description }, startsAt: start, endsAt: end,
        expr: `${nz.alertname}{service="${nz.service}"}`,
      });
      break;
    }
  }
  return episodes;
}

/** Webhook payloads (firing, repeats, resolved) for the episodes, in the order they were sent. */
export function webhookPayloads(plan: Plan<PlannedIncident>, episodes: Episode[]): object[] {
  const sent: { at: number; fp: string; body: object }[] = [];
  for (const ep of episodes) {
    const fp = fingerprint(ep.labels);
    const alert = (status: 'firing' | 'resolved'): object => ({
      status,
      labels: ep.labels,
      annotations: ep.annotations,
      startsAt: iso(ep.startsAt),
      endsAt: status === 'firing' ? OPEN_END : iso(ep.endsAt as number),
      generatorURL: `http://prometheus.monitoring:9090/graph?g0.expr=${encodeURIComponent(ep.expr)}&g0.tab=1`,
      fingerprint: fp,
    });
    const body = (status: 'firing' | 'resolved'): object => ({
      version: '4',
      groupKey: `{}:{alertname="${ep.labels.alertname}", service="${ep.labels.service}"}`,
      truncatedAlerts: 0,
      status,
      receiver: ep.labels.severity === 'critical' ? 'oncall-pager' : 'team-slack',
      groupLabels: { alertname: ep.labels.alertname, service: ep.labels.service },
      commonLabels: ep.labels,
      commonAnnotations: ep.annotations,
      externalURL: 'http://alertmanager.monitoring:9093',
      alerts: [alert(status)],
    });
    const last = Math.min(ep.endsAt ?? plan.endMs, plan.endMs);
    for (let at = ep.startsAt + GROUP_WAIT_MS; at < last; at += REPEAT_MS) sent.push({ at, fp, body: body('firing') });
    if (ep.endsAt !== undefined && ep.endsAt < plan.endMs) sent.push({ at: ep.endsAt + GROUP_WAIT_MS / 2, fp, body: body('resolved') });
  }
  sent.sort((a, b) => a.at - b.at || (a.fp < b.fp ? -1 : a.fp > b.fp ? 1 : 0));
  return sent.map((s) => s.body);
}
