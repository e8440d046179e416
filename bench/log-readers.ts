/**
 * Log reader throughput and memory.
 *
 * 1. Generates plain-text logs in the temp folder (seeded, so every run reads the same bytes) and
 *    streams them through the readers: RFC 3339 (the main figure, ~200 MB, with 3% multi-line stack
 *    traces), log4j zone-less times read in Europe/Berlin, RFC 3164 syslog, and a combined access log
 *    with the metrics aggregator. Prints lines/s, MB/s and peak RSS while reading.
 * 2. Reads the loghub 2k raw logs in ../shared/bench-data/loghub2k with content detection and reports,
 *    per system, which reader claims it, the share of lines read as event headers, and how often the
 *    reader's `message` equals the ground-truth `Content` column.
 *
 * Usage: npx tsx bench/log-readers.ts [--mb 200]
 * Exits 2 when the loghub data is missing (after printing the throughput table).
 */
import { createReadStream, createWriteStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FormatReader, LogRecord, ReadContext } from '../core/ingest/types';
import { AccessLogMetrics, accessLogReader, logReaders, textLogReader } from '../core/ingest/formats/logs';
import { rng } from './lib/rng';

const arg = process.argv.indexOf('--mb');
const MAIN_MB = arg > 0 ? Number(process.argv[arg + 1]) : 200;


