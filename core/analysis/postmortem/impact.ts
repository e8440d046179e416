/**
 * The impact figures of a postmortem, computed from the affected services' stored series over the
 * incident (onset → end): failed requests (error-rate series integrated over time, error counters'
 * increase), all requests, the error budget those failures used against an SLO (default 99.9 % over
 * 30 days: the budget is (1 − target) × the requests the window would see at the services' mean rate
 * over the dump), peak latency and peak error rate. Nothing is estimated where the data has no series:
 * the figure is null and the document says it is not measurable. Pure; O(samples).
 */
import type { Impact, Peak } from './types';

/** Samples of one series within (or around) the incident. */
export interface ImpactSeries {
  seriesId: number;
  service: string;
  metric: string;
  ts: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface ImpactInput {
  onset: number;
  end: number;
  services: readonly string[];
  series: readonly ImpactSeries[];
  /** Mean requests per second of each service over the whole dump (the budget's denominator); missing: unknown. */
  meanRequestRate: Readonly<Record<string, number>>;
  /** SLO target as a share (0.999), and its window in days. */
  slo?: { target: number; windowDays: number };
}

export const DEFAULT_SLO = { target: 0.999, windowDays: 30 } as const;

type Role = 'errors-rate' | 'errors-counter' | 'error-ratio' | 'requests-rate' | 'requests-counter' | 'latency' | null;

/** What a metric name says a series counts (Prometheus naming), null when none of the above. */
export function metricRole(metric: string): Role {
  const m = metric.toLowerCase();
  if (/duration|latency/.test(m)) return 'latency';
  const errors = /error|fail|5xx/.test(m);
  if (errors && /ratio|share|percent/.test(m)) return 'error-ratio';
  if (errors && /_total$|_count$/.test(m)) return 'errors-counter';
  if (errors && /per_second|_rate$|rps/.test(m)) return 'errors-rate';
  if (!errors && /requests?_per_second|_rps$/.test(m)) return 'requests-rate';
  if (!errors && /requests?_total$/.test(m)) return 'requests-counter';
  return null;
}

/** Latency series preference: p99 before p95 before p50 before a mean. */
function latencyRank(metric: string): number {
  const p = /p(\d{2,3})$/.exec(metric);
  return p ? Number(p[1]) : 1;
}

/**
 * The integral of a rate (per second) over [from, to): each sample holds until the next (left Riemann
 * sum), at most two typical steps (a gap in the data counts no more); the last sample holds for the
 * median step. NaN samples count nothing.
 * @example integrateRate([0, 60_000], [2, 2], 0, 120_000) // 240 (2/s for 2 min)
 */
export function integrateRate(ts: ArrayLike<number>, values: ArrayLike<number>, from: number, to: number): number {
  const steps: number[] = [];
  for (let i = 1; i < ts.length; i++) steps.push(ts[i] - ts[i - 1]);
  steps.sort((a, b) => a - b);
  const typical = steps.length ? steps[steps.length >> 1] : 0;
  let sum = 0;
  for (let i = 0; i < ts.length; i++) {
    if (ts[i] < from || ts[i] >= to || !Number.isFinite(values[i])) continue;
    const next = i + 1 < ts.length ? ts[i + 1] : ts[i] + typical;
    sum += (values[i] * Math.min(next - ts[i], 2 * typical)) / 1000;
  }
  return sum;
}

/** A counter's increase over [from, to] (a drop is a reset: the new value counts from zero). */
export function counterIncrease(ts: ArrayLike<number>, values: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  let last: number | null = null;
  for (let i = 0; i < ts.length; i++) {
    if (ts[i] < from || ts[i] > to || !Number.isFinite(values[i])) continue;
    if (last !== null) sum += values[i] >= last ? values[i] - last : values[i];
    last = values[i];
  }
  return sum;
}

/** The highest sample within [from, to], null when none. */
function peakOf(s: ImpactSeries, from: number, to: number): Peak | null {
  let best: Peak | null = null;
  for (let i = 0; i < s.ts.length; i++) {
    if (s.ts[i] < from || s.ts[i] > to || !Number.isFinite(s.values[i])) continue;
    if (!best || s.values[i] > best.value) best = { value: s.values[i], service: s.service, metric: s.metric, ts: s.ts[i] };
  }
  return best;
}

/** The error share errors / requests at each common timestamp, as a series of its own. */
function ratioSeries(errors: ImpactSeries, requests: ImpactSeries): ImpactSeries {
  const byTs = new Map<number, number>();
  for (let i = 0; i < requests.ts.length; i++) byTs.set(requests.ts[i], requests.values[i]);
  const ts: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < errors.ts.length; i++) {
    const total = byTs.get(errors.ts[i]);
    if (total === undefined || !(total > 0)) continue;
    ts.push(errors.ts[i]);
    values.push(Math.min(1, errors.values[i] / total));
  }
  return { seriesId: errors.seriesId, service: errors.service, metric: `${errors.metric} / ${requests.metric}`, ts, values };
}

