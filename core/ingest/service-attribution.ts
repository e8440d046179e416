/**
 * Which service a series, log event or event belongs to, from the strongest evidence there is:
 *   1. an explicit field or label (`service`, `service.name`, `app.kubernetes.io/name`, `app` unless it
 *      holds a version, `job`, a container name) — origin 'field' (log/event fields) or 'label' (series labels);
 *   2. a Kubernetes pod name (`name-<replicaset hash>-<pod hash>` → name, StatefulSet `name-0` → name) — 'pod';
 *   3. the import's `--service` option — 'option' (the person's word for whatever names no service itself);
 *   4. the path: `…/logs/<service>/…`, CRI `/var/log/containers/<pod>_<ns>_<container>-<id>.log`,
 *      `<service>.log`, `<service>-<n>.log`, `<service>.log.1`, `<service>-access.log` — 'path';
 *   5. a name a text reader found in a line's header (a syslog tag, a `[component]`) — 'field', weakest.
 * A candidate is never a thread (`http-nio-8080-exec-1`, `main`), a logger (`com.x.Y`), a version
 * (`2.3.1`, `v12`), a level word or a host id (hex, UUID, IP address): those are skipped for the next evidence.
 * Pure functions; O(length of the path and the labels) per call.
 */
import type { EventRecord, Labels, LogRecord } from './types';

/** Where a service name came from. */
export type ServiceOrigin = 'field' | 'label' | 'pod' | 'path' | 'option';

export interface Attribution {
  service: string;
  origin: ServiceOrigin;
}

/** Label / field names that name a service outright, strongest first (dotted and underscored spellings). */
const SERVICE_KEYS = [
  'service', 'service.name', 'service_name', 'app.kubernetes.io/name', 'app_kubernetes_io_name',
  'kubernetes.labels.app_kubernetes_io/name', 'kubernetes.labels.app.kubernetes.io/name', 'kubernetes.labels.app_kubernetes_io_name',
  'app', 'application', 'app_name', 'kubernetes.labels.app', 'job', 'container', 'container_name',
  'kubernetes.container.name', 'kubernetes.container_name', 'k8s.container.name',
];
/** Names that hold a pod name. */
const POD_KEYS = ['pod', 'pod_name', 'kubernetes.pod.name', 'kubernetes.pod_name', 'k8s.pod.name', 'kubernetes_pod_name'];

/** Folders whose child folder is a service: `logs/<service>/…`. */
const SERVICE_PARENTS = new Set(['logs', 'log', 'metrics', 'services', 'service', 'apps', 'applications', 'containers']);

/** File and folder names that say what a file is, not whose it is. */
const GENERIC_NAMES = new Set([
  'access', 'error', 'errors', 'app', 'application', 'server', 'service', 'services', 'output', 'out', 'stdout', 'stderr',
  'messages', 'syslog', 'combined', 'debug', 'info', 'warn', 'log', 'logs', 'main', 'current', 'console', 'all',
  'events', 'event', 'alerts', 'alert', 'metrics', 'data', 'export', 'exports', 'dump', 'query', 'result', 'results',
  'trace', 'traces', 'audit', 'system', 'kern', 'daemon', 'auth', 'secure', 'cron', 'prometheus', 'containers', 'pods',
  'deploys', 'deployments', 'topology', 'k8s', 'kubernetes', 'var', 'tmp', 'json', 'raw', 'other', 'misc',
]);

const LEVEL_WORDS = new Set([
  'trace', 'debug', 'info', 'information', 'notice', 'warn', 'warning', 'error', 'err', 'fatal', 'critical', 'crit',
  'alert', 'emerg', 'panic', 'severe', 'fine', 'finer', 'finest', 'log', 'statement', 'detail', 'hint', 'context',
]);

