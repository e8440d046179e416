/**
 * The fictional shop the demo dump describes: ten services, how each behaves at rest, how it logs,
 * and who calls whom. Numbers are typical of a mid-size web shop; nothing here is random.
 */

/** How a service writes its log file. */
export type LogStyle =
  | 'nginx' // nginx combined access log + request time
  | 'text' // RFC 3339 plain text, Java-style stack traces on continuation lines
  | 'json-ts' // {"ts": ISO, "level": "info", "msg"}
  | 'json-time' // {"time": ISO with +01:00 offset, "level": "INFO", "msg"}
  | 'json-at' // {"@timestamp": ISO, "severity": "WARNING", "message"}
  | 'json-epoch' // {"timestamp": epoch ms, "severity": "info", "message"}
  | 'postgres'; // 2026-03-02 10:00:00.123 UTC [pid] LOG:  message

export type Runtime = 'nginx' | 'jvm' | 'node' | 'go' | 'postgres';

export interface ServiceSpec {
  name: string;
  runtime: Runtime;
  style: LogStyle;
  /** Log file name under logs/. */
  logFile: string;
  /** Requests (queries for postgres) per second at the weekday daily peak. */
  peakRps: number;
  /** Fraction of requests failing at rest. */
  errorRatio: number;
  /** Median latency at low load, seconds. */
  p50: number;
  /** p95 / p50 and p99 / p95 ratios at rest. */
  k95: number;
  k99: number;
  /** CPU usage (fraction of the container's CPU) when idle, and added at peak load. */
  cpuIdle: number;
  cpuPeak: number;
  /** Resident memory at rest and the container limit, bytes. */
  memBase: number;
  memLimit: number;
  /** GC sawtooth period (minutes) and amplitude (fraction of memBase); 0 = none. */
  gcPeriod: number;
  gcAmp: number;
  /** Share of the log budget. */
  logShare: number;
  /** Routine deploys per week (weekdays, office hours). */
  deploysPerWeek: number;
  /** Name of the application class / binary, used in startup lines. */
  app: string;
  /** Key of its everyday messages in CATALOG; default its name (the scenario suite reuses the shop's). */
  catalog?: string;
  /** Series beyond the seven every service has (scenario suite only). */
  extras?: ExtraMetric[];
}

/** A series a service has beyond the seven: a cache's hit ratio, a database's lock waits, retransmits. */
export interface ExtraMetric {
  name: string;
  /** Value at rest: `level x (1 - loadShare + loadShare x load)`, times (1 + AR(1) noise of spread `noise`). */
  level: number;
  loadShare: number;
  noise: number;
  decimals: number;
  min: number;
  max: number;
}

const MB = 1024 * 1024;

