/**
 * Drives a chunk parser over a file: reads chunks, checks for cancel, reports progress, and
 * yields the records the parser cut so far after every chunk. Memory stays bounded by the
 * chunk size plus what the parser holds (see SampleSink).
 */
import type { IngestRecord } from '../../types';
import { SampleSink } from './batcher';
import { checkAborted, type MetricReadContext } from './context';

/** A push parser: fed chunks in order, then `end()`. `stopped` ends the read early. */
export interface ChunkParser {
  write(chunk: Buffer): void;
  end(): void;
  readonly stopped?: boolean;
}

/** Report progress at most every this many bytes. */
const PROGRESS_EVERY = 1 << 20;

/**
 * Streams `open()` through `parser`, yielding batches of records taken from `sink`.
 * Throws what the parser throws (ParseError), or the abort reason when `ctx.signal` fires.
 */
export async function* pump(
  open: () => NodeJS.ReadableStream,
  ctx: MetricReadContext,
  parser: ChunkParser,
  sink: SampleSink,
): AsyncGenerator<IngestRecord[]> {
  checkAborted(ctx);
  const stream = open();
  let bytes = 0;
  let reported = 0;
  for await (const chunk of stream) {
    checkAborted(ctx);
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    parser.write(buf);
    bytes += buf.length;
    if (bytes - reported >= PROGRESS_EVERY) {
      reported = bytes;
      ctx.onProgress?.(bytes);
    }
    if (sink.hasRecords) yield sink.take();
    if (parser.stopped) break;
  }
  if (!parser.stopped) parser.end();
  sink.flushAll();
  ctx.onProgress?.(bytes);
  if (sink.hasRecords) yield sink.take();
}

/**
 * The read() of a streaming metric reader: a fresh SampleSink, the parser `make` builds over it, and
 * `pump` to drive it. Nothing is opened until the first batch is asked for. Throws as `pump` does.
 */
export function readSamples(
  open: () => NodeJS.ReadableStream,
  ctx: MetricReadContext,
  make: (sink: SampleSink) => ChunkParser,
): AsyncGenerator<IngestRecord[]> {
  const sink = new SampleSink();
  return pump(open, ctx, make(sink), sink);
}
