/**
 * Hand-made wide CSV: `timestamp,a,b,c` — a time column (by name, else the first column) and one
 * numeric column per series named by its header. Epoch (by digit count) or ISO times; times
 * without an offset are read in `ctx.zone`. Parsing: see wide-table.ts.
 */
import type { FormatReader, IngestRecord, Sniff } from '../../types';
import type { MetricReadContext } from './context';
import { csvHead, longColumns, numericShare, timeColumn, timeShare } from './csv-detect';
import { grafanaScore } from './grafana-csv';
import { safeDetect } from './sniff';
import { readSamples } from './stream';
import { parseTimeCell } from './table-cells';
import { WideTableParser } from './wide-table';

function detect(sniff: Sniff): number {
  const h = csvHead(sniff);
  if (!h || h.rows.length === 0) return 0;
  if (grafanaScore(sniff) >= 0.5 || longColumns(h.header)) return 0.2;
  const named = timeColumn(h.header);
  const tc = named >= 0 ? named : 0;
  // A first header cell that is itself a time means there is no header.
  if (!Number.isNaN(parseTimeCell(h.header[tc], 'UTC'))) return 0;
  if (timeShare(h.rows, tc) < 0.8) return 0;
  if (numericShare(h.rows, new Set([tc])) < 0.8) return 0.1;
  return named >= 0 ? 0.75 : 0.55;
}

export const csvWideReader: FormatReader = {
  id: 'csv-wide',
  kind: 'metrics',
  title: 'CSV, wide (time column + one column per series)',
  detect(sniff: Sniff): number {
    return safeDetect(() => detect(sniff));
  },
  read(open: () => NodeJS.ReadableStream, ctx: MetricReadContext): AsyncIterable<IngestRecord[]> {
    return readSamples(open, ctx, (sink) => new WideTableParser(ctx, sink, undefined));
  },
};
