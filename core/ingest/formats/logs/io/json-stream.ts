/**
 * Streaming JSON for big documents (an Elasticsearch `_search` dump, a Loki API response, a
 * Kubernetes event list): @streamparser/json's tokenizer and token parser, emitting only the values
 * at the selected paths, so memory is bounded by the largest selected value, not by the file.
 *
 * Bytes are first decoded with a streaming UTF-8 decoder (invalid bytes become U+FFFD) and
 * re-encoded, so the tokenizer never sees broken sequences. Each value comes with the 1-based line
 * where it starts (tracked from the tokens' byte offsets; O(bytes) in all). Several concatenated
 * documents (NDJSON, or pages appended to one another) are read one after the other.
 */
import { StringDecoder } from 'node:string_decoder';
import { Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import { ParseError, type ReadContext } from '../../../types';
import { checkAbort, closeStream, ProgressMeter } from './lines';

/** Deepest nesting accepted: real exports stay far below; a deeper file is refused, not parsed slowly. */
export const MAX_DEPTH = 512;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface JsonItem {
  value: JsonValue;
  /** Keys from the root down to the value, e.g. ['hits', 'hits', 3]. */
  path: (string | number)[];
  /** 1-based line where the value starts. */
  line: number;
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Yields the values at `paths` (JSONPath subset: `$`, `$.a.b`, `$.*`, `$.a.*.b`), in batches.
 * `paths` is a function of the first document's opening character ('{', '[' or another) and of the
 * first decoded chunk, so a reader can select `$.*` for an array root and `$.alerts.*` for an object root.
 * Throws ParseError (file, line) on malformed JSON; with ctx.skipBadLines the error is reported
 * through onBadLine and reading stops there, keeping what came before.
 */
export async function* streamJson(
  open: () => NodeJS.ReadableStream,
  ctx: ReadContext,
  paths: (root: string, head: string) => string[],
): AsyncGenerator<JsonItem[]> {
  const stream = open();
  const decoder = new StringDecoder('utf8');
  const progress = new ProgressMeter(ctx);
  let tokenizer: Tokenizer | undefined;
  let parser: TokenParser | undefined;
  let out: JsonItem[] = [];
  // Line tracking over the current chunk.
  let chunk: Buffer = Buffer.alloc(0);
  let chunkStart = 0;
  let cursor = 0;
  let cursorLine = 1;
  let tokenLine = 1;
  let closedLine = 1;
  const openLines: number[] = [];

  const lineAt = (offset: number): number => {
    if (offset <= cursor) return cursorLine;
    const end = Math.min(offset, chunkStart + chunk.length) - chunkStart;
    let pos = cursor - chunkStart;
    if (pos < 0) pos = 0;
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl === -1 || nl >= end) break;
      cursorLine += 1;
      pos = nl + 1;
    }
    cursor = offset;
    return cursorLine;
  };

  const fail = (err: unknown): ParseError => {
    const pos = Math.max(0, cursor - chunkStart);
    const found = chunk.subarray(pos, pos + 60).toString('utf8').split('\n')[0] || 'end of file';
    const what = err instanceof Error ? err.message : String(err);
    const expected = /^nesting deeper/.test(what)
      ? `JSON nested at most ${MAX_DEPTH} deep`
      : /ended|end\(\)|mid-parsing|middle of a token/i.test(what)
        ? 'the rest of the JSON document'
        : 'valid JSON';
    return new ParseError(ctx.file, cursorLine, expected, found);
  };

  /** The bad-line policy for a tokenizer error: throws its ParseError, or reports it when skipping bad lines. */
  const reject = (err: unknown): void => {
    const e = fail(err);
    if (!ctx.skipBadLines) throw e;
    ctx.onBadLine(e.line, `expected ${e.expected}, found ${ParseError.quote(e.found)}`);
  };

  const start = (root: string, head: string): Tokenizer => {
    const tk = new Tokenizer({ stringBufferSize: 64 * 1024 });
    const tp = new TokenParser({ paths: paths(root, head), keepStack: false, separator: '' });
    tk.onToken = (t) => {
      tokenLine = lineAt(t.offset);
      if (t.token === TokenType.LEFT_BRACE || t.token === TokenType.LEFT_BRACKET) {
        if (openLines.length >= MAX_DEPTH) throw new Error(`nesting deeper than ${MAX_DEPTH}`);
        openLines.push(tokenLine);
      } else if (t.token === TokenType.RIGHT_BRACE || t.token === TokenType.RIGHT_BRACKET) {
        closedLine = openLines.pop() ?? tokenLine;
      }
      tp.write(t);
    };
    tp.onValue = (info) => {
      if (info.value === undefined) return;
      const path: (string | number)[] = [];
      for (let i = 1; i < info.stack.length; i++) {
        const k = info.stack[i].key;
        if (k !== undefined) path.push(k);
      }
      if (info.key !== undefined) path.push(info.key);
      const structured = typeof info.value === 'object' && info.value !== null;
      out.push({ value: info.value as JsonValue, path, line: structured ? closedLine : tokenLine });
    };
    tp.onError = (err) => {
      throw err;
    };
    parser = tp;
    tk.onError = (err) => {
      throw err;
    };
    return tk;
  };

  try {
    for await (const piece of stream) {
      checkAbort(ctx);
      const text = typeof piece === 'string' ? piece : decoder.write(piece);
      progress.add(typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length);
      if (text.length === 0) continue;
      chunkStart += chunk.length;
      chunk = Buffer.from(text, 'utf8');
      if (!tokenizer) {
        const m = /\S/.exec(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
        if (!m) {
          // Only whitespace so far: count its lines and wait for content.
          lineAt(chunkStart + chunk.length);
          continue;
        }
        tokenizer = start(m[0], text);
      }
      try {
        tokenizer.write(chunk);
      } catch (err) {
        reject(err);
        if (out.length > 0) yield out;
        return;
      }
      if (out.length > 0) {
        const batch = out;
        out = [];
        yield batch;
      }
    }
    const tail = decoder.end();
    if (tail.length > 0 && tokenizer) {
      chunkStart += chunk.length;
      chunk = Buffer.from(tail, 'utf8');
      try {
        tokenizer.write(chunk);
      } catch (err) {
        reject(err);
      }
    }
    if (tokenizer && !tokenizer.isEnded) {
      try {
        tokenizer.end();
        if (parser && !parser.isEnded) parser.end();
      } catch {
        lineAt(chunkStart + chunk.length);
        const e = new ParseError(ctx.file, cursorLine, 'the rest of the JSON document', 'end of file');
        if (!ctx.skipBadLines) throw e;
        ctx.onBadLine(e.line, `expected ${e.expected}, found end of file`);
      }
    }
    if (out.length > 0) yield out;
    progress.done();
  } finally {
    closeStream(stream);
  }
}
