/**
 * Service dependency edges as JSON: an array of `{caller, callee}` (or source/target, from/to,
 * parent/child, src/dst), or an object holding such an array under `edges`, `links`, `dependencies`
 * or `data` (Jaeger's `/api/dependencies`: `{"data":[{"parent","child","callCount"}]}`). Edges are
 * streamed; other keys of an edge become attrs.
 */
import type { EdgeRecord, FormatReader, ReadContext, Sniff } from '../../types';
import { BadRecord, describe } from '../logs/io/bad-line';
import { firstChar } from '../logs/io/sniff';
import { readJsonDocument } from '../logs/json-doc';
import { valueText } from '../logs/json-fields';
import { requireObject, text } from '../events/fields';
import { EDGE_PAIRS } from './edge-keys';

function detect(sniff: Sniff): number {
  const c = firstChar(sniff);
  if (c !== '[' && c !== '{') return 0;
  const h = sniff.head;
  // Keys that mark other JSON formats which may hold from/to or source/target strings in their records.
  if (/"(?:_source|resultType|involvedObject|regarding|startsAt|incident_number|__REALTIME_TIMESTAMP|logStreamName)"\s*:/.test(h)) {
    return 0;
  }
  for (const [a, b] of EDGE_PAIRS) {
    if (new RegExp(`"${a}"\\s*:\\s*"`).test(h) && new RegExp(`"${b}"\\s*:\\s*"`).test(h)) return 0.85;
  }
  return 0;
}

function read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncIterable<EdgeRecord[]> {
  const paths = (root: string): string[] =>
    root === '[' ? ['$.*'] : ['$.edges.*', '$.links.*', '$.dependencies.*', '$.data.*'];
  return readJsonDocument(open, ctx, paths, (item) => {
    const o = requireObject(item.value, 'an edge object ({"caller": …, "callee": …})');
    const pair = EDGE_PAIRS.find(([a, b]) => text(o[a]) !== undefined && text(o[b]) !== undefined);
    if (!pair) throw new BadRecord('an edge with caller and callee (or source/target, from/to)', describe(o).slice(0, 80));
    const rec: EdgeRecord = { kind: 'edge', caller: text(o[pair[0]]) as string, callee: text(o[pair[1]]) as string };
    const attrs: Record<string, string> = {};
    for (const k of Object.keys(o)) if (k !== pair[0] && k !== pair[1]) attrs[k] = valueText(o[k]);
    if (Object.keys(attrs).length > 0) rec.attrs = attrs;
    return rec;
  });
}

export const edgesJsonReader: FormatReader = {
  id: 'topology-json',
  kind: 'topology',
  title: 'Service dependency edges JSON',
  detect,
  read,
};