/** The ten services, in the order files and manifests list them. */
export const SERVICES: readonly ServiceSpec[] = [
  {
    name: 'gateway', runtime: 'nginx', style: 'nginx', logFile: 'gateway-access.log', peakRps: 900,
    errorRatio: 0.002, p50: 0.04, k95: 2.6, k99: 2.0, cpuIdle: 0.04, cpuPeak: 0.3, memBase: 180 * MB,
    memLimit: 512 * MB, gcPeriod: 0, gcAmp: 0, logShare: 0.3, deploysPerWeek: 1, app: 'nginx',
  },
  {
    name: 'frontend', runtime: 'node', style: 'json-ts', logFile: 'frontend.jsonl', peakRps: 750,
    errorRatio: 0.003, p50: 0.032, k95: 2.8, k99: 2.1, cpuIdle: 0.05, cpuPeak: 0.4, memBase: 420 * MB,
    memLimit: 1024 * MB, gcPeriod: 11, gcAmp: 0.04, logShare: 0.1, deploysPerWeek: 4, app: 'frontend',
  },
  {
    name: 'auth', runtime: 'go', style: 'json-time', logFile: 'auth.jsonl', peakRps: 260,
    errorRatio: 0.002, p50: 0.009, k95: 2.4, k99: 2.2, cpuIdle: 0.03, cpuPeak: 0.25, memBase: 140 * MB,
    memLimit: 512 * MB, gcPeriod: 7, gcAmp: 0.03, logShare: 0.07, deploysPerWeek: 1, app: 'auth',
  },
  {
    name: 'users', runtime: 'jvm', style: 'text', logFile: 'users.log', peakRps: 310,
    errorRatio: 0.002, p50: 0.012, k95: 2.5, k99: 2.0, cpuIdle: 0.06, cpuPeak: 0.3, memBase: 640 * MB,
    memLimit: 1536 * MB, gcPeriod: 23, gcAmp: 0.06, logShare: 0.07, deploysPerWeek: 2, app: 'UsersApplication',
  },
  {
    name: 'orders', runtime: 'jvm', style: 'text', logFile: 'orders.log', peakRps: 140,
    errorRatio: 0.004, p50: 0.055, k95: 2.7, k99: 2.3, cpuIdle: 0.08, cpuPeak: 0.35, memBase: 760 * MB,
    memLimit: 2048 * MB, gcPeriod: 31, gcAmp: 0.07, logShare: 0.1, deploysPerWeek: 3, app: 'OrdersApplication',
  },
  {
    name: 'payments', runtime: 'jvm', style: 'text', logFile: 'payments.log', peakRps: 65,
    errorRatio: 0.005, p50: 0.11, k95: 2.6, k99: 2.4, cpuIdle: 0.05, cpuPeak: 0.25, memBase: 560 * MB,
    memLimit: 1536 * MB, gcPeriod: 37, gcAmp: 0.05, logShare: 0.07, deploysPerWeek: 2, app: 'PaymentsApplication',
  },
  {
    name: 'inventory', runtime: 'go', style: 'json-at', logFile: 'inventory.jsonl', peakRps: 220,
    errorRatio: 0.002, p50: 0.014, k95: 2.5, k99: 2.1, cpuIdle: 0.03, cpuPeak: 0.22, memBase: 180 * MB,
    memLimit: 512 * MB, gcPeriod: 5, gcAmp: 0.03, logShare: 0.07, deploysPerWeek: 2, app: 'inventory',
  },
  {
    name: 'search', runtime: 'jvm', style: 'text', logFile: 'search.log', peakRps: 330,
    errorRatio: 0.003, p50: 0.075, k95: 2.9, k99: 2.2, cpuIdle: 0.1, cpuPeak: 0.45, memBase: 900 * MB,
    memLimit: 2048 * MB, gcPeriod: 19, gcAmp: 0.06, logShare: 0.08, deploysPerWeek: 2, app: 'SearchApplication',
  },
  {
    name: 'notifications', runtime: 'node', style: 'json-epoch', logFile: 'notifications.jsonl', peakRps: 45,
    errorRatio: 0.004, p50: 0.018, k95: 3.0, k99: 2.5, cpuIdle: 0.02, cpuPeak: 0.15, memBase: 260 * MB,
    memLimit: 768 * MB, gcPeriod: 13, gcAmp: 0.04, logShare: 0.05, deploysPerWeek: 1, app: 'notifications',
  },
  {
    name: 'postgres', runtime: 'postgres', style: 'postgres', logFile: 'postgres.log', peakRps: 1400,
    errorRatio: 0.0005, p50: 0.0018, k95: 3.5, k99: 3.0, cpuIdle: 0.06, cpuPeak: 0.38, memBase: 820 * MB,
    memLimit: 4096 * MB, gcPeriod: 0, gcAmp: 0, logShare: 0.09, deploysPerWeek: 0, app: 'postgres',
  },
];

/** `caller -> callee` edges. */
export const EDGES: readonly (readonly [string, string])[] = [
  ['gateway', 'frontend'],
  ['frontend', 'auth'],
  ['frontend', 'users'],
  ['frontend', 'orders'],
  ['frontend', 'search'],
  ['auth', 'users'],
  ['orders', 'payments'],
  ['orders', 'inventory'],
  ['orders', 'notifications'],
  ['orders', 'postgres'],
  ['payments', 'postgres'],
  ['payments', 'notifications'],
  ['users', 'postgres'],
  ['inventory', 'postgres'],
  ['search', 'inventory'],
];

/** The spec of a named service; throws when there is none (a bug in the caller). */
export function serviceSpec(name: string): ServiceSpec {
  const s = SERVICES.find((x) => x.name === name);
  if (!s) throw new Error(`demo: unknown service '${name}'`);
  return s;
}

/**
 * Services that (transitively) call `root`, with their hop distance: 1 = direct caller.
 * Breadth-first over reversed edges, so each service gets its shortest distance. Sorted by
 * (hops, name) for a stable order.
 */
export function upstreamOf(root: string, edges: readonly (readonly [string, string])[] = EDGES): { service: string; hops: number }[] {
  const dist = new Map<string, number>([[root, 0]]);
  const queue = [root];
  while (queue.length > 0) {
    const cur = queue.shift() as string;
    for (const [caller, callee] of edges) {
      if (callee === cur && !dist.has(caller)) {
        dist.set(caller, (dist.get(cur) as number) + 1);
        queue.push(caller);
      }
    }
  }
  return [...dist.entries()]
    .filter(([s]) => s !== root)
    .map(([service, hops]) => ({ service, hops }))
    .sort((a, b) => a.hops - b.hops || (a.service < b.service ? -1 : 1));
}