/** A thread name: `main`, `http-nio-8080-exec-1`, `pool-2-thread-7`, `worker #3`, `Thread-12`, `asyncio_0`. */
const THREAD_RE =
  /^(?:main|thread-\d+|.*-exec-\d+|.*-thread-\d+|worker[- #_]?\d+|.*nio-\d+.*|reactor-[\w-]+-\d+|scheduling-\d+|forkjoinpool.*|.*#\d+|[A-Za-z]+_\d+|MainThread|Dummy-\d+)$/i;
/** A dotted logger or class name: `com.x.OrderService`, `gunicorn.error`, `o.s.b.X`. */
const LOGGER_RE = /^[A-Za-z_$][\w$]*(?:\.[\w$]+)+$/;
/** A class name as a header shows it: `OrderService`, `HikariPool`. */
const CLASS_RE = /^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+$/;
/** A version: `2.3.1`, `v12`, `1.0.0-rc1`, `2024.03.1`, a git sha. */
const VERSION_RE = /^v?\d+(?:[._-]\d+)*(?:[-+.][\w.]+)?$|^[0-9a-f]{7,40}$/i;
/** A host id: a UUID, hex, an IP address, an EC2 instance id or host name. */
const HOST_ID_RE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{12,}|\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?|i-[0-9a-f]{8,17}|ip-\d+-\d+-\d+-\d+.*)$/i;

/**
 * How a candidate was found, and so what it may look like: a series 'label' or an explicit service
 * field may be dotted or CamelCase; a structured log's 'field' (possibly a logger key) may not be dotted;
 * a text 'header' name may be neither (`com.x.Y`, `OrderService` are loggers and classes there).
 */
export type CandidateKind = 'label' | 'field' | 'header';

/**
 * True when `value` can be a service name: one short word with a letter that is not a thread, version,
 * level word or host id, nor (by `kind`) a logger or class name. O(length).
 */
export function plausibleService(value: string | undefined, kind: CandidateKind = 'header'): value is string {
  if (!value) return false;
  const v = value.trim();
  if (v.length === 0 || v.length > 64 || !/[A-Za-z]/.test(v) || !/^[\w./@:-]+$/.test(v)) return false;
  if (VERSION_RE.test(v) || HOST_ID_RE.test(v) || LEVEL_WORDS.has(v.toLowerCase()) || THREAD_RE.test(v)) return false;
  if (kind !== 'label' && LOGGER_RE.test(v)) return false;
  return kind !== 'header' || !CLASS_RE.test(v);
}

/** Kubernetes name-generation alphabet (no vowels, no 0/1/3): replica-set and pod hashes use it. */
const RS_POD_RE = /^(.+?)-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/;
const DS_POD_RE = /^(.+?)-[bcdfghjklmnpqrstvwxz2456789]{5}$/;
const STS_POD_RE = /^(.+?)-\d+$/;

/**
 * The workload of a pod name: `checkout-7d4b9c6f8-x2x7k` → `checkout`, DaemonSet `agent-x2x7k` → `agent`,
 * StatefulSet `db-0` → `db`; undefined when the name has none of these shapes (then it is no pod name).
 */
export function workloadOfPod(pod: string): string | undefined {
  const m = RS_POD_RE.exec(pod) ?? DS_POD_RE.exec(pod) ?? STS_POD_RE.exec(pod);
  return m && plausibleService(m[1], 'field') ? m[1] : undefined;
}

/** The segments of a path, archive members included (`dump.zip!/logs/x.log` → dump.zip, logs, x.log). */
function segments(path: string): string[] {
  return path.split(/!\/|[\\/]/).filter((s) => s.length > 0);
}

/** `orders-2.log.1.gz` → `orders`: the file name without compression, rotation, extension, instance or role suffix. */
export function serviceOfFileName(file: string): string | undefined {
  let base = file.replace(/\.(?:gz|bz2|xz|zst|zip)$/i, '');
  base = base.replace(/\.\d+$/, ''); // rotation: .log.1
  base = base.replace(/[-_.]\d{4}-?\d{2}-?\d{2}(?:[-_T]?\d{2,6})?$/, ''); // dated rotation
  const ext = /\.(log|txt|jsonl|ndjson|json|out|err)$/i.exec(base);
  if (!ext) return undefined;
  base = base.slice(0, ext.index);
  base = base.replace(/[-_.]\d{4}-?\d{2}-?\d{2}(?:[-_T]?\d{2,6})?$/, '');
  base = base.replace(/[-_.](?:access|error|errors|stdout|stderr|out|err|debug|info|app|server|json)$/i, '');
  // A pod's log (`kubectl logs checkout-7d4b9c6f8-x2x7k > checkout-7d4b9c6f8-x2x7k.log`): its workload.
  const pod = RS_POD_RE.exec(base) ?? DS_POD_RE.exec(base);
  if (pod) base = pod[1];
  base = base.replace(/[-_]\d+$/, ''); // instance: orders-2.log
  if (!base || GENERIC_NAMES.has(base.toLowerCase())) return undefined;
  return plausibleService(base, 'field') ? base : undefined;
}

/**
 * The service a file's path names, or undefined: a CRI container log's container, the folder under a
 * `logs/` (`metrics/`, `services/` …) folder, else — for logs only (`fileNames`) — the file's own name.
 */
export function serviceOfPath(path: string, fileNames = true): string | undefined {
  const parts = segments(path);
  const file = parts[parts.length - 1] ?? '';
  // /var/log/containers/<pod>_<namespace>_<container>-<64 hex>.log
  const cri = /^([^_]+)_([^_]+)_(.+)-[0-9a-f]{64}\.log$/.exec(file);
  if (cri && plausibleService(cri[3], 'field')) return cri[3];
  // /var/log/pods/<namespace>_<pod>_<uid>/<container>/0.log
  const podDir = parts.length >= 3 ? /^[^_]+_([^_]+)_[0-9a-f-]{36}$/.exec(parts[parts.length - 3]) : null;
  if (podDir && plausibleService(parts[parts.length - 2], 'field')) return parts[parts.length - 2];
  for (let i = parts.length - 3; i >= 0; i--) {
    if (!SERVICE_PARENTS.has(parts[i].toLowerCase())) continue;
    const candidate = parts[i + 1];
    if (!GENERIC_NAMES.has(candidate.toLowerCase()) && plausibleService(candidate, 'field')) return candidate;
  }
  return fileNames ? serviceOfFileName(file) : undefined;
}

/** The service a label set names outright (SERVICE_KEYS, values checked), or undefined. */
export function serviceOfLabels(labels: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const k of SERVICE_KEYS) {
    const v = labels[k];
    if (explicitService(v)) return v;
  }
  return undefined;
}

