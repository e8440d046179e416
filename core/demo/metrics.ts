/**
 * Synthetic service metrics at 1-minute steps: traffic shape (daily x weekly, slow trend) times
 * autocorrelated Laplace noise, errors as Poisson counts, latency quantiles that grow with load,
 * CPU following load, resident memory with GC sawtooth and restarts; then the plan's incident
 * effects on top. Written as Prometheus HTTP API query_range JSON, one file per service.
 *
 * Metric names (one name per quantity, no `quantile` label):
 *   process_cpu_usage (fraction of the container's CPU, 0..1), process_resident_memory_bytes,
 *   http_requests_per_second, http_errors_per_second (5xx; for postgres: queries and failed queries),
 *   http_request_duration_seconds_p50 | _p95 | _p99 (seconds).
 */

import { STEP_MS, type Plan, type PlannedIncident } from './plan';
import { Random } from './random';
import { trafficFactor } from './seasonality';
import { SERVICES, type ServiceSpec } from './services';
import type { FileSink } from './sink';

/** The seven series every service has, in file order. */
export const METRIC_NAMES = [
  'process_cpu_usage',
  'process_resident_memory_bytes',
  'http_requests_per_second',
  'http_errors_per_second',
  'http_request_duration_seconds_p50',
  'http_request_duration_seconds_p95',
  'http_request_duration_seconds_p99',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

export interface ServiceSeries {
  spec: ServiceSpec;
  values: Record<MetricName, Float64Array>;
  /** Expected errors per second at rest, and added by each incident (by incident id). */
  errBase: Float64Array;
  errExtra: Map<string, Float64Array>;
  /** The spec's extra series by name, in `spec.extras` order (empty for the demo's services). */
  extra: Record<string, Float64Array>;
}

/** Decimals written per metric; values are rounded to these in place so every reader sees the same. */
const DECIMALS: Record<MetricName, number> = {
  process_cpu_usage: 4,
  process_resident_memory_bytes: 0,
  http_requests_per_second: 3,
  http_errors_per_second: 4,
  http_request_duration_seconds_p50: 6,
  http_request_duration_seconds_p95: 6,
  http_request_duration_seconds_p99: 6,
};

/** AR(1) noise with Laplace innovations: x[i] = phi x[i-1] + Laplace(b). */
function arNoise(rng: Random, n: number, phi: number, b: number): Float64Array {
  const x = new Float64Array(n);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    prev = phi * prev + rng.laplace(b);
    x[i] = prev;
  }
  return x;
}

/** CPU never quite reaches 1: above 0.95 it bends towards 0.99. */
function softCap(x: number): number {
  if (x <= 0.95) return Math.max(0.005, x);
  return 0.95 + 0.04 * (1 - Math.exp(-(x - 0.95) / 0.04));
}

/**
 * Every service's seven series (and its extra series) over the plan's minutes. O(services x minutes).
 * Deterministic in the plan's seed; NaN-free by construction.
 */
