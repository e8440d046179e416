/**
 * logfmt lines (Go's log/slog text handler, Heroku, Grafana, Loki, Prometheus): `key=value` pairs,
 * values bare or double-quoted with `\"` escapes: `ts=2024-01-15T10:00:00Z level=info msg="started" dur=12ms`.
 * Time, level, message, service and host are found by key as in JSON logs (json-fields.ts); other keys
 * become attrs. A line without a time key continues the event above (a wrapped message or a stack trace).
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import type { JsonObject } from './io/json-stream';
import { sniffLines } from './io/sniff';
import { findFields } from './json-fields';
import { continueOrReject, readLineEvents } from './line-events';
import { withFields } from './log-record';
import { TimeValues } from './timestamps';

const KEY_RE = /[A-Za-z_@][\w.@/-]*/y;

/** Parses one logfmt line into its pairs; undefined when it has fewer than two pairs or stray text. */
export function parseLogfmt(line: string): JsonObject | undefined {
  const out: JsonObject = {};
  let n = 0;
  let i = 0;
  const len = line.length;
  while (i < len) {
    while (i < len && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
    if (i >= len) break;
    KEY_RE.lastIndex = i;
    const m = KEY_RE.exec(line);
    if (!m) return undefined;
    const key = m[0];
    i += key.length;
    if (line.charCodeAt(i) !== 61) {
      // A bare key (flag) is allowed only when followed by a space or the end.
      if (i < len && line.charCodeAt(i) !== 32) return undefined;
      out[key] = 'true';
      n++;
      continue;
    }
    i++;
    let value = '';
    if (line.charCodeAt(i) === 34) {
      i++;
      let closed = false;
      while (i < len) {
        const c = line[i];
        if (c === '\\' && i + 1 < len) {
          const e = line[i + 1];
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
          continue;
        }
        if (c === '"') {
          closed = true;
          i++;
          break;
        }
        value += c;
        i++;
      }
      if (!closed) return undefined;
    } else {
      const start = i;
      while (i < len && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) i++;
      value = line.slice(start, i);
    }
    out[key] = value;
    n++;
  }
  return n >= 2 ? out : undefined;
}

function detect(sniff: Sniff): number {
  const lines = sniffLines(sniff, 50);
  if (lines.length === 0) return 0;
  const times = new TimeValues('UTC', 2000, 0);
  let timed = 0;
  for (const l of lines) {
    const o = l.length < 65536 ? parseLogfmt(l) : undefined;
    if (o && !Number.isNaN(findFields(o, times).ts)) timed++;
  }
  return timed / lines.length >= 0.6 && parseLogfmt(lines[0]) ? 0.8 : 0;
}

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<LogRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  yield* readLineEvents(open, ctx, (line, no, events) => {
    const o = line.length > 0 ? parseLogfmt(line) : undefined;
    const f = o ? findFields(o, times) : undefined;
    if (!f || Number.isNaN(f.ts)) {
      continueOrReject(events, ctx, no, line, 'a logfmt line with a time key (ts=…, time=…)');
      return undefined;
    }
    return withFields({ kind: 'log', ts: f.ts, line: no, lines: 1, message: f.message ?? line, raw: line }, f);
  });
}

export const logfmtReader: FormatReader = {
  id: 'log-logfmt',
  kind: 'logs',
  title: 'logfmt lines (key=value)',
  detect,
  read,
};
