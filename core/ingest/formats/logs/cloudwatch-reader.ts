/**
 * AWS CloudWatch Logs `aws logs filter-log-events` output:
 * `{"events":[{"logStreamName","timestamp":<ms>,"message","ingestionTime","eventId"}],"searchedLogStreams":[…],"nextToken"}`.
 * Events are streamed (`$.events.*`); several pages appended to one another are read in turn. The
 * message is parsed for level/service (JSON or text header); `logGroupName`, when an export adds it,
 * is the service. (S3 exports — `2024-01-15T10:00:00.000Z message` lines — are plain-text logs.)
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { BadRecord, describe } from './io/bad-line';
import { isObject } from './io/json-stream';
import { firstChar } from './io/sniff';
import { InnerLines } from './inner';
import { readJsonDocument } from './json-doc';
import { withFields } from './log-record';
import { TimeValues } from './timestamps';

function detect(sniff: Sniff): number {
  if (firstChar(sniff) !== '{') return 0;
  const h = sniff.head;
  if (!/"events"\s*:\s*\[/.test(h)) return 0;
  return /"logStreamName"\s*:/.test(h) || /"ingestionTime"\s*:/.test(h) || /"searchedLogStreams"\s*:/.test(h) ? 0.93 : 0;
}

function read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncIterable<LogRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  const inner = new InnerLines(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  return readJsonDocument(open, ctx, () => ['$.events.*'], (item) => {
    const e = item.value;
    if (!isObject(e)) throw new BadRecord('a log event object', describe(e));
    const ts = times.parse(e.timestamp);
    if (Number.isNaN(ts)) throw new BadRecord('timestamp in epoch milliseconds', describe(e.timestamp));
    const text = typeof e.message === 'string' ? e.message.replace(/\r?\n$/, '') : describe(e.message ?? '');
    const h = inner.parse(text);
    const service = typeof e.logGroupName === 'string' ? e.logGroupName : h.service;
    const attrs: Record<string, string> = { ...h.attrs };
    if (typeof e.logStreamName === 'string') attrs.logStream = e.logStreamName;
    if (typeof e.eventId === 'string') attrs.eventId = e.eventId;
    const rec: LogRecord = { kind: 'log', ts, line: item.line, lines: 1, message: h.message, raw: text };
    return withFields(rec, { level: h.level, service, host: h.host, attrs });
  });
}

export const cloudwatchLogsReader: FormatReader = {
  id: 'log-cloudwatch-filter-events',
  kind: 'logs',
  title: 'CloudWatch Logs filter-log-events JSON',
  detect,
  read,
};
