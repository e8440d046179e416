/**
 * The workspace store: the one place that reads and writes a `*.hindsight` file.
 * Callers above (ingest, service) see typed methods, never SQL.
 */
import { minMaxBuckets, mergeBuckets, type Buckets } from '../analysis/downsample';
import { openDatabase, type Db, type OpenOptions } from './db';
import { decodeChunk, encodeChunk } from './gorilla';
import { prepareStatements, type EventRow, type SeriesRow, type SourceRow, type Statements } from './statements';

/** Samples per stored chunk: large enough to compress well, small enough to read a window cheaply. */
export const CHUNK_SAMPLES = 240;
/** Rollup steps kept for every series (5 minutes, 1 hour). */
export const ROLLUP_STEPS = [300_000, 3_600_000] as const;

export type Labels = Record<string, string>;

/** Canonical identity of a series: `name{a="1",b="2"}` with labels sorted. */
export function seriesKey(name: string, labels: Labels): string {
  const keys = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort();
  if (!keys.length) return name;
  return `${name}{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}`;
}

/** The service a series belongs to, from the usual label names. */
export function serviceOf(labels: Labels): string | null {
  return labels.service ?? labels.app ?? labels.job ?? labels.container ?? labels.namespace ?? null;
}

export interface NewSource {
  path: string;
  format: string;
  kind: string;
  bytes: number;
  sha256: string;
  zone: string;
}

export interface EventInput {
  ts: number;
  endTs?: number | null;
  kind: string;
  service?: string | null;
  title: string;
  severity?: string | null;
  attrs?: Record<string, string>;
}

export interface LogInput {
  ts: number;
  line: number;
  lines: number;
  service?: string | null;
  level?: string | null;
  templateId?: string | null;
  raw: string;
}

export class WorkspaceStore {
  private readonly st: Statements;
  private readonly seriesIds = new Map<string, number>();

  private constructor(
    readonly db: Db,
    readonly file: string,
  ) {
    this.st = prepareStatements(db);
  }

