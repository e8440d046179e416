/**
 * elasticdump NDJSON output: one Elasticsearch hit a line (`{"_index","_id","_source":{…}}`).
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { jsonLinesShare } from './io/sniff';
import { hitToRecord } from './es-hit';
import { readJsonLines } from './json-lines';
import { TimeValues } from './timestamps';

function detect(sniff: Sniff): number {
  const ok = jsonLinesShare(
    sniff,
    20,
    (o) => typeof o._source === 'object' && '_index' in o,
    (l) => /^\{"_index"\s*:/.test(l) && l.includes('"_source"'),
  );
  return ok >= 0.8 ? 0.92 : 0;
}

function read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncIterable<LogRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  return readJsonLines(open, ctx, 'an Elasticsearch hit object', (obj, line, raw) => hitToRecord(obj, line, raw, times));
}

export const elasticdumpReader: FormatReader = {
  id: 'log-elasticdump',
  kind: 'logs',
  title: 'elasticdump NDJSON (one Elasticsearch hit a line)',
  detect,
  read,
};
