/**
 * What metric readers need beyond the shared ReadContext, and the two policies every reader
 * applies the same way: a bad line (throw or report-and-skip) and cancellation.
 */
import { ParseError, type ReadContext } from '../../types';

/**
 * ReadContext plus two optional fields the metric readers use. Both are optional so a plain
 * ReadContext works; the lead is asked to add them to ReadContext itself.
 */
export interface MetricReadContext extends ReadContext {
  /**
   * Scrape time for samples written without a timestamp (Prometheus/OpenMetrics exposition,
   * Influx lines without a time): the file's modification time in UTC ms, passed by the importer.
   * When absent, such a sample is a bad line ("expected a timestamp").
   */
  fileTimeMs?: number;
  /** Things the person should know that are not errors (skipped histograms, partial data). */
  onNote?(message: string): void;
}

/**
 * Applies the bad-line policy: with `ctx.skipBadLines` the problem is reported through
 * `ctx.onBadLine` and the caller continues; otherwise a ParseError is thrown.
 * @throws ParseError when `ctx.skipBadLines` is false.
 */
export function badLine(ctx: ReadContext, line: number, expected: string, found: string): void {
  const err = new ParseError(ctx.file, line, expected, found);
  if (!ctx.skipBadLines) throw err;
  ctx.onBadLine(line, err.message);
}

/** Throws the signal's reason (an AbortError DOMException by default) when the read was cancelled. */
export function checkAborted(ctx: ReadContext): void {
  ctx.signal?.throwIfAborted();
}

/** Sends a note when the context listens for notes. */
export function note(ctx: ReadContext, message: string): void {
  (ctx as MetricReadContext).onNote?.(`${ctx.file}: ${message}`);
}
