/**
 * `hindsight detect`: anomalies in a `timestamp,value` CSV (batch or causal mode, a per-point CSV out) or in a
 * workspace (the analyse job, then the ranked ranges). Also home of the small CSV helpers the other file
 * commands (forecast, logs parse) share: reading series CSVs, quoting fields, streaming output.
 */
import { closeSync, createReadStream, createWriteStream, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Command } from 'commander';
import { parse } from 'csv-parse';
import type { AnomalyEpisodeInfo, AnomalyInfo, SeriesInfo } from '../../api/contract';
import { detectAnomalies, detectAnomaliesCausal } from '../../analysis/timeseries/anomaly';
import type { AnomalyResult } from '../../analysis/timeseries/anomaly-types';
import type { CausalOptions } from '../../analysis/timeseries/anomaly-causal';
import type { AnalyseResult } from '../../jobs/tasks/analyse';
import { JobPool } from '../../jobs/pool';
import { makeNodeWorker } from '../../jobs/node-worker';
import { isValidZone, parseTimestamp } from '../../ingest/time';
import { ParseError } from '../../ingest/types';
import { Service } from '../../service/service';
import { seriesKey } from '../../store/workspace';
import { dataDir } from '../paths';
import { progressPrinter } from '../progress';

// ---- shared helpers (forecast.ts and logs.ts use them too) ----------------------------------------------------

/** A CSV field: quoted (RFC 4180, quotes doubled) when it holds a comma, quote, line break or edge white space. */
export function csvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A number as plain CSV text: shortest round-trip form, empty for NaN/±Infinity. */
export function num(v: number): string {
  return Number.isFinite(v) ? String(v) : '';
}

export const iso = (ms: number | null | undefined): string =>
  ms === null || ms === undefined || !Number.isFinite(ms) ? '-' : new Date(ms).toISOString();

