/**
 * `kubectl logs --timestamps [--prefix]`: every physical line starts with the kubelet's RFC 3339 time
 * (Go's RFC3339Nano: 'Z', fraction of up to 9 digits with trailing zeros trimmed), then the
 * container's line: `2024-03-18T15:46:14.238135024Z <line>`; with --prefix, `[pod/name/container] ` first.
 * The inner line is parsed for level/service (JSON or text header). Because kubectl stamps every line,
 * a stack trace is many stamped lines: an inner line that belongs to a Java, Python, Go or Node trace
 * (runtime-traces.ts: indented frames, `Caused by:`, `Traceback …`, `panic: …`, exception lines)
 * continues the event above.
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { rejectLine } from './io/bad-line';
import { share, sniffLines } from './io/sniff';
import { InnerLines } from './inner';
import { TraceContinuation } from './runtime-traces';
import { readLineEvents } from './line-events';
import { withFields } from './log-record';
import { scanIso } from './timestamps';

const PREFIX_RE = /^\[([^\]\s]{1,253})\] /;

export interface StampedLine {
  ts: number;
  /** Index where the inner text starts. */
  start: number;
  /** Number of fraction digits in the time (for detection). */
  digits: number;
  prefix?: string;
}

/** `[prefix] <RFC3339 Z> ` at the start of a line, as kubectl writes it; undefined when absent. */
export function kubeletStamp(line: string): StampedLine | undefined {
  let i = 0;
  let prefix: string | undefined;
  if (line.charCodeAt(0) === 91) {
    const m = PREFIX_RE.exec(line);
    if (!m) return undefined;
    prefix = m[1];
    i = m[0].length;
  }
  const w = scanIso(line, i);
  if (!w || w.offset !== 0 || line.charCodeAt(i + 10) !== 84 || line.charCodeAt(w.end - 1) !== 90) return undefined;
  if (w.end < line.length && line.charCodeAt(w.end) !== 32) return undefined;
  const dot = line.charCodeAt(i + 19) === 46 ? w.end - 1 - (i + 20) : 0;
  const ts = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  return { ts, start: Math.min(line.length, w.end + 1), digits: dot, prefix };
}

/** CRI (`stdout F`) and logcli (`{labels}`) lines are stamped the same way: this tells them apart. */
function looksLikeOther(line: string, start: number): boolean {
  const head = line.slice(start, start + 64);
  return /^(?:stdout|stderr) [PF](?: |$)/.test(head) || /^\{(?:\}|[A-Za-z_][\w.]*=")/.test(head);
}

function detect(sniff: Sniff): number {
  const lines = sniffLines(sniff, 200);
  if (lines.length === 0) return 0;
  const stamped = lines.map(kubeletStamp);
  const ok = stamped.filter((s, k): s is StampedLine => s !== undefined && !looksLikeOther(lines[k], s.start));
  if (ok.length / lines.length < 0.9) return 0;
  // Go's RFC3339Nano: many digits, or varying digit counts (trailing zeros trimmed), or a --prefix.
  const nano = ok.filter((s) => s.digits >= 7).length / ok.length;
  const lengths = new Set(ok.map((s) => s.digits));
  const prefixed = ok.some((s) => s.prefix !== undefined);
  const innerStamped = share(
    ok.map((s, k) => lines[k].slice(s.start, s.start + 30)),
    (t) => /^\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(t),
  );
  if (nano >= 0.5 || prefixed || (lengths.size > 1 && ok.length >= 3) || innerStamped >= 0.5) return 0.9;
  return 0;
}

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<LogRecord[]> {
  const inner = new InnerLines(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  const traces = new TraceContinuation();
  yield* readLineEvents(open, ctx, (line, no, events) => {
    if (line.length === 0) return undefined;
    const st = kubeletStamp(line);
    if (!st) {
      // Unlike logfmt/logcli, a white-space-only line here is a bad line: kubectl stamps every line.
      if (events.open) events.append(line);
      else rejectLine(ctx, no, 'a line starting with an RFC 3339 time (kubectl --timestamps)', line);
      return undefined;
    }
    const text = line.slice(st.start);
    if (events.open && traces.continues(text)) {
      events.append(line, text);
      return 'continued';
    }
    traces.start(text);
    const h = inner.parse(text);
    return withFields(
      { kind: 'log', ts: st.ts, line: no, lines: 1, message: h.message, raw: line },
      {
        level: h.level,
        service: h.service ?? (st.prefix ? st.prefix.split('/').pop() : undefined),
        host: h.host,
        attrs: st.prefix ? { ...h.attrs, source: st.prefix } : h.attrs,
      },
    );
  });
}

export const kubectlLogReader: FormatReader = {
  id: 'log-kubectl',
  kind: 'logs',
  title: 'kubectl logs --timestamps',
  detect,
  read,
};
