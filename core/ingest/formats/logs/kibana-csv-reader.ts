/**
 * Kibana Discover "Download CSV" / "Generate CSV" (reporting): a header row naming the columns
 * (`@timestamp`, `message`, `host.name`, … or `_source` / `Document`), times in Kibana's display format
 * (`Feb 14, 2012 @ 17:47:08.000`, the browser's zone: read in ctx.zone, the import's `--zone`) or ISO 8601.
 * Fields are found by column name as in JSON logs (json-fields.ts); other columns become attrs. Quoted
 * cells may span lines.
 *
 * Kibana's reporting escapes every cell that starts with `=`, `+`, `-` or `@` with a single quote
 * (`xpack.reporting.csv.escapeFormulaValues`, on by default), the header included: its `@timestamp`
 * column arrives as `'@timestamp`. The quote is taken off again here. Detection: a time column named
 * `@timestamp`, or a time column named `timestamp` / `time` whose first value is in Kibana's display format.
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { rejectLine } from './io/bad-line';
import { readCsvRows } from './io/csv';
import type { JsonObject } from './io/json-stream';
import { sniffLines, splitCsvLine } from './io/sniff';
import { findFields } from './json-fields';
import { withFields } from './log-record';
import { scanKibana, TimeValues } from './timestamps';

const TIME_COLUMNS = ['@timestamp', 'timestamp', 'time'];

/** A cell without the single quote Kibana puts before a leading `=`, `+`, `-`, `@`, tab or CR. */
export function unescapeFormula(cell: string): string {
  if (cell.charCodeAt(0) !== 39 || cell.length < 2) return cell;
  const c = cell[1];
  return c === '=' || c === '+' || c === '-' || c === '@' || c === '\t' || c === '\r' ? cell.slice(1) : cell;
}

/** Header names as the reader uses them: trimmed, without formula escapes. */
function headerNames(cells: string[]): string[] {
  return cells.map((c) => unescapeFormula(c.trim()));
}

function detect(sniff: Sniff): number {
  const lines = sniffLines(sniff, 2);
  if (lines.length === 0) return 0;
  const header = headerNames(splitCsvLine(lines[0])).map((h) => h.toLowerCase());
  if (header.length < 2) return 0;
  if (header.includes('@timestamp')) return 0.9;
  // Another time column: only Kibana's own display format in the first row makes it a Discover export.
  const col = header.findIndex((h) => TIME_COLUMNS.includes(h));
  if (col < 0 || lines.length < 2) return 0;
  const first = splitCsvLine(lines[1])[col];
  return first !== undefined && scanKibana(first.trim()) !== undefined ? 0.85 : 0;
}

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<LogRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  let header: string[] | undefined;
  for await (const rows of readCsvRows(open, ctx)) {
    const out: LogRecord[] = [];
    for (const row of rows) {
      if (!header) {
        header = headerNames(row.cells);
        if (!header.some((h) => TIME_COLUMNS.includes(h.toLowerCase()))) {
          rejectLine(ctx, row.line, 'a header with an @timestamp column', row.cells.join(','));
          header = undefined;
        }
        continue;
      }
      const obj: JsonObject = {};
      for (let c = 0; c < header.length && c < row.cells.length; c++) {
        if (row.cells[c] !== '' && row.cells[c] !== '-') obj[header[c]] = unescapeFormula(row.cells[c]);
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