export function synthesizeMetrics(
  plan: Plan<PlannedIncident>, services: readonly ServiceSpec[] = SERVICES,
): Map<string, ServiceSeries> {
  const { n, startMs, seed } = plan;
  const days = n / 1440;
  const shape = new Float64Array(n);
  for (let i = 0; i < n; i++) shape[i] = trafficFactor(startMs + i * STEP_MS);
  const common = arNoise(Random.derive(seed, 'metrics/common'), n, 0.9, 0.006);

  const out = new Map<string, ServiceSeries>();
  for (const spec of services) {
    const rng = Random.derive(seed, `metrics/${spec.name}`);
    const trend = rng.uniform(0.01, 0.06) * (days / 14);
    const own = arNoise(rng, n, 0.7, 0.012);
    const n50 = arNoise(rng, n, 0.6, 0.02);
    const n95 = arNoise(rng, n, 0.5, 0.03);
    const n99 = arNoise(rng, n, 0.4, 0.045);
    const ncpu = arNoise(rng, n, 0.8, 0.004);

    // Effects, folded per minute.
    const rateMul = new Float64Array(n).fill(1);
    const latMul = [new Float64Array(n).fill(1), new Float64Array(n).fill(1), new Float64Array(n).fill(1)];
    const cpuAdd = new Float64Array(n);
    const extraAdd = new Map((spec.extras ?? []).map((x) => [x.name, new Float64Array(n)]));
    const extraRatio = new Map<string, Float64Array>();
    for (const e of plan.effects) {
      if (e.service !== spec.name) continue;
      let ratio: Float64Array | null = null;
      if (e.incidentId && e.errRatio > 0) {
        ratio = extraRatio.get(e.incidentId) ?? new Float64Array(n);
        extraRatio.set(e.incidentId, ratio);
      }
      for (let k = 0; k < e.env.length; k++) {
        const i = e.startIdx + k;
        if (i < 0 || i >= n) continue;
        const w = e.env[k];
        rateMul[i] *= 1 + w * (e.rate - 1);
        for (let q = 0; q < 3; q++) latMul[q][i] *= 1 + w * (e.lat[q] - 1);
        cpuAdd[i] += w * e.cpu;
        if (ratio) ratio[i] += w * e.errRatio;
        for (const [name, add] of Object.entries(e.extra ?? {})) {
          const to = extraAdd.get(name);
          if (to) to[i] += w * add;
        }
      }
    }

    const values = Object.fromEntries(METRIC_NAMES.map((m) => [m, new Float64Array(n)])) as Record<MetricName, Float64Array>;
    const errBase = new Float64Array(n);
    const errExtra = new Map<string, Float64Array>([...extraRatio.keys()].map((k) => [k, new Float64Array(n)]));
    const restarts = plan.restarts.get(spec.name) ?? [];
    const gcPhase = rng.uniform(0, Math.max(1, spec.gcPeriod));
    const leak = plan.leaks.find((l) => l.service === spec.name) ?? null;
    let nextRestart = 0;
    let lastRestart = -1e9;

    for (let i = 0; i < n; i++) {
      const load = shape[i] * (1 + trend * (i / n)) * (1 + common[i]) * (1 + own[i]);
      const rps = spec.peakRps * load * rateMul[i];
      values.http_requests_per_second[i] = rps;

      const lambdaBase = rps * 60 * spec.errorRatio;
      let lambda = lambdaBase;
      errBase[i] = lambdaBase / 60;
      for (const [id, ratio] of extraRatio) {
        const x = rps * 60 * Math.min(0.9, ratio[i]);
        (errExtra.get(id) as Float64Array)[i] = x / 60;
        lambda += x;
      }
      values.http_errors_per_second[i] = Math.min(rps, rng.poisson(lambda) / 60);

      const loadLat = 1 + 0.35 * load * load;
      const quiet = 1 / Math.sqrt(Math.max(0.15, load));
      const p50 = spec.p50 * loadLat * Math.exp(n50[i]) * latMul[0][i];
      let p95 = spec.p50 * spec.k95 * loadLat * Math.exp(n50[i] + n95[i] * quiet) * latMul[1][i];
      p95 = Math.max(p95, p50 * 1.05);
      let p99 = spec.p50 * spec.k95 * spec.k99 * loadLat * Math.exp(n50[i] + n95[i] * quiet + n99[i] * quiet) * latMul[2][i];
      p99 = Math.max(p99, p95 * 1.05);
      values.http_request_duration_seconds_p50[i] = p50;
      values.http_request_duration_seconds_p95[i] = p95;
      values.http_request_duration_seconds_p99[i] = p99;

      values.process_cpu_usage[i] = softCap(spec.cpuIdle + spec.cpuPeak * load * rateMul[i] + cpuAdd[i] + ncpu[i]);

      while (nextRestart < restarts.length && restarts[nextRestart].idx <= i) lastRestart = restarts[nextRestart++].idx;
      const since = i - lastRestart;
      let mem = spec.memBase * (0.82 + 0.18 * (1 - Math.exp(-since / 120))) * (1 + 0.04 * load);
      if (spec.gcPeriod > 0) mem += spec.memBase * spec.gcAmp * (((i + gcPhase) % spec.gcPeriod) / spec.gcPeriod);
      mem *= 1 + rng.laplace(0.003);
      if (leak && i >= leak.fromIdx && i < leak.fixIdx) {
        const from = i <= leak.restartIdx ? leak.fromIdx : leak.restartIdx + 1;
        mem += leak.bytesPerMin * (i - from);
      }
      values.process_resident_memory_bytes[i] = Math.min(mem, spec.memLimit * 0.995);
    }
    for (const m of METRIC_NAMES) roundInPlace(values[m], DECIMALS[m]);
    const extra: Record<string, Float64Array> = {};
    for (const x of spec.extras ?? []) {
      const noise = arNoise(Random.derive(seed, `metrics/${spec.name}/${x.name}`), n, 0.7, x.noise);
      const add = extraAdd.get(x.name) as Float64Array;
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const load = shape[i] * (1 + common[i]) * rateMul[i];
        const atRest = x.level * (1 - x.loadShare + x.loadShare * load) * (1 + noise[i]);
        v[i] = Math.min(x.max, Math.max(x.min, atRest + add[i]));
      }
      extra[x.name] = roundInPlace(v, x.decimals);
    }
    out.set(spec.name, { spec, values, errBase, errExtra, extra });
  }
  return out;
}

