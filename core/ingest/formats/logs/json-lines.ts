/**
 * The loop shared by every one-JSON-object-per-line reader: parse each non-empty line, hand the object
 * to `convert`, reject (ParseError or onBadLine) lines that are not JSON objects or that `convert`
 * refuses with BadRecord. A line cut at the length limit cannot be whole JSON and is rejected.
 */
import type { IngestRecord, ReadContext } from '../../types';
import { BadRecord, rejectLine } from './io/bad-line';
import { isObject, type JsonObject } from './io/json-stream';
import { readLineBatches } from './io/lines';

/**
 * Yields converted records batch by batch (one batch a chunk). O(bytes); memory O(chunk + 1 MiB line).
 * Throws ParseError for a bad line unless ctx.skipBadLines; other errors from `convert` propagate.
 */
export async function* readJsonLines<R extends IngestRecord>(
  open: () => NodeJS.ReadableStream,
  ctx: ReadContext,
  what: string,
  convert: (obj: JsonObject, line: number, raw: string) => R | R[] | undefined,
): AsyncGenerator<R[]> {
  for await (const batch of readLineBatches(open, ctx)) {
    const out: R[] = [];
    for (let k = 0; k < batch.lines.length; k++) {
      const line = batch.lines[k];
      const no = batch.first + k;
      if (line.trim().length === 0) continue;
      if (batch.truncated.includes(k)) {
        rejectLine(ctx, no, `${what} under 1 MiB`, line.slice(0, 80));
        continue;
      }
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch {
        obj = undefined;
      }
      if (!isObject(obj)) {
        rejectLine(ctx, no, what, line);
        continue;
      }
      try {
        const r = convert(obj, no, line);
        if (Array.isArray(r)) out.push(...r);
        else if (r) out.push(r);
      } catch (err) {
        if (!(err instanceof BadRecord)) throw err;
        rejectLine(ctx, no, err.expected, err.found);
      }
    }
    if (out.length > 0) yield out;
  }
}
