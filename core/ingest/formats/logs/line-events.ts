/**
 * The loop shared by line-oriented log readers whose events start at a header line and may go on
 * over the lines after it (wrapped messages, stack traces): each physical line is handed to the
 * reader's `step`, which says whether it starts an event; EventBuilder joins the rest.
 */
import type { LogRecord, ReadContext } from '../../types';
import { EventBuilder } from './event-builder';
import { rejectLine } from './io/bad-line';
import { readLineBatches } from './io/lines';

/**
 * What `step` did with one line: a LogRecord starts a new event; 'continued' means the line was
 * added to the open event, so a line cut at the length limit marks that event truncated; undefined
 * means nothing more is to be done with the line (skipped, rejected, or appended as plain text).
 */
export type LineStep = LogRecord | 'continued' | undefined;

/**
 * Yields finished events batch by batch (one batch a chunk), the last one at the end of the file.
 * After a step that starts or continues an event, a line cut at the length limit marks the open
 * event truncated. O(bytes); memory O(chunk + one event, capped by EventBuilder).
 * Throws what `step` throws (ParseError from rejectLine unless ctx.skipBadLines) or the abort reason.
 */
export async function* readLineEvents(
  open: () => NodeJS.ReadableStream,
  ctx: ReadContext,
  step: (line: string, no: number, events: EventBuilder) => LineStep,
): AsyncGenerator<LogRecord[]> {
  const events = new EventBuilder();
  for await (const batch of readLineBatches(open, ctx)) {
    const out: LogRecord[] = [];
    for (let k = 0; k < batch.lines.length; k++) {
      const r = step(batch.lines[k], batch.first + k, events);
      if (r === undefined) continue;
      if (r !== 'continued') {
        const done = events.start(r);
        if (done) out.push(done);
      }
      if (batch.truncated.includes(k)) events.markTruncated();
    }
    if (out.length > 0) yield out;
  }
  const last = events.finish();
  if (last) yield [last];
}

/**
 * A line that does not start an event: appended to the open event when there is one, else, unless
 * it is blank, a bad line (`expected` says what a header line looks like). O(line length).
 * Throws ParseError when the line is bad and ctx.skipBadLines is false.
 */
export function continueOrReject(events: EventBuilder, ctx: ReadContext, no: number, line: string, expected: string): void {
  if (events.open) events.append(line);
  else if (line.trim().length > 0) rejectLine(ctx, no, expected, line);
}
