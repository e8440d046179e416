/**
 * Streaming throughput of the metric readers (core/ingest/formats/metrics) on generated files:
 * samples/s, MB/s and peak RSS while reading. The main figure is the Prometheus query_range reader
 * on a ~200 MB file (the target for the whole import path is >= 2M samples/s); smaller files give
 * the other readers' figures, and @streamparser/json (JSONParser with paths) is run on a 40 MB
 * query_range file as a reference point.
 *
 * Run: node --expose-gc --import tsx bench/metrics-readers.ts [--size-mb=200] [--keep]
 * (or npx tsx bench/metrics-readers.ts; --expose-gc only lets it collect garbage between readers).
 * Data is generated (seeded) under bench/.data/metrics-readers/ and removed afterwards unless --keep.
 */
import { once } from 'node:events';
import os from 'node:os';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { JSONParser } from '@streamparser/json';
import {
  cloudWatchReader,
  csvWideReader,
  datadogV1Reader,
  influxLineReader,
  type MetricReadContext,
  prometheusQueryRangeReader,
  promtoolDumpReader,
} from '../core/ingest/formats/metrics';
import type { FormatReader } from '../core/ingest/types';
import { rng } from './lib/rng';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'] as const;
  }),
);
const SIZE_MB = Number(args.get('size-mb') ?? 200);
const KEEP = args.has('keep');
const DIR = 'bench/.data/metrics-readers';


/** Writes pieces from `gen` until it returns undefined, honouring back-pressure. */
async function writeFile(path: string, gen: () => string | undefined): Promise<void> {
  const w = createWriteStream(path);
  for (let s = gen(); s !== undefined; s = gen()) if (!w.write(s)) await once(w, 'drain');
  w.end();
  await once(w, 'finish');
}

const T0 = 1_700_000_000;

/** query_range matrix: `series` series of `points` points, values as strings. */
async function genQueryRange(path: string, series: number, points: number): Promise<number> {
  const r = rng(1);
  let s = -1;
  await writeFile(path, () => {
    s++;
    if (s === 0) return '{"status":"success","data":{"resultType":"matrix","result":[';
    if (s > series + 1) return undefined;
    if (s === series + 1) return ']}}\n';
    const k = s - 1;
    const pts: string[] = [];
    for (let i = 0; i < points; i++) pts.push(`[${T0 + i * 15}.${String(i % 1000).padStart(3, '0')},"${(r() * 1000).toFixed(3)}"]`);
    return `${k ? ',' : ''}{"metric":{"__name__":"http_requests_total","job":"api","instance":"10.0.${k >> 8}.${k & 255}:9100"},"values":[${pts.join(',')}]}`;
  });
  return series * points;
}

async function genLines(path: string, lines: number, line: (i: number, r: () => number) => string, header = ''): Promise<number> {
  const r = rng(2);
  let i = 0;
  let first = true;
  await writeFile(path, () => {
    if (first) {
      first = false;
      if (header) return header;
    }
    if (i >= lines) return undefined;
    const out: string[] = [];
    for (let k = 0; k < 10_000 && i < lines; k++, i++) out.push(line(i, r));
    return out.join('');
  });
  return lines;
}

async function genDatadog(path: string, series: number, points: number): Promise<number> {
  const r = rng(3);
  let s = -1;
  await writeFile(path, () => {
    s++;
    if (s === 0) return '{"status":"ok","res_type":"time_series","series":[';
    if (s > series + 1) return undefined;
    if (s === series + 1) return ']}\n';
    const pts: string[] = [];
    for (let i = 0; i < points; i++) pts.push(`[${(T0 + i * 20) * 1000}.0,${(r() * 100).toFixed(4)}]`);
    return `${s > 1 ? ',' : ''}{"metric":"system.cpu.user","scope":"host:h${s},env:prod","pointlist":[${pts.join(',')}],"unit":null}`;
  });
  return series * points;
}