/** Buffered text output to a file (opened at once, so a bad path fails before any work) or stdout, with backpressure. */
export interface Sink {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

const FLUSH_CHARS = 1 << 16;

export function openSink(path?: string): Sink {
  let stream: Writable = process.stdout;
  if (path) {
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (err) {
      throw new Error(`--out: cannot write ${path}: ${(err as Error).message}`, { cause: err });
    }
    stream = createWriteStream('', { fd });
  }
  let buf = '';
  let failed: Error | null = null;
  let gone = false;
  const onError = (err: NodeJS.ErrnoException): void => {
    // A closed pipe (`| head`) ends the output quietly; anything else is an error.
    if (err.code === 'EPIPE') gone = true;
    else failed = err;
  };
  stream.on('error', onError);
  const flush = async (): Promise<void> => {
    if (failed) throw failed;
    if (!buf || gone) return;
    const chunk = buf;
    buf = '';
    if (!stream.write(chunk)) {
      // Wait for room (or the end of the stream), leaving no listener behind.
      await new Promise<void>((res) => {
        const done = (): void => {
          for (const ev of ['drain', 'close', 'error']) stream.off(ev, done);
          res();
        };
        for (const ev of ['drain', 'close', 'error']) stream.on(ev, done);
      });
    }
    if (failed) throw failed;
  };
  return {
    async write(text) {
      buf += text;
      if (buf.length >= FLUSH_CHARS) await flush();
    },
    async close() {
      await flush();
      stream.off('error', onError);
      if (path) await new Promise<void>((res, rej) => stream.end((err?: Error | null) => (err ? rej(err) : res())));
    },
  };
}

/** Fails with a plain message when `file` is not a readable regular file. */
export function checkFile(file: string): void {
  if (!existsSync(file)) throw new Error(`${file}: no such file`);
  if (!statSync(file).isFile()) throw new Error(`${file}: not a regular file`);
}

/** The file's bytes as a stream, gunzipped when it starts with the gzip magic bytes (1f 8b). */
export function openText(file: string): Readable {
  const fd = openSync(file, 'r');
  const magic = Buffer.alloc(2);
  const n = readSync(fd, magic, 0, 2, 0);
  closeSync(fd);
  const raw = createReadStream(file);
  if (n === 2 && magic[0] === 0x1f && magic[1] === 0x8b) {
    const gunzip = createGunzip();
    raw.on('error', (err) => gunzip.destroy(err));
    return raw.pipe(gunzip);
  }
  return raw;
}

/** One series read from a CSV; `rawTs` keeps each timestamp exactly as written. */
export interface CsvSeries {
  name: string;
  ts: number[];
  values: number[];
  rawTs: string[];
}

export interface SeriesCsv {
  /** The header row, or null when the file starts with data. */
  header: string[] | null;
  form: 'wide' | 'long';
  series: CsvSeries[];
  rows: number;
}

export interface ReadSeriesOptions {
  /** IANA zone for ISO times without an offset. */
  zone: string;
  /** Accept the long form `series,timestamp,value` too. */
  long?: boolean;
}

const TS_NAMES = new Set(['timestamp', 'time', 'ts', 'date', 'datetime', '@timestamp', 'time_stamp']);
const VALUE_NAMES = new Set(['value', 'val', 'y']);
const SERIES_NAMES = new Set(['series', 'name', 'metric', 'key', 'id', 'series_name']);
const MISSING = new Set(['', 'nan', 'null', 'none', 'na']);

/** A CSV value: the number, NaN for a missing marker, +Infinity (never a valid value) for anything else. */
function parseValue(s: string): number {
  if (MISSING.has(s.toLowerCase())) return Number.NaN;
  const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : Number.NaN;
  return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
}

/** Column positions for a 3-column file: by header names when they name all three, else series,timestamp,value. */
function longColumns(header: string[] | null): { series: number; ts: number; value: number } {
  if (header) {
    const low = header.map((h) => h.toLowerCase());
    const ts = low.findIndex((h) => TS_NAMES.has(h));
    const value = low.findIndex((h) => VALUE_NAMES.has(h));
    const series = low.findIndex((h) => SERIES_NAMES.has(h));
    if (ts >= 0 && value >= 0 && series >= 0 && new Set([ts, value, series]).size === 3) return { series, ts, value };
  }
  return { series: 0, ts: 1, value: 2 };
}

/**
 * Reads `timestamp,value` (one series) or, with `long`, `series,timestamp,value` (many) from a CSV (gzip allowed).
 * The first row is a header when none of its fields reads as a timestamp or a number; the column count of the first row picks
 * the form. Timestamps are ISO 8601 or epoch numbers by digit count (parseTimestamp); values are numbers, with
 * empty/NaN/null read as missing (NaN). O(rows). Throws `FILE:LINE: expected …, found …` for a bad row.
 */
export async function readSeriesCsv(file: string, opts: ReadSeriesOptions): Promise<SeriesCsv> {
  checkFile(file);
  const shape = opts.long ? 'timestamp,value or series,timestamp,value' : 'timestamp,value';
  const parser = openText(file).pipe(
    parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true, raw: true }),
  );
  let header: string[] | null = null;
  let width = 0;
  let cols = { series: -1, ts: 0, value: 1 };
  let stem = basename(file, extname(file));
  if (extname(stem) === '.csv') stem = basename(stem, '.csv');
  const byName = new Map<string, CsvSeries>();
  let rows = 0;
  let first = true;
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
      const fields = rec.record;
      const line = rec.info.lines;
      const rawLine = rec.raw.replace(/^[\r\n]+|[\r\n]+$/g, '');
      if (first) {
        first = false;
        width = fields.length;
        if (width !== 2 && !(opts.long && width === 3)) {
          throw new ParseError(file, line, `${shape === 'timestamp,value' ? '2' : '2 or 3'} columns (${shape})`, rawLine);
        }
        // A header names its columns: no field reads as a time or a number.
        if (fields.every((f) => Number.isNaN(parseTimestamp(f, opts.zone)) && !Number.isFinite(parseValue(f)))) {
          header = fields;
          if (width === 3) cols = longColumns(header);
          continue;
        }
        if (width === 3) cols = longColumns(null);
      }
      if (fields.length !== width) throw new ParseError(file, line, `${width} fields (${width === 2 ? 'timestamp,value' : 'series,timestamp,value'})`, rawLine);
      const rawTs = fields[cols.ts];
      const t = parseTimestamp(rawTs, opts.zone);
      if (Number.isNaN(t)) throw new ParseError(file, line, 'a timestamp (ISO 8601 or epoch seconds/ms)', rawTs);
      const v = parseValue(fields[cols.value]);
      if (v === Number.POSITIVE_INFINITY) throw new ParseError(file, line, 'a number (or an empty field for a missing value)', fields[cols.value]);
      const name = cols.series >= 0 ? fields[cols.series] : header ? header[cols.value] || 'value' : stem;
      let s = byName.get(name);
      if (!s) {
        s = { name, ts: [], values: [], rawTs: [] };
        byName.set(name, s);
      }
      s.ts.push(t);
      s.values.push(v);
      s.rawTs.push(rawTs);
      rows++;
    }
  } catch (err) {
    if (err instanceof ParseError) throw err;
    const e = err as Error & { code?: string; lines?: number };
    if (e.code?.startsWith('CSV_')) throw new Error(`${file}:${e.lines ?? '?'}: expected well-formed CSV, found ${e.message}`, { cause: err });
    throw err;
  }
  if (rows === 0) throw new Error(`${file}: expected rows of ${shape}, found ${header ? 'only a header' : 'an empty file'}`);
  return { header, form: width === 3 ? 'long' : 'wide', series: [...byName.values()], rows };
}

