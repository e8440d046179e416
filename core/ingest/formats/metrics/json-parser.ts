/**
 * Adapts a JsonWalker to the chunk pump: malformed JSON becomes a ParseError at the token's line,
 * or, with skipBadLines, a reported bad line that ends the read with what was parsed so far
 * (nothing after a syntax error can be trusted).
 */
import type { IngestRecord, ReadContext } from '../../types';
import type { SampleSink } from './batcher';
import { badLine, type MetricReadContext } from './context';
import { JsonSyntaxError } from './json-tokenizer';
import { JsonWalker, type WalkHandler } from './json-walker';
import { type ChunkParser, readSamples } from './stream';

export class JsonChunkParser<H extends WalkHandler> implements ChunkParser {
  readonly walker: JsonWalker;
  readonly handler: H;
  stopped = false;

  /**
   * @param makeHandler builds the handler, given a function that tells the current line.
   * @param onEnd called once after the last token (or the syntax error that stopped the read).
   */
  constructor(
    private readonly ctx: ReadContext,
    makeHandler: (line: () => number) => H,
    private readonly onEnd?: (handler: H) => void,
  ) {
    this.handler = makeHandler(() => this.walker.line);
    this.walker = new JsonWalker(this.handler);
  }

  write(chunk: Buffer): void {
    if (this.stopped) return;
    try {
      this.walker.tokenizer.write(chunk);
    } catch (e) {
      this.fail(e);
    }
  }

  end(): void {
    if (this.stopped) return;
    try {
      this.walker.tokenizer.end();
    } catch (e) {
      this.fail(e);
      return;
    }
    this.onEnd?.(this.handler);
  }

  private fail(e: unknown): void {
    if (!(e instanceof JsonSyntaxError)) throw e;
    this.stopped = true;
    badLine(this.ctx, e.line, e.expected, e.found);
    this.onEnd?.(this.handler);
  }
}

/**
 * What every JSON metric handler is built from: the read's context, the sink its samples go to, and a
 * function that tells the current line (for messages). Subclasses implement WalkHandler.
 */
export abstract class SampleHandler {
  constructor(
    protected readonly ctx: MetricReadContext,
    protected readonly sink: SampleSink,
    protected readonly line: () => number,
  ) {}
}

/**
 * The read() of a JSON metric reader: a fresh sink, a `Handler` over it fed by a JsonChunkParser,
 * driven by `pump`; `onEnd` runs once after the last token (or the syntax error that stopped the read).
 * O(bytes); throws as JsonChunkParser and `pump` do.
 */
export function readJsonSamples<H extends WalkHandler>(
  open: () => NodeJS.ReadableStream,
  ctx: MetricReadContext,
  Handler: new (ctx: MetricReadContext, sink: SampleSink, line: () => number) => H,
  onEnd?: (handler: H) => void,
): AsyncGenerator<IngestRecord[]> {
  return readSamples(open, ctx, (sink) => new JsonChunkParser(ctx, (line) => new Handler(ctx, sink, line), onEnd));
}
