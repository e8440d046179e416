/**
 * The importer: inputs (files, folders, archives) -> detected readers -> the workspace store,
 * one transaction per source. A source lands whole or not at all; identical content (by sha256)
 * is a no-op; a malformed file is rejected with `file:line: expected …, found …` unless bad lines
 * may be skipped, in which case their count and the first of them are kept with the source.
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportFileResult, ImportResult } from '../api/contract';
import { CancelledError, throwIfCancelled } from '../jobs/protocol';
import type { WorkspaceStore } from '../store/workspace';
import { walkInputs, type ArchiveLimits, type InputEntry } from './archive';
import { AccessLogMetrics } from './formats/logs';
import { detectFormat } from './registry';
import { SourceTemplates } from './templates';
import { ParseError, type FormatReader, type IngestRecord, type Sniff } from './types';

export interface ImportOptions {
  zone?: string;
  skipBadLines?: boolean;
  limits?: Partial<ArchiveLimits>;
  signal?: AbortSignal;
  onProgress?(p: { done: number; total: number; message: string; file: { path: string; index: number; count: number } }): void;
  /** Year for times that carry none (RFC 3164); default inferred by the reader. */
  referenceYear?: number;
  /** Set per file by the importer: its modification time. */
  fileTimeMs?: number;
}

const HEAD_BYTES = 64 * 1024;
/** Bad lines listed with a source (the count is always kept). */
const BAD_LINES_KEPT = 20;
/** Samples buffered per series before they are written as chunks. */
const FLUSH_SAMPLES = 2400;

async function readHead(entry: InputEntry): Promise<Sniff> {
  const stream = entry.open();
  const parts: Buffer[] = [];
  let size = 0;
  let complete = true;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    parts.push(buf);
    size += buf.length;
    if (size >= HEAD_BYTES) {
      complete = false;
      break;
    }
  }
  (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  const bytes = Buffer.concat(parts).subarray(0, HEAD_BYTES);
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes, { stream: !complete });
  return { name: entry.path, head, complete: complete && size <= HEAD_BYTES };
}

async function hashOf(entry: InputEntry, signal?: AbortSignal): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of entry.open() as AsyncIterable<Buffer | string>) {
    throwIfCancelled(signal);
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    h.update(buf);
    bytes += buf.length;
  }
  return { sha256: h.digest('hex'), bytes };
}

function emptyResult(path: string, format: string | null, status: ImportFileResult['status'], reason?: string): ImportFileResult {
  return { path, format, status, reason, series: 0, samples: 0, logs: 0, events: 0, edges: 0, rejected: 0, badLines: [] };
}

