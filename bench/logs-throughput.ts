/**
 * Template-mining throughput and memory on synthetic logs (seeded): 40 realistic templates with ids,
 * addresses, durations, paths, users and counters as parameters, Zipf-like template frequencies.
 * Lines are generated in chunks outside the timed region; only mining is timed, on one core.
 *
 * Run: npx tsx --expose-gc bench/logs-throughput.ts [--lines 2000000]
 * Prints lines per CPU second (process.cpuUsage, robust to a busy machine) and per wall second for
 * TemplateMiner.add on messages and for header split + add on raw lines, and the heap
 * after 1M and 2M lines (after a full GC when --expose-gc is given), to show memory does not grow with lines.
 */

import { learnHeader, splitHeader, type HeaderModel } from '../core/analysis/logs/header';
import { TemplateMiner } from '../core/analysis/logs/miner';
import { seededRandom as rng } from '../core/analysis/stats';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const TOTAL = arg('--lines', 2_000_000);
const CHUNK = 100_000;


/** Reset at the start of each run, so both runs mine the same lines. */
let rand = rng(42);
const int = (n: number): number => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const hex = (n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
const ip = (): string => `10.${int(256)}.${int(256)}.${int(256)}`;
const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
const services = ['orders', 'payments', 'catalog', 'search', 'users', 'auth', 'cart', 'shipping'];
const tables = ['orders', 'items', 'customers', 'sessions', 'events'];
const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;

const TEMPLATES: (() => string)[] = [
  () => `GET /api/v1/${pick(services)}/${int(100000)} returned 200 in ${int(900)}ms`,
  () => `POST /api/v1/${pick(services)} returned ${pick([200, 201, 400, 500])} in ${int(2000)}ms`,
  () => `Connection to ${ip()}:${5432 + int(3)} timed out after ${int(30000)} ms`,
  () => `Accepted connection from ${ip()}:${1024 + int(60000)}`,
  () => `User ${pick(users)} logged in from ${ip()}`,
  () => `User ${pick(users)} logged out after ${int(3600)}s`,
  () => `Failed password for ${pick(users)} from ${ip()} port ${1024 + int(60000)} ssh2`,
  () => `Cache miss for key user:${int(1000000)} in region ${pick(['us-east-1', 'eu-west-1', 'ap-south-1'])}`,
  () => `Cache hit ratio ${(rand() * 100).toFixed(2)}% over last ${int(60)} seconds`,
  () => `Query on table ${pick(tables)} took ${(rand() * 5).toFixed(3)}s rows=${int(10000)}`,
  () => `Slow query detected: duration=${int(10000)}ms table=${pick(tables)} plan=seq_scan`,
  () => `Request ${uuid()} completed with status ${pick([200, 204, 404])} bytes=${int(100000)}`,
  () => `Request ${uuid()} failed: upstream ${pick(services)} unavailable`,
  () => `Retrying request ${uuid()} attempt ${1 + int(5)} of 5 after ${int(1000)}ms backoff`,
  () => `Scheduled job ${pick(['cleanup', 'reindex', 'backup', 'report'])} started with id job_${int(100000)}`,
  () => `Scheduled job job_${int(100000)} finished in ${int(600)}s`,
  () => `Wrote ${int(5000)} records to /var/data/${pick(tables)}/part-${int(1000)}.parquet`,
  () => `Reading configuration from /etc/app/${pick(['app', 'db', 'cache'])}.yaml`,
  () => `GC pause of ${int(500)}ms, heap ${int(4096)}MB of ${8192}MB used`,
  () => `Thread pool ${pick(['io', 'cpu', 'db'])} saturated: active=${int(64)} queued=${int(1000)}`,
  () => `Received message ${hex(16)} from topic ${pick(services)}.events partition ${int(12)} offset ${int(1e9)}`,
  () => `Committed offset ${int(1e9)} for partition ${int(12)} of topic ${pick(services)}.events`,
  () => `Consumer group ${pick(services)}-consumers rebalanced, ${int(12)} partitions assigned`,
  () => `Health check for ${pick(services)} passed in ${int(50)}ms`,
  () => `Health check for ${pick(services)} failed: connection refused ${ip()}:${8080}`,
  () => `Opened session ${hex(24)} for user ${pick(users)}`,
  () => `Closed session ${hex(24)} for user ${pick(users)} after ${int(7200)}s`,
  () => `Payment ${uuid()} authorized amount=${(rand() * 500).toFixed(2)} currency=${pick(['USD', 'EUR', 'GBP'])}`,
  () => `Payment ${uuid()} declined: insufficient funds`,
  () => `Order ${int(1e7)} shipped to ${pick(['Berlin', 'Paris', 'Austin', 'Tokyo'])} via carrier ${pick(['dhl', 'ups', 'fedex'])}`,
  () => `Inventory for sku SKU-${int(100000)} below threshold: ${int(10)} left`,
  () => `Loaded ${int(500)} feature flags in ${int(200)}ms`,
  () => `TLS handshake with ${ip()} failed: certificate expired on 2024-0${1 + int(9)}-1${int(9)}`,
  () => `Disk usage on /dev/sda${1 + int(3)} at ${int(100)}%`,
  () => `Started worker pid=${1000 + int(60000)} on node node-${int(64)}`,
  () => `Worker pid=${1000 + int(60000)} exited with code ${pick([0, 1, 137, 143])}`,
  () => `Rate limit exceeded for client ${hex(12)}: ${int(1000)} requests in ${int(60)}s`,
  () => `Deployed version v${int(5)}.${int(20)}.${int(100)} of ${pick(services)} to ${pick(['prod', 'staging'])}`,
  () => `Token for ${pick(users)} refreshed, expires in ${int(3600)}s`,
  () => `Unhandled exception in handler ${pick(['create', 'update', 'delete'])}${pick(services)}: NullPointerException`,
];
// Zipf-like weights: template k drawn with probability ~ 1/(k+1).
const weights = TEMPLATES.map((_, k) => 1 / (k + 1));
const cum: number[] = [];
weights.reduce((acc, w, k) => (cum[k] = acc + w), 0);
const totalW = cum[cum.length - 1];
function template(): string {
  const r = rand() * totalW;
  let lo = 0;
  while (cum[lo] < r) lo++;
  return TEMPLATES[lo]();
}
const levels = ['INFO', 'INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG'];
function line(i: number): string {
  const ms = 1_700_000_000_000 + i * 7;
  return `${new Date(ms).toISOString()} ${pick(levels)} [worker-${int(16)}] com.acme.${pick(services)}.Service: ${template()}`;
}

function heapMb(): number {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) { g(); g(); }
  return process.memoryUsage().heapUsed / 2 ** 20;
}