const LEVELS = ['INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
const COMPONENTS = ['api', 'db', 'cache', 'auth', 'billing', 'search', 'worker-3', 'scheduler'];
const WORDS = ['request', 'completed', 'user', 'order', 'timeout', 'retry', 'connection', 'pool', 'query', 'served', 'cache', 'miss'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

type Style = 'rfc3339' | 'log4j' | 'syslog' | 'access';

function line(style: Style, t: number, r: () => number): string {
  const d = new Date(t);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const level = LEVELS[Math.floor(r() * LEVELS.length)];
  const comp = COMPONENTS[Math.floor(r() * COMPONENTS.length)];
  const msg = `${WORDS[Math.floor(r() * WORDS.length)]} ${WORDS[Math.floor(r() * WORDS.length)]} id=${Math.floor(r() * 1e6)} took ${Math.floor(r() * 900)}ms for user ${Math.floor(r() * 5000)} from 10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`;
  switch (style) {
    case 'rfc3339':
      return `${d.toISOString()} ${level} [${comp}] ${msg}`;
    case 'log4j':
      return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)},${String(d.getUTCMilliseconds()).padStart(3, '0')} ${level.padEnd(5)} [${comp}] com.example.${comp.replace(/-\d+/, '')}.Handler - ${msg}`;
    case 'syslog':
      return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} host-${Math.floor(r() * 20)} ${comp}[${Math.floor(r() * 30000)}]: ${msg}`;
    case 'access': {
      const status = r() < 0.9 ? 200 : r() < 0.7 ? 404 : 503;
      const clf = `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
      return `${comp}.example.com:443 10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)} - - [${clf}] "GET /api/v1/${WORDS[Math.floor(r() * WORDS.length)]}?id=${Math.floor(r() * 1e6)} HTTP/1.1" ${status} ${Math.floor(r() * 50000)} "-" "Mozilla/5.0 (X11; Linux x86_64)" ${(r() * 0.8).toFixed(3)}`;
    }
  }
}

/** Writes about `mb` MB of `style` lines; returns [path, physical lines]. */
async function generate(style: Style, mb: number, seed: number): Promise<[string, number]> {
  const path = join(tmpdir(), `hindsight-bench-${style}-${process.pid}.log`);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const r = rng(seed);
  const target = mb * 1e6;
  let bytes = 0;
  let lines = 0;
  let t = Date.UTC(2024, 0, 15);
  let buf: string[] = [];
  while (bytes < target) {
    t += Math.floor(r() * 50);
    const l = line(style, t, r);
    buf.push(l);
    bytes += l.length + 1;
    lines++;
    if (style !== 'access' && style !== 'syslog' && r() < 0.03) {
      const depth = 3 + Math.floor(r() * 6);
      buf.push('java.lang.IllegalStateException: pool exhausted');
      for (let k = 0; k < depth; k++) buf.push(`\tat com.example.Pool.get(Pool.java:${100 + k})`);
      bytes += 48 + depth * 40;
      lines += depth + 1;
    }
    if (buf.length >= 4096) {
      if (!out.write(`${buf.join('\n')}\n`)) await once(out, 'drain');
      buf = [];
    }
  }
  out.end(buf.length > 0 ? `${buf.join('\n')}\n` : '');
  await once(out, 'finish');
  return [path, lines];
}

interface Figures {
  records: number;
  lines: number;
  seconds: number;
  mb: number;
  peakRssMb: number;
  startRssMb: number;
}

async function measure(reader: FormatReader, path: string, zone: string, each?: (r: LogRecord) => void): Promise<Figures> {
  global.gc?.();
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  const ctx: ReadContext = { file: path, zone, skipBadLines: false, onBadLine: () => undefined, referenceYear: 2024 };
  let records = 0;
  let lines = 0;
  const t0 = process.hrtime.bigint();
  for await (const batch of reader.read(() => createReadStream(path, { highWaterMark: 256 * 1024 }), ctx)) {
    for (const rec of batch as LogRecord[]) {
      records++;
      lines += rec.lines;
      each?.(rec);
    }
    peak = Math.max(peak, process.memoryUsage.rss());
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  clearInterval(timer);
  const mb = statSync(path).size / 1e6;
  return { records, lines, seconds, mb, peakRssMb: peak / 2 ** 20, startRssMb: start / 2 ** 20 };
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
}

async function throughput(): Promise<void> {
  const cases: [string, Style, number, FormatReader, string][] = [
    ['text, RFC 3339 Z, 3% stack traces', 'rfc3339', MAIN_MB, textLogReader, 'UTC'],
    ['text, log4j zone-less, Europe/Berlin', 'log4j', Math.max(10, Math.round(MAIN_MB / 4)), textLogReader, 'Europe/Berlin'],
    ['text, RFC 3164 syslog', 'syslog', Math.max(10, Math.round(MAIN_MB / 4)), textLogReader, 'UTC'],
    ['access log + metrics aggregator', 'access', Math.max(10, Math.round(MAIN_MB / 4)), accessLogReader, 'UTC'],
  ];
  const widths = [38, 6, 10, 10, 7, 10, 7, 10, 10];
  console.log('\nLog reader throughput (generated files, streamed from disk)\n');
  console.log(row(['case', 'MB', 'lines', 'events', 's', 'lines/s', 'MB/s', 'RSS before', 'peak RSS'], widths));
  for (const [name, style, mb, reader, zone] of cases) {
    const [path, written] = await generate(style, mb, 42);
    try {
      const agg = style === 'access' ? new AccessLogMetrics(60_000) : undefined;
      const f = await measure(reader, path, zone, agg ? (r) => agg.add(r) : undefined);
      if (agg) agg.result();
      if (f.lines !== written) throw new Error(`${name}: read ${f.lines} lines, wrote ${written}`);
      console.log(
        row(
          [
            name, f.mb.toFixed(0), f.lines, f.records, f.seconds.toFixed(2), Math.round(f.lines / f.seconds),
            (f.mb / f.seconds).toFixed(1), `${f.startRssMb.toFixed(0)} MB`, `${f.peakRssMb.toFixed(0)} MB`,
          ],
          widths,
        ),
      );
    } finally {
      rmSync(path, { force: true });
    }
  }
}

const LOGHUB = join(process.cwd(), '../shared/bench-data/loghub2k');

async function loghub(): Promise<boolean> {
  if (!existsSync(LOGHUB)) {
    console.error(`\nloghub2k data not found at ${LOGHUB}`);
    return false;
  }
  console.log('\nloghub 2k raw logs: detection and header split (ground truth: structured_corrected.csv Content)\n');
  const widths = [10, 22, 6, 9, 9, 12];
  console.log(row(['system', 'claimed by', 'score', 'events', 'headers', 'message=Content'], widths));
  for (const system of ['Linux', 'OpenSSH', 'Hadoop', 'HDFS', 'Spark', 'BGL', 'HPC', 'HealthApp']) {
    const path = join(LOGHUB, system, `${system}_2k.log`);
    if (!existsSync(path)) continue;
    const head = readFileSync(path).subarray(0, 65536).toString('utf8');
    const scored = logReaders.map((r) => ({ r, s: r.detect({ name: path, head, complete: false }) })).sort((a, b) => b.s - a.s);
    const best = scored[0];
    if (best.s < 0.5) {
      console.log(row([system, '(none)', best.s.toFixed(2), '-', '-', '-'], widths));
      continue;
    }
    const truth = parse(readFileSync(`${path}_structured_corrected.csv`), { columns: true }) as { LineId: string; Content: string }[];
    const content = new Map(truth.map((t) => [Number(t.LineId), t.Content.trim()]));
    let events = 0;
    let same = 0;
    let skipped = 0;
    const ctx: ReadContext = { file: path, zone: 'UTC', skipBadLines: true, onBadLine: () => skipped++, referenceYear: 2024 };
    for await (const batch of best.r.read(() => createReadStream(path), ctx)) {
      for (const rec of batch as LogRecord[]) {
        events++;
        if (rec.message.trim() === content.get(rec.line)) same++;
      }
    }
    const headers = `${((100 * events) / truth.length).toFixed(1)}%`;
    console.log(row([system, best.r.id, best.s.toFixed(2), events, headers, `${((100 * same) / Math.max(1, events)).toFixed(1)}%`], widths));
  }
  return true;
}

await throughput();
const ok = await loghub();
if (!ok) process.exit(2);
