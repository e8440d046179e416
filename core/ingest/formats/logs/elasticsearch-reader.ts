/**
 * Elasticsearch / OpenSearch `_search` response saved as JSON: `{"took",…,"hits":{"total",…,"hits":[{_index,_id,_source}]}}`.
 * Hits are streamed one by one (`$.hits.hits.*`); pages of a scroll appended to one another are read
 * in turn. Time/message/level/service/host are found by key in `_source` (es-hit.ts).
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { firstChar } from './io/sniff';
import { hitToRecord } from './es-hit';
import { readJsonDocument } from './json-doc';
import { TimeValues } from './timestamps';

function detect(sniff: Sniff): number {
  if (firstChar(sniff) !== '{') return 0;
  const h = sniff.head;
  if (!/"hits"\s*:\s*\{/.test(h) || !/"_source"\s*:|"fields"\s*:/.test(h)) return 0;
  // elasticdump lines are hits themselves, not a response.
  if (/^\s*\{\s*"_index"/.test(h)) return 0;
  return /"took"\s*:|"_shards"\s*:|"timed_out"\s*:/.test(h) ? 0.93 : 0.7;
}

function read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncIterable<LogRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  return readJsonDocument(open, ctx, () => ['$.hits.hits.*'], (item) => hitToRecord(item.value, item.line, undefined, times));
}

export const elasticsearchReader: FormatReader = {
  id: 'log-elasticsearch-search',
  kind: 'logs',
  title: 'Elasticsearch / OpenSearch _search response JSON',
  detect,
  read,
};
