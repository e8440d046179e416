/**
 * The base of the line-oriented metric parsers (long and wide CSV tables, Influx line protocol,
 * Prometheus / OpenMetrics text): chunks go through a LineSplitter to the subclass's `line()`, and a
 * line longer than MAX_LINE_CHARS is reported as a bad line, after which the read goes on.
 */
import type { SampleSink } from './batcher';
import { badLine, type MetricReadContext } from './context';
import { LineSplitter, LineTooLongError } from './lines';
import type { ChunkParser } from './stream';

export abstract class LineChunkParser implements ChunkParser {
  /** The splitter feeding `line()`; `lines.line` is the number of the last line handed out. */
  protected readonly lines = new LineSplitter((t, n) => this.line(t, n));

  constructor(
    protected readonly ctx: MetricReadContext,
    protected readonly sink: SampleSink,
  ) {}

  /**
   * Feeds a chunk; O(chunk) plus what `line()` costs. A too-long line goes through the bad-line
   * policy (ParseError unless ctx.skipBadLines); anything else `line()` throws propagates.
   */
  write(chunk: Buffer): void {
    try {
      this.lines.write(chunk);
    } catch (e) {
      if (!(e instanceof LineTooLongError)) throw e;
      badLine(this.ctx, e.line, 'a line shorter than 16 MiB', 'a longer line');
    }
  }

  abstract end(): void;

  /** Handles one line (without its terminator); `n` is its 1-based number. */
  protected abstract line(text: string, n: number): void;
}
