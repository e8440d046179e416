/**
 * The importer: inputs (files, folders, archives) -> detected readers -> the workspace store,
 * one transaction per source. A source lands whole or not at all; identical content (by sha256)
 * is a no-op; a malformed file is rejected with `file:line: expected …, found …` unless bad lines
 * may be skipped, in which case their count and the first of them are kept with the source.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import type { FinalizeResult } from '../analysis/logs/miner';
import type { ImportFileResult, ImportResult } from '../api/contract';
import { CancelledError, throwIfCancelled } from '../base/cancel';
import type { LogInput, WorkspaceStore } from '../store/workspace';
import { walkInputs, type ArchiveLimits, type InputEntry } from './archive';
import type { MergeCounts } from '../store/sample-merge';
import { findGrownBase, growthCandidates, grownNotice, renumbered, skipBytes, type GrownBase } from './grown';
import { PendingSamples } from './pending-samples';
import { plausibleBatches, plausibleNotice, referenceOf, TimeJudge } from './plausible';
import { detectFormat } from './registry';
import { minedBatches, type SourceAttribution } from './source-batches';
import { SourceTemplates } from './templates';
import { ParseError, type FormatReader, type ReadContext, type Sniff } from './types';
import { IngestWorker, type BatchRecord, type Digest, type ReadOutcome, type SourceBatch } from './worker-reader';

export interface ImportOptions {
  zone?: string;
  skipBadLines?: boolean;
  limits?: Partial<ArchiveLimits>;
  signal?: AbortSignal;
  onProgress?(p: { done: number; total: number; rows: number; message: string; file: { path: string; index: number; count: number } }): void;
  /** Keep rows with implausible times (outside the window, or far from the rest: plausible.ts) instead of leaving them out. */
  keepImplausibleTimes?: boolean;
  /** The service of whatever names no service itself (`--service`; core/ingest/service-attribution.ts). */
  service?: string;
  /** Year for times that carry none (RFC 3164); default inferred by the reader. */
  referenceYear?: number;
  /**
   * Starts a worker thread running ingest-worker.ts: files are then parsed and their log templates mined there
   * while this thread writes (worker-reader.ts). Without it everything runs in this thread; the results are the
   * same either way. One worker serves the whole import (another is started after one had to be stopped).
   */
  worker?: () => Worker;
}

const HEAD_BYTES = 64 * 1024;
/** Bad lines listed with a source (the count is always kept). */
const BAD_LINES_KEPT = 20;
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