/** Writes one source inside the caller's transaction; returns what landed. */
async function writeSource(
  store: WorkspaceStore,
  sourceId: number,
  reader: FormatReader,
  entry: InputEntry,
  opts: ImportOptions,
  result: ImportFileResult,
  onBytes: (n: number) => void,
): Promise<{ firstTs: number | null; lastTs: number | null; notes: string[] }> {
  const buffers = new Map<number, { ts: number[]; values: number[]; min: number; max: number }>();
  const touched = new Map<number, { min: number; max: number }>();
  let firstTs = Infinity;
  let lastTs = -Infinity;
  const seen = (t: number): void => {
    if (t < firstTs) firstTs = t;
    if (t > lastTs) lastTs = t;
  };
  const flush = (seriesId: number): void => {
    const b = buffers.get(seriesId);
    if (!b || !b.ts.length) return;
    store.appendSamples(seriesId, sourceId, Float64Array.from(b.ts), Float64Array.from(b.values));
    const t = touched.get(seriesId) ?? { min: Infinity, max: -Infinity };
    t.min = Math.min(t.min, b.min);
    t.max = Math.max(t.max, b.max);
    touched.set(seriesId, t);
    buffers.set(seriesId, { ts: [], values: [], min: Infinity, max: -Infinity });
  };

  const write = (rec: IngestRecord): void => {
    switch (rec.kind) {
      case 'samples': {
        const id = store.seriesId(rec.name, rec.labels, rec.unit);
        let b = buffers.get(id);
        if (!b) {
          b = { ts: [], values: [], min: Infinity, max: -Infinity };
          buffers.set(id, b);
        }
        for (let i = 0; i < rec.ts.length; i++) {
          const t = rec.ts[i];
          if (!Number.isFinite(t)) continue;
          b.ts.push(t);
          b.values.push(rec.values[i]);
          if (t < b.min) b.min = t;
          if (t > b.max) b.max = t;
          seen(t);
        }
        result.samples += rec.ts.length;
        if (b.ts.length >= FLUSH_SAMPLES) flush(id);
        break;
      }
      case 'log':
        store.insertLog(sourceId, {
          ts: rec.ts,
          line: rec.line,
          lines: rec.lines,
          service: rec.service,
          level: rec.level,
          templateId: templates.add(rec.service, rec.level, rec.ts, rec.message, rec.raw),
          raw: rec.raw,
        });
        if (accessMetrics && rec.attrs?.status) accessMetrics.add(rec);
        seen(rec.ts);
        result.logs++;
        break;
      case 'event':
        store.insertEvent(sourceId, {
          ts: rec.ts,
          endTs: rec.endTs,
          kind: rec.type,
          service: rec.service,
          title: rec.title,
          severity: rec.severity,
          attrs: rec.attrs,
        });
        seen(rec.ts);
        result.events++;
        break;
      case 'edge':
        store.upsertEdge(sourceId, rec.caller, rec.callee, rec.attrs);
        result.edges++;
        break;
    }
  };

  const templates = new SourceTemplates();
  // Access logs also become metrics (request rate, status classes, bytes, latency percentiles).
  const accessMetrics = reader.id === 'log-access' ? new AccessLogMetrics() : null;
  const badLines: string[] = [];
  const readerNotes: string[] = [];
  const ctx = {
    file: entry.path,
    zone: opts.zone ?? 'UTC',
    skipBadLines: opts.skipBadLines ?? false,
    signal: opts.signal,
    referenceYear: opts.referenceYear,
    fileTimeMs: opts.fileTimeMs,
    onNote(message: string) {
      if (readerNotes.length < BAD_LINES_KEPT) readerNotes.push(message);
    },
    onBadLine(line: number, message: string) {
      result.rejected++;
      if (badLines.length < BAD_LINES_KEPT) badLines.push(`${entry.path}:${line}: ${message}`);
    },
    onProgress: onBytes,
  };
  for await (const batch of reader.read(() => entry.open(), ctx)) {
    throwIfCancelled(opts.signal);
    for (const rec of batch) write(rec);
  }
  if (accessMetrics) for (const rec of accessMetrics.result()) write(rec);
  for (const id of buffers.keys()) flush(id);
  if (result.logs) templates.flush(store, sourceId);
  for (const [id, range] of touched) store.refreshSeries(id, range.min, range.max);
  if (result.logs) store.indexLogs(sourceId);
  result.series = touched.size;
  result.badLines = badLines;
  const notes = [
    `read in zone ${ctx.zone}`,
    ...readerNotes,
    ...(result.rejected ? [`${result.rejected} bad line(s) skipped`, ...badLines] : []),
  ];
  return { firstTs: Number.isFinite(firstTs) ? firstTs : null, lastTs: Number.isFinite(lastTs) ? lastTs : null, notes };
}

/** Bytes on disk under `paths` (folders walked), for the progress total. Unreadable paths count 0. */
async function diskBytes(paths: string[]): Promise<number> {
  let total = 0;
  const visit = async (p: string): Promise<void> => {
    try {
      const st = await stat(p);
      if (st.isDirectory()) {
        for (const name of await readdir(p)) await visit(join(p, name));
      } else if (st.isFile()) total += st.size;
    } catch {
      // the walk reports unreadable inputs itself
    }
  };
  for (const p of paths) await visit(p);
  return total;
}