async function genCloudWatch(path: string, pages: number, points: number): Promise<number> {
  const r = rng(4);
  let p = 0;
  await writeFile(path, () => {
    if (p >= pages) return undefined;
    const ts: string[] = [];
    const vs: string[] = [];
    for (let i = points - 1; i >= 0; i--) {
      ts.push(`"${new Date((T0 + (p * points + i) * 60) * 1000).toISOString().replace('.000Z', '+00:00')}"`);
      vs.push((r() * 100).toFixed(2));
    }
    p++;
    return `{"MetricDataResults":[{"Id":"m1","Label":"CPUUtilization","Timestamps":[${ts.join(',')}],"Values":[${vs.join(',')}],"StatusCode":"Complete"}],"Messages":[]}\n`;
  });
  return pages * points;
}

interface Row {
  reader: string;
  file: string;
  mb: number;
  samples: number;
  seconds: number;
  /** User + system CPU seconds of this process while reading (robust to other load on the machine). */
  cpu: number;
  rssBase: number;
  rssPeak: number;
  heapPeak: number;
}

function rssMb(): number {
  return process.memoryUsage.rss() / 2 ** 20;
}

async function measure(name: string, path: string, run: () => Promise<number>): Promise<Row> {
  if (!existsSync(path)) throw new Error(`missing generated file ${path}`);
  globalThis.gc?.();
  const rssBase = rssMb();
  let rssPeak = rssBase;
  let heapPeak = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss / 2 ** 20);
    heapPeak = Math.max(heapPeak, m.heapUsed / 2 ** 20);
  };
  const timer = setInterval(sample, 20);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const samples = await run();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  clearInterval(timer);
  sample();
  const file = path.split('/').pop() ?? path;
  return { reader: name, file, mb: statSync(path).size / 1e6, samples, seconds, cpu, rssBase, rssPeak, heapPeak };
}

function readWith(reader: FormatReader, path: string, highWaterMark: number): () => Promise<number> {
  return async () => {
    const ctx: MetricReadContext = {
      file: path,
      zone: 'UTC',
      skipBadLines: false,
      onBadLine: (line, msg) => {
        throw new Error(`unexpected bad line ${line}: ${msg}`);
      },
    };
    let n = 0;
    for await (const batch of reader.read(() => createReadStream(path, { highWaterMark }), ctx)) {
      for (const r of batch) if (r.kind === 'samples') n += r.ts.length;
    }
    return n;
  };
}