interface Timing { wallMs: number; cpuMs: number }

/** Mines one chunk; returns wall and CPU time of the mining only. The chunk is garbage after this. */
function mineChunk(miner: TemplateMiner, header: HeaderModel, from: number, n: number, mode: 'messages' | 'raw'): Timing {
  const chunk = new Array<string>(n);
  for (let i = 0; i < n; i++) chunk[i] = line(from + i);
  const input = mode === 'messages' ? chunk.map((l) => splitHeader(l, header).message) : chunk;
  // Collect the generator's garbage first, so the timed region pays only for the miner's own.
  (globalThis as { gc?: () => void }).gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  if (mode === 'messages') for (let i = 0; i < n; i++) miner.add(input[i]);
  else for (let i = 0; i < n; i++) miner.add(splitHeader(input[i], header).message);
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

function run(mode: 'messages' | 'raw'): void {
  rand = rng(42);
  const miner = new TemplateMiner();
  const header = learnHeader(Array.from({ length: 2000 }, (_, i) => line(i)));
  let wall = 0;
  let cpu = 0;
  let done = 0;
  const marks: string[] = [];
  const heap0 = heapMb();
  while (done < TOTAL) {
    const n = Math.min(CHUNK, TOTAL - done);
    const t = mineChunk(miner, header, done, n, mode);
    wall += t.wallMs;
    cpu += t.cpuMs;
    done += n;
    if (done === TOTAL / 2 || done === TOTAL) marks.push(`${(done / 1e6).toFixed(1)}M lines: ${heapMb().toFixed(1)} MB`);
  }
  const st = miner.stats();
  console.log(`${mode.padEnd(9)} ${String(Math.round(TOTAL / (cpu / 1000))).padStart(12)} ${String(Math.round(TOTAL / (wall / 1000))).padStart(12)}` +
    `   ${String(st.templates).padStart(9)}   heap before ${heap0.toFixed(1)} MB, after ${marks.join(', after ')}`);
}

console.log(`synthetic logs: ${TOTAL} lines, ${TEMPLATES.length} templates, seeded; one core`);
console.log(`gc exposed: ${typeof (globalThis as { gc?: unknown }).gc === 'function'} (run with --expose-gc for exact heap figures)\n`);
console.log(`${'input'.padEnd(9)} ${'lines/cpu-s'.padStart(12)} ${'lines/wall-s'.padStart(12)}   templates   heap used (MB)`);
run('messages');
run('raw');
