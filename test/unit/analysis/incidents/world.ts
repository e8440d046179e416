/**
 * A small synthetic system for investigation tests: services on a call graph, one-minute metric series per
 * service with planted shifts, the anomaly ranges a detector would report on them, alerts, changes and log
 * pattern events. Everything a test plants is visible in its own text; the noise is seeded.
 */
import type { InvestigationInput } from '../../../../core/analysis/incidents/investigate';
import type { MetricSource } from '../../../../core/analysis/incidents/ranking';
import type { AlertSignal, AnomalySignal, ChangeSignal, PatternSignal, ServiceEdge } from '../../../../core/analysis/incidents/types';
import { seededRandom } from '../../../../core/analysis/stats';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
/** 2026-03-13T00:00:00Z: the worlds start here and last two days. */
export const T0 = Date.UTC(2026, 2, 13);
const SPAN = 48 * HOUR;

interface Series {
  id: number;
  service: string;
  metric: string;
  ts: Float64Array;
  values: Float64Array;
}

/** A world to plant an incident in, then `input()` for the investigation. */
export class World {
  private readonly series: Series[] = [];
  private readonly edges: ServiceEdge[] = [];
  readonly anomalies: AnomalySignal[] = [];
  readonly alerts: AlertSignal[] = [];
  readonly changes: ChangeSignal[] = [];
  readonly patterns: PatternSignal[] = [];
  private nextId = 1;
  private readonly rand = seededRandom(7);

  /** Services and their caller → callee edges, e.g. `['web', 'db']`. */
  constructor(edges: [string, string][]) {
    for (const [caller, callee] of edges) this.edges.push({ caller, callee, origin: 'imported' });
    const services = new Set(edges.flat());
    for (const s of services) {
      this.metric(s, 'http_requests_per_second', 100);
      this.metric(s, 'http_request_duration_seconds_p95', 0.1);
      this.metric(s, 'http_errors_per_second', 0.5);
      this.metric(s, 'process_cpu_usage', 0.3);
      this.metric(s, 'process_resident_memory_bytes', 300 * 2 ** 20);
    }
  }

  /** One more one-minute series of `service` (a disk's used share, a queue's depth) around `level`. */
  addMetric(service: string, metric: string, level: number): this {
    this.metric(service, metric, level);
    return this;
  }

  private metric(service: string, metric: string, level: number): void {
    const n = SPAN / MIN;
    const ts = new Float64Array(n);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      ts[i] = T0 + i * MIN;
      values[i] = level * (1 + 0.03 * (this.rand() - 0.5));
    }
    this.series.push({ id: this.series.length + 1, service, metric, ts, values });
  }

  private find(service: string, metric: string): Series {
    const s = this.series.find((x) => x.service === service && x.metric.includes(metric));
    if (!s) throw new Error(`no ${metric} on ${service}`);
    return s;
  }

  /**
   * Multiplies `metric` of `service` by `factor` from `from` for `forMs`, and reports the anomaly range a
   * detector would (high severity, sigmas from the factor).
   */
  shift(service: string, metric: string, from: number, factor: number, forMs = 60 * MIN, severity: AnomalySignal['severity'] = 'high'): this {
    const s = this.find(service, metric);
    for (let i = 0; i < s.ts.length; i++) if (s.ts[i] >= from && s.ts[i] < from + forMs) s.values[i] *= factor;
    const base = s.values[0];
    this.anomalies.push({
      id: this.nextId++,
      seriesId: s.id,
      service,
      metric: s.metric,
      startMs: from,
      endMs: from + forMs,
      peakMs: from + MIN,
      peakValue: base * factor,
      expected: base,
      direction: factor >= 1 ? 'up' : 'down',
      severity,
      sigmas: Math.abs(factor - 1) * 30,
    });
    return this;
  }

  /** Raises `metric` of `service` linearly from `from` (×1) to `to` (×`factor`), then drops it back (a restart). */
  ramp(service: string, metric: string, from: number, to: number, factor: number): this {
    const s = this.find(service, metric);
    for (let i = 0; i < s.ts.length; i++) if (s.ts[i] >= from && s.ts[i] < to) s.values[i] *= 1 + ((factor - 1) * (s.ts[i] - from)) / (to - from);
    return this;
  }

  alert(name: string, service: string | null, startsAt: number, endsAt: number | null = startsAt + 30 * MIN, severity = 'critical', fingerprint?: string): this {
    this.alerts.push({ id: this.nextId++, fingerprint: fingerprint ?? `${name}-${service}`, name, service, startsAt, endsAt, severity, labels: { alertname: name } });
    return this;
  }

  change(kind: ChangeSignal['kind'], service: string, ts: number, title: string, extra: Partial<ChangeSignal> = {}): number {
    const id = this.nextId++;
    this.changes.push({ id, kind, service, ts, endTs: null, title, ...extra });
    return id;
  }

  pattern(service: string, startMs: number, template: string, kind = 'new', level = 'error'): this {
    const id = this.nextId++;
    this.patterns.push({ id, templateId: `t${id}`, template, service, kind, level, startMs, endMs: startMs + 5 * MIN, magnitude: 50, score: 0.8 });
    return this;
  }

  metrics(): MetricSource {
    return {
      seriesOf: (service) => this.series.filter((s) => s.service === service).map((s) => ({ id: s.id, metric: s.metric })),
      read: (id, from, to) => {
        const s = this.series[id - 1];
        const lo = s.ts.findIndex((t) => t >= from);
        let hi = s.ts.length;
        while (hi > 0 && s.ts[hi - 1] > to) hi--;
        return lo < 0 ? { ts: new Float64Array(), values: new Float64Array() } : { ts: s.ts.subarray(lo, hi), values: s.values.subarray(lo, hi) };
      },
    };
  }

  input(): InvestigationInput {
    return {
      anomalies: this.anomalies,
      changePoints: [],
      patterns: this.patterns,
      alerts: this.alerts,
      changes: this.changes,
      edges: this.edges,
      metrics: this.metrics(),
      span: { first: T0, last: T0 + SPAN },
    };
  }
}