function readStreamparser(path: string): () => Promise<number> {
  return async () => {
    let n = 0;
    const p = new JSONParser({ paths: ['$.data.result.*.values.*'], keepStack: false });
    p.onValue = ({ value }) => {
      if (Array.isArray(value)) n++;
    };
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) p.write(chunk as Buffer);
    return n;
  };
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const f = {
    qr: `${DIR}/query-range-${SIZE_MB}mb.json`,
    qrSmall: `${DIR}/query-range-40mb.json`,
    dump: `${DIR}/promtool-dump.txt`,
    influx: `${DIR}/influx.lp`,
    wide: `${DIR}/wide.csv`,
    dd: `${DIR}/datadog-v1.json`,
    cw: `${DIR}/cloudwatch-pages.json`,
  };
  console.log(`generating data under ${DIR} ...`);
  const expected = new Map<string, number>();
  // ~27 bytes a point: 400 series x (SIZE_MB * 92.5) points is about SIZE_MB MB.
  expected.set(f.qr, await genQueryRange(f.qr, 400, Math.round(SIZE_MB * 92.5)));
  expected.set(f.qrSmall, await genQueryRange(f.qrSmall, 100, 15_000));
  expected.set(
    f.dump,
    // promtool writes all samples of one series, then the next: 500 series of 2000 samples.
    await genLines(f.dump, 1_000_000, (i, r) => {
      const k = Math.floor(i / 2000);
      return `{__name__="node_cpu_seconds_total", cpu="${k % 16}", instance="10.0.0.${k >> 4}:9100", mode="user"} ${(r() * 1e4).toFixed(2)} ${(T0 + (i % 2000) * 15) * 1000}\n`;
    }),
  );
  expected.set(
    f.influx,
    (await genLines(f.influx, 1_000_000, (i, r) => {
      const k = i % 200;
      return `cpu,host=server${k},region=eu usage_idle=${(r() * 100).toFixed(2)},usage_user=${Math.floor(r() * 100)}i ${BigInt(T0 + Math.floor(i / 200) * 10) * 1_000_000_000n}\n`;
    })) * 2,
  );
  expected.set(
    f.wide,
    (await genLines(
      f.wide,
      200_000,
      (i, r) => `${T0 + i * 15},${Array.from({ length: 10 }, () => (r() * 100).toFixed(3)).join(',')}\n`,
      `timestamp,${Array.from({ length: 10 }, (_, c) => `series_${c}`).join(',')}\n`,
    )) * 10,
  );
  expected.set(f.dd, await genDatadog(f.dd, 200, 5_000));
  expected.set(f.cw, await genCloudWatch(f.cw, 20, 10_000));

  const rows: Row[] = [];
  rows.push(await measure('prometheus-query-range (64 KiB chunks)', f.qr, readWith(prometheusQueryRangeReader, f.qr, 1 << 16)));
  rows.push(await measure('prometheus-query-range (1 MiB chunks)', f.qr, readWith(prometheusQueryRangeReader, f.qr, 1 << 20)));
  rows.push(await measure('prometheus-query-range (1 MiB chunks)', f.qrSmall, readWith(prometheusQueryRangeReader, f.qrSmall, 1 << 20)));
  rows.push(await measure('reference: @streamparser/json paths', f.qrSmall, readStreamparser(f.qrSmall)));
  rows.push(await measure('promtool-dump', f.dump, readWith(promtoolDumpReader, f.dump, 1 << 20)));
  rows.push(await measure('influx-line-protocol', f.influx, readWith(influxLineReader, f.influx, 1 << 20)));
  rows.push(await measure('csv-wide', f.wide, readWith(csvWideReader, f.wide, 1 << 20)));
  rows.push(await measure('datadog-v1-query', f.dd, readWith(datadogV1Reader, f.dd, 1 << 20)));
  rows.push(await measure('cloudwatch-get-metric-data', f.cw, readWith(cloudWatchReader, f.cw, 1 << 20)));

  let ok = true;
  for (const r of rows) {
    const want = expected.get(`${DIR}/${r.file}`);
    if (want !== r.samples) {
      ok = false;
      console.error(`${r.reader} on ${r.file}: read ${r.samples} samples, generated ${want}`);
    }
  }
  const pad = (s: string, n: number): string => s.padEnd(n);
  const num = (x: number, d = 1): string => x.toFixed(d).padStart(8);
  console.log(
    `\n${pad('reader', 42)}${pad('file', 26)}${'MB'.padStart(8)}${'samples'.padStart(11)}${'s'.padStart(8)}` +
      `${'Msamples/s'.padStart(11)}${'MB/s'.padStart(8)}${'CPU s'.padStart(8)}${'Msamples/CPU-s'.padStart(15)}` +
      `${'RSS base'.padStart(10)}${'RSS peak'.padStart(10)}${'heap peak'.padStart(11)}`,
  );
  for (const r of rows) {
    console.log(
      `${pad(r.reader, 42)}${pad(r.file, 26)}${num(r.mb)}${String(r.samples).padStart(11)}${num(r.seconds, 2)}` +
        `${num(r.samples / r.seconds / 1e6, 2).padStart(11)}${num(r.mb / r.seconds)}${num(r.cpu, 2)}` +
        `${num(r.samples / r.cpu / 1e6, 2).padStart(15)}${num(r.rssBase, 0).padStart(10)}` +
        `${num(r.rssPeak, 0).padStart(10)}${num(r.heapPeak, 0).padStart(11)}`,
    );
  }
  const maxRss = (process.resourceUsage().maxRSS / 1024).toFixed(0);
  console.log(`\nRSS and heap used in MiB, sampled every 20 ms while reading; process max RSS ${maxRss} MiB.`);
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`Load average now ${load} on ${os.cpus().length} CPUs: wall-clock figures suffer under load, CPU-s ones less.`);
  if (!KEEP) rmSync(DIR, { recursive: true, force: true });
  if (!ok) process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
