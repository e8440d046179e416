/**
 * Template-mining throughput and memory on synthetic logs (seeded): 40 realistic templates with ids,
 * addresses, durations, paths, users and counters as parameters, Zipf-like template frequencies.
 * Lines are generated in chunks outside the timed region; only mining is timed, on one core.
 *
 * Run: npx tsx --expose-gc bench/logs-throughput.ts [--lines 2000000]
 * Prints lines per CPU second (process.cpuUsage, robust to a busy machine) and per wall second for
 * TemplateMiner.add on messages and for header split + add on raw lines, and the heap
 * after 1M and 2M lines (after a full GC when --expose-gc is given), to show memory does not grow with lines.
 *
 * Run: npx tsx bench/logs-throughput.ts --cli [--lines 500000] [--repeat 3]
 * Writes the synthetic lines to a temporary file and times whole processes on it, start-up and CSV writing
 * included (best of --repeat, wall clock and child CPU): `hindsight logs parse FILE --out x.csv`, and, when
 * python3 can import drain3, bench/drain3-parse.py (Drain3, README generic masks) on the same file in the
 * same run. Prints both, their ratio and the machine's load average (the ratio is what to compare).
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
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

interface ProcessTiming { wallS: number; cpuS: number; ok: boolean; err: string }

/**
 * Runs a command to completion under bash's `time`, `repeat` times: the best wall-clock seconds and the best
 * CPU seconds (user + system of the process and its children: robust to a loaded machine).
 */
function timeProcess(cmd: string, args: string[], repeat: number): ProcessTiming {
  let best: ProcessTiming = { wallS: Infinity, cpuS: Infinity, ok: false, err: '' };
  for (let k = 0; k < repeat; k++) {
    const r = spawnSync('bash', ['-c', 'TIMEFORMAT="@cpu %R %U %S"; time "$@" 2>/dev/null', '_', cmd, ...args],
      { encoding: 'utf8', maxBuffer: 1 << 26 });
    const m = /@cpu ([\d.]+) ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
    if (r.status !== 0 || m === null) return { wallS: NaN, cpuS: NaN, ok: false, err: `${r.stderr ?? ''}${r.error?.message ?? ''}`.slice(0, 400) };
    best = { wallS: Math.min(best.wallS, Number(m[1])), cpuS: Math.min(best.cpuS, Number(m[2]) + Number(m[3])), ok: true, err: '' };
  }
  return best;
}

/** Whole-process timing of `hindsight logs parse` against Drain3 on the same file (see the file's doc). */
function cliRun(lines: number, repeat: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-throughput-'));
  try {
    rand = rng(42);
    const file = join(dir, 'synthetic.log');
    const parts: string[] = [];
    for (let i = 0; i < lines; i++) parts.push(line(i));
    writeFileSync(file, `${parts.join('\n')}\n`);
    const cli = join(process.cwd(), 'bin', 'hindsight.mjs');
    // Warm-up on a small file: builds the CLI when it is stale, so the build is not timed.
    writeFileSync(join(dir, 'small.log'), `${parts.slice(0, 100).join('\n')}\n`);
    timeProcess(process.execPath, [cli, 'logs', 'parse', join(dir, 'small.log'), '--out', join(dir, 'small.csv')], 1);
    const ours = timeProcess(process.execPath, [cli, 'logs', 'parse', file, '--out', join(dir, 'ours.csv')], repeat);
    const hasDrain = spawnSync('python3', ['-c', 'import drain3'], { encoding: 'utf8' }).status === 0;
    const drain = hasDrain ? timeProcess('python3', [join(process.cwd(), 'bench', 'drain3-parse.py'), file, join(dir, 'drain.csv')], repeat) : null;
    console.log(`whole process on ${lines} synthetic raw lines (${TEMPLATES.length} templates), best of ${repeat}; ` +
      `load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
    const show = (name: string, t: ProcessTiming): void => {
      console.log(`${name.padEnd(34)} ${t.ok ? `${t.wallS.toFixed(2).padStart(7)} s wall ${String(Math.round(lines / t.wallS)).padStart(9)} lines/s   ` +
        `${t.cpuS.toFixed(2).padStart(7)} s CPU ${String(Math.round(lines / t.cpuS)).padStart(9)} lines/CPU-s` : `failed: ${t.err}`}`);
    };
    show('hindsight logs parse --out x.csv', ours);
    if (drain === null) console.log('Drain3: not installed for python3 (pip install drain3); our figure alone');
    else {
      show('Drain3 (README generic masks)', drain);
      if (ours.ok && drain.ok) {
        console.log(`\nratio: ${(drain.wallS / ours.wallS).toFixed(1)}x Drain3 (wall), ${(drain.cpuS / ours.cpuS).toFixed(1)}x (CPU)`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--cli')) {
  cliRun(arg('--lines', 500_000), arg('--repeat', 3));
} else {
  console.log(`synthetic logs: ${TOTAL} lines, ${TEMPLATES.length} templates, seeded; one core`);
  console.log(`gc exposed: ${typeof (globalThis as { gc?: unknown }).gc === 'function'} (run with --expose-gc for exact heap figures)\n`);
  console.log(`${'input'.padEnd(9)} ${'lines/cpu-s'.padStart(12)} ${'lines/wall-s'.padStart(12)}   templates   heap used (MB)`);
  run('messages');
  run('raw');
}
