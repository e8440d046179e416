/**
 * Loki `logcli query -o jsonl`: `{"labels":{…},"line":"…","timestamp":"2024-…Z"}` a line
 * (timestamp RFC 3339, or a nanosecond epoch string). Labels give service/host/level (see labels.ts).
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { BadRecord, describe } from './io/bad-line';
import { isObject, type JsonObject } from './io/json-stream';
import { parseJsonObject, sniffLines } from './io/sniff';
import { readJsonLines } from './json-lines';
import { InnerLines } from './inner';
import { valueText } from './json-fields';
import { hostOf, levelOf, serviceOf } from './labels';
import { TimeValues } from './timestamps';

function isLokiEntry(o: JsonObject): boolean {
  return typeof o.line === 'string' && isObject(o.labels) && 'timestamp' in o;
}

function detect(sniff: Sniff): number {
  const lines = sniffLines(sniff, 20);
  if (lines.length === 0 || lines[0].trimStart()[0] !== '{') return 0;
  let ok = 0;
  for (const l of lines) {
    const o = l.length < 65536 ? parseJsonObject(l) : undefined;
    if (o ? isLokiEntry(o) : /"labels"\s*:\s*\{/.test(l) && /"line"\s*:/.test(l)) ok++;
  }
  return ok / lines.length >= 0.8 ? 0.92 : 0;
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
    const rec: LogRecord = { kind: 'log', ts, line, lines: 1, message: h.message, raw };
    const level = levelOf(labels) ?? h.level;
    if (level) rec.level = level;
    const service = serviceOf(labels) ?? h.service;
    if (service) rec.service = service;
    const host = hostOf(labels) ?? h.host;
    if (host) rec.host = host;
    const attrs = { ...h.attrs, ...labels };
    if (Object.keys(attrs).length > 0) rec.attrs = attrs;
    return rec;
  });
}

export const lokiJsonlReader: FormatReader = {
  id: 'log-loki-jsonl',
  kind: 'logs',
  title: 'Loki logcli -o jsonl',
  detect,
  read,
};
