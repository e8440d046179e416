/**
 * Streaming CSV rows with their line numbers (csv-parse, RFC 4180: quoted fields may hold commas,
 * doubled quotes and newlines). Bytes are decoded with a streaming UTF-8 decoder first (invalid bytes
 * become U+FFFD, a BOM is dropped). A record longer than MAX_LINE_CHARS is a bad record, never buffered
 * further. Empty rows are skipped.
 */
import { Readable, pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse } from 'csv-parse';
import { ParseError, type ReadContext } from '../../../types';
import { checkAbort, closeStream, MAX_LINE_CHARS, ProgressMeter } from './lines';

export interface CsvRow {
  cells: string[];
  /** 1-based line where the row starts. */
  line: number;
}

async function* decode(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<string> {
  const stream = open();
  const decoder = new StringDecoder('utf8');
  const progress = new ProgressMeter(ctx);
  try {
    for await (const piece of stream) {
      checkAbort(ctx);
      progress.add(typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length);
      const text = typeof piece === 'string' ? piece : decoder.write(piece);
      if (text.length > 0) yield text;
    }
    const tail = decoder.end();
    if (tail.length > 0) yield tail;
    progress.done();
  } finally {
    closeStream(stream);
  }
}

interface CsvErrorLike {
  code?: string;
  lines?: number;
  message?: string;
}

function csvError(ctx: ReadContext, err: unknown, fallbackLine: number): ParseError | undefined {
  if (err instanceof ParseError) return err;
  const e = err as CsvErrorLike;
  if (typeof e?.code !== 'string' || !e.code.startsWith('CSV_') && e.code !== 'INVALID_OPENING_QUOTE') return undefined;
  const line = typeof e.lines === 'number' && e.lines > 0 ? e.lines : fallbackLine;
  const expected = e.code === 'CSV_MAX_RECORD_SIZE' ? `a CSV record under ${MAX_LINE_CHARS} characters` : 'well-formed CSV';
  return new ParseError(ctx.file, line, expected, e.message ?? e.code);
}

/**
 * Yields CSV rows in batches of up to 512. `delimiter` defaults to ','.
 * Throws ParseError on malformed CSV (unclosed quote, oversize record) unless ctx.skipBadLines,
 * in which case the record is reported and skipped.
 */
export async function* readCsvRows(
  open: () => NodeJS.ReadableStream,
  ctx: ReadContext,
  delimiter = ',',
): AsyncGenerator<CsvRow[]> {
  const parser = parse({
    delimiter,
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: MAX_LINE_CHARS,
    skip_records_with_error: ctx.skipBadLines,
  });
  let lastLine = 0;
  parser.on('skip', (err: CsvErrorLike) => {
    const line = typeof err?.lines === 'number' ? err.lines : lastLine + 1;
    ctx.onBadLine(line, err?.message ?? 'malformed CSV record');
    lastLine = line;
  });
  const source = Readable.from(decode(open, ctx));
  pipeline(source, parser, () => {
    // Errors surface through the parser's iterator below.
  });
  let batch: CsvRow[] = [];
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const start = lastLine + 1;
      lastLine = item.info.lines;
      const cells = item.record;
      if (cells.length === 1 && cells[0].trim() === '') continue;
      batch.push({ cells, line: start });
      if (batch.length >= 512) {
        yield batch;
        batch = [];
      }
    }
  } catch (err) {
    const e = csvError(ctx, err, lastLine + 1);
    if (e) throw e;
    throw err;
  } finally {
    source.destroy();
    parser.destroy();
  }
  if (batch.length > 0) yield batch;
}
