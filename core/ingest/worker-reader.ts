/**
 * Reading a source in a worker thread (ingest-worker.ts) while the importing thread writes: this thread sends
 * the source's bytes (a window of chunks ahead, topped up as the worker takes them), the worker parses them and
 * mines log templates (source-batches.ts) and sends batches back, a few ahead, each acknowledged once written.
 * Bad lines, notes and progress come back as messages and reach the ReadContext's callbacks here; a ParseError
 * in the worker is thrown here as the same ParseError. The worker also hashes the bytes, so a source is read
 * once. Memory stays bounded by the two windows.
 */
import type { Worker } from 'node:worker_threads';
import type { FinalizeResult } from '../analysis/logs/miner';
import type { LogInput } from '../store/workspace';
import type { SourceAttribution } from './source-batches';
import { ParseError, type FormatReader, type IngestRecord, type ReadContext, type SamplesRecord } from './types';

/** A samples record whose arrays may be typed (they travel between threads as Float64Arrays). */
export type BatchSamples = Omit<SamplesRecord, 'ts' | 'values'> & { ts: ArrayLike<number>; values: ArrayLike<number> };
export type BatchRecord = Exclude<IngestRecord, SamplesRecord> | BatchSamples;

/** What the importer writes per batch: records other than log events, and log rows with their template ids. */
export interface SourceBatch {
  records: BatchRecord[];
  logs: LogInput[];
}

export interface Digest {
  sha256: string;
  bytes: number;
}

/** Filled in when a read ends normally: the templates' final results and, when all bytes were seen, the digest. */
export interface ReadOutcome {
  finals?: Map<string, FinalizeResult>;
  /** Whose the source's records are (source-batches.ts). */
  attribution?: SourceAttribution;
  digest?: Digest;
}

/** Log events of a batch as columns (cheaper to copy between threads than objects). */
export interface LogColumns {
  ts: Float64Array;
  line: Float64Array;
  lines: Float64Array;
  service: (string | null)[];
  level: (string | null)[];
  raw: string[];
  templateIds: string[];
}

export type ToIngestWorker =
  | {
      op: 'start';
      id: number;
      readerId: string;
      ctx: Pick<ReadContext, 'file' | 'zone' | 'skipBadLines' | 'referenceYear' | 'fileTimeMs' | 'service'>;
    }
  | { op: 'bytes'; id: number; chunk: Uint8Array }
  | { op: 'eof'; id: number }
  | { op: 'ack'; id: number }
  | { op: 'close' };

export type FromIngestWorker =
  | { t: 'took'; id: number }
  | { t: 'batch'; id: number; records: BatchRecord[]; logs?: LogColumns }
  | { t: 'bad'; id: number; line: number; message: string }
  | { t: 'note'; id: number; message: string }
  | { t: 'progress'; id: number; bytes: number }
  | { t: 'done'; id: number; finals: Map<string, FinalizeResult>; attribution?: SourceAttribution; digest?: Digest }
  | {
      t: 'error';
      id: number;
      message: string;
      parse?: { file: string; line: number; expected: string; found: string };
    };

/** Chunks of the source sent ahead of what the worker has taken. */
const BYTES_AHEAD = 16;

/** Log rows from a batch's columns. */
export function logRows(c: LogColumns): LogInput[] {
  const rows = new Array<LogInput>(c.raw.length);
  for (let i = 0; i < rows.length; i++) {
    rows[i] = {
      ts: c.ts[i],
      line: c.line[i],
      lines: c.lines[i],
      service: c.service[i],
      level: c.level[i],
      templateId: c.templateIds[i],
      raw: c.raw[i],
    };
  }
  return rows;
}

/**
 * The importing thread's side of one ingest worker, used for one source at a time. A worker that failed, or
 * whose read was abandoned half-way (a write error, a cancel), is terminated: `usable` turns false and the
 * importer starts another one for the next source.
 */
export class IngestWorker {
  private failure: Error | undefined;
  private onMessage: ((m: FromIngestWorker) => void) | undefined;
  private sessions = 0;

  constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromIngestWorker) => this.onMessage?.(m));
    worker.on('error', (e) => this.fail(new Error(`the ingest worker failed: ${e.message}`)));
    worker.on('exit', (code) => this.fail(new Error(`the ingest worker stopped (exit code ${code})`)));
    worker.unref();
  }

  get usable(): boolean {
    return this.failure === undefined;
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.onMessage?.({ t: 'error', id: -1, message: this.failure.message });
  }

  /**
   * Reads one source in the worker with `reader`: yields its batches; on a normal end `out` gets the template
   * finals and the digest. Throws the reader's ParseError, the byte stream's error, or a worker failure.
   */
  async *read(
    reader: FormatReader,
    open: () => NodeJS.ReadableStream,
    ctx: ReadContext,
    out: ReadOutcome,
  ): AsyncGenerator<SourceBatch> {
    if (this.failure) throw this.failure;
    const id = ++this.sessions;
    const queue: FromIngestWorker[] = [];
    let wake: (() => void) | undefined;
    let pumpError: unknown;
    let ahead = 0;
    let pumping = false;
    let eof = false;
    let closed = false;
    const stream = open();
    const chunks = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    const pump = async (): Promise<void> => {
      if (pumping) return;
      pumping = true;
      try {
        while (!eof && !closed && ahead < BYTES_AHEAD) {
          const next = await chunks.next();
          if (closed) return;
          if (next.done) {
            eof = true;
            this.worker.postMessage({ op: 'eof', id } satisfies ToIngestWorker);
            break;
          }
          const buf = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
          const chunk = new Uint8Array(buf.byteLength);
          chunk.set(buf);
          ahead++;
          this.worker.postMessage({ op: 'bytes', id, chunk } satisfies ToIngestWorker, [chunk.buffer]);
        }
      } catch (err) {
        pumpError = err ?? new Error('reading the source failed');
        wake?.();
      } finally {
        pumping = false;
      }
    };
    this.onMessage = (m) => {
      if (m.id !== id && m.id !== -1) return;
      if (m.t === 'took') {
        ahead--;
        void pump();
        return;
      }
      queue.push(m);
      wake?.();
    };
    let finished = false;
    this.worker.ref();
    try {
      const { file, zone, skipBadLines, referenceYear, fileTimeMs, service } = ctx;
      const base = { file, zone, skipBadLines, referenceYear, fileTimeMs, service };
      this.worker.postMessage({ op: 'start', id, readerId: reader.id, ctx: base } satisfies ToIngestWorker);
      void pump();
      for (;;) {
        if (pumpError !== undefined) throw pumpError;
        const m = queue.shift();
        if (!m) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        if (m.t === 'batch') {
          yield { records: m.records, logs: m.logs ? logRows(m.logs) : [] };
          this.worker.postMessage({ op: 'ack', id } satisfies ToIngestWorker);
        } else if (m.t === 'bad') ctx.onBadLine(m.line, m.message);
        else if (m.t === 'note') ctx.onNote?.(m.message);
        else if (m.t === 'progress') ctx.onProgress?.(m.bytes);
        else if (m.t === 'done') {
          finished = true;
          out.finals = m.finals;
          out.attribution = m.attribution;
          out.digest = m.digest;
          return;
        } else if (m.t === 'error') {
          finished = m.id === id; // the worker ended this read itself and is ready for the next
          const p = m.parse;
          throw p ? new ParseError(p.file, p.line, p.expected, p.found) : new Error(m.message);
        }
      }
    } finally {
      closed = true;
      this.onMessage = undefined;
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      if (!finished && !this.failure) {
        this.fail(new Error('the ingest worker was stopped with its read unfinished'));
        void this.worker.terminate();
      }
      this.worker.unref();
    }
  }

  /** Ends the worker: it is asked to exit (so its profile, when profiling, is written), and stopped after 1 s. */
  async close(): Promise<void> {
    if (this.failure) return;
    this.failure = new Error('the ingest worker was closed');
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ op: 'close' } satisfies ToIngestWorker);
    const timer = setTimeout(() => void this.worker.terminate(), 1000);
    await exited;
    clearTimeout(timer);
  }
}