/** A value an explicit service field or label may hold: plausible (dots allowed) and not a scrape-role job. */
function explicitService(v: string | undefined): v is string {
  return plausibleService(v, 'label') && !GENERIC_JOB.test(v.trim());
}

/** Prometheus jobs that name a scrape role, not a service (`kubernetes-pods`, `node-exporter`…): not a service. */
const GENERIC_JOB = /^(?:kubernetes-[\w-]+|kubelet|cadvisor|apiserver|prometheus|federate)$/;

/** The workload of the first pod-name label that parses as one, or undefined. */
export function serviceOfPodLabels(labels: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const k of POD_KEYS) {
    const v = labels[k];
    const w = v ? workloadOfPod(v) : undefined;
    if (w) return w;
  }
  return undefined;
}

/** How much a reader's own `service` says: 'strong' from structured fields/labels, 'weak' from a text line's header. */
export type ReaderEvidence = 'strong' | 'weak';

/** Readers whose `service` comes from parsing a text line's header (syslog tag, `[component]`). */
const HEADER_READERS = new Set(['log-text', 'log-kubectl', 'log-cri']);

/** The evidence class of reader `readerId`'s own service names. */
export function readerEvidence(readerId: string): ReaderEvidence {
  return HEADER_READERS.has(readerId) ? 'weak' : 'strong';
}

/**
 * Attribution for one source: built once per file (path, reader, the `--service` option), then asked per
 * record. Counts what it attributed, by service and origin, for the source's summary.
 */
export class ServiceResolver {
  private readonly fromPath: string | undefined;
  private readonly fromFolder: string | undefined;
  private readonly evidence: ReaderEvidence;
  /** Records attributed per `service\u0000origin`, and those left without a service. */
  readonly tally = new Map<string, number>();
  unattributed = 0;

  constructor(
    path: string,
    readerId: string,
    private readonly option?: string,
  ) {
    this.fromPath = serviceOfPath(path, true);
    this.fromFolder = serviceOfPath(path, false);
    this.evidence = readerEvidence(readerId);
  }

  private count(a: Attribution | undefined): Attribution | undefined {
    if (!a) this.unattributed++;
    else {
      const key = `${a.service}\u0000${a.origin}`;
      this.tally.set(key, (this.tally.get(key) ?? 0) + 1);
    }
    return a;
  }

  /** The service of a log event: its fields, pod, the option, the path, then a header-found name. */
  log(rec: Pick<LogRecord, 'service' | 'host' | 'attrs'>): Attribution | undefined {
    const attrs = rec.attrs ?? {};
    const own = rec.service?.trim();
    const strong = this.evidence === 'strong';
    return this.count(
      (strong && plausibleService(own, 'field') ? { service: own, origin: 'field' as const } : undefined) ??
        pick(serviceOfLabels(attrs), 'field') ??
        pick(serviceOfPodLabels(attrs) ?? (rec.host ? workloadOfPod(rec.host) : undefined), 'pod') ??
        pick(this.option, 'option') ??
        pick(this.fromPath, 'path') ??
        (!strong && plausibleService(own) ? { service: own, origin: 'field' as const } : undefined),
    );
  }

  /** The service of a series: its labels, its pod label, the option, the folder it was found in. */
  series(labels: Labels): Attribution | undefined {
    return this.count(
      pick(serviceOfLabels(labels), 'label') ??
        pick(serviceOfPodLabels(labels), 'pod') ??
        pick(this.option, 'option') ??
        pick(this.fromFolder, 'path'),
    );
  }

  /** The service of an event: what the reader found (checked), its attrs, the option, the folder. */
  event(rec: Pick<EventRecord, 'service' | 'attrs'>): Attribution | undefined {
    const own = rec.service?.trim();
    return this.count(
      (explicitService(own) ? { service: own, origin: 'field' as const } : undefined) ??
        pick(serviceOfLabels(rec.attrs ?? {}), 'field') ??
        pick(serviceOfPodLabels(rec.attrs ?? {}), 'pod') ??
        pick(this.option, 'option') ??
        pick(this.fromFolder, 'path'),
    );
  }

  /** The service most records were attributed to and its origin (ties: the first counted), or null. */
  dominant(): Attribution | null {
    let best: [string, number] | undefined;
    for (const entry of this.tally) if (!best || entry[1] > best[1]) best = entry;
    if (!best) return null;
    const [service, origin] = best[0].split('\u0000');
    return { service, origin: origin as ServiceOrigin };
  }
}

function pick(service: string | undefined, origin: ServiceOrigin): Attribution | undefined {
  return service ? { service, origin } : undefined;
}
