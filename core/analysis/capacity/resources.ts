/**
 * Which resource a series measures, and which series holds its limit, read from metric names and labels
 * the way exporters name them (cAdvisor and kube-state-metrics, node_exporter, Micrometer/HikariCP,
 * postgres_exporter, redis_exporter, Kafka lag exporters). Pure: names and labels in, pairs out.
 */

export type ResourceKind = 'cpu' | 'memory' | 'connections' | 'disk' | 'queue-lag' | 'request-rate';

export const RESOURCE_KINDS: readonly ResourceKind[] = ['cpu', 'memory', 'connections', 'disk', 'queue-lag', 'request-rate'];

/** What capacity planning needs to know about a stored series. */
export interface SeriesRef {
  id: number;
  name: string;
  labels: Record<string, string>;
  service: string | null;
}

/** Resources whose use follows traffic (a growth scenario scales them); the others accumulate (leaks, backlogs). */
export function followsLoad(kind: ResourceKind): boolean {
  return kind === 'cpu' || kind === 'connections' || kind === 'request-rate';
}

const LIMIT_WORDS = /(limit|request(?!s?_(per|total|duration|count|rate))|quota|max(?!_over)|capacity|_size_bytes|allocatable|throttl|spec_)/;

const USAGE: readonly [ResourceKind, RegExp][] = [
  ['queue-lag', /(consumergroup_lag|consumer_?lag|queue_(depth|length|size|messages)|messages_ready|backlog)/],
  ['connections', /(connections?_(active|used|in_?use|current|busy|open)|pool_(active|used|in_?use|busy)|stat_activity_count|threads_connected|numbackends|connected_clients|active_connections)/],
  ['disk', /(filesystem_(used|usage)|disk_(used|usage)|volume_stats_used_bytes|storage_used)/],
  ['memory', /(memory_(working_set|usage|rss|resident|used)|resident_memory|used_memory(?!_peak)|heap_used|jvm_memory_used|mem_used)/],
  ['cpu', /(cpu_(usage|utili[sz]ation|ratio|percent|seconds_total|load)|cpu$)/],
  ['request-rate', /(requests?_per_second|requests?_(total|rate)|_rps$|http_requests$|throughput)/],
];

const LIMITS: readonly [ResourceKind, RegExp][] = [
  ['memory', /(memory_limit|spec_memory_limit|memory_max|maxmemory|memory_limit_bytes|heap_max|jvm_memory_max)/],
  ['cpu', /(cpu_limit|cpu_quota|spec_cpu_quota|cpu_cores|machine_cpu_cores)/],
  ['connections', /(connections?_max|pool_max|max_connections|maxconn|maxclients|pool_size)/],
  ['disk', /(filesystem_size|disk_size|capacity_bytes|volume_stats_capacity_bytes|disk_total)/],
];

/** The resource a usage series measures, or null (limits, errors, latencies and everything else). */
export function usageResource(name: string, labels: Record<string, string> = {}): ResourceKind | null {
  const n = name.toLowerCase();
  if (limitResource(name, labels)) return null;
  if (/(error|fail|latency|duration|seconds_(p\d+|bucket|sum|count)|limit|quota|max)/.test(n) && !/cpu_seconds_total/.test(n)) return null;
  for (const [kind, re] of USAGE) if (re.test(n)) return kind;
  return null;
}

/** The resource a limit series caps (kube-state-metrics' `resource` label included), or null. */
export function limitResource(name: string, labels: Record<string, string> = {}): ResourceKind | null {
  const n = name.toLowerCase();
  if (/kube_pod_container_resource_limits/.test(n) || /resource_limits/.test(n)) {
    const r = (labels.resource ?? '').toLowerCase();
    return r === 'memory' ? 'memory' : r === 'cpu' ? 'cpu' : null;
  }
  for (const [kind, re] of LIMITS) if (re.test(n)) return kind;
  if (LIMIT_WORDS.test(n) && /mem/.test(n)) return 'memory';
  return null;
}

/** The limit a usage series carries by its own definition: a ratio of a CPU is capped at 1, a percent at 100. */
export function impliedLimit(name: string, kind: ResourceKind, unit: string | null = null): number | null {
  const n = name.toLowerCase();
  if (kind !== 'cpu' && kind !== 'memory' && kind !== 'disk') return null;
  if (/percent|_pct$/.test(n) || unit === '%') return 100;
  if (kind === 'cpu' && (/ratio|usage$|utili[sz]ation/.test(n) || unit === 'ratio') && !/seconds/.test(n)) return 1;
  return null;
}

/** A usage series with the series that caps it, when the dump has one for the same service (and pod/instance). */
export interface ResourcePair {
  usage: SeriesRef;
  resource: ResourceKind;
  limit: SeriesRef | null;
}

const IDENTITY_LABELS = ['pod', 'instance', 'container', 'namespace'];

/**
 * Pairs every usage series with its limit series: same resource, same service, and the same pod/instance/
 * container where both carry that label (the closest match wins). O(usage × limits).
 */
export function pairResources(series: readonly SeriesRef[]): ResourcePair[] {
  const limits = series.flatMap((s) => {
    const r = limitResource(s.name, s.labels);
    return r ? [{ s, r }] : [];
  });
  const out: ResourcePair[] = [];
  for (const s of series) {
    const resource = usageResource(s.name, s.labels);
    if (!resource) continue;
    let best: SeriesRef | null = null;
    let bestScore = -1;
    for (const l of limits) {
      if (l.r !== resource || l.s.service !== s.service) continue;
      let score = 0;
      let clash = false;
      for (const k of IDENTITY_LABELS) {
        const a = s.labels[k];
        const b = l.s.labels[k];
        if (a === undefined || b === undefined) continue;
        if (a === b) score++;
        else clash = true;
      }
      if (!clash && score > bestScore) {
        best = l.s;
        bestScore = score;
      }
    }
    out.push({ usage: s, resource, limit: best });
  }
  return out;
}
