/**
 * The workspace store: the one place that reads and writes a `*.hindsight` file.
 * Callers above (ingest, service) see typed methods, never SQL.
 */
import { minMaxBuckets, mergeBuckets, type Buckets } from './downsample';
import { openDatabase, type Db, type OpenOptions } from './db';
import { beginWrite, beginWriteSync, type WriteWait } from './write-lock';
import { decodeChunk, encodeChunk } from './gorilla';
import { emptyMergeCounts, mergeSamples, type MergeCounts } from './sample-merge';
import type Database from 'better-sqlite3';
import {
  LOG_ROWS_PER_INSERT,
  prepareStatements,
  type AnomalyFields,
  type AnomalyRow,
  type ChangePointFields,
  type ChangePointRow,
  type EventRow,
  type LogRow,
  type PatternEventFields,
  type PatternEventRow,
  type SeriesRow,
  type SourceRow,
  type Statements,
  type TemplateRow,
} from './statements';

/** Samples per stored chunk: large enough to compress well, small enough to read a window cheaply. */
export const CHUNK_SAMPLES = 240;
/**
 * Rollup steps kept for every series (1 hour, 1 day), ascending. With a 5-minute step the rollups took more
 * room than the 1-minute samples themselves (a workspace of 12.4 bytes/sample against 3.8 without it, chunks
 * ~2.6: bench/import.ts), while raw chunks decode at ~40M samples/s for windows too fine for hourly buckets.
 */
export const ROLLUP_STEPS = [3_600_000, 86_400_000] as const;

export type Labels = Record<string, string>;

const NO_SAMPLES = { ts: new Float64Array(0), values: new Float64Array(0) };

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
  /** An event of a non-production environment: left out of production views (events() without includeNonprod). */
  nonprod?: boolean;
}

/** A time span in epoch ms; nulls when there is nothing to span. */
export interface Span {
  first: number | null;
  last: number | null;
}

/** Filters of the typed derived-result lists: a time window, one series or one service, a row limit. */
export interface DerivedFilter {
  from?: number;
  to?: number;
  seriesId?: number;
  service?: string;
  limit?: number;
}

/** One anomaly range to store, with its timeline title. */
export interface AnomalyInput extends AnomalyFields {
  title: string;
}

/** One change point to store, with its timeline title and severity. */
export interface ChangePointInput extends ChangePointFields {
  title: string;
  severity: 'low' | 'medium' | 'high';
}

/** One log-pattern event to store (new pattern, burst, drop, error surge) of a template. */
export interface PatternEventInput extends PatternEventFields {
  title: string;
  severity: 'low' | 'medium' | 'high';
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

export interface LogFilter {
  from?: number;
  to?: number;
  query?: string;
  service?: string;
  level?: string;
  templateId?: string;
  order?: 'asc' | 'desc';
}

export class WorkspaceStore {
  private readonly st: Statements;
  private readonly seriesIds = new Map<string, number>();
  /** Parameters of one multi-row log INSERT, reused. */
  private readonly logArgs: unknown[] = new Array(LOG_ROWS_PER_INSERT * 8);
  /** Time range appended per series by this connection (a rolled-back write only costs an extra read). */
  private readonly appended = new Map<number, { min: number; max: number }>();
  /** Set once this connection wrote the FTS merge setting (a rolled-back write only costs speed). */
  private ftsTuned = false;

  private constructor(
    readonly db: Db,
    readonly file: string,
    private readonly wait: WriteWait,
  ) {
    this.st = prepareStatements(db);
  }

