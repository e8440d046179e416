/**
 * JSON lines written by applications (zap, logrus, pino, bunyan, winston, structlog, ECS, Docker's
 * json-file driver …): one object a line with varying keys. Time, level, message, service and host are
 * found by key (json-fields.ts); the other keys become attrs; a stack-trace field (`stack_trace`,
 * `error.stack`, …) or `error.type` gives attrs.exception. A line without a time is a bad line.
 * Detection yields to the specialised JSON-lines formats (journald, Loki jsonl, elasticdump).
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { BadRecord } from './io/bad-line';
import { isObject } from './io/json-stream';
import { parseJsonObject, sniffLines } from './io/sniff';
import { findFields, TIME_KEYS } from './json-fields';
import { readJsonLines } from './json-lines';
import { withFields } from './log-record';
import { exceptionAttrs, exceptionOfFields } from './runtime-traces';
import { TimeValues } from './timestamps';

function detect(sniff: Sniff): number {
  const lines = sniffLines(sniff, 30);
  if (lines.length === 0 || lines[0].trimStart()[0] !== '{') return 0;
  const times = new TimeValues('UTC', 2000, 0);
  let objects = 0;
  let timed = 0;
  for (const l of lines) {
    const o = l.length < 65536 ? parseJsonObject(l) : undefined;
    if (!o) continue;
    objects++;
    // Specialised shapes belong to their own readers.
    if ('__REALTIME_TIMESTAMP' in o || ('_source' in o && '_index' in o) || (isObject(o.labels) && 'line' in o)) return 0.1;
    const f = findFields(o, times);
    if (!Number.isNaN(f.ts)) timed++;
  }
  if (objects / lines.length < 0.8 || timed / lines.length < 0.5) return 0;
  return 0.7;
}

function read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncIterable<LogRecord[]> {
  const times = new TimeValues(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  return readJsonLines(open, ctx, 'a JSON object', (obj, line, raw) => {
    const f = findFields(obj, times);
    if (Number.isNaN(f.ts)) throw new BadRecord(`a time field (${TIME_KEYS.slice(0, 5).join(', ')} …)`, raw);
    // Docker's json-file driver keeps the line's own newline in `log`.
    const message = f.message?.endsWith('\n') ? f.message.replace(/\r?\n$/, '') : f.message;
    const ex = exceptionOfFields(f.attrs);
    if (ex) Object.assign(f.attrs, exceptionAttrs(ex));
    return withFields({ kind: 'log', ts: f.ts, line, lines: 1, message: message ?? raw, raw }, f);
  });
}

export const jsonAppLogReader: FormatReader = {
  id: 'log-json-lines',
  kind: 'logs',
  title: 'JSON lines from applications',
  detect,
  read,
};
