/**
 * Streaming line splitter shared by every line-oriented reader (logs, events CSV, topology CSV).
 *
 * Reads the stream chunk by chunk, decodes UTF-8 with a streaming decoder (invalid bytes become
 * U+FFFD, characters split across chunks are kept whole), cuts on '\n' (a trailing '\r' is
 * dropped) and hands out batches of lines, one batch per chunk. Memory is bounded by one chunk plus
 * one line: a line longer than `maxLine` characters is cut there, the rest up to the next newline is
 * skipped, and its index is listed in `truncated`.
 */
import { StringDecoder } from 'node:string_decoder';
import type { ReadContext } from '../../../types';

/** Longest line kept whole, in UTF-16 code units (about 1 MB of text). */
export const MAX_LINE_CHARS = 1 << 20;

/** How often, in bytes, onProgress is called at least. */
const PROGRESS_EVERY = 1 << 20;

export interface LineBatch {
  /** The lines, without their terminator. */
  lines: string[];
  /** 1-based number of lines[0] in the file. */
  first: number;
  /** Indexes into `lines` of lines cut at the length limit (usually empty). */
  truncated: number[];
}

/** Stops with the signal's reason when the read was cancelled. */
export function checkAbort(ctx: ReadContext): void {
  if (ctx.signal?.aborted) ctx.signal.throwIfAborted();
}

/** Destroys a stream when it can be (a Readable), so an early stop releases the file. */
export function closeStream(stream: NodeJS.ReadableStream): void {
  const s = stream as NodeJS.ReadableStream & { destroy?: () => void };
  if (typeof s.destroy === 'function') s.destroy();
}

/**
 * Counts bytes read and calls ctx.onProgress about every MiB; `done()` reports the final count.
 */
export class ProgressMeter {
  private bytes = 0;
  private reported = 0;

  constructor(private readonly ctx: ReadContext) {}

  add(n: number): void {
    this.bytes += n;
    if (this.bytes - this.reported >= PROGRESS_EVERY) {
      this.reported = this.bytes;
      this.ctx.onProgress?.(this.bytes);
    }
  }

  done(): void {
    if (this.bytes !== this.reported) this.ctx.onProgress?.(this.bytes);
    this.reported = this.bytes;
  }

  get total(): number {
    return this.bytes;
  }
}

/**
 * Yields the file's lines in batches. O(bytes) time; memory O(chunk + maxLine).
 * Throws only the abort reason (when ctx.signal fires) or what the stream itself throws.
 */
export async function* readLineBatches(
  open: () => NodeJS.ReadableStream,
  ctx: ReadContext,
  maxLine = MAX_LINE_CHARS,
): AsyncGenerator<LineBatch> {
  const stream = open();
  const decoder = new StringDecoder('utf8');
  const progress = new ProgressMeter(ctx);
  let carry = '';
  let carryCut = false;
  let lineNo = 1;
  let atStart = true;
  try {
    for await (const chunk of stream) {
      checkAbort(ctx);
      let text: string;
      if (typeof chunk === 'string') {
        text = chunk;
        progress.add(Buffer.byteLength(chunk));
      } else {
        text = decoder.write(chunk);
        progress.add(chunk.length);
      }
      if (atStart && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        atStart = false;
      }
      const lines: string[] = [];
      const truncated: number[] = [];
      let start = 0;
      let nl = text.indexOf('\n');
      while (nl !== -1) {
        let line: string;
        let cut = false;
        if (carryCut) {
          line = carry;
          cut = true;
        } else {
          line = carry.length > 0 ? carry + text.slice(start, nl) : text.slice(start, nl);
          if (line.length > maxLine) {
            line = line.slice(0, maxLine);
            cut = true;
          }
        }
        carry = '';
        carryCut = false;
        if (!cut && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
        if (cut) truncated.push(lines.length);
        lines.push(line);
        start = nl + 1;
        nl = text.indexOf('\n', start);
      }
      if (start < text.length && !carryCut) {
        carry += text.slice(start);
        if (carry.length > maxLine) {
          carry = carry.slice(0, maxLine);
          carryCut = true;
        }
      }
      if (lines.length > 0) {
        yield { lines, first: lineNo, truncated };
        lineNo += lines.length;
      }
    }
    if (!carryCut) carry += decoder.end();
    if (carry.length > 0) {
      let line = carry;
      const truncated: number[] = [];
      if (carryCut || line.length > maxLine) {
        line = line.slice(0, maxLine);
        truncated.push(0);
      } else if (line.charCodeAt(line.length - 1) === 13) {
        line = line.slice(0, -1);
      }
      yield { lines: [line], first: lineNo, truncated };
    }
    progress.done();
  } finally {
    closeStream(stream);
  }
}