  /** Opens a workspace; `wait` is how this connection's writes wait while another writer holds the lock. */
  static open(file: string, opts: OpenOptions & { wait?: WriteWait } = {}): WorkspaceStore {
    return new WorkspaceStore(openDatabase(file, opts), file, opts.wait ?? {});
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Runs `fn` in one transaction: it lands whole or not at all. While another connection writes, this
   * thread waits for it (the store's `wait`: progress notices, a long limit) instead of failing; inside a
   * transaction already, `fn` runs as a nested savepoint. For worker threads: a main thread uses writeTransaction.
   */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return this.db.transaction(fn)();
    beginWriteSync(this.db, this.file, this.wait);
    return this.finish(fn);
  }

  /**
   * Begins a write transaction, waiting without blocking the thread while another connection writes
   * (`onWait` told about once a second; cancel through `signal`). The caller COMMITs or ROLLBACKs.
   * Throws StoreError 'locked' (after the wait's limit) or 'cancelled'; nothing is written either way.
   */
  beginWrite(wait: WriteWait = this.wait): Promise<void> {
    return beginWrite(this.db, this.file, wait);
  }

  /** Runs `fn` in one write transaction taken with `beginWrite`: it lands whole or not at all. */
  async writeTransaction<T>(fn: () => T, wait: WriteWait = this.wait): Promise<T> {
    if (this.db.inTransaction) return this.db.transaction(fn)();
    await this.beginWrite(wait);
    return this.finish(fn);
  }

  /** Runs `fn` in the open transaction and commits, or rolls back and rethrows. */
  private finish<T>(fn: () => T): T {
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Runs a write in the caller's transaction, or in its own (which waits for the lock) when there is none. */
  private write<T>(fn: () => T): T {
    return this.db.inTransaction ? fn() : this.transaction(fn);
  }

  // ---- meta -------------------------------------------------------------------------------

  get dataVersion(): number {
    return Number(this.st.metaGet('data_version')?.value ?? 0);
  }

  bumpDataVersion(): number {
    return this.write(() => {
      const next = this.dataVersion + 1;
      this.st.metaSet('data_version', String(next));
      return next;
    });
  }

  getMeta(key: string): string | undefined {
    return this.st.metaGet(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.write(() => this.st.metaSet(key, value));
  }

  // ---- sources ----------------------------------------------------------------------------

  sourceBySha(sha256: string): SourceRow | undefined {
    return this.st.sourceBySha(sha256);
  }

  /** True when some source holds exactly `bytes` bytes (identical content can only be among those). */
  hasSourceOfSize(bytes: number): boolean {
    return this.st.sourceWithBytes(bytes) !== undefined;
  }

  /** Sets a source's content digest and size once they are known (a single-pass import hashes while reading). */
  setSourceDigest(id: number, sha256: string, bytes: number): void {
    this.st.sourceSetDigest(sha256, bytes, id);
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
  /**
   * The id of series `name{labels}`, created when new. `service`: the service the importer attributed it to
   * (core/ingest/service-attribution.ts), else the one its labels name; a series without one takes it later.
   */
  seriesId(name: string, labels: Labels, unit?: string | null, service?: string): number {
    const key = seriesKey(name, labels);
    const cached = this.seriesIds.get(key);
    if (cached !== undefined) return cached;
    const row = this.st.seriesByKey(key);
    const id = row
      ? row.id
      : Number(this.st.seriesInsert(key, name, JSON.stringify(labels), service ?? serviceOf(labels), unit ?? null).lastInsertRowid);
    if (row && row.service === null && service) this.st.seriesSetServiceIfNone(service, id);
    this.seriesIds.set(key, id);
    return id;
  }

  /** Records whose a source is: the service most of its records were attributed to and where that came from. */
  setSourceService(sourceId: number, service: string | null, origin: string | null): void {
    this.st.sourceSetService(service, origin, sourceId);
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
   * Stores samples of one series from one source as compressed chunks, merged per timestamp with what the
   * series already holds (sample-merge.ts: the first value wins; repeats and conflicts are counted in the
   * result, never stored twice). `ts` need not be sorted; each call writes its own chunks (callers batch a
   * few thousand samples per call). Stored chunks are read only where the run overlaps the series' range.
   */
  appendSamples(seriesId: number, sourceId: number, ts: Float64Array, values: Float64Array): MergeCounts {
    const n = ts.length;
    if (!n) return emptyMergeCounts();
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      if (ts[i] < lo) lo = ts[i];
      if (ts[i] > hi) hi = ts[i];
    }
    const stored = this.mayHoldSamples(seriesId, lo, hi) ? this.readSamples(seriesId, lo, hi) : NO_SAMPLES;
    const merged = mergeSamples(ts, values, stored);
    const t = merged.ts;
    const v = merged.values;
    for (let start = 0; start < t.length; start += CHUNK_SAMPLES) {
      const end = Math.min(t.length, start + CHUNK_SAMPLES);
      const ct = t.subarray(start, end);
      const cv = v.subarray(start, end);
      this.st.chunkInsert(seriesId, sourceId, ct[0], ct[ct.length - 1], ct.length, encodeChunk(ct, cv));
    }
    const w = this.appended.get(seriesId);
    if (w) {
      w.min = Math.min(w.min, lo);
      w.max = Math.max(w.max, hi);
    } else this.appended.set(seriesId, { min: lo, max: hi });
    return merged.counts;
  }

  /**
   * False only when the series certainly holds no sample in [lo, hi]: outside both its stats range (refreshed
   * after each source) and the range this connection appended to it since (stats lag inside an import).
   */
  private mayHoldSamples(seriesId: number, lo: number, hi: number): boolean {
    const w = this.appended.get(seriesId);
    if (w && w.min <= hi && w.max >= lo) return true;
    const row = this.st.seriesById(seriesId);
    return row?.first_ts != null && row.last_ts != null && row.first_ts <= hi && row.last_ts >= lo;
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

  /**
   * Recomputes a series' stats and rollups over [from, to], after its samples changed: every bucket of every
   * step that overlaps [from, to] is rebuilt whole from all the series' samples in it (other sources' included).
   * O(samples in the widest buckets covering the range) to read, one row written per bucket.
   */
  refreshSeries(seriesId: number, from: number, to: number): void {
    this.st.seriesStats(seriesId);
    const widest = ROLLUP_STEPS[ROLLUP_STEPS.length - 1];
    const lo = Math.floor(from / widest) * widest;
    const hi = Math.floor(to / widest) * widest + widest - 1;
    this.st.rollupDeleteRange(seriesId, lo, hi);
    const { ts, values } = this.readSamples(seriesId, lo, hi);
    for (const step of ROLLUP_STEPS) {
      let bucket = Number.NaN;
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      let count = 0;
      for (let i = 0; i <= ts.length; i++) {
        const b = i < ts.length ? Math.floor(ts[i] / step) * step : Number.NaN;
        if (b !== bucket) {
          if (!Number.isNaN(bucket)) {
            this.st.rollupInsert(seriesId, step, bucket, count ? min : null, count ? max : null, sum, count);
          }
          if (i === ts.length) break;
          bucket = b;
          min = Infinity;
          max = -Infinity;
          sum = 0;
          count = 0;
        }
        const v = values[i];
        if (v === v && v !== Infinity && v !== -Infinity) {
          if (v < min) min = v;
          if (v > max) max = v;
          sum += v;
          count++;
        }
      }
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

  /** Adds one log event; returns its row id (rows of one source in one transaction get consecutive ids). */
  insertLog(sourceId: number, l: LogInput): number {
    return Number(
      this.st.logInsert(sourceId, l.ts, l.line, l.lines, l.service ?? null, l.level ?? null, l.templateId ?? null, l.raw)
        .lastInsertRowid,
    );
  }

  /**
   * Adds log events in order, LOG_ROWS_PER_INSERT rows per statement; returns the row id of the first (the rest
   * follow it consecutively), or -1 for none. O(rows).
   */
  insertLogs(sourceId: number, logs: readonly LogInput[]): number {
    let first = -1;
    let i = 0;
    const n = logs.length;
    if (n - i >= LOG_ROWS_PER_INSERT) {
      const args = this.logArgs;
      for (; n - i >= LOG_ROWS_PER_INSERT; i += LOG_ROWS_PER_INSERT) {
        for (let k = 0, o = 0; k < LOG_ROWS_PER_INSERT; k++, o += 8) {
          const l = logs[i + k];
          args[o] = sourceId;
          args[o + 1] = l.ts;
          args[o + 2] = l.line;
          args[o + 3] = l.lines;
          args[o + 4] = l.service ?? null;
          args[o + 5] = l.level ?? null;
          args[o + 6] = l.templateId ?? null;
          args[o + 7] = l.raw;
        }
        const last = Number(this.st.logInsertMany(args).lastInsertRowid);
        if (first < 0) first = last - LOG_ROWS_PER_INSERT + 1;
      }
    }
    for (; i < n; i++) {
      const row = this.insertLog(sourceId, logs[i]);
      if (first < 0) first = row;
    }
    return first;
  }

  /**
   * Renames template ids on a source's log rows (ids handed out while mining that later generalised), in one
   * pass over the rows with ids in [firstRow, lastRow]: O(rows in the range), whatever the number of pairs.
   * Runs in the caller's transaction.
   */
  remapLogTemplates(
    sourceId: number,
    pairs: readonly (readonly [string, string])[],
    firstRow = 0,
    lastRow = Number.MAX_SAFE_INTEGER,
  ): void {
    if (!pairs.length) return;
    if (pairs.length === 1) {
      this.st.logRemapTemplateInRange(pairs[0][1], firstRow, lastRow, sourceId, pairs[0][0]);
      return;
    }
    // A temp table (in memory, part of the transaction; created again if a rollback dropped it).
    this.db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS template_remap(from_id TEXT PRIMARY KEY, to_id TEXT NOT NULL) WITHOUT ROWID',
    );
    this.db.exec('DELETE FROM temp.template_remap');
    const add = this.db.prepare('INSERT OR REPLACE INTO temp.template_remap(from_id, to_id) VALUES (?, ?)');
    for (const [from, to] of pairs) add.run(from, to);
    this.db
      .prepare(
        `UPDATE logs SET template_id = (SELECT to_id FROM temp.template_remap WHERE from_id = logs.template_id)
         WHERE id BETWEEN ? AND ? AND source_id = ? AND template_id IN (SELECT from_id FROM temp.template_remap)`,
      )
      .run(firstRow, lastRow, sourceId);
    this.db.exec('DELETE FROM temp.template_remap');
  }

  /** Adds a source's template stats to the workspace's (counts add up; first/last seen widen). */
  mergeTemplate(t: {
    id: string;
    service: string | null;
    pattern: string;
    count: number;
    first: number;
    last: number;
    levels: Record<string, number>;
    examples: string[];
    buckets: Map<number, number>;
  }): void {
    const old = this.st.templateById(t.id);
    const levels = { ...(old ? (JSON.parse(old.levels) as Record<string, number>) : {}) };
    for (const [k, v] of Object.entries(t.levels)) levels[k] = (levels[k] ?? 0) + v;
    const examples = [...(old ? (JSON.parse(old.examples) as string[]) : []), ...t.examples].slice(0, 3);
    this.st.templateUpsert(
      t.id,
      t.service,
      t.pattern,
      Math.min(old?.first_seen ?? Infinity, t.first),
      Math.max(old?.last_seen ?? -Infinity, t.last),
      (old?.count ?? 0) + t.count,
      JSON.stringify(levels),
      JSON.stringify(examples),
    );
    for (const [b, n] of t.buckets) this.st.templateCountAdd(t.id, b, n);
  }

  templates(): TemplateRow[] {
    return this.st.templatesAll();
  }

  template(id: string): TemplateRow | undefined {
    return this.st.templateById(id);
  }

  /** Template counts per stored bucket in [from, to). */
  templateCounts(from: number, to: number): { template_id: string; bucket_ts: number; count: number }[] {
    return this.st.templateCountsInRange(clampTs(from), clampTs(to));
  }

  /** One template's counts per stored bucket in [from, to), by its primary key (no scan of the others). */
  templateCountsOf(templateId: string, from: number, to: number): { bucket_ts: number; count: number }[] {
    return this.st.templateCountsOfInRange(templateId, clampTs(from), clampTs(to));
  }

  /** Lines per template in [from, to) (whole buckets). */
  templateTotals(from: number, to: number): Map<string, number> {
    return new Map(this.st.templateTotalsInRange(clampTs(from), clampTs(to)).map((r) => [r.template_id, r.n]));
  }

  /**
   * The FROM and WHERE of a log filter, with its arguments: the FTS index when there is a text query,
   * lines-by-template when there is a template, and the time, service and level conditions.
   */
  private logFilterSql(f: LogFilter): { from: string; cond: string; args: unknown[] } {
    const where: string[] = ['l.ts >= ?', 'l.ts <= ?'];
    const args: unknown[] = [clampTs(f.from ?? -Infinity), clampTs(f.to ?? Infinity)];
    let from = 'logs l';
    if (f.query) {
      from = 'logs_fts JOIN logs l ON l.id = logs_fts.rowid';
      where.push('logs_fts MATCH ?');
      args.push(f.query);
    }
    // A template's lines come from log_templates, in (template, time) order; without a text query it leads.
    if (f.templateId) {
      from = f.query ? `${from} JOIN log_templates t ON t.log_id = l.id AND t.ts = l.ts` : 'log_templates t JOIN logs l ON l.id = t.log_id';
      where.push('t.template_id = ?', 't.ts >= ?', 't.ts <= ?');
      args.push(f.templateId, args[0], args[1]);
    }
    if (f.service) {
      where.push('l.service = ?');
      args.push(f.service);
    }
    if (f.level) {
      where.push('lower(l.level) = lower(?)');
      args.push(f.level);
    }
    return { from, cond: where.join(' AND '), args };
  }

  /**
   * Log events matching the filters, time-ordered, paged; `query` is an FTS5 expression.
   * Statements are prepared once per filter shape. Throws SQLite's error for a bad FTS5 query.
   */
  searchLogs(f: LogFilter, offset: number, limit: number, countLimit: number): { rows: LogRow[]; total: number } {
    const { from, cond, args } = this.logFilterSql(f);
    const order = f.order === 'desc' ? 'DESC' : 'ASC';
    // The same order either way (t.ts = l.ts, t.log_id = l.id); named on the table that is read in that order.
    const [time, id] = f.templateId ? ['t.ts', 't.log_id'] : ['l.ts', 'l.id'];
    const rows = this.prepared(`SELECT l.* FROM ${from} WHERE ${cond} ORDER BY ${time} ${order}, ${id} ${order} LIMIT ? OFFSET ?`).all(
      ...args,
      limit,
      offset,
    ) as LogRow[];
    const total = (this.prepared(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${cond} LIMIT ?)`).get(...args, countLimit) as { n: number }).n;
    return { rows, total };
  }

  /**
   * Matching log events per time bucket: `buckets` equal buckets from `lo` of `step` ms each (the filter's
   * own time range should be [lo, lo + buckets × step)). Reads only the matches' times, and at most
   * `scanLimit` of them (in the index's order, so a capped answer undercounts the later buckets):
   * `scanned` says how many were read. O(min(matches, scanLimit)). Throws SQLite's error for a bad FTS5 query.
   */
  logHistogram(f: LogFilter, lo: number, step: number, buckets: number, scanLimit: number): { counts: number[]; scanned: number } {
    const { from, cond, args } = this.logFilterSql(f);
    const rows = this.prepared(
      `SELECT CAST((ts - ?) / ? AS INTEGER) AS b, COUNT(*) AS n FROM (SELECT l.ts AS ts FROM ${from} WHERE ${cond} LIMIT ?) GROUP BY b`,
    ).all(lo, step, ...args, scanLimit) as { b: number; n: number }[];
    const counts = new Array<number>(buckets).fill(0);
    let scanned = 0;
    for (const r of rows) {
      counts[Math.max(0, Math.min(buckets - 1, r.b))] += r.n;
      scanned += r.n;
    }
    return { counts, scanned };
  }

  private readonly dynamic = new Map<string, Database.Statement>();
  private prepared(sql: string): Database.Statement {
    let st = this.dynamic.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.dynamic.set(sql, st);
    }
    return st;
  }

  /**
   * Indexes a source's log lines, once its rows and template ids are final, in its transaction: the full-text
   * index (one bulk statement: indexing each batch as it lands measured slower, FTS5 then flushes many small
   * segments) and the lines-by-template table (filled in key order). `rows`: the source's row ids when they are
   * consecutive (they are when one transaction wrote them), so neither statement looks rows up by source.
   */
  indexLogs(sourceId: number, rows?: { first: number; last: number }): void {
    if (!this.ftsTuned) {
      this.st.logsFtsAutomerge();
      this.ftsTuned = true;
    }
    if (rows) {
      this.st.logsIndexRows(rows.first, rows.last);
      this.st.logTemplatesOfRows(rows.first, rows.last);
    } else {
      this.st.logsIndexSource(sourceId);
      this.st.logTemplatesOfSource(sourceId);
    }
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
        e.nonprod ? 1 : 0,
      ).lastInsertRowid,
    );
  }

  /**
   * Folds a deploy into the deploy already stored for the same deployment (`attrs.deployment_id`: a GitHub
   * deployments file and its statuses file imported apart): the span covers both, attributes the stored row
   * lacks are added (its own are kept), the title with a version wins. Returns the stored row's id, or null
   * when no deploy of that deployment is stored yet.
   */
  linkDeploy(e: EventInput): number | null {
    const id = e.attrs?.deployment_id;
    if (e.kind !== 'deploy' || !id) return null;
    const row = this.st.deployByDeploymentId(id);
    if (!row) return null;
    const stored = JSON.parse(row.attrs) as Record<string, string>;
    const attrs = { ...(e.attrs ?? {}), ...stored };
    const ts = Math.min(row.ts, e.ts);
    const end = Math.max(row.end_ts ?? row.ts, e.endTs ?? e.ts);
    const title = stored.version || !e.attrs?.version ? row.title : e.title;
    this.st.eventUpdateSpan(ts, end > ts ? end : null, title, JSON.stringify(attrs), row.id);
    return row.id;
  }

  /**
   * Events overlapping [from, to], time-ordered, at most `limit`; with `kinds`, only those kinds (filtered before
   * the limit, so derived rows of other kinds never crowd them out). Events of non-production environments
   * (staging, dev …) only with `includeNonprod`: production views leave them out.
   */
  events(from: number, to: number, limit = 10_000, kinds?: readonly string[], includeNonprod = false): EventRow[] {
    const nonprod = includeNonprod ? 1 : 0;
    return kinds
      ? this.st.eventsOfKindsInRange(JSON.stringify(kinds), clampTs(to), clampTs(from), nonprod, limit)
      : this.st.eventsInRange(clampTs(to), clampTs(from), nonprod, limit);
  }

  event(id: number): EventRow | undefined {
    return this.st.eventById(id);
  }

  deleteEvent(id: number): void {
    this.write(() => this.st.eventDelete(id));
  }

  /** Replaces every derived event of `kind` (e.g. 'outlier', which belongs to no series). */
  replaceDerivedKind(kind: string, events: EventInput[]): void {
    this.write(() => {
      this.st.derivedKindDelete(kind);
      for (const e of events) this.insertEvent(null, { ...e, kind });
    });
  }

  /** Replaces the derived events of `kind` of one service (null: those of no service). */
  replaceServiceEvents(kind: string, service: string | null, events: EventInput[]): void {
    this.st.derivedKindOfServiceDelete(kind, service);
    for (const e of events) this.insertEvent(null, { ...e, kind, service });
  }

  // ---- typed derived results (anomaly ranges, change points, log-pattern events) -------------

  /**
   * Replaces a series' anomaly ranges: each is a timeline event (kind 'anomaly') and an anomaly_ranges row with
   * the same id. Runs in the caller's transaction.
   */
  replaceAnomalies(seriesId: number, service: string | null, ranges: readonly AnomalyInput[]): void {
    this.st.anomaliesOfSeriesDelete(seriesId);
    for (const r of ranges) {
      const id = this.insertEvent(null, { ts: r.start, endTs: r.end, kind: 'anomaly', service, title: r.title, severity: r.severity, attrs: { seriesId: String(seriesId) } });
      this.st.anomalyInsert(id, seriesId, service, r.start, r.end, r.peakTs, r.peakValue, r.expected, r.direction, r.severity, r.sigmas, r.points, r.rank);
    }
  }

  /** Open anomaly ranges overlapping [from, to] (of one series, or one service), best ranked first. */
  anomalies(f: DerivedFilter): AnomalyRow[] {
    return filtered(f, this.st.anomaliesOfSeriesInRange, this.st.anomaliesOfServiceInRange, this.st.anomaliesInRange);
  }

  anomaly(id: number): AnomalyRow | undefined {
    return this.st.anomalyById(id);
  }

  /** Marks an anomaly range expected: it leaves lists and counts (its feedback keeps it out of later runs). */
  markAnomalyExpected(id: number): void {
    this.st.anomalySetState('expected', id);
  }

  /** Per series: open anomalies and the best rank among them. */
  anomalyStats(): Map<number, { n: number; top: number }> {
    return new Map(this.st.anomalyStats().map((r) => [r.series_id, { n: r.n, top: r.top }]));
  }

  countAnomalies(): number {
    return this.st.anomalyCount()?.n ?? 0;
  }

  /** Replaces a series' change points (events of kind 'changepoint' + change_points rows). */
  replaceChangePoints(seriesId: number, service: string | null, changes: readonly ChangePointInput[]): void {
    this.st.changePointsOfSeriesDelete(seriesId);
    for (const c of changes) {
      const id = this.insertEvent(null, { ts: c.ts, kind: 'changepoint', service, title: c.title, severity: c.severity, attrs: { seriesId: String(seriesId) } });
      this.st.changePointInsert(id, seriesId, service, c.ts, c.kind, c.before, c.after, c.confidence);
    }
  }

  /** Change points in [from, to] (of one series, or one service), time-ordered. */
  changePoints(f: DerivedFilter): ChangePointRow[] {
    return filtered(f, this.st.changePointsOfSeriesInRange, this.st.changePointsOfServiceInRange, this.st.changePointsInRange);
  }

  /** Deletes anomaly ranges and change points (and their events) of series that no longer exist. */
  pruneDerivedOfMissingSeries(): void {
    this.st.derivedOfMissingSeriesDelete();
  }

  countChangePoints(): number {
    return this.st.changePointCount()?.n ?? 0;
  }

  /** Replaces every log-pattern event (events of kind 'log-pattern' + pattern_events rows). */
  replacePatternEvents(events: readonly PatternEventInput[]): void {
    this.st.patternEventsDeleteAll();
    for (const e of events) {
      const id = this.insertEvent(null, { ts: e.start, endTs: e.end, kind: 'log-pattern', service: e.service, title: e.title, severity: e.severity, attrs: { templateId: e.templateId } });
      this.st.patternEventInsert(id, e.templateId, e.service, e.start, e.end, e.kind, e.magnitude, e.score);
    }
  }

  /** Log-pattern events overlapping [from, to], highest score first. */
  patternEvents(from = -Infinity, to = Infinity, limit = 10_000): PatternEventRow[] {
    return this.st.patternEventsInRange(clampTs(to), clampTs(from), limit);
  }

  // ---- analysis steps ---------------------------------------------------------------------------

  /** What analysis step `step` last stored for `unit`: the key it ran under and its JSON output. */
  stepRun(step: string, unit: string): { key: string; output: string } | undefined {
    return this.st.stepRunGet(step, unit);
  }

  putStepRun(step: string, unit: string, key: string, output: string): void {
    this.st.stepRunPut(step, unit, key, output, Date.now());
  }

  /** Records that [start, end] of a series (all series when null) is expected behaviour. */
  addFeedback(seriesId: number | null, start: number, end: number, verdict: 'expected', note = ''): void {
    this.write(() => {
      this.st.feedbackInsert(seriesId, start, end, verdict, note, Date.now());
      this.setMeta('feedback_version', String(Number(this.getMeta('feedback_version') ?? 0) + 1));
    });
  }

  /** Ranges marked expected for a series: kept out of its baseline and never reported again. */
  expectedRanges(seriesId: number): { startMs: number; endMs: number }[] {
    return this.st.feedbackOfSeries(seriesId).map((r) => ({ startMs: r.start_ts, endMs: r.end_ts }));
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

  /**
   * The workspace's time range: the span of its metrics and logs. Events and alerts far outside it are kept
   * and listed but do not stretch it; a workspace of events only spans its events.
   */
  timeRange(): Span {
    const data = joinSpans(this.metricsSpan(), this.logSpan());
    return data.first !== null ? data : (this.st.eventsSpan() ?? { first: null, last: null });
  }

  /** First and last sample time over all series (their stats, refreshed after each source). */
  metricsSpan(): Span {
    return this.st.metricsSpan() ?? { first: null, last: null };
  }

  /** First and last log event time: what log-pattern novelty is judged against. O(log n) on logs(ts). */
  logSpan(): Span {
    return this.st.logSpan() ?? { first: null, last: null };
  }

  /** Per service (null: none): series, samples, log events and imported events. */
  perService() {
    const series = this.st.servicesSummary();
    const logs = new Map(this.st.logsPerService().map((r) => [r.service, r.logs]));
    const events = new Map(this.st.eventsPerService().map((r) => [r.service, r.events]));
    const names = new Set<string | null>([...series.map((s) => s.service), ...logs.keys(), ...events.keys()]);
    return [...names].map((service) => {
      const s = series.find((x) => x.service === service);
      return { service, series: s?.series ?? 0, samples: s?.samples ?? 0, logs: logs.get(service) ?? 0, events: events.get(service) ?? 0 };
    });
  }

  /** Imported events per kind (deploy, alert, k8s-scale …): of production (and unknown) environments, and of others. */
  eventsPerKind(): { production: Record<string, number>; nonprod: Record<string, number> } {
    const out = { production: {} as Record<string, number>, nonprod: {} as Record<string, number> };
    for (const r of this.st.eventsPerKind()) (r.nonprod ? out.nonprod : out.production)[r.kind] = r.events;
    return out;
  }
}

/**
 * Rows of a typed derived-result list for a filter, through the statement that uses the best index: by series
 * (then by service in memory: a series has one service), by service, or all. Each takes (…, to, from, limit).
 */
function filtered<R extends { service: string | null }>(
  f: DerivedFilter,
  ofSeries: (seriesId: number, to: number, from: number, limit: number) => R[],
  ofService: (service: string, to: number, from: number, limit: number) => R[],
  all: (to: number, from: number, limit: number) => R[],
): R[] {
  const to = clampTs(f.to ?? Infinity);
  const from = clampTs(f.from ?? -Infinity);
  const limit = f.limit ?? 10_000;
  if (f.seriesId !== undefined) return ofSeries(f.seriesId, to, from, limit).filter((r) => !f.service || r.service === f.service);
  return f.service ? ofService(f.service, to, from, limit) : all(to, from, limit);
}

/** The smallest span holding both (nulls are empty). */
function joinSpans(a: Span, b: Span): Span {
  const firsts = [a.first, b.first].filter((t): t is number => t !== null);
  const lasts = [a.last, b.last].filter((t): t is number => t !== null);
  return { first: firsts.length ? Math.min(...firsts) : null, last: lasts.length ? Math.max(...lasts) : null };
}

/** SQLite integers cannot hold ±Infinity: clamp open bounds to the int64 range. */
function clampTs(t: number): number {
  if (t === Infinity) return Number.MAX_SAFE_INTEGER;
  if (t === -Infinity) return Number.MIN_SAFE_INTEGER;
  return Math.round(t);
}
