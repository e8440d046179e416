/**
 * elasticdump NDJSON output: one Elasticsearch hit a line (`{"_index","_id","_source":{…}}`).
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { parseJsonObject, sniffLines } from './io/sniff';
import { hitToRecord } from './es-hit';
import { readJsonLines } from './json-lines';
import { TimeValues } from './timestamps';

function detect(sniff: Sniff): number {
  const lines = sniffLines(sniff, 20);
  if (lines.length === 0 || lines[0].trimStart()[0] !== '{') return 0;
  let ok = 0;
  for (const l of lines) {
    const o = l.length < 65536 ? parseJsonObject(l) : undefined;
    if (o ? typeof o._source === 'object' && '_index' in o : /^\{"_index"\s*:/.test(l) && l.includes('"_source"')) ok++;
  }
  return ok / lines.length >= 0.8 ? 0.92 : 0;
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