/** Imports `paths` into `store`. Never throws for a bad file: each file's outcome is in the result. */
export async function importPaths(store: WorkspaceStore, paths: string[], opts: ImportOptions = {}): Promise<ImportResult> {
  const started = performance.now();
  const zone = opts.zone ?? 'UTC';
  const files: ImportFileResult[] = [];
  const totalBytes = await diskBytes(paths);
  // Progress counts bytes on disk. An archive's members are decompressed bytes, so inside an archive
  // progress moves within the archive's share and jumps to its end when the walk leaves it.
  let doneBytes = 0;
  let container: { path: string; start: number; size: number } | null = null;
  const topOf = (p: string): string => p.split('!/')[0];
  let index = 0;

  // Each entry is read completely before the next is requested: spooled archive members last only that long.
  for await (const e of walkInputs(paths, opts.limits, opts.signal)) {
    throwIfCancelled(opts.signal);
    const top = topOf(e.path);
    if (container && container.path !== top) {
      doneBytes = container.start + container.size;
      container = null;
    }
    const inArchive = top !== e.path;
    if (inArchive && !container) {
      container = { path: top, start: doneBytes, size: await stat(top).then((st) => st.size).catch(() => 0) };
    }
    if ('skipped' in e) {
      files.push(emptyResult(e.path, null, 'skipped', e.reason));
      continue;
    }
    const entry = e;
    const file = { path: entry.path, index: index++, count: 0 };
    const base = doneBytes;
    const report = (n: number, message: string): void => {
      const at = container ? Math.min(container.start + container.size * 0.99, base + n) : base + n;
      opts.onProgress?.({ done: Math.min(at, totalBytes), total: totalBytes, message, file });
    };
    report(0, `reading ${entry.path}`);
    const advance = (bytes: number): void => {
      if (!container) doneBytes = base + bytes;
      else doneBytes = Math.min(container.start + container.size * 0.99, base + bytes);
    };
    let sniff: Sniff;
    try {
      sniff = await readHead(entry);
    } catch (err) {
      files.push(emptyResult(entry.path, null, 'failed', err instanceof Error ? err.message : String(err)));
      continue;
    }
    const verdict = detectFormat(sniff);
    if (!verdict.reader) {
      files.push(emptyResult(entry.path, null, 'skipped', verdict.reason));
      advance(entry.size ?? 0);
      continue;
    }
    const reader = verdict.reader;
    const result = emptyResult(entry.path, reader.id, 'imported');
    let hashed: { sha256: string; bytes: number };
    try {
      hashed = await hashOf(entry, opts.signal);
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      files.push(emptyResult(entry.path, reader.id, 'failed', err instanceof Error ? err.message : String(err)));
      continue;
    }
    const { sha256, bytes } = hashed;
    if (store.sourceBySha(sha256)) {
      result.status = 'unchanged';
      result.reason = 'identical content was imported before';
      files.push(result);
      advance(bytes);
      continue;
    }
    const fileTimeMs = inArchive ? undefined : await stat(entry.path).then((st) => st.mtimeMs).catch(() => undefined);
    store.db.exec('BEGIN IMMEDIATE');
    try {
      const sourceId = store.addSource({ path: entry.path, format: reader.id, kind: reader.kind, bytes, sha256, zone });
      const summary = await writeSource(store, sourceId, reader, entry, { ...opts, fileTimeMs }, result, (n) =>
        report(n, `importing ${entry.path}`),
      );
      store.finishSource(sourceId, {
        accepted: result.samples + result.logs + result.events + result.edges,
        rejected: result.rejected,
        ...summary,
      });
      store.bumpDataVersion();
      store.db.exec('COMMIT');
    } catch (err) {
      if (store.db.inTransaction) store.db.exec('ROLLBACK');
      store.resetCaches();
      if (err instanceof CancelledError || opts.signal?.aborted) throw new CancelledError();
      const reason =
        err instanceof ParseError ? err.message : `${entry.path}: ${err instanceof Error ? err.message : String(err)}`;
      files.push(emptyResult(entry.path, reader.id, 'failed', reason));
      advance(bytes);
      continue;
    }
    files.push(result);
    advance(bytes);
  }
  opts.onProgress?.({ done: totalBytes, total: totalBytes, message: 'imported', file: { path: '', index: Math.max(0, index - 1), count: index } });

  const totals = { series: 0, samples: 0, logs: 0, events: 0, edges: 0, skipped: 0, failed: 0 };
  for (const f of files) {
    totals.series += f.series;
    totals.samples += f.samples;
    totals.logs += f.logs;
    totals.events += f.events;
    totals.edges += f.edges;
    if (f.status === 'skipped') totals.skipped++;
    if (f.status === 'failed') totals.failed++;
  }
  return { zone, files, totals, seconds: (performance.now() - started) / 1000 };
}