/** Requests counted in [from, to] by a rate or counter series of the given role. */
function countOf(s: ImpactSeries, role: Role, from: number, to: number): number {
  return role === 'errors-counter' || role === 'requests-counter' ? counterIncrease(s.ts, s.values, from, to) : integrateRate(s.ts, s.values, from, to);
}

/**
 * The impact figures (see the file's header).
 * @example computeImpact({ onset, end, services: ['api'], series, meanRequestRate: { api: 100 } }).budgetBurnt // 0.23
 */
export function computeImpact(input: ImpactInput): Impact {
  const slo = input.slo ?? DEFAULT_SLO;
  if (!(slo.target > 0 && slo.target < 1)) throw new Error(`SLO target must lie between 0 and 1 (exclusive), got ${slo.target}`);
  if (!(slo.windowDays > 0)) throw new Error(`SLO window must be a positive number of days, got ${slo.windowDays}`);
  const { onset, end } = input;
  const affected = new Set(input.services);
  const ofService = new Map<string, ImpactSeries[]>();
  for (const s of input.series) if (affected.has(s.service)) ofService.set(s.service, [...(ofService.get(s.service) ?? []), s]);

  let failed = 0;
  let total = 0;
  let budget = 0;
  const counted: string[] = [];
  let totalKnown = false;
  let peakLatency: Peak | null = null;
  let peakErrorRate: Peak | null = null;
  const higher = (a: Peak | null, b: Peak | null): Peak | null => (!a ? b : !b ? a : b.value > a.value ? b : a);

  for (const service of input.services) {
    const list = ofService.get(service) ?? [];
    const withRole = list.map((s) => ({ s, role: metricRole(s.metric) }));
    const errors = withRole.find((x) => x.role === 'errors-rate' || x.role === 'errors-counter');
    const requests = withRole.find((x) => x.role === 'requests-rate' || x.role === 'requests-counter');
    if (errors) {
      failed += countOf(errors.s, errors.role, onset, end);
      counted.push(service);
      const rate = input.meanRequestRate[service];
      if (Number.isFinite(rate) && rate > 0) budget += (1 - slo.target) * rate * slo.windowDays * 86_400;
    }
    if (requests) {
      total += countOf(requests.s, requests.role, onset, end);
      totalKnown = true;
    }
    const latency = withRole.filter((x) => x.role === 'latency').sort((a, b) => latencyRank(b.s.metric) - latencyRank(a.s.metric))[0];
    if (latency) {
      const best = latencyRank(latency.s.metric);
      const peak = peakOf(latency.s, onset, end);
      // Compare like with like: a p99 peak is not outranked by another service's mean.
      if (!peakLatency || latencyRank(peakLatency.metric) < best || (latencyRank(peakLatency.metric) === best && peak && peak.value > peakLatency.value)) {
        peakLatency = peak ?? peakLatency;
      }
    }
    const ratio = withRole.find((x) => x.role === 'error-ratio');
    if (ratio) peakErrorRate = higher(peakErrorRate, peakOf(ratio.s, onset, end));
    else if (errors?.role === 'errors-rate' && requests?.role === 'requests-rate') peakErrorRate = higher(peakErrorRate, peakOf(ratioSeries(errors.s, requests.s), onset, end));
  }
  const measurable = counted.length > 0;
  const budgetBurnt = measurable && budget > 0 ? failed / budget : null;
  const percent = `${Number((slo.target * 100).toFixed(4))} %`;
  const budgetBasis = budgetBurnt === null
    ? 'not measurable from this dump (no error-count series with a request rate for the affected services)'
    : `failed requests of ${counted.join(', ')} against (100 % − ${percent}) of the requests ${slo.windowDays} days bring at their mean rate over the dump`;
  return {
    durationMs: Math.max(0, end - onset),
    failedRequests: measurable ? Math.round(failed) : null,
    totalRequests: totalKnown ? Math.round(total) : null,
    countedServices: counted,
    slo: { target: slo.target, windowDays: slo.windowDays },
    budgetBurnt,
    budgetBasis,
    peakLatency,
    peakErrorRate,
  };
}
