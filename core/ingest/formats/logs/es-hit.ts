/**
 * One Elasticsearch / OpenSearch hit (`{_index, _id, _source | fields}`) to a LogRecord: time,
 * message, level, service and host found by key in `_source` (or in `fields`, whose values are
 * arrays); `_index` and `_id` kept as attrs.
 */
import type { LogRecord } from '../../types';
import { BadRecord, describe } from './io/bad-line';
import { isObject, type JsonObject, type JsonValue } from './io/json-stream';
import { findFields } from './json-fields';
import { withFields } from './log-record';
import type { TimeValues } from './timestamps';

function unwrapFields(fields: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(fields)) {
    const v = fields[k];
    out[k] = Array.isArray(v) && v.length === 1 ? (v[0] as JsonValue) : v;
  }
  return out;
}

/**
 * A hit to a LogRecord. O(fields). Throws BadRecord (caught by the reader's loop) when the hit is not an
 * object, has neither _source nor fields, or has no readable time.
 */
export function hitToRecord(hit: JsonValue, line: number, raw: string | undefined, times: TimeValues): LogRecord {
  if (!isObject(hit)) throw new BadRecord('a search hit object', describe(hit));
  const src = isObject(hit._source) ? hit._source : isObject(hit.fields) ? unwrapFields(hit.fields) : undefined;
  if (!src) throw new BadRecord('a hit with _source or fields', describe(hit).slice(0, 80));
  const f = findFields(src, times);
  if (Number.isNaN(f.ts)) throw new BadRecord('a time field (@timestamp, timestamp, time …) in _source', describe(src).slice(0, 80));
  const text = raw ?? JSON.stringify(src);
  const rec = withFields({ kind: 'log', ts: f.ts, line, lines: 1, message: f.message ?? text, raw: text }, {
    level: f.level,
    service: f.service,
    host: f.host,
  });
  const attrs = f.attrs;
  if (typeof hit._index === 'string') attrs._index = hit._index;
  if (typeof hit._id === 'string') attrs._id = hit._id;
  rec.attrs = attrs;
  return rec;
}