  static open(file: string, opts: OpenOptions = {}): WorkspaceStore {
    return new WorkspaceStore(openDatabase(file, opts), file);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs `fn` in one transaction: it lands whole or not at all. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- meta -------------------------------------------------------------------------------

  get dataVersion(): number {
    return Number(this.st.metaGet('data_version')?.value ?? 0);
  }

  bumpDataVersion(): number {
    const next = this.dataVersion + 1;
    this.st.metaSet('data_version', String(next));
    return next;
  }

  getMeta(key: string): string | undefined {
    return this.st.metaGet(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.st.metaSet(key, value);
  }

  // ---- sources ----------------------------------------------------------------------------

  sourceBySha(sha256: string): SourceRow | undefined {
    return this.st.sourceBySha(sha256);
  }

  addSource(s: NewSource): number {
    return Number(this.st.sourceInsert(s.path, s.format, s.kind, s.bytes, s.sha256, s.zone, Date.now()).lastInsertRowid);
  }

  finishSource(
    id: number,
    r: { accepted: number; rejected: number; firstTs: number | null; lastTs: number | null; notes: string[] },
  ): void {
    this.st.sourceFinish(r.accepted, r.rejected, r.firstTs, r.lastTs, JSON.stringify(r.notes), id);
  }

  sources(): SourceRow[] {
    return this.st.sourcesAll();
  }

  // ---- series and samples -----------------------------------------------------------------

  /** Id of the series `name{labels}`, created on first use. */
  seriesId(name: string, labels: Labels, unit?: string | null): number {
    const key = seriesKey(name, labels);
    const cached = this.seriesIds.get(key);
    if (cached !== undefined) return cached;
    const row = this.st.seriesByKey(key);
    const id = row
      ? row.id
      : Number(this.st.seriesInsert(key, name, JSON.stringify(labels), serviceOf(labels), unit ?? null).lastInsertRowid);
    this.seriesIds.set(key, id);
    return id;
  }

  /** Forgets cached ids (after a rolled-back transaction may have removed new series). */
  resetCaches(): void {
    this.seriesIds.clear();
  }

  series(id: number): SeriesRow | undefined {
    return this.st.seriesById(id);
  }

  listSeries(query = '', limit = 5000): SeriesRow[] {
    if (!query.trim()) return this.st.seriesAll().slice(0, limit);
    const like = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.st.seriesSearch(like, like, limit);
  }

  /**
   * Stores samples of one series from one source as compressed chunks. `ts` need not be sorted;
   * each call writes its own chunks (callers batch a few thousand samples per call).
   */
  appendSamples(seriesId: number, sourceId: number, ts: Float64Array, values: Float64Array): void {
    const n = ts.length;
    if (!n) return;
    let sorted = true;
    for (let i = 1; i < n; i++) {
      if (ts[i] < ts[i - 1]) {
        sorted = false;
        break;
      }
    }
    let t = ts;
    let v = values;
    if (!sorted) {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ts[a] - ts[b]);
      t = Float64Array.from(order, (i) => ts[i]);
      v = Float64Array.from(order, (i) => values[i]);
    }
    for (let start = 0; start < n; start += CHUNK_SAMPLES) {
      const end = Math.min(n, start + CHUNK_SAMPLES);
      const ct = t.subarray(start, end);
      const cv = v.subarray(start, end);
      this.st.chunkInsert(seriesId, sourceId, ct[0], ct[ct.length - 1], ct.length, encodeChunk(ct, cv));
    }
  }

  /** All samples of a series in [from, to], time-ordered, one value per timestamp (the later import wins). */
  readSamples(seriesId: number, from = -Infinity, to = Infinity): { ts: Float64Array; values: Float64Array } {
    const rows = this.st.chunksInRange(seriesId, clampTs(to), clampTs(from));
    const parts = rows.map((r) => decodeChunk(new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)));
    let total = 0;
    for (const p of parts) total += p.ts.length;
    let ts = new Float64Array(total);
    let values = new Float64Array(total);
    let k = 0;
    let sorted = true;
    for (const p of parts) {
      if (k > 0 && p.ts.length && p.ts[0] <= ts[k - 1]) sorted = false;
      ts.set(p.ts, k);
      values.set(p.values, k);
      k += p.ts.length;
    }
    if (!sorted) {
      const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => ts[a] - ts[b] || a - b);
      const t2 = new Float64Array(total);
      const v2 = new Float64Array(total);
      let m = 0;
      for (let i = 0; i < total; i++) {
        const j = order[i];
        if (m > 0 && t2[m - 1] === ts[j]) {
          v2[m - 1] = values[j];
          continue;
        }
        t2[m] = ts[j];
        v2[m] = values[j];
        m++;
      }
      ts = t2.subarray(0, m);
      values = v2.subarray(0, m);
    }
    let lo = 0;
    while (lo < ts.length && ts[lo] < from) lo++;
    let hi = ts.length;
    while (hi > lo && ts[hi - 1] > to) hi--;
    return { ts: ts.subarray(lo, hi), values: values.subarray(lo, hi) };
  }

  /** Recomputes a series' stats and rollups over [from, to] (whole buckets), after its samples changed. */
  refreshSeries(seriesId: number, from: number, to: number): void {
    this.st.seriesStats(seriesId);
    for (const step of ROLLUP_STEPS) {
      const a = Math.floor(from / step) * step;
      const b = Math.floor(to / step) * step;
      this.st.rollupDeleteRange(seriesId, a, b);
    }
    const { ts, values } = this.readSamples(seriesId, Math.floor(from / ROLLUP_STEPS[1]) * ROLLUP_STEPS[1], to);
    for (const step of ROLLUP_STEPS) {
      let bucket = Number.NaN;
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      let count = 0;
      const flush = (): void => {
        if (Number.isNaN(bucket)) return;
        this.st.rollupInsert(seriesId, step, bucket, count ? min : null, count ? max : null, sum, count);
      };
      for (let i = 0; i < ts.length; i++) {
        const b = Math.floor(ts[i] / step) * step;
        if (b !== bucket) {
          flush();
          bucket = b;
          min = Infinity;
          max = -Infinity;
          sum = 0;
          count = 0;
        }
        const v = values[i];
        if (Number.isFinite(v)) {
          if (v < min) min = v;
          if (v > max) max = v;
          sum += v;
          count++;
        }
      }
      flush();
    }
  }

  /**
   * A series downsampled to `width` buckets over [from, to): min, max, mean per bucket. Reads stored
   * rollups when a bucket spans at least two rollup steps, raw chunks otherwise.
   */
  readBuckets(seriesId: number, from: number, to: number, width: number): Buckets & { source: 'raw' | number } {
    const bucketMs = (to - from) / width;
    const step = [...ROLLUP_STEPS].reverse().find((s) => bucketMs >= 2 * s);
    if (step) {
      const rows = this.st.rollupsInRange(seriesId, step, Math.floor(from / step) * step, to);
      const b = mergeBuckets(
        rows.map((r) => r.bucket_ts),
        rows.map((r) => r.min ?? Number.NaN),
        rows.map((r) => r.max ?? Number.NaN),
        rows.map((r) => r.sum),
        rows.map((r) => r.count),
        from,
        to,
        width,
      );
      return { ...b, source: step };
    }
    const { ts, values } = this.readSamples(seriesId, from, to);
    return { ...minMaxBuckets(ts, values, from, to, width), source: 'raw' };
  }

  // ---- logs, events, topology ----------------------------------------------------------------

  insertLog(sourceId: number, l: LogInput): void {
    this.st.logInsert(sourceId, l.ts, l.line, l.lines, l.service ?? null, l.level ?? null, l.templateId ?? null, l.raw);
  }

  /** Adds a source's log lines to the full-text index (one bulk statement, same transaction). */
  indexLogs(sourceId: number): void {
    this.st.logsIndexSource(sourceId);
  }

  insertEvent(sourceId: number | null, e: EventInput): number {
    return Number(
      this.st.eventInsert(
        sourceId,
        e.ts,
        e.endTs ?? null,
        e.kind,
        e.service ?? null,
        e.title,
        e.severity ?? null,
        JSON.stringify(e.attrs ?? {}),
      ).lastInsertRowid,
    );
  }

  events(from: number, to: number, limit = 10_000): EventRow[] {
    return this.st.eventsInRange(clampTs(to), clampTs(from), limit);
  }

  upsertEdge(sourceId: number | null, caller: string, callee: string, attrs: Record<string, string> = {}): void {
    this.st.edgeUpsert(caller, callee, sourceId, JSON.stringify(attrs));
  }

  edges(): { caller: string; callee: string }[] {
    return this.st.edgesAll();
  }

  // ---- summary --------------------------------------------------------------------------------

  counts() {
    return this.st.counts() ?? { sources: 0, series: 0, samples: 0, logs: 0, events: 0, edges: 0 };
  }

  timeRange(): { first: number | null; last: number | null } {
    return this.st.timeRange() ?? { first: null, last: null };
  }

  perService() {
    const series = this.st.servicesSummary();
    const logs = new Map(this.st.logsPerService().map((r) => [r.service, r.logs]));
    const names = new Set<string | null>([...series.map((s) => s.service), ...logs.keys()]);
    return [...names].map((service) => {
      const s = series.find((x) => x.service === service);
      return { service, series: s?.series ?? 0, samples: s?.samples ?? 0, logs: logs.get(service) ?? 0 };
    });
  }
}

/** SQLite integers cannot hold ±Infinity: clamp open bounds to the int64 range. */
function clampTs(t: number): number {
  if (t === Infinity) return Number.MAX_SAFE_INTEGER;
  if (t === -Infinity) return Number.MIN_SAFE_INTEGER;
  return Math.round(t);
}
