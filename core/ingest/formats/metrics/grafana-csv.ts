/**
 * Grafana panel Inspect > Data > Download CSV ("series joined by time"), with or without
 * "Formatted data" (local `YYYY-MM-DD HH:mm:ss` times, values with units) and "Download for
 * Excel" (`sep=,` first line). UTF-8 BOM and CRLF as Grafana writes them. Reference: Grafana
 * `public/app/features/inspector` / `@grafana/data` `toCSV`. Parsing: see wide-table.ts.
 */
import type { FormatReader, IngestRecord, Sniff } from '../../types';
import type { MetricReadContext } from './context';
import { csvHead, looksLikeGrafana, numericShare, timeShare } from './csv-detect';
import { safeDetect } from './sniff';
import { readSamples } from './stream';
import { WideTableParser } from './wide-table';

/** Confidence that the head is a Grafana panel CSV (shared with the wide CSV detector). */
export function grafanaScore(sniff: Sniff): number {
  const h = csvHead(sniff);
  if (!h || !looksLikeGrafana(h)) return 0;
  const tc = h.header.indexOf('Time');
  if (h.rows.length > 0 && timeShare(h.rows, tc) < 0.8) return 0;
  if (h.rows.length > 0 && numericShare(h.rows, new Set([tc])) < 0.8) return 0.3;
  return 0.9;
}

export const grafanaCsvReader: FormatReader = {
  id: 'grafana-csv',
  kind: 'metrics',
  title: 'Grafana panel CSV export',
  detect(sniff: Sniff): number {
    return safeDetect(() => grafanaScore(sniff));
  },
  read(open: () => NodeJS.ReadableStream, ctx: MetricReadContext): AsyncIterable<IngestRecord[]> {
    return readSamples(open, ctx, (sink) => new WideTableParser(ctx, sink, 'Time'));
  },
};