/** Checks an option that must be a number in (lo, hi); returns it. */
export function fractionOption(name: string, raw: string | undefined, lo: number, hi: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!(raw.trim() !== '' && v > lo && v < hi)) throw new Error(`${name}: expected a number between ${lo} and ${hi} (exclusive), found "${raw}"`);
  return v;
}

/** Checks an option that must be a whole number ≥ min; returns it. */
export function intOption(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!(/^\s*\d+\s*$/.test(raw) && v >= min)) throw new Error(`${name}: expected a whole number ≥ ${min}, found "${raw}"`);
  return v;
}

/** A duration as a compact step or period: 5m, 1h, 7d, 30s, 250ms. */
export function fmtStep(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '?';
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${ms}ms`;
}

/**
 * The series of a workspace that match any of `names` (case-insensitive substring of the name or the key
 * `name{label="v",…}`), in the workspace's order. Throws naming the first name that matches nothing.
 */
export function matchSeries(all: SeriesInfo[], names: string[]): (SeriesInfo & { key: string })[] {
  const keyed = all.map((s) => ({ ...s, key: seriesKey(s.name, s.labels) }));
  const wanted = names.map((n) => n.toLowerCase());
  for (const [i, w] of wanted.entries()) {
    if (!keyed.some((s) => s.name.toLowerCase().includes(w) || s.key.toLowerCase().includes(w))) {
      const some = keyed.slice(0, 5).map((s) => s.key).join(', ');
      throw new Error(`--series: no series matches "${names[i]}" (the workspace has ${all.length} series${some ? `, e.g. ${some}` : ''})`);
    }
  }
  return keyed.filter((s) => wanted.some((w) => s.name.toLowerCase().includes(w) || s.key.toLowerCase().includes(w)));
}

/** A Service for one CLI command (pool of one; its data dir is $HINDSIGHT_HOME). */
export function cliService(): Service {
  return new Service({ makeWorker: makeNodeWorker, dataDir: dataDir(), shell: 'browser', poolSize: 1 });
}

// ---- the command ---------------------------------------------------------------------------------------------

interface DetectOptions {
  causal?: boolean;
  out?: string;
  intervalWidth?: string;
  zone: string;
  workspace?: string;
  series?: string[];
  json?: boolean;
  episodes?: boolean;
  limit?: string;
}

export function registerDetectCommand(p: Command): void {
  p.command('detect')
    .summary('Flag anomalies in a timestamp,value CSV (per-point CSV out) or in a workspace')
    .description(
      'Flag anomalies. With FILE (a timestamp,value CSV): learn normal, write per-point expected value, band, score ' +
        'and flag as CSV (header timestamp,value,expected,lower,upper,score,anomaly, and with --causal alert: the score where ' +
        'an alert opens, 0 elsewhere; timestamps as in the input), ' +
        'summary on stderr. With --workspace: run the workspace analysis and list the ranked anomaly ranges.',
    )
    .argument('[file]', 'CSV of timestamp,value (header optional; ISO 8601 or epoch s/ms/µs/ns times; .gz allowed)')
    .option('--causal', 'score each point only from the points before it (streaming mode, as a live system would)')
    .option('--out <file>', 'write the per-point CSV here instead of stdout')
    .option('--interval-width <w>', 'share of normal behaviour inside the band, 0..1 (default 0.99)')
    .option('--zone <zone>', 'IANA time zone for ISO times without an offset', 'UTC')
    .option('--workspace <file>', 'analyse this workspace (*.hindsight) instead of a file')
    .option('--series <names...>', 'with --workspace: only series whose name or key contains one of these')
    .option('--json', 'with --workspace: print the anomalies as JSON')
    .option('--limit <n>', 'with --workspace: at most this many anomalies (default 200)')
    .option('--episodes', "with --workspace: list anomaly episodes (a service's ranges merged, best first) instead of ranges")
    .addHelpText(
      'after',
      '\nExamples:\n  hindsight detect cpu.csv --out cpu-scored.csv\n  hindsight detect cpu.csv --causal > scored.csv\n' +
        '  hindsight detect --workspace incident.hindsight --series latency errors --json',
    )
    .exitOverride()
    .action(async (file: string | undefined, o: DetectOptions) => {
      const width = fractionOption('--interval-width', o.intervalWidth, 0, 1);
      if (!isValidZone(o.zone)) throw new Error(`--zone: unknown time zone "${o.zone}" (expected an IANA name like Europe/Berlin)`);
      if (o.workspace) {
        if (file) throw new Error(`give either a FILE or --workspace, not both (got ${file} and --workspace ${o.workspace})`);
        if (o.causal || o.out) throw new Error('--causal and --out apply to a FILE, not to --workspace');
        const limit = intOption('--limit', o.limit, 1) ?? 200;
        if (o.episodes && o.series) throw new Error('--episodes lists every service: leave out --series');
        await detectWorkspace(o.workspace, o.series, width, o.json ?? false, limit, o.episodes ?? false);
        return;
      }
      if (!file) throw new Error('nothing to analyse: give a CSV FILE or --workspace W (see hindsight detect --help)');
      if (o.series || o.json || o.limit || o.episodes) throw new Error('--series, --json, --limit and --episodes apply to --workspace mode');
      await detectFile(file, { causal: o.causal ?? false, out: o.out, intervalWidth: width, zone: o.zone });
    });
}

/** What `hindsight detect FILE` computes for one series: batch, or causal with the options of the streaming detector. */
export interface DetectSeriesOptions {
  causal: boolean;
  intervalWidth?: number;
  /** Causal mode: detector options beyond the interval width (bench/nab.ts passes its `--set` values here). */
  detector?: CausalOptions;
}

/**
 * The per-point result `hindsight detect FILE` writes: `detectAnomaliesCausal` (each point from the ones before it;
 * its `alert` array is the CLI's `alert` column) or `detectAnomalies` (the whole range). bench/nab.ts scores the
 * `alert` array of exactly this call. Throws as the detectors do (mismatched lengths, invalid options).
 */
export function detectSeries(ts: ArrayLike<number>, values: ArrayLike<number>, o: DetectSeriesOptions): AnomalyResult {
  const opts = { ...o.detector, intervalWidth: o.intervalWidth ?? o.detector?.intervalWidth };
  return o.causal ? detectAnomaliesCausal(ts, values, opts) : detectAnomalies(ts, values, opts);
}

/** The header of the per-point CSV: causal mode adds `alert`, the score where an alert opens (0 elsewhere). */
export function detectHeader(causal: boolean): string {
  return `timestamp,value,expected,lower,upper,score,anomaly${causal ? ',alert' : ''}`;
}

async function detectFile(file: string, o: { causal: boolean; out?: string; intervalWidth?: number; zone: string }): Promise<void> {
  const csv = await readSeriesCsv(file, { zone: o.zone });
  const s = csv.series[0];
  const sink = openSink(o.out);
  const r = detectSeries(s.ts, s.values, { causal: o.causal, intervalWidth: o.intervalWidth });
  try {
    await sink.write(`${detectHeader(o.causal)}\n`);
    for (let i = 0; i < s.ts.length; i++) {
      const alert = r.alert ? `,${num(r.alert[i])}` : '';
      await sink.write(
        `${csvField(s.rawTs[i])},${num(s.values[i])},${num(r.expected[i])},${num(r.lower[i])},${num(r.upper[i])},${num(r.score[i])},${r.anomaly[i]}${alert}\n`,
      );
    }
  } finally {
    await sink.close();
  }
  process.stderr.write(detectSummary(file, s.ts.length, r, o.out));
}

function detectSummary(file: string, n: number, r: AnomalyResult, out?: string): string {
  const flagged = r.anomaly.reduce((a, b) => a + b, 0);
  const periods = r.periods.length ? r.periods.map((p, i) => `${p} (${fmtStep(r.periodsMs[i] ?? p * r.stepMs)})`).join(', ') : 'none';
  const lines = [
    `${file}: ${n} points, step ${fmtStep(r.stepMs)}, ${r.mode} mode${out ? ` -> ${out}` : ''}`,
    `method: ${r.method}; periods (points): ${periods}; baseline: ${r.baseline}`,
    `anomaly ranges: ${r.ranges.length} (${flagged} flagged point${flagged === 1 ? '' : 's'})` +
      (r.alert ? `; alerts (first flag of an episode): ${r.alert.filter((a) => a > 0).length}` : ''),
  ];
  const shown = r.ranges.slice(0, 10);
  for (const g of shown) {
    lines.push(`  ${iso(g.startMs)} .. ${iso(g.endMs)}  ${g.direction.padEnd(4)} ${g.sigmas.toFixed(1).padStart(6)}σ  ${g.severity.padEnd(6)} ${g.points} point(s)`);
  }
  if (r.ranges.length > shown.length) lines.push(`  … and ${r.ranges.length - shown.length} more`);
  for (const note of r.notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}

async function detectWorkspace(
  workspace: string,
  names: string[] | undefined,
  intervalWidth: number | undefined,
  json: boolean,
  limit: number,
  episodes: boolean,
): Promise<void> {
  const service = cliService();
  try {
    const ws = service.openWorkspace(workspace);
    const all = (await service.invoke('series/list', { limit: 100_000 })) as SeriesInfo[];
    const chosen = names?.length ? matchSeries(all, names) : null;
    const pool = new JobPool(makeNodeWorker, 1);
    const printer = progressPrinter(process.stderr);
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    let result: AnalyseResult;
    try {
      result = await pool.run(
        'analysis',
        { workspace: ws.path, seriesIds: chosen?.map((s) => s.id), intervalWidth },
        { signal: controller.signal, onProgress: printer.update },
      );
      printer.done();
    } finally {
      process.off('SIGINT', stop);
      await pool.close();
    }
    if (episodes) {
      const list = (await service.invoke('anomalies/episodes', { limit })) as AnomalyEpisodeInfo[];
      process.stderr.write(`${ws.path}: analysed ${result.series} series; ${list.length} anomaly episode(s) shown, best first\n`);
      const rows = list.map((e) => ({ service: e.service, start: iso(e.start), end: iso(e.end), severity: e.severity, score: e.score, series: e.series, title: e.title }));
      if (json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else {
        const text = rows.map((r, i) => `${String(i + 1).padStart(4)}  ${r.start} .. ${r.end}  ${r.severity.padEnd(6)} ${r.score.toFixed(3)}  ${r.title}`);
        process.stdout.write(rows.length ? `${text.join('\n')}\n` : 'no anomaly episodes found\n');
      }
      return;
    }
    let anomalies: AnomalyInfo[];
    if (chosen) {
      const lists = await Promise.all(chosen.map((s) => service.invoke('anomalies/list', { seriesId: s.id, limit: 10_000 }) as Promise<AnomalyInfo[]>));
      anomalies = lists.flat().sort((a, b) => b.rank - a.rank || a.start - b.start);
    } else {
      anomalies = (await service.invoke('anomalies/list', { limit: 10_000 })) as AnomalyInfo[];
    }
    const total = anomalies.length;
    anomalies = anomalies.slice(0, limit);
    const rows = anomalies.map((a) => ({
      service: a.service,
      series: seriesKey(a.seriesName, a.labels),
      start: iso(a.start),
      end: iso(a.end),
      peak: iso(a.peakTs),
      peakValue: a.peakValue,
      expected: a.expected,
      direction: a.direction,
      severity: a.severity,
      sigmas: a.sigmas,
      rank: a.rank,
    }));
    process.stderr.write(
      `${ws.path}: analysed ${result.series} series${result.cached ? ' (cached: data unchanged)' : ''} in ${result.seconds.toFixed(1)} s; ` +
        `${total} anomaly range(s)${total > rows.length ? `, showing the top ${rows.length}` : ''}\n`,
    );
    const timed = result.steps.filter((t) => t.ran > 0);
    if (timed.length) process.stderr.write(`steps: ${timed.map((t) => `${t.kind} ${(t.ms / 1000).toFixed(1)} s`).join(', ')}\n`);
    if (json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    const out = rows.map(
      (r, i) =>
        `${String(i + 1).padStart(4)}  ${(r.service ?? '-').padEnd(16)} ${r.start} .. ${r.end}  ${r.direction.padEnd(4)} ` +
        `${r.sigmas.toFixed(1).padStart(6)}σ  ${r.severity.padEnd(6)} ${r.series}`,
    );
    process.stdout.write(rows.length ? `${out.join('\n')}\n` : 'no anomalies found\n');
  } finally {
    await service.close();
  }
}
