/**
 * Which of a service's series are its key metrics for judging a release, and which way is bad for each: latency
 * (p95, p99, mean) and the error ratio up, CPU and memory up, throughput down. Read from metric names, labels and
 * units the way exporters write them (Prometheus/Micrometer/OpenTelemetry names, a `quantile` label, `_p95`
 * suffixes); CPU, memory and request rate as the capacity planner reads them (../capacity/resources). An
 * errors-per-second series is turned into a ratio by its service's request rate, so that more traffic is not more
 * errors. Pure: names in, roles out.
 */
import { usageResource } from '../capacity/resources';

export type MetricRole = 'latency' | 'errors' | 'throughput' | 'cpu' | 'memory';

/** A stored series as the release comparison needs it. */
export interface MetricSeries {
  seriesId: number;
  name: string;
  labels: Record<string, string>;
  service: string | null;
  /** The unit to write values in (e.g. inferred from the name by the caller), or null. */
  unit: string | null;
  ts: Float64Array;
  values: Float64Array;
}

/** A key metric of a service: one series, or errors divided by the request rate (`denominator`). */
export interface KeyMetric {
  role: MetricRole;
  badDirection: 'up' | 'down';
  /** Readable name: the metric and the labels that tell it apart. */
  label: string;
  series: MetricSeries;
  denominator?: MetricSeries;
  unit: string | null;
}

const LATENCY = /(latency|duration|response_time|request_time|elapsed)/;
const NOT_A_LATENCY = /(_bucket|_count|_sum|_total|_created|histogram)$/;
const ERRORS = /(error|fail|5xx|exception)/;
const RATIO = /(ratio|rate$|share|percent|_pct$)/;

/** The latency quantile a series holds ('p95', 'p99', 'mean'), or null for one not judged (p50, p999, max, …). */
export function latencyKind(name: string, labels: Record<string, string>): 'p95' | 'p99' | 'mean' | null {
  const n = name.toLowerCase();
  if (!LATENCY.test(n) || NOT_A_LATENCY.test(n)) return null;
  const q = labels.quantile ?? labels.le_quantile ?? /(?:_p|quantile_?0?\.?)(\d{2,3})$/.exec(n)?.[1];
  if (q === undefined) return /(max|min)$/.test(n) ? null : 'mean';
  const level = q.includes('.') ? Number(q) : Number(`0.${q}`);
  if (Math.abs(level - 0.95) < 1e-9) return 'p95';
  if (Math.abs(level - 0.99) < 1e-9) return 'p99';
  return null;
}

/** How close two label sets are: the number of keys (other than __name__) they share with equal values. */
function sharedLabels(a: Record<string, string>, b: Record<string, string>): number {
  let n = 0;
  for (const [k, v] of Object.entries(a)) if (k !== '__name__' && b[k] === v) n++;
  return n;
}

/** `name{label=value,…}` without __name__ and the service label (the release names the service already). */
export function readableName(s: Pick<MetricSeries, 'name' | 'labels'>): string {
  const rest = Object.entries(s.labels).filter(([k]) => !['__name__', 'service', 'job', 'instance'].includes(k));
  return rest.length ? `${s.name}{${rest.map(([k, v]) => `${k}=${v}`).join(',')}}` : s.name;
}

/**
 * The key metrics among one service's series: p95/p99/mean latencies, error ratios (a ratio series as is, an
 * errors-per-second series over the request series whose labels match it best), request rates, CPU and memory
 * use. Series of other kinds (limits, p50, queue depths, …) are left out. O(series²) for the error pairing.
 *
 * @example keyMetrics([p95, errorsPerSecond, requestsPerSecond]).map((m) => m.role) // ['latency', 'errors', 'throughput']
 */
export function keyMetrics(series: readonly MetricSeries[]): KeyMetric[] {
  const out: KeyMetric[] = [];
  const requests = series.filter((s) => usageResource(s.name, s.labels) === 'request-rate');
  for (const s of series) {
    const n = s.name.toLowerCase();
    const lat = latencyKind(s.name, s.labels);
    if (lat) {
      out.push({ role: 'latency', badDirection: 'up', label: readableName(s), series: s, unit: s.unit });
      continue;
    }
    if (ERRORS.test(n) && !/(_bucket|_sum|_count)$/.test(n)) {
      if (RATIO.test(n) || s.unit === 'ratio' || s.unit === '%') {
        out.push({ role: 'errors', badDirection: 'up', label: readableName(s), series: s, unit: s.unit });
        continue;
      }
      const denominator = [...requests].sort((a, b) => sharedLabels(s.labels, b.labels) - sharedLabels(s.labels, a.labels))[0];
      if (denominator) out.push({ role: 'errors', badDirection: 'up', label: `${readableName(s)} / ${readableName(denominator)}`, series: s, denominator, unit: 'ratio' });
      continue;
    }
    const resource = usageResource(s.name, s.labels);
    if (resource === 'request-rate') out.push({ role: 'throughput', badDirection: 'down', label: readableName(s), series: s, unit: s.unit });
    else if (resource === 'cpu') out.push({ role: 'cpu', badDirection: 'up', label: readableName(s), series: s, unit: s.unit });
    else if (resource === 'memory') out.push({ role: 'memory', badDirection: 'up', label: readableName(s), series: s, unit: s.unit });
  }
  return out;
}
