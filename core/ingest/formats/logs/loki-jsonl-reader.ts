/**
 * Loki `logcli query -o jsonl`: `{"labels":{…},"line":"…","timestamp":"2024-…Z"}` a line
 * (timestamp RFC 3339, or a nanosecond epoch string). Labels give service/host/level (see labels.ts).
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { BadRecord, describe } from './io/bad-line';
import { isObject, type JsonObject } from './io/json-stream';
import { jsonLinesShare } from './io/sniff';
import { readJsonLines } from './json-lines';
import { InnerLines } from './inner';
import { valueText } from './json-fields';
import { hostOf, levelOf, serviceOf } from './labels';
import { withFields } from './log-record';
import { TimeValues } from './timestamps';

function isLokiEntry(o: JsonObject): boolean {
  return typeof o.line === 'string' && isObject(o.labels) && 'timestamp' in o;
}

function detect(sniff: Sniff): number {
  const ok = jsonLinesShare(sniff, 20, isLokiEntry, (l) => /"labels"\s*:\s*\{/.test(l) && /"line"\s*:/.test(l));
  return ok >= 0.8 ? 0.92 : 0;
}

function read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncIterable<LogRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  const inner = new InnerLines(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  return readJsonLines(open, ctx, 'a Loki JSON line ({labels, line, timestamp})', (obj, line, raw) => {
    const ts = times.parse(obj.timestamp);
    if (Number.isNaN(ts)) throw new BadRecord('a timestamp (RFC 3339 or ns epoch)', describe(obj.timestamp));
    const text = typeof obj.line === 'string' ? obj.line : valueText(obj.line ?? '');
    const labels: Record<string, string> = {};
    if (isObject(obj.labels)) for (const k of Object.keys(obj.labels)) labels[k] = valueText(obj.labels[k]);
    const h = inner.parse(text);
    return withFields(
      { kind: 'log', ts, line, lines: 1, message: h.message, raw },
      {
        level: levelOf(labels) ?? h.level,
        service: serviceOf(labels) ?? h.service,
        host: hostOf(labels) ?? h.host,
        attrs: { ...h.attrs, ...labels },
      },
    );
  });
}

export const lokiJsonlReader: FormatReader = {
  id: 'log-loki-jsonl',
  kind: 'logs',
  title: 'Loki logcli -o jsonl',
  detect,
  read,
};
