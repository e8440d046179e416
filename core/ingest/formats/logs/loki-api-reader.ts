/**
 * Loki HTTP API query response (`/loki/api/v1/query_range`, `resultType: "streams"`):
 * `{"status":"success","data":{"resultType":"streams","result":[{"stream":{labels},"values":[["<ns>","line"(, {metadata})],…]}]}}`.
 * Streamed: each value is read on its own, so a stream with millions of lines never sits in memory
 * (labels come first in Loki's output; values seen before their stream's labels wait, up to 10 000).
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { BadRecord, describe, rejectLine } from './io/bad-line';
import { isObject, type JsonItem, type JsonValue } from './io/json-stream';
import { firstChar } from './io/sniff';
import { readJsonDocument } from './json-doc';
import { InnerLines } from './inner';
import { valueText } from './json-fields';
import { hostOf, levelOf, serviceOf } from './labels';
import { withFields } from './log-record';
import { TimeValues } from './timestamps';

function detect(sniff: Sniff): number {
  if (firstChar(sniff) !== '{') return 0;
  return /"resultType"\s*:\s*"streams"/.test(sniff.head) ? 0.95 : 0;
}

const MAX_WAITING = 10_000;

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<LogRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  const inner = new InnerLines(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  let current = -1;
  let labels: Record<string, string> | undefined;
  let waiting: JsonItem[] = [];

  const entry = (item: JsonItem, lbl: Record<string, string>): LogRecord => {
    const v = item.value;
    if (!Array.isArray(v) || v.length < 2) throw new BadRecord('a ["<ns epoch>", "<line>"] pair', describe(v));
    const ts = times.parse(v[0]);
    if (Number.isNaN(ts)) throw new BadRecord('a nanosecond epoch string', describe(v[0]));
    const text = typeof v[1] === 'string' ? v[1] : valueText(v[1]);
    const h = inner.parse(text);
    const attrs: Record<string, string> = { ...h.attrs, ...lbl };
    const meta = v[2] as JsonValue | undefined;
    if (isObject(meta)) for (const k of Object.keys(meta)) attrs[k] = valueText(meta[k]);
    return withFields(
      { kind: 'log', ts, line: item.line, lines: 1, message: h.message, raw: text },
      { level: levelOf(lbl) ?? h.level, service: serviceOf(lbl) ?? h.service, host: hostOf(lbl) ?? h.host, attrs },
    );
  };

  /** Entries that waited for their labels: a bad one is rejected on its own line. */
  const release = (items: JsonItem[], lbl: Record<string, string>): LogRecord[] => {
    const out: LogRecord[] = [];
    for (const w of items) {
      try {
        out.push(entry(w, lbl));
      } catch (err) {
        if (!(err instanceof BadRecord)) throw err;
        rejectLine(ctx, w.line, err.expected, err.found);
      }
    }
    return out;
  };

  const convert = (item: JsonItem): LogRecord | LogRecord[] | undefined => {
    // path: ['data', 'result', i, 'stream'] or ['data', 'result', i, 'values', j] (or without 'data').
    const off = item.path[0] === 'data' ? 1 : 0;
    const index = item.path[off + 1];
    if (typeof index !== 'number') return undefined;
    if (index !== current) {
      current = index;
      labels = undefined;
      waiting = [];
    }
    if (item.path[off + 2] === 'stream') {
      if (!isObject(item.value)) throw new BadRecord('a stream label object', describe(item.value));
      labels = {};
      for (const k of Object.keys(item.value)) labels[k] = valueText(item.value[k]);
      const ready = release(waiting, labels);
      waiting = [];
      return ready;
    }
    if (labels) return entry(item, labels);
    if (waiting.length < MAX_WAITING) {
      waiting.push(item);
      return undefined;
    }
    return entry(item, {});
  };

  const paths = (): string[] => [
    '$.data.result.*.stream',
    '$.data.result.*.values.*',
    '$.result.*.stream',
    '$.result.*.values.*',
  ];
  yield* readJsonDocument(open, ctx, paths, convert);
  if (waiting.length > 0) {
    const rest = release(waiting, {});
    if (rest.length > 0) yield rest;
  }
}

export const lokiApiReader: FormatReader = {
  id: 'log-loki-api',
  kind: 'logs',
  title: 'Loki API query response (resultType streams)',
  detect,
  read,
};
