/**
 * systemd journal exported with `journalctl -o json`: one object a line, every value a string.
 * `__REALTIME_TIMESTAMP` (µs since the epoch) is the time; `PRIORITY` "0"–"7" the syslog severity;
 * `MESSAGE` may be an array of byte numbers (binary or invalid UTF-8 — decoded, U+FFFD for bad bytes)
 * or null (oversize: message empty, attrs.message_omitted); service is `_SYSTEMD_UNIT`, else
 * `SYSLOG_IDENTIFIER`, else `_COMM`; host `_HOSTNAME`. Other fields become attrs (cursor and
 * monotonic times left out).
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { BadRecord, describe } from './io/bad-line';
import type { JsonObject, JsonValue } from './io/json-stream';
import { jsonLinesShare } from './io/sniff';
import { valueText } from './json-fields';
import { readJsonLines } from './json-lines';
import { levelOfSeverity } from './levels';
import { withFields } from './log-record';

const SKIP = new Set(['__CURSOR', '__REALTIME_TIMESTAMP', '__MONOTONIC_TIMESTAMP', '__SEQNUM', '__SEQNUM_ID', 'MESSAGE', '_HOSTNAME']);

/** A journald value as text: strings as they are, byte arrays decoded as UTF-8, null as undefined. */
export function journalText(v: JsonValue | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((b) => typeof b === 'number')) {
    const bytes = Uint8Array.from(v as number[], (b) => (Number.isInteger(b) && b >= 0 && b <= 255 ? b : 0x3f));
    return Buffer.from(bytes).toString('utf8');
  }
  return valueText(v);
}

function convert(obj: JsonObject, line: number, raw: string): LogRecord {
  const t = obj.__REALTIME_TIMESTAMP;
  const us = typeof t === 'string' && /^\d{1,19}$/.test(t) ? Number(t) : typeof t === 'number' ? t : Number.NaN;
  if (!Number.isFinite(us)) throw new BadRecord('__REALTIME_TIMESTAMP in microseconds', describe(t));
  const message = journalText(obj.MESSAGE);
  const pr = journalText(obj.PRIORITY);
  const rec = withFields({ kind: 'log', ts: Math.floor(us / 1000), line, lines: 1, message: message ?? '', raw }, {
    level: pr !== undefined && /^[0-7]$/.test(pr) ? levelOfSeverity(Number(pr)) : undefined,
    service: journalText(obj._SYSTEMD_UNIT) ?? journalText(obj.SYSLOG_IDENTIFIER) ?? journalText(obj._COMM),
    host: journalText(obj._HOSTNAME),
  });
  const attrs: Record<string, string> = {};
  for (const k of Object.keys(obj)) {
    if (SKIP.has(k)) continue;
    const v = journalText(obj[k]);
    if (v !== undefined) attrs[k] = v;
  }
  if (obj.MESSAGE === null) attrs.message_omitted = 'true';
  rec.attrs = attrs;
  return rec;
}

function detect(sniff: Sniff): number {
  const ok = jsonLinesShare(
    sniff,
    20,
    (o) => typeof o.__REALTIME_TIMESTAMP === 'string',
    (l) => /^\{"__CURSOR"|"__REALTIME_TIMESTAMP"\s*:\s*"\d+"/.test(l),
  );
  return ok >= 0.8 ? 0.95 : 0;
}

function read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncIterable<LogRecord[]> {
  return readJsonLines(open, ctx, 'a journald JSON object', convert);
}

export const journaldReader: FormatReader = {
  id: 'log-journald-json',
  kind: 'logs',
  title: 'systemd journal (journalctl -o json)',
  detect,
  read,
};
