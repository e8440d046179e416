/**
 * Logs that grew: a log file imported before and imported again after more lines were appended. Its sha256
 * differs, so the importer would store every earlier line twice. Instead, an earlier source of the same path
 * and format whose bytes are exactly the new file's first bytes (same length, same sha256 of that prefix,
 * ending at a line break) is the base: only the lines after it are read, numbered on from the base's lines.
 *
 * Only line-oriented formats qualify (no header, no enclosing JSON array): for those, the lines after a
 * line break read the same alone as within the whole file.
 */
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { throwIfCancelled } from '../base/cancel';
import type { SourceRow } from '../store/statements';
import type { InputEntry } from './archive';
import type { SourceBatch } from './worker-reader';

/** Log formats read line by line with no header, whose appended lines can be read on their own. */
export const GROWABLE_FORMATS: ReadonlySet<string> = new Set([
  'log-text',
  'log-text-prefixed',
  'log-redis',
  'log-access',
  'log-cri',
  'log-kubectl',
  'log-logfmt',
  'log-json-lines',
  'log-journald-json',
  'log-elasticdump',
  'log-loki-jsonl',
  'log-loki-logcli',
]);

/** The earlier import a grown file continues, and where its new part starts. */
export interface GrownBase {
  source: SourceRow;
  /** Bytes of the file already imported (the base's length). */
  offset: number;
  /** Physical lines in those bytes: the new part's line 1 is file line `lines + 1`. */
  lines: number;
}

/** Earlier sources that could be a prefix of `entry`: same path and format, fewer bytes. */
export function growthCandidates(sources: readonly SourceRow[], path: string, format: string, size: number | undefined): SourceRow[] {
  if (!GROWABLE_FORMATS.has(format)) return [];
  return sources.filter((s) => s.path === path && s.format === format && s.bytes > 0 && (size === undefined || s.bytes < size));
}

/**
 * Reads `entry` once: its sha256 and size, and the longest candidate that is a prefix of it, ending at a line
 * break (see the module comment). O(bytes) time, O(candidates) memory.
 * @throws CancelledError when `signal` is aborted; the stream's own errors.
 */
export async function findGrownBase(
  entry: InputEntry,
  candidates: readonly SourceRow[],
  signal?: AbortSignal,
): Promise<{ digest: { sha256: string; bytes: number }; base?: GrownBase }> {
  const cuts = [...new Set(candidates.map((c) => c.bytes))].sort((a, b) => a - b);
  const prefixes = new Map<number, { sha256: string; lines: number; atLineEnd: boolean }>();
  const hash = createHash('sha256');
  let bytes = 0;
  let lines = 0;
  let next = 0;
  let last = -1;
  for await (const chunk of entry.open() as AsyncIterable<Buffer | string>) {
    throwIfCancelled(signal);
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    while (buf.length) {
      const room = next < cuts.length ? cuts[next] - bytes : Infinity;
      const part = room < buf.length ? buf.subarray(0, room) : buf;
      hash.update(part);
      for (let i = part.indexOf(10); i !== -1; i = part.indexOf(10, i + 1)) lines++;
      if (part.length) last = part[part.length - 1];
      bytes += part.length;
      buf = buf.subarray(part.length);
      while (next < cuts.length && bytes === cuts[next]) {
        prefixes.set(bytes, { sha256: hash.copy().digest('hex'), lines, atLineEnd: last === 10 });
        next++;
      }
    }
  }
  const digest = { sha256: hash.digest('hex'), bytes };
  let base: GrownBase | undefined;
  for (const c of candidates) {
    const p = prefixes.get(c.bytes);
    if (!p || p.sha256 !== c.sha256 || !p.atLineEnd || c.bytes >= bytes) continue;
    if (!base || c.bytes > base.offset) base = { source: c, offset: c.bytes, lines: p.lines };
  }
  return { digest, base };
}

/** `stream` without its first `skip` bytes. */
export function skipBytes(stream: NodeJS.ReadableStream, skip: number): NodeJS.ReadableStream {
  let left = skip;
  const out = new Transform({
    transform(chunk: Buffer | string, _enc, done) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (left >= buf.length) {
        left -= buf.length;
        done();
        return;
      }
      const rest = buf.subarray(left);
      left = 0;
      done(null, rest);
    },
  });
  stream.on('error', (err: Error) => out.destroy(err));
  out.on('close', () => (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.());
  return stream.pipe(out);
}

/** The batches of a grown file's new part with file line numbers: each log row's line moved on by `lines`. */
export async function* renumbered(batches: AsyncIterable<SourceBatch>, lines: number): AsyncGenerator<SourceBatch> {
  for await (const batch of batches) {
    for (const row of batch.logs) row.line += lines;
    yield batch;
  }
}

/** The import summary's sentence for a grown file. */
export function grownNotice(base: GrownBase): string {
  return (
    `grown since it was imported (its first ${base.offset} bytes, ${base.lines} line(s), are source ${base.source.id}): ` +
    `only the lines after line ${base.lines} were imported`
  );
}
