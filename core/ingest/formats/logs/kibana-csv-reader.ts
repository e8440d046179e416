/**
 * Kibana Discover "Download CSV": a header row naming the columns (`@timestamp`, `message`,
 * `host.name`, … or `_source` / `Document`), times in Kibana's display format
 * (`Feb 14, 2012 @ 17:47:08.000`, the browser's zone: read in ctx.zone) or ISO 8601. Fields are found
 * by column name as in JSON logs (json-fields.ts); other columns become attrs. Quoted cells may span lines.
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { rejectLine } from './io/bad-line';
import { readCsvRows } from './io/csv';
import type { JsonObject } from './io/json-stream';
import { csvHeader } from './io/sniff';
import { findFields } from './json-fields';
import { withFields } from './log-record';
import { TimeValues } from './timestamps';

const TIME_COLUMNS = ['@timestamp', 'timestamp', 'time'];

function detect(sniff: Sniff): number {
  const header = csvHeader(sniff);
  if (header.length < 2 || !header.includes('@timestamp')) return 0;
  return 0.9;
}

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<LogRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  let header: string[] | undefined;
  for await (const rows of readCsvRows(open, ctx)) {
    const out: LogRecord[] = [];
    for (const row of rows) {
      if (!header) {
        header = row.cells.map((c) => c.trim());
        if (!header.some((h) => TIME_COLUMNS.includes(h.toLowerCase()))) {
          rejectLine(ctx, row.line, 'a header with an @timestamp column', row.cells.join(','));
          header = undefined;
        }
        continue;
      }
      const obj: JsonObject = {};
      for (let c = 0; c < header.length && c < row.cells.length; c++) {
        if (row.cells[c] !== '' && row.cells[c] !== '-') obj[header[c]] = row.cells[c];
      }
      const raw = row.cells.join(',');
      const f = findFields(obj, times);
      if (Number.isNaN(f.ts)) {
        rejectLine(ctx, row.line, 'a time in the @timestamp column (e.g. "Feb 14, 2012 @ 17:47:08.000")', raw);
        continue;
      }
      // Discover without chosen columns exports the whole document in one column.
      const doc = f.attrs._source ?? f.attrs.Document;
      const message = f.message ?? doc ?? raw;
      out.push(withFields({ kind: 'log', ts: f.ts, line: row.line, lines: 1, message, raw }, f));
    }
    if (out.length > 0) yield out;
  }
}

export const kibanaCsvReader: FormatReader = {
  id: 'log-kibana-csv',
  kind: 'logs',
  title: 'Kibana Discover CSV export',
  detect,
  read,
};
