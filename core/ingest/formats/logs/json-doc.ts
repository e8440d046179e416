/**
 * The loop shared by readers of one big JSON document (or several concatenated): stream the values
 * at the reader's paths, convert each, reject the ones `convert` refuses with BadRecord (ParseError
 * naming the line where the value starts, or onBadLine).
 */
import type { IngestRecord, ReadContext } from '../../types';
import { BadRecord, rejectLine } from './io/bad-line';
import { streamJson, type JsonItem } from './io/json-stream';

/**
 * Yields converted records batch by batch. O(bytes); memory bounded by the largest selected value.
 * Throws ParseError for malformed JSON or a value `convert` refuses (unless ctx.skipBadLines).
 */
export async function* readJsonDocument<R extends IngestRecord>(
  open: () => NodeJS.ReadableStream,
  ctx: ReadContext,
  paths: (root: string, head: string) => string[],
  convert: (item: JsonItem) => R | R[] | undefined,
): AsyncGenerator<R[]> {
  for await (const items of streamJson(open, ctx, paths)) {
    const out: R[] = [];
    for (const item of items) {
      try {
        const r = convert(item);
        if (Array.isArray(r)) out.push(...r);
        else if (r) out.push(r);
      } catch (err) {
        if (!(err instanceof BadRecord)) throw err;
        rejectLine(ctx, item.line, err.expected, err.found);
      }
    }
    if (out.length > 0) yield out;
  }
}
