/**
 * Worker-thread entry of IngestWorker (worker-reader.ts): reads one source at a time from the bytes the
 * importing thread sends, with the reader it names, mines log templates (source-batches.ts), and sends the
 * batches back, at most BATCHES_AHEAD unacknowledged. Under plain Node it is started through a tsx bootstrap
 * (core/jobs/bootstrap.mjs); an Electron build bundles it as a worker chunk of its own.
 */
import { createHash, type Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import type { FinalizeResult } from '../analysis/logs/miner';
import { readers } from './registry';
import { minedBatches, type MinedBatch, type SourceAttribution } from './source-batches';
import { ParseError, type ReadContext } from './types';
import type { BatchRecord, FromIngestWorker, LogColumns, ToIngestWorker } from './worker-reader';

const port = parentPort;
if (!port) throw new Error('ingest-worker.ts runs as a worker thread');
const post = (m: FromIngestWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

/** Batches sent and not yet written by the importing thread, at most. */
const BATCHES_AHEAD = 4;

interface Session {
  id: number;
  chunks: Uint8Array[];
  eof: boolean;
  ended: boolean;
  wanted: boolean;
  input: Readable;
  hash: Hash;
  bytes: number;
  unacked: number;
  acked?: () => void;
}

let session: Session | undefined;

/** Hands received chunks to the reader's stream while it wants them; each taken chunk is reported back. */
function feed(s: Session): void {
  while (s.wanted && s.chunks.length) {
    const c = s.chunks.shift() as Uint8Array;
    post({ t: 'took', id: s.id });
    s.wanted = s.input.push(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  }
  if (s.eof && !s.chunks.length && !s.ended) {
    s.ended = true;
    s.input.push(null);
  }
}

function toMessage(id: number, b: MinedBatch): { message: FromIngestWorker; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const typed = (xs: ArrayLike<number>): Float64Array => {
    const a = Float64Array.from(xs);
    transfer.push(a.buffer);
    return a;
  };
  const records: BatchRecord[] = b.records.map((r) =>
    r.kind === 'samples' ? { ...r, ts: typed(r.ts), values: typed(r.values) } : r,
  );
  let logs: LogColumns | undefined;
  const n = b.logs.length;
  if (n) {
    logs = {
      ts: new Float64Array(n),
      line: new Float64Array(n),
      lines: new Float64Array(n),
      service: new Array<string | null>(n),
      level: new Array<string | null>(n),
      raw: new Array<string>(n),
      templateIds: b.templateIds,
    };
    for (let i = 0; i < n; i++) {
      const l = b.logs[i];
      logs.ts[i] = l.ts;
      logs.line[i] = l.line;
      logs.lines[i] = l.lines;
      logs.service[i] = l.service ?? null;
      logs.level[i] = l.level ?? null;
      logs.raw[i] = l.raw;
    }
    transfer.push(logs.ts.buffer as ArrayBuffer, logs.line.buffer as ArrayBuffer, logs.lines.buffer as ArrayBuffer);
  }
  return { message: { t: 'batch', id, records, logs }, transfer };
}

async function run(s: Session, readerId: string, base: Extract<ToIngestWorker, { op: 'start' }>['ctx']): Promise<void> {
  const id = s.id;
  try {
    const reader = readers.find((r) => r.id === readerId);
    if (!reader) throw new Error(`no format reader "${readerId}" in the ingest worker`);
    const ctx: ReadContext = {
      ...base,
      onBadLine: (line, message) => post({ t: 'bad', id, line, message }),
      onNote: (message) => post({ t: 'note', id, message }),
      onProgress: (bytes) => post({ t: 'progress', id, bytes }),
    };
    let opened = false;
    const open = (): NodeJS.ReadableStream => {
      if (opened) throw new Error(`${base.file}: the reader opened its input twice, which a worker read cannot serve`);
      opened = true;
      return s.input;
    };
    let finals = new Map<string, FinalizeResult>();
    let attribution: SourceAttribution | undefined;
    for await (const batch of minedBatches(reader, open, ctx, (f, a) => ((finals = f), (attribution = a)))) {
      const { message, transfer } = toMessage(id, batch);
      post(message, transfer);
      s.unacked++;
      while (s.unacked >= BATCHES_AHEAD) await new Promise<void>((resolve) => (s.acked = resolve));
    }
    post({ t: 'done', id, finals, attribution, digest: s.ended ? { sha256: s.hash.digest('hex'), bytes: s.bytes } : undefined });
  } catch (err) {
    const parse =
      err instanceof ParseError ? { file: err.file, line: err.line, expected: err.expected, found: err.found } : undefined;
    post({ t: 'error', id, parse, message: err instanceof Error ? err.message : String(err) });
  } finally {
    if (session === s) session = undefined;
    s.input.destroy();
  }
}

port.on('message', (m: ToIngestWorker) => {
  if (m.op === 'close') {
    port.close();
    return;
  }
  if (m.op === 'start') {
    const s: Session = {
      id: m.id,
      chunks: [],
      eof: false,
      ended: false,
      wanted: false,
      hash: createHash('sha256'),
      bytes: 0,
      unacked: 0,
      input: new Readable({
        read() {
          s.wanted = true;
          feed(s);
        },
      }),
    };
    session = s;
    void run(s, m.readerId, m.ctx);
    return;
  }
  const s = session;
  if (!s || s.id !== m.id) return; // a message for a read that already ended
  if (m.op === 'bytes') {
    s.hash.update(m.chunk);
    s.bytes += m.chunk.byteLength;
    s.chunks.push(m.chunk);
    feed(s);
  } else if (m.op === 'eof') {
    s.eof = true;
    feed(s);
  } else if (m.op === 'ack') {
    s.unacked--;
    s.acked?.();
  }
});
