/**
 * A CSV with a header row, read as objects keyed by lower-cased header names, for the event and
 * topology readers. The header is the first non-empty row; a row with another field count than the
 * header's is a bad line (see fieldCountError).
 */
import type { ReadContext } from '../../types';
import { fieldCountError, rejectLine } from '../logs/io/bad-line';
import { readCsvRows } from '../logs/io/csv';

export interface CsvRecord {
  /** Cells by lower-cased, trimmed header name (missing cells are absent). */
  get: (name: string) => string | undefined;
  /** Header names in file order (original case) with their cells, for attrs. */
  entries: [string, string][];
  line: number;
  raw: string;
}

/** Yields batches of rows as records. `checkHeader` may throw (e.g. ParseError) when a needed column is missing. */
export async function* readCsvTable(
  open: () => NodeJS.ReadableStream,
  ctx: ReadContext,
  checkHeader: (names: string[], line: number, raw: string) => void,
): AsyncGenerator<CsvRecord[]> {
  let header: string[] | undefined;
  let lower: string[] = [];
  for await (const rows of readCsvRows(open, ctx)) {
    const out: CsvRecord[] = [];
    for (const row of rows) {
      if (!header) {
        header = row.cells.map((c) => c.trim());
        lower = header.map((h) => h.toLowerCase());
        checkHeader(lower, row.line, row.cells.join(','));
        continue;
      }
      const cells = row.cells;
      const h = header;
      const wrong = fieldCountError(h.length, cells);
      if (wrong) {
        rejectLine(ctx, row.line, ...wrong);
        continue;
      }
      const entries: [string, string][] = [];
      for (let i = 0; i < h.length && i < cells.length; i++) entries.push([h[i], cells[i]]);
      out.push({
        get: (name) => {
          const i = lower.indexOf(name);
          if (i === -1 || i >= cells.length) return undefined;
          const v = cells[i].trim();
          return v.length > 0 ? v : undefined;
        },
        entries,
        line: row.line,
        raw: cells.join(','),
      });
    }
    if (out.length > 0) yield out;
  }
}

/** The first of `names` that is in the header, or undefined. */
export function column(header: string[], names: string[]): string | undefined {
  return names.find((n) => header.includes(n));
}