/** Round every value to `decimals` places, in place; returns the array. */
function roundInPlace(v: Float64Array, decimals: number): Float64Array {
  const f = 10 ** decimals;
  for (let i = 0; i < v.length; i++) v[i] = Math.round(v[i] * f) / f;
  return v;
}

function formatValue(v: number, decimals: number): string {
  if (decimals === 0) return String(v);
  const s = v.toFixed(decimals);
  if (s.charCodeAt(s.length - 1) !== 48) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

/**
 * Stream one service's series (the seven, then its extras) as a query_range response:
 * `{"status":"success","data":{...}}`. Minutes for which `scraped(i)` is false are left out of every
 * series (a scrape gap); by default every minute is written.
 */
export async function writePrometheusFile(
  sink: FileSink, series: ServiceSeries, startMs: number, scraped: (i: number) => boolean = () => true,
): Promise<void> {
  const { spec } = series;
  const all: [string, Float64Array, number][] = [
    ...METRIC_NAMES.map((name): [string, Float64Array, number] => [name, series.values[name], DECIMALS[name]]),
    ...(spec.extras ?? []).map((x): [string, Float64Array, number] => [x.name, series.extra[x.name], x.decimals]),
  ];
  sink.push('{"status":"success","data":{"resultType":"matrix","result":[');
  for (let m = 0; m < all.length; m++) {
    const [name, v, d] = all[m];
    const labels = { __name__: name, instance: `${spec.name}-0:${spec.runtime === 'postgres' ? 9187 : 9100}`, job: spec.name, service: spec.name };
    sink.push(`${m === 0 ? '' : ','}{"metric":${JSON.stringify(labels)},"values":[`);
    let chunk = '';
    let first = true;
    for (let i = 0; i < v.length; i++) {
      if (!scraped(i)) continue;
      const t = (startMs + i * STEP_MS) / 1000;
      chunk += `${first ? '' : ','}[${t},"${formatValue(v[i], d)}"]`;
      first = false;
      if (chunk.length > 65_536) {
        if (sink.push(chunk)) await sink.flush();
        chunk = '';
      }
    }
    sink.push(chunk);
    sink.push(']}');
  }
  sink.push(']}}\n');
  await sink.flush();
}
