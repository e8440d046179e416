/**
 * Import throughput of the real path (core/ingest/import.ts `importPaths`) on generated dumps, each import in a
 * child process so its peak RSS is its own.
 *
 * Data (seeded, written once under bench/.data/import/<size>/ and reused while its manifest matches):
 *   - logs: RFC 3339 text logs (Java-style, ~1.5% errors with multi-line stack traces), JSON lines (pino/zap
 *     style) and nginx access logs with request time, ~48 MB files, realistic templates with parameters;
 *   - metrics: Prometheus query_range JSON, one metric per file, many series of 1-minute points over two weeks,
 *     in five kinds: integer counters, memory bytes, CPU ratios with 3 decimals, latency quantiles with full
 *     float noise (as histogram_quantile prints them) and mostly-constant gauges.
 *
 * Runs, each in a fresh child process:
 *   1. metrics into a fresh workspace: samples/s, and bytes on disk per sample (that workspace's file size, after
 *      the import closed it, over the samples it holds; the chunk bytes alone per kind are printed too);
 *   2. logs into the same workspace (so it ends mixed): log lines/s with the full-text index and template mining;
 *   3. both folders again: a re-import that must change nothing.
 *
 * Run:  npx tsx bench/import.ts [--size=full|medium|small|tiny] [--only=metrics|logs] [--worker=off] [--prof]
 *                                [--keep-ws]
 *   full: ~1 GB of logs + 2,500 x 20,160 = 50.4M samples (a run ~5 min; generating the data the first time ~2 min)
 *   medium: 256 MB + 12.1M samples; small: 64 MB + 3M; tiny: 16 MB + 0.6M (for profiles).
 *   By default files are parsed and log templates mined in a worker thread (ImportOptions.worker, started as the
 *   CLI would, through core/jobs/bootstrap.mjs); --worker=off does everything in the importing thread.
 *   --prof writes V8 CPU profiles of each child's main thread under bench/.data/import/prof/.
 * Times are wall-clock of importPaths; "CPU s" is the whole child's CPU (all threads), and "CPU s by thread" the
 * busiest threads' (Linux only; "main" writes to SQLite, the worker is the next "node"). The machine has 2 cores
 * shared with other work: the main thread's CPU seconds bound the wall time an idle machine would take.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng } from './lib/rng';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const BASE = join(ROOT, 'bench/.data/import');

interface Size {
  logMb: number;
  series: number;
  points: number;
}
const SIZES: Record<string, Size> = {
  full: { logMb: 1024, series: 2500, points: 20_160 },
  medium: { logMb: 256, series: 600, points: 20_160 },
  small: { logMb: 64, series: 150, points: 20_160 },
  tiny: { logMb: 16, series: 30, points: 20_160 },
};

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'] as const;
  }),
);

// ---- seeded data -------------------------------------------------------------------------------------------


const T0 = Date.UTC(2024, 2, 4);
const SPAN_MS = 14 * 86_400_000;
const DAY_MIN = 1440;

/** Buffered synchronous writer (generation is not timed). */
class Out {
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;
  private readonly fd: number;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  put(s: string): void {
    this.parts.push(s);
    this.pending += s.length;
    if (this.pending >= 1 << 20) this.flush();
  }
  private flush(): void {
    const buf = Buffer.from(this.parts.join(''));
    writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.parts = [];
    this.pending = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

class Gen {
  readonly r: () => number;
  constructor(seed: number) {
    this.r = rng(seed);
  }
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  /** Zipf-like pick: early entries far more frequent. */
  zipf<T>(xs: readonly T[]): T {
    return xs[Math.min(xs.length - 1, Math.floor(xs.length * this.r() ** 2.2))];
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(16)];
    return s;
  }
  ip(): string {
    return `10.${this.int(256)}.${this.int(256)}.${this.int(256)}`;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-a${this.hex(3)}-${this.hex(12)}`;
  }
  gauss(): number {
    return Math.sqrt(-2 * Math.log(1 - this.r())) * Math.cos(2 * Math.PI * this.r());
  }
}

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar'];
const SERVICES = ['orders', 'payments', 'catalog', 'search', 'users', 'auth', 'cart', 'shipping'];
const TABLES = ['orders', 'order_items', 'customers', 'sessions', 'events', 'invoices'];
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-south-1'];
const JOBS = ['cleanup', 'reindex', 'backup', 'report', 'sync-inventory'];

/** Message templates shared by text and JSON logs: realistic events with ids, durations, addresses. */
const MESSAGES: ((g: Gen) => string)[] = [
  (g) => `Completed GET /api/v1/${g.pick(SERVICES)}/${g.int(100000)} with status 200 in ${g.int(900)} ms`,
  (g) => `Created order ${g.int(10_000_000)} for customer ${g.int(100000)} with ${1 + g.int(9)} items total ${(g.r() * 500).toFixed(2)} EUR`,
  (g) => `Cache miss for key user:${g.int(1_000_000)} in region ${g.pick(REGIONS)}`,
  (g) => `Cache hit ratio ${(g.r() * 100).toFixed(2)}% over last ${g.int(60)} seconds`,
  (g) => `User ${g.pick(USERS)} logged in from ${g.ip()} using session ${g.uuid()}`,
  (g) => `Query on table ${g.pick(TABLES)} took ${(g.r() * 5).toFixed(3)}s rows=${g.int(10000)}`,
  (g) => `Request ${g.uuid()} completed with status ${g.pick([200, 204, 404])} bytes=${g.int(100000)}`,
  (g) => `Accepted connection from ${g.ip()}:${1024 + g.int(60000)}`,
  (g) => `Published event OrderPlaced id=${g.uuid()} partition=${g.int(32)} offset=${g.int(1e9)}`,
  (g) => `Consumer group ${g.pick(SERVICES)}-workers rebalanced: ${1 + g.int(12)} members, generation ${g.int(5000)}`,
  (g) => `Retrying request ${g.uuid()} attempt ${1 + g.int(5)} of 5 after ${g.int(1000)}ms backoff`,
  (g) => `Scheduled job ${g.pick(JOBS)} started with id job_${g.int(100000)}`,
  (g) => `Scheduled job ${g.pick(JOBS)} finished in ${(g.r() * 120).toFixed(1)}s, processed ${g.int(1e6)} records`,
  (g) => `Slow query detected: duration=${g.int(10000)}ms table=${g.pick(TABLES)} plan=seq_scan`,
  (g) => `Connection pool stats: active=${g.int(50)} idle=${g.int(50)} waiting=${g.int(10)}`,
  (g) => `Payment ${g.uuid()} authorised by provider ${g.pick(['stripe', 'adyen', 'paypal'])} in ${g.int(3000)} ms`,
  (g) => `Inventory reserved for sku SKU-${g.int(99999)} quantity ${1 + g.int(20)} warehouse ${g.pick(['FRA1', 'AMS2', 'DUB1'])}`,
  (g) => `Sent email template ${g.pick(['welcome', 'receipt', 'reset-password'])} to customer ${g.int(100000)}`,
  (g) => `Health check passed for dependency ${g.pick(SERVICES)} latency=${g.int(200)}ms`,
  (g) => `Token refreshed for client ${g.hex(16)} expires in ${g.int(3600)} s`,
  (g) => `GC pause ${(g.r() * 200).toFixed(1)} ms, heap ${g.int(4096)} MB of ${4096 + g.int(4096)} MB`,
  (g) => `Rate limit reached for api key ak_${g.hex(12)}: ${g.int(1000)} requests in ${g.int(60)} s`,
];
const ERRORS: ((g: Gen) => string)[] = [
  (g) => `Connection to ${g.ip()}:${5432 + g.int(3)} timed out after ${g.int(30000)} ms`,
  (g) => `Request ${g.uuid()} failed: upstream ${g.pick(SERVICES)} unavailable`,
  (g) => `Unhandled exception while processing order ${g.int(10_000_000)}`,
  (g) => `Failed to acquire lock on ${g.pick(TABLES)} after ${g.int(30)} attempts`,
];
const CLASSES = ['OrderService', 'PaymentClient', 'CatalogRepository', 'SessionFilter', 'InventoryWorker', 'EmailSender'];

function stackTrace(g: Gen): string[] {
  const lines = [`java.lang.${g.pick(['IllegalStateException', 'NullPointerException', 'RuntimeException'])}: ${g.pick(['connection reset', 'unexpected null', 'deadline exceeded'])}`];
  const depth = 5 + g.int(12);
  for (let i = 0; i < depth; i++) {
    lines.push(`\tat com.acme.${g.pick(SERVICES)}.${g.pick(CLASSES)}.${g.pick(['handle', 'process', 'call', 'run', 'apply'])}(${g.pick(CLASSES)}.java:${10 + g.int(900)})`);
  }
  if (g.r() < 0.5) lines.push(`Caused by: java.net.SocketTimeoutException: Read timed out`, `\t... ${3 + g.int(40)} more`);
  return lines;
}

const LEVELS = ['INFO', 'INFO', 'INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'DEBUG', 'WARN'];

interface FileCounts {
  bytes: number;
  lines: number;
  events: number;
}

/** Spreads `n` items over the two weeks, with a daily shape; returns ms times in order. */
function* timeline(g: Gen, approx: number): Generator<number> {
  const step = SPAN_MS / approx;
  let t = T0;
  while (t < T0 + SPAN_MS) {
    const day = Math.sin((2 * Math.PI * (t - T0)) / 86_400_000);
    t += step * (0.3 + 1.4 * g.r()) * (1 - 0.5 * day);
    yield Math.round(t);
  }
}

function genTextLog(path: string, seed: number, targetBytes: number): FileCounts {
  const g = new Gen(seed);
  const out = new Out(path);
  const c: FileCounts = { bytes: 0, lines: 0, events: 0 };
  const thread = (): string => `${g.pick(['http-nio-8080-exec-', 'kafka-consumer-', 'scheduler-'])}${1 + g.int(20)}`;
  const cls = (): string => `c.a.${g.pick(SERVICES)}.${g.pick(CLASSES)}`;
  for (const t of timeline(g, targetBytes / 150)) {
    const iso = new Date(t).toISOString();
    if (g.r() < 0.015) {
      out.put(`${iso} ERROR [${thread()}] ${cls()} - ${g.pick(ERRORS)(g)}\n`);
      const st = stackTrace(g);
      out.put(st.join('\n') + '\n');
      c.lines += 1 + st.length;
    } else {
      out.put(`${iso} ${g.pick(LEVELS)} [${thread()}] ${cls()} - ${g.zipf(MESSAGES)(g)}\n`);
      c.lines++;
    }
    c.events++;
    if (out.bytes >= targetBytes) break;
  }
  out.close();
  c.bytes = out.bytes;
  return c;
}

function genJsonLog(path: string, seed: number, targetBytes: number): FileCounts {
  const g = new Gen(seed);
  const out = new Out(path);
  const c: FileCounts = { bytes: 0, lines: 0, events: 0 };
  for (const t of timeline(g, targetBytes / 230)) {
    const err = g.r() < 0.02;
    const o = {
      time: new Date(t).toISOString(),
      level: err ? 'error' : g.pick(LEVELS).toLowerCase(),
      service: g.pick(SERVICES),
      host: `${g.pick(SERVICES)}-${g.hex(5)}`,
      msg: err ? g.pick(ERRORS)(g) : g.zipf(MESSAGES)(g),
      trace_id: g.hex(32),
      duration_ms: g.int(2000),
    };
    out.put(JSON.stringify(o) + '\n');
    c.lines++;
    c.events++;
    if (out.bytes >= targetBytes) break;
  }
  out.close();
  c.bytes = out.bytes;
  return c;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
  'curl/8.4.0',
  'okhttp/4.12.0',
  'kube-probe/1.29',
];
const PATHS: ((g: Gen) => string)[] = [
  (g) => `/api/v1/orders/${g.int(10_000_000)}`,
  (g) => `/api/v1/products?page=${g.int(50)}&size=20`,
  (g) => `/api/v1/users/${g.int(100000)}/cart`,
  () => '/healthz',
  (g) => `/static/js/app.${g.hex(8)}.js`,
  (g) => `/api/v1/search?q=${g.pick(['shoes', 'shirt', 'lamp', 'desk', 'phone'])}`,
];

function genAccessLog(path: string, seed: number, targetBytes: number): FileCounts {
  const g = new Gen(seed);
  const out = new Out(path);
  const c: FileCounts = { bytes: 0, lines: 0, events: 0 };
  const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));
  for (const t of timeline(g, targetBytes / 200)) {
    const d = new Date(t);
    const clf = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
    const x = g.r();
    const status = x < 0.9 ? 200 : x < 0.95 ? 304 : x < 0.98 ? 404 : x < 0.995 ? 500 : 503;
    const method = g.r() < 0.8 ? 'GET' : 'POST';
    const rt = (g.r() ** 3 * 2).toFixed(3);
    out.put(`${g.ip()} - - [${clf}] "${method} ${g.zipf(PATHS)(g)} HTTP/1.1" ${status} ${g.int(50000)} "-" "${g.zipf(AGENTS)}" ${rt}\n`);
    c.lines++;
    c.events++;
    if (out.bytes >= targetBytes) break;
  }
  out.close();
  c.bytes = out.bytes;
  return c;
}

type Kind = 'counter' | 'memory' | 'cpu' | 'latency' | 'flat';
const KINDS: { kind: Kind; name: string }[] = [
  { kind: 'counter', name: 'http_requests_total' },
  { kind: 'memory', name: 'container_memory_working_set_bytes' },
  { kind: 'cpu', name: 'node_cpu_utilisation' },
  { kind: 'latency', name: 'http_request_duration_seconds_p99' },
  { kind: 'flat', name: 'kube_deployment_status_replicas_available' },
];

/** One series' values as the strings Prometheus would print. */
function seriesValues(kind: Kind, g: Gen, n: number): string[] {
  const out = new Array<string>(n);
  if (kind === 'counter') {
    let c = g.int(1e9);
    const rate = 200 + 2000 * g.r();
    for (let i = 0; i < n; i++) {
      if (g.r() < 1 / 20_000) c = 0;
      c += Math.floor(rate * (1 + 0.5 * Math.sin((2 * Math.PI * i) / DAY_MIN)) + 20 * g.r());
      out[i] = String(c);
    }
  } else if (kind === 'memory') {
    let m = 2e8 + g.int(2e9);
    for (let i = 0; i < n; i++) {
      m = Math.max(1e8, m + Math.round(g.gauss() * 2e6) - (i % 720 === 0 ? 5e7 : 0));
      out[i] = String(m - (m % 4096));
    }
  } else if (kind === 'cpu') {
    const base = 0.2 + 0.3 * g.r();
    for (let i = 0; i < n; i++) {
      const v = base + 0.15 * Math.sin((2 * Math.PI * i) / DAY_MIN) + 0.03 * g.gauss();
      out[i] = String(Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000);
    }
  } else if (kind === 'latency') {
    const base = 0.05 + 0.2 * g.r();
    for (let i = 0; i < n; i++) {
      out[i] = String(base * (1 + 0.3 * Math.sin((2 * Math.PI * i) / DAY_MIN)) * Math.exp(0.25 * g.gauss()));
    }
  } else {
    const r = 2 + g.int(6);
    for (let i = 0; i < n; i++) out[i] = String(g.r() < 0.002 ? r - 1 : r);
  }
  return out;
}

function genQueryRange(path: string, seed: number, kind: Kind, name: string, series: number, points: number): number {
  const g = new Gen(seed);
  const out = new Out(path);
  const t0 = Math.floor(T0 / 1000);
  out.put('{"status":"success","data":{"resultType":"matrix","result":[');
  for (let s = 0; s < series; s++) {
    const svc = SERVICES[s % SERVICES.length];
    const metric = { __name__: name, job: 'kubernetes-pods', namespace: 'shop', service: svc, pod: `${svc}-${g.hex(10)}-${g.hex(5)}`, instance: `${g.ip()}:9100` };
    out.put(`${s ? ',' : ''}{"metric":${JSON.stringify(metric)},"values":[`);
    const v = seriesValues(kind, g, points);
    let piece = '';
    for (let i = 0; i < points; i++) {
      piece += `${i ? ',' : ''}[${t0 + i * 60},"${v[i]}"]`;
      if (piece.length > 65536) {
        out.put(piece);
        piece = '';
      }
    }
    out.put(piece + ']}');
  }
  out.put(']}}');
  out.close();
  return out.bytes;
}

interface Manifest {
  size: Size;
  version: number;
  logs: { files: number; bytes: number; lines: number; events: number };
  metrics: { files: number; bytes: number; samples: number; series: number };
}
const DATA_VERSION = 1;

function generate(dir: string, size: Size): Manifest {
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (m.version === DATA_VERSION && JSON.stringify(m.size) === JSON.stringify(size)) return m;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  mkdirSync(join(dir, 'metrics'), { recursive: true });
  const started = performance.now();
  const total = size.logMb * 1024 * 1024;
  const perFile = Math.min(48 << 20, Math.ceil(total / 6));
  const logs = { files: 0, bytes: 0, lines: 0, events: 0 };
  const makers = [genTextLog, genJsonLog, genAccessLog];
  const names = ['app', 'json', 'access'];
  for (let i = 0; logs.bytes < total; i++) {
    const k = i % 3;
    const path = join(dir, 'logs', `${names[k]}-${String(i).padStart(3, '0')}.log`);
    const c = makers[k](path, 1000 + i, Math.min(perFile, total - logs.bytes));
    logs.files++;
    logs.bytes += c.bytes;
    logs.lines += c.lines;
    logs.events += c.events;
    process.stdout.write(`\rgenerating logs: ${(logs.bytes / 2 ** 20).toFixed(0)} MB`);
  }
  process.stdout.write('\n');
  const metrics = { files: 0, bytes: 0, samples: 0, series: 0 };
  const perMetricFile = Math.max(1, Math.min(100, Math.ceil(size.series / 5)));
  for (let s = 0, i = 0; s < size.series; s += perMetricFile, i++) {
    const { kind, name } = KINDS[i % KINDS.length];
    const n = Math.min(perMetricFile, size.series - s);
    const path = join(dir, 'metrics', `query_range-${String(i).padStart(3, '0')}-${kind}.json`);
    metrics.bytes += genQueryRange(path, 5000 + i, kind, name, n, size.points);
    metrics.files++;
    metrics.series += n;
    metrics.samples += n * size.points;
    process.stdout.write(`\rgenerating metrics: ${metrics.samples.toLocaleString('en-US')} samples`);
  }
  process.stdout.write('\n');
  const m: Manifest = { size, version: DATA_VERSION, logs, metrics };
  writeFileSync(manifestPath, JSON.stringify(m, null, 2));
  console.log(`generated in ${((performance.now() - started) / 1000).toFixed(0)} s under ${dir}`);
  return m;
}

// ---- the child: one importPaths call ----------------------------------------------------------------------

/** CPU seconds used by each of this process's threads so far (Linux /proc; empty elsewhere), by thread id. */
function threadTimes(): Map<string, { name: string; seconds: number }> {
  const dir = '/proc/self/task';
  const out = new Map<string, { name: string; seconds: number }>();
  if (!existsSync(dir)) return out;
  for (const tid of readdirSync(dir)) {
    try {
      const stat = readFileSync(`${dir}/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
      const name = tid === String(process.pid) ? 'main' : readFileSync(`${dir}/${tid}/comm`, 'utf8').trim();
      out.set(tid, { name, seconds });
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/**
 * Samples per-thread CPU while `run` goes on (threads that end before it does, like the ingest worker, are
 * kept at their last sample) and returns the busiest threads' CPU seconds during the run. On a machine
 * shared with other work, the busiest thread's figure bounds the wall time an idle machine would take.
 */
async function busiestThreads<T>(run: () => Promise<T>): Promise<{ result: T; threads: { name: string; seconds: number }[] }> {
  const before = threadTimes();
  const last = new Map(before);
  const sample = (): void => {
    for (const [tid, t] of threadTimes()) last.set(tid, t);
  };
  const timer = setInterval(sample, 100);
  try {
    const result = await run();
    sample();
    const threads = [...last].map(([tid, t]) => ({ name: t.name, seconds: t.seconds - (before.get(tid)?.seconds ?? 0) }));
    return { result, threads: threads.sort((a, b) => b.seconds - a.seconds).slice(0, 3) };
  } finally {
    clearInterval(timer);
  }
}

interface ChildReport {
  seconds: number;
  cpuSeconds: number;
  threads: { name: string; seconds: number }[];
  maxRssMb: number;
  totals: { series: number; samples: number; logs: number; events: number; skipped: number; failed: number };
  statuses: Record<string, number>;
  failures: string[];
}

async function child(ws: string, paths: string[]): Promise<void> {
  const { importPaths } = await import('../core/ingest/import');
  const { WorkspaceStore } = await import('../core/store/workspace');
  const store = WorkspaceStore.open(ws, { create: true });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { Worker } = await import('node:worker_threads');
  const bootstrap = join(ROOT, 'core/jobs/bootstrap.mjs');
  const entry = new URL('../core/ingest/ingest-worker.ts', import.meta.url).href;
  const worker = args.get('worker') === 'off' ? undefined : () => new Worker(bootstrap, { workerData: { entry } });
  const { result: r, threads } = await busiestThreads(() => importPaths(store, paths, { worker }));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  store.close();
  const statuses: Record<string, number> = {};
  for (const f of r.files) statuses[f.status] = (statuses[f.status] ?? 0) + 1;
  const report: ChildReport = {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    threads,
    totals: r.totals,
    statuses,
    failures: r.files.filter((f) => f.status === 'failed').map((f) => `${f.path}: ${f.reason}`),
  };
  process.stdout.write(`\n@@REPORT ${JSON.stringify(report)}\n`);
}

function runChild(label: string, ws: string, paths: string[]): ChildReport {
  const flags = [...process.execArgv];
  if (args.has('prof')) {
    const dir = join(BASE, 'prof');
    mkdirSync(dir, { recursive: true });
    flags.push('--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${label}-${Date.now()}.cpuprofile`);
  }
  const mode = args.get('worker') === 'off' ? ['--worker=off'] : [];
  const res = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), ...mode, '--child', ws, ...paths], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = res.stdout.split('\n').find((l) => l.startsWith('@@REPORT '));
  if (res.status !== 0 || !line) throw new Error(`${label}: the import child failed (status ${res.status}):\n${res.stdout.slice(-4000)}`);
  const rep = JSON.parse(line.slice('@@REPORT '.length)) as ChildReport;
  if (rep.failures.length) console.log(`${label}: ${rep.failures.length} file(s) failed:\n  ${rep.failures.slice(0, 5).join('\n  ')}`);
  return rep;
}

// ---- the parent --------------------------------------------------------------------------------------------

function fileBytes(ws: string): number {
  let n = 0;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(ws + suffix)) n += statSync(ws + suffix).size;
  return n;
}

function table(header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const w = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  console.log(fmt(header));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const r of cells.slice(1)) console.log(fmt(r));
}

async function chunkBytesByMetric(ws: string): Promise<{ name: string; samples: number; bytes: number }[]> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(ws, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT s.name AS name, SUM(c.count) AS samples, SUM(length(c.data)) AS bytes
         FROM chunks c JOIN series s ON s.id = c.series_id GROUP BY s.name ORDER BY s.name`,
      )
      .all() as { name: string; samples: number; bytes: number }[];
  } finally {
    db.close();
  }
}

async function main(): Promise<number> {
  if (args.has('child')) {
    const i = process.argv.indexOf('--child');
    await child(process.argv[i + 1], process.argv.slice(i + 2));
    return 0;
  }
  const sizeName = args.get('size') ?? 'full';
  const size = SIZES[sizeName];
  if (!size) {
    console.error(`unknown --size=${sizeName}; one of ${Object.keys(SIZES).join(', ')}`);
    return 2;
  }
  const only = args.get('only');
  const dir = join(BASE, sizeName);
  const m = generate(dir, size);
  const ws = join(BASE, `ws-${sizeName}.hindsight`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(ws + suffix, { force: true });
  const logDir = join(dir, 'logs');
  const metricDir = join(dir, 'metrics');
  const mb = (b: number): string => (b / 2 ** 20).toFixed(0);
  const load = existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'n/a';
  console.log(
    `\n## Import (${sizeName}, ${args.get('worker') === 'off' ? 'read and mined in the writing thread' : 'read and mined in a worker thread'}, load average before: ${load}): ${m.logs.files} log files, ${mb(m.logs.bytes)} MB, ${m.logs.lines.toLocaleString('en-US')} lines ` +
      `(${m.logs.events.toLocaleString('en-US')} events); ${m.metrics.files} query_range files, ${mb(m.metrics.bytes)} MB, ` +
      `${m.metrics.series} series, ${m.metrics.samples.toLocaleString('en-US')} samples\n`,
  );
  const rows: (string | number)[][] = [];
  const row = (what: string, r: ChildReport, rate: string, extra: string): void => {
    const busiest = r.threads.map((t) => `${t.name} ${t.seconds.toFixed(1)}`).slice(0, 3).join(', ');
    rows.push([what, r.seconds.toFixed(1), r.cpuSeconds.toFixed(1), busiest, rate, r.maxRssMb.toFixed(0), extra]);
  };
  let perKind: { name: string; samples: number; bytes: number }[] = [];
  const allPaths: string[] = [];
  let total = 0;
  if (only !== 'logs') {
    const r = runChild('metrics', ws, [metricDir]);
    allPaths.push(metricDir);
    total += r.seconds;
    if (r.totals.samples !== m.metrics.samples) console.log(`note: ${r.totals.samples} samples imported, ${m.metrics.samples} generated`);
    const bytesPerSample = fileBytes(ws) / r.totals.samples;
    perKind = await chunkBytesByMetric(ws);
    row(
      'metrics (fresh workspace)',
      r,
      `${(r.totals.samples / r.seconds / 1e6).toFixed(2)}M samples/s (${(r.totals.samples / r.cpuSeconds / 1e6).toFixed(2)}M/CPU-s)`,
      `${bytesPerSample.toFixed(2)} B/sample on disk`,
    );
  }
  if (only !== 'metrics') {
    const before = fileBytes(ws);
    const r = runChild('logs', ws, [logDir]);
    allPaths.push(logDir);
    total += r.seconds;
    if (r.totals.logs !== m.logs.events) console.log(`note: ${r.totals.logs} log events imported, ${m.logs.events} generated`);
    const perLine = (fileBytes(ws) - before) / m.logs.lines;
    row(
      'logs (+ FTS, templates)',
      r,
      `${(m.logs.lines / r.seconds / 1e3).toFixed(0)}k lines/s (${(m.logs.lines / r.cpuSeconds / 1e3).toFixed(0)}k/CPU-s)`,
      `${((m.logs.bytes / 2 ** 20) / r.seconds).toFixed(1)} MB/s; ${perLine.toFixed(0)} B/line on disk`,
    );
  }
  const again = runChild('re-import', ws, allPaths);
  const changed = (again.statuses.imported ?? 0) + (again.statuses.failed ?? 0);
  row('re-import (no-op)', again, `${again.statuses.unchanged ?? 0} unchanged`, changed ? `${changed} NOT unchanged` : 'nothing written');
  const peak = Math.max(...rows.map((r) => Number(r[5])));
  rows.push(['total (first import)', total.toFixed(1), '', '', '', String(peak), `workspace ${mb(fileBytes(ws))} MB`]);
  table(['run', 'wall s', 'CPU s', 'CPU s by thread', 'rate', 'peak RSS MB', 'notes'], rows);
  if (perKind.length) {
    console.log('\nSample chunk bytes per metric kind (BLOB bytes only; the file figure above adds rollups, indexes, pages):\n');
    table(
      ['metric', 'samples', 'chunk B/sample'],
      perKind.map((k) => [k.name, k.samples.toLocaleString('en-US'), (k.bytes / k.samples).toFixed(2)]),
    );
  }
  console.log(
    `\nTargets: >= 250k log lines/s with FTS + templates; >= 2M samples/s; <= 4 B/sample on disk; peak RSS < 600 MB.` +
      `\nReproduce: npx tsx bench/import.ts --size=${sizeName}${only ? ` --only=${only}` : ''}`,
  );
  if (!args.has('keep-ws')) for (const suffix of ['', '-wal', '-shm']) rmSync(ws + suffix, { force: true });
  return again.statuses.imported ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exitCode = 1;
  },
);
