/**
 * Kubernetes node log files in the CRI format (/var/log/pods/…, /var/log/containers/…):
 * `2019-04-30T02:12:41.8443515Z stdout F message`. Tag `P` marks a partial line: it is joined with
 * the following lines of the SAME stream up to the one tagged `F` (one logical line; `raw` keeps the
 * physical lines joined by '\n', `message` their texts joined without separator). A logical line that
 * belongs to a Java, Python, Go or Node trace (runtime-traces.ts) continues the event above on the same stream.
 * Partial text is capped at MAX_LINE_CHARS (attrs.truncated).
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { EventBuilder } from './event-builder';
import { rejectLine } from './io/bad-line';
import { MAX_LINE_CHARS, readLineBatches } from './io/lines';
import { sniffLines } from './io/sniff';
import { InnerLines } from './inner';
import { withFields } from './log-record';
import { TraceContinuation } from './runtime-traces';
import { scanIso } from './timestamps';


interface CriLine {
  ts: number;
  stream: string;
  partial: boolean;
  text: string;
}

/** Parses one CRI line; undefined when it is not one. */
export function parseCriLine(line: string): CriLine | undefined {
  const w = scanIso(line, 0);
  if (!w || w.offset === undefined || line.charCodeAt(10) !== 84 || line.charCodeAt(w.end) !== 32) return undefined;
  const s = w.end + 1;
  const stream = line.startsWith('stdout ', s) ? 'stdout' : line.startsWith('stderr ', s) ? 'stderr' : undefined;
  if (!stream) return undefined;
  const tag = line.charCodeAt(s + 7);
  const after = line.charCodeAt(s + 8);
  if ((tag !== 80 && tag !== 70) || !(Number.isNaN(after) || after === 32 || after === 58)) return undefined;
  // Tags may carry more flags after ':' (e.g. `F:x`); skip to the space.
  let t = s + 8;
  while (t < line.length && line.charCodeAt(t) !== 32) t++;
  const ts = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms) - w.offset * 60_000;
  return { ts, stream, partial: tag === 80, text: t < line.length ? line.slice(t + 1) : '' };
}

function detect(sniff: Sniff): number {
  const lines = sniffLines(sniff, 200);
  if (lines.length === 0) return 0;
  let ok = 0;
  for (const l of lines) if (parseCriLine(l)) ok++;
  return ok / lines.length >= 0.9 ? 0.95 : 0;
}

interface Partial {
  ts: number;
  line: number;
  raw: string[];
  text: string[];
  size: number;
  cut: boolean;
}

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<LogRecord[]> {
  const inner = new InnerLines(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  const events = new EventBuilder();
  const traces = new TraceContinuation();
  const partials = new Map<string, Partial>();
  let out: LogRecord[] = [];

  const logical = (stream: string, ts: number, line: number, raw: string, text: string, physical: number, cut: boolean) => {
    const cur = events.current;
    if (cur && cur.attrs?.stream === stream && traces.continues(text)) {
      events.append(raw, text);
      if (physical > 1) cur.lines += physical - 1;
      if (cut) events.markTruncated();
      return;
    }
    traces.start(text);
    const h = inner.parse(text);
    const rec = withFields({ kind: 'log', ts, line, lines: physical, message: h.message, raw }, {
      level: h.level,
      service: h.service,
      host: h.host,
    });
    rec.attrs = { ...h.attrs, stream };
    if (cut) rec.attrs.truncated = 'true';
    const done = events.start(rec);
    if (done) out.push(done);
  };

  const flushPartial = (stream: string, p: Partial) => {
    partials.delete(stream);
    logical(stream, p.ts, p.line, p.raw.join('\n'), p.text.join(''), p.raw.length, p.cut);
  };

  for await (const batch of readLineBatches(open, ctx)) {
    for (let k = 0; k < batch.lines.length; k++) {
      const line = batch.lines[k];
      const no = batch.first + k;
      if (line.length === 0) continue;
      const c = parseCriLine(line);
      if (!c) {
        rejectLine(ctx, no, 'a CRI log line (<RFC 3339 time> stdout|stderr P|F <text>)', line);
        continue;
      }
      const cut = batch.truncated.includes(k);
      let p = partials.get(c.stream);
      if (c.partial || p) {
        if (!p) {
          p = { ts: c.ts, line: no, raw: [], text: [], size: 0, cut: false };
          partials.set(c.stream, p);
        }
        if (p.size < MAX_LINE_CHARS) {
          p.raw.push(line);
          p.text.push(c.text);
          p.size += line.length + c.text.length;
        } else {
          p.raw.push('');
          p.cut = true;
        }
        if (cut) p.cut = true;
        if (!c.partial) flushPartial(c.stream, p);
      } else {
        logical(c.stream, c.ts, no, line, c.text, 1, cut);
      }
    }
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  // Partial lines never completed by an `F` line: keep them, marked.
  for (const [stream, p] of [...partials]) {
    flushPartial(stream, p);
    const cur = events.current;
    if (cur) cur.attrs = { ...cur.attrs, partial: 'true' };
  }
  const last = events.finish();
  if (last) out.push(last);
  if (out.length > 0) yield out;
}

export const criLogReader: FormatReader = {
  id: 'log-cri',
  kind: 'logs',
  title: 'Kubernetes CRI container log (node file)',
  detect,
  read,
};