async function hashOf(entry: InputEntry, signal?: AbortSignal): Promise<Digest> {
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

/**
 * An entry whose first opened stream is hashed as the reader consumes it. `digest()` is the content's
 * sha256 when that stream was read to its end, else undefined (the reader stopped early: hash separately).
 */
class HashingEntry implements InputEntry {
  readonly path: string;
  readonly size: number | undefined;
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private opened = false;
  private ended = false;

  constructor(private readonly entry: InputEntry) {
    this.path = entry.path;
    this.size = entry.size;
  }

  open(): NodeJS.ReadableStream {
    if (this.opened) return this.entry.open();
    this.opened = true;
    const tap = new Transform({
      transform: (chunk: Buffer | string, _enc, done) => {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        this.hash.update(buf);
        this.bytes += buf.length;
        done(null, buf);
      },
      flush: (done) => {
        this.ended = true;
        done();
      },
    });
    // Errors of the source reach the reader through the tap; destroying the tap releases the source.
    pipeline(this.entry.open() as Readable, tap, () => undefined);
    return tap;
  }

  digest(): Digest | undefined {
    return this.ended ? { sha256: this.hash.digest('hex'), bytes: this.bytes } : undefined;
  }
}

function unchanged(result: ImportFileResult): ImportFileResult {
  result.status = 'unchanged';
  result.reason = 'identical content was imported before';
  return result;
}

function emptyResult(path: string, format: string | null, status: ImportFileResult['status'], reason?: string): ImportFileResult {
  return { path, format, status, reason, series: 0, samples: 0, logs: 0, events: 0, edges: 0, rejected: 0, badLines: [] };
}

/** The source's batches read in this thread (templates mined here too), as SourceBatches. */
async function* localBatches(
  reader: FormatReader,
  open: () => NodeJS.ReadableStream,
  ctx: ReadContext,
  out: ReadOutcome,
): AsyncGenerator<SourceBatch> {
  const done = (finals: Map<string, FinalizeResult>, attribution: SourceAttribution): void => {
    out.finals = finals;
    out.attribution = attribution;
  };
  for await (const b of minedBatches(reader, open, ctx, done)) {
    const logs = new Array<LogInput>(b.logs.length);
    for (let i = 0; i < logs.length; i++) {
      const l = b.logs[i];
      const templateId = b.templateIds[i];
      logs[i] = { ts: l.ts, line: l.line, lines: l.lines, service: l.service, level: l.level, templateId, raw: l.raw };
    }
    yield { records: b.records, logs };
  }
}

/**
 * Writes one source's batches inside the caller's transaction; then its templates (`finals()`: the miners'
 * final results, known once the batches are done), series stats and rollups, and full-text index.
 * Returns the time range of what landed, the series it wrote to, and notices for the import summary (what was
 * merged or left out).
 */
async function writeSource(
  store: WorkspaceStore,
  sourceId: number,
  batches: AsyncIterable<SourceBatch>,
  finals: () => Map<string, FinalizeResult>,
  result: ImportFileResult,
  signal: AbortSignal | undefined,
): Promise<{ firstTs: number | null; lastTs: number | null; seriesIds: number[]; notices: string[] }> {
  const pending = new PendingSamples(store, sourceId);
  /** Series ids by the reader's label objects (readers reuse one per series), so keys are built once a series. */
  const idsByLabels = new WeakMap<object, { name: string; unit: string | undefined; id: number }>();
  const templates = new SourceTemplates();
  let firstRow = 0;
  let lastRow = -1;
  let firstTs = Infinity;
  let lastTs = -Infinity;
  let linked = 0;
  const seen = (t: number): void => {
    if (t < firstTs) firstTs = t;
    if (t > lastTs) lastTs = t;
  };

  const write = (rec: BatchRecord): void => {
    switch (rec.kind) {
      case 'samples': {
        let known = idsByLabels.get(rec.labels);
        if (!known || known.name !== rec.name || known.unit !== rec.unit) {
          known = { name: rec.name, unit: rec.unit, id: store.seriesId(rec.name, rec.labels, rec.unit, rec.service) };
          idsByLabels.set(rec.labels, known);
        }
        const range = pending.add(known.id, rec.ts, rec.values);
        if (range) {
          seen(range.min);
          seen(range.max);
        }
        result.samples += rec.ts.length;
        break;
      }
      case 'log':
        break; // log events come in SourceBatch.logs
      case 'event': {
        const event = {
          ts: rec.ts,
          endTs: rec.endTs,
          kind: rec.type,
          service: rec.service,
          title: rec.title,
          severity: rec.severity,
          attrs: rec.attrs,
          nonprod: rec.attrs?.nonprod === 'true',
        };
        // A deployment's statuses and the deployment itself, imported from two files, are one deploy.
        if (store.linkDeploy(event) !== null) linked++;
        else store.insertEvent(sourceId, event);
        result.events++;
        seen(rec.ts);
        break;
      }
      case 'edge':
        store.upsertEdge(sourceId, rec.caller, rec.callee, rec.attrs);
        result.edges++;
        break;
    }
  };

  for await (const batch of batches) {
    throwIfCancelled(signal);
    for (const rec of batch.records) write(rec);
    const rows = batch.logs;
    if (!rows.length) continue;
    for (const r of rows) {
      templates.record(r.templateId ?? '', r.service, r.level, r.ts, r.raw);
      seen(r.ts);
    }
    const first = store.insertLogs(sourceId, rows);
    if (result.logs === 0) firstRow = first;
    lastRow = first + rows.length - 1;
    result.logs += rows.length;
  }
  pending.flushAll(true);
  // Rows of one source are consecutive; if they ever were not, the remap visits all of the source's rows.
  const consecutive = lastRow - firstRow + 1 === result.logs;
  if (result.logs) templates.flush(store, sourceId, finals(), consecutive ? firstRow : undefined);
  for (const [id, range] of pending.touched) store.refreshSeries(id, range.min, range.max);
  if (result.logs) store.indexLogs(sourceId, consecutive ? { first: firstRow, last: lastRow } : undefined);
  result.series = pending.touched.size;
  const merged = mergeNotice(store, pending.merged);
  if (merged) result.samples -= pending.merged.duplicates + pending.merged.conflicts;
  return {
    firstTs: Number.isFinite(firstTs) ? firstTs : null,
    lastTs: Number.isFinite(lastTs) ? lastTs : null,
    seriesIds: [...pending.touched.keys()],
    notices: [
      ...(merged ? [merged] : []),
      ...(linked ? [`${linked} deploy(s) joined the deploy of the same GitHub deployment imported earlier (its start, end and outcome now cover both)`] : []),
    ],
  };
}

/**
 * The import summary's sentence for samples left out because their series already held their timestamp
 * (an overlapping export, or a timestamp repeated in the file); undefined when there were none.
 */
function mergeNotice(store: WorkspaceStore, merged: MergeCounts): string | undefined {
  if (!merged.duplicates && !merged.conflicts) return undefined;
  const parts: string[] = [];
  if (merged.duplicates) parts.push(`${merged.duplicates} sample(s) repeated a timestamp already stored with the same value: stored once`);
  if (merged.conflicts) {
    const examples = merged.examples.map((e) => {
      const key = e.seriesId === undefined ? '' : `${store.series(e.seriesId)?.key ?? `series ${e.seriesId}`} `;
      return `${key}at ${new Date(e.ts).toISOString()}: kept ${e.kept}, dropped ${e.dropped}`;
    });
    parts.push(`${merged.conflicts} sample(s) gave another value for a timestamp already stored: the first value was kept (e.g. ${examples.join('; ')})`);
  }
  return parts.join('; ');
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
  /** Rows landed so far (samples, log events, events, edges), the current file's included: for rows per second. */
  let current: ImportFileResult | null = null;
  let rowsBefore = 0;
  const rowsOf = (f: ImportFileResult): number => f.samples + f.logs + f.events + f.edges;
  const rowsDone = (): number => rowsBefore + (current ? rowsOf(current) : 0);
  const totalBytes = await diskBytes(paths);
  // Progress counts bytes on disk. An archive's members are decompressed bytes, so inside an archive
  // progress moves within the archive's share and jumps to its end when the walk leaves it.
  let doneBytes = 0;
  let container: { path: string; start: number; size: number } | null = null;
  const topOf = (p: string): string => p.split('!/')[0];
  let index = 0;
  let worker: IngestWorker | undefined;
  /** Series written by this import, each once however many files (rotated logs, overlapping exports) fed it. */
  const seriesTouched = new Set<number>();
  try {
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
        files.push(emptyResult(e.path, null, e.damaged ? 'failed' : 'skipped', e.reason));
        continue;
      }
      const entry = e;
      const file = { path: entry.path, index: index++, count: 0 };
      const base = doneBytes;
      const report = (n: number, message: string): void => {
        const at = container ? Math.min(container.start + container.size * 0.99, base + n) : base + n;
        opts.onProgress?.({ done: Math.min(at, totalBytes), total: totalBytes, rows: rowsDone(), message, file });
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
      current = result;
      // Identical content has the same size: only when a source of this size exists (or the size is unknown, as
      // inside a .gz) is the file hashed before importing. Otherwise it is hashed while it is read: one pass.
      let hashed: Digest | undefined;
      // A log imported before under this path that has grown since: only its new lines are read (grown.ts).
      let grown: GrownBase | undefined;
      const candidates = growthCandidates(store.sources(), entry.path, reader.id, entry.size);
      try {
        if (candidates.length) {
          const found = await findGrownBase(entry, candidates, opts.signal);
          hashed = found.digest;
          grown = found.base;
        } else if (entry.size === undefined || store.hasSourceOfSize(entry.size)) {
          hashed = await hashOf(entry, opts.signal);
        }
      } catch (err) {
        if (err instanceof CancelledError) throw err;
        files.push(emptyResult(entry.path, reader.id, 'failed', err instanceof Error ? err.message : String(err)));
        continue;
      }
      if (hashed && store.sourceBySha(hashed.sha256)) {
        files.push(unchanged(result));
        advance(hashed.bytes);
        continue;
      }
      const fileTimeMs = inArchive ? undefined : await stat(entry.path).then((st) => Math.floor(st.mtimeMs)).catch(() => undefined);
      const badLines: string[] = [];
      const readerNotes: string[] = [];
      const ctx: ReadContext = {
        file: entry.path,
        zone,
        skipBadLines: opts.skipBadLines ?? false,
        signal: opts.signal,
        referenceYear: opts.referenceYear,
        fileTimeMs,
        service: opts.service,
        onNote(message: string) {
          if (readerNotes.length < BAD_LINES_KEPT) readerNotes.push(message);
        },
        onBadLine(line: number, message: string) {
          result.rejected++;
          if (badLines.length < BAD_LINES_KEPT) badLines.push(`${entry.path}:${line + (grown?.lines ?? 0)}: ${message}`);
        },
        onProgress: (n) => report(n, `importing ${entry.path}`),
      };
      // Read here (hashing as the reader goes), or in the ingest worker, which hashes the bytes it is sent.
      const remote = opts.worker ? (worker?.usable ? worker : (worker = new IngestWorker(opts.worker()))) : undefined;
      const tee = hashed || remote ? undefined : new HashingEntry(entry);
      const outcome: ReadOutcome = {};
      const open = (): NodeJS.ReadableStream => (grown ? skipBytes((tee ?? entry).open(), grown.offset) : (tee ?? entry).open());
      const read = remote ? remote.read(reader, open, ctx, outcome) : localBatches(reader, open, ctx, outcome);
      const numbered = grown ? renumbered(read, grown.lines) : read;
      // Rows with implausible times are kept out here, before anything is written (plausible.ts).
      let keptOut = 0;
      const keepOut = (where: string, why: string): void => {
        keptOut++;
        result.rejected++;
        if (badLines.length < BAD_LINES_KEPT) badLines.push(`${where}: ${why}`);
      };
      const judge = opts.keepImplausibleTimes ? undefined : new TimeJudge(Date.now(), referenceOf(store.sources()));
      const batches = judge ? plausibleBatches(numbered, judge, entry.path, keepOut) : numbered;
      let bytes = hashed?.bytes ?? entry.size ?? 0;
      // Waits (reporting it) while another import or analysis writes; a cancel or give-up ends the import here.
      await store.beginWrite({ signal: opts.signal, onWait: (message) => report(0, message) });
      try {
        const sourceId = store.addSource({
          path: entry.path,
          format: reader.id,
          kind: reader.kind,
          bytes,
          // Unique until the digest is known at the end of the read.
          sha256: hashed?.sha256 ?? `pending-${randomUUID()}`,
          zone,
        });
        const span = await writeSource(store, sourceId, batches, () => outcome.finals ?? new Map(), result, opts.signal);
        if (rowsOf(result) === 0 && result.rejected === 0) {
          // A header and nothing else (or only what the reader leaves out) is not a source: nothing lands.
          store.db.exec('ROLLBACK');
          store.resetCaches();
          current = null;
          files.push(
            span.notices.length
              ? emptyResult(entry.path, reader.id, 'unchanged', `nothing new: ${span.notices.join('; ')}`)
              : emptyResult(entry.path, reader.id, 'skipped', ['no rows', ...readerNotes].join('; ')),
          );
          advance(bytes);
          continue;
        }
        if (!hashed) {
          const digest = (remote ? outcome.digest : tee?.digest()) ?? (await hashOf(entry, opts.signal));
          bytes = digest.bytes;
          if (store.sourceBySha(digest.sha256)) {
            // Identical content after all (the size on disk was not the content's): nothing lands.
            store.db.exec('ROLLBACK');
            store.resetCaches();
            files.push(unchanged(emptyResult(entry.path, reader.id, 'unchanged')));
            advance(bytes);
            continue;
          }
          store.setSourceDigest(sourceId, digest.sha256, digest.bytes);
        }
        result.badLines = badLines;
        if (grown) span.notices.unshift(grownNotice(grown));
        const implausible = plausibleNotice(keptOut);
        if (implausible) span.notices.push(implausible);
        if (span.notices.length) result.reason = span.notices.join('; ');
        const notes = [
          `read in zone ${zone}`,
          ...readerNotes,
          ...span.notices,
          ...(result.rejected ? [`${result.rejected} bad line(s) skipped`, ...badLines] : []),
        ];
        if (outcome.attribution) store.setSourceService(sourceId, outcome.attribution.service, outcome.attribution.origin);
        store.finishSource(sourceId, {
          accepted: result.samples + result.logs + result.events + result.edges,
          rejected: result.rejected,
          firstTs: span.firstTs,
          lastTs: span.lastTs,
          notes,
        });
        store.bumpDataVersion();
        store.db.exec('COMMIT');
        for (const id of span.seriesIds) seriesTouched.add(id);
      } catch (err) {
        if (store.db.inTransaction) store.db.exec('ROLLBACK');
        store.resetCaches();
        if (err instanceof CancelledError || opts.signal?.aborted) throw new CancelledError();
        const reason =
          err instanceof ParseError ? err.message : `${entry.path}: ${err instanceof Error ? err.message : String(err)}`;
        current = null;
        files.push(emptyResult(entry.path, reader.id, 'failed', reason));
        advance(bytes);
        continue;
      }
      current = null;
      if (result.status === 'imported') rowsBefore += rowsOf(result);
      files.push(result);
      advance(bytes);
    }
  } finally {
    await worker?.close();
  }
  opts.onProgress?.({ done: totalBytes, total: totalBytes, rows: rowsDone(), message: 'imported', file: { path: '', index: Math.max(0, index - 1), count: index } });

  const totals = { series: 0, samples: 0, logs: 0, events: 0, edges: 0, skipped: 0, failed: 0 };
  totals.series = seriesTouched.size;
  for (const f of files) {
    totals.samples += f.samples;
    totals.logs += f.logs;
    totals.events += f.events;
    totals.edges += f.edges;
    if (f.status === 'skipped') totals.skipped++;
    if (f.status === 'failed') totals.failed++;
  }
  return { zone, files, totals, seconds: (performance.now() - started) / 1000 };
}
