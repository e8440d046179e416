/**
 * Apache / nginx access logs: Common Log Format `host ident user [time] "request" status bytes`,
 * Combined (+ `"referer" "user-agent"`), Apache's vhost_combined (a leading `vhost:port`), and an
 * optional trailing request time: `rt=0.023` / `request_time=0.023` (seconds), a bare decimal
 * `0.023` (nginx $request_time, seconds) or a bare integer (Apache %D, microseconds).
 * Each line is a LogRecord with attrs {method, path, protocol, status, bytes, client, request_time?
 * (seconds), vhost?, referer?, user_agent?}; level from status (5xx ERROR, 4xx WARN, else INFO);
 * service = vhost without port. Metrics over these records: access-log-metrics.ts.
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { rejectLine } from './io/bad-line';
import { readLineBatches } from './io/lines';
import { sniffLines } from './io/sniff';
import { ZonedClock, scanClf } from './timestamps';

const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';
const ACCESS_RE = new RegExp(
  `^(?:(\\S+) )?(\\S+) (\\S+) (\\S+) \\[([^\\]]{20,40})\\] ${QUOTED} (\\d{3}|-) (\\d+|-)(?: ${QUOTED} ${QUOTED})?(.*)$`,
);
const RT_KEY_RE = /(?:^|\s)(?:rt|request_time|req_time|reqtime)[=:]"?(\d+(?:\.\d+)?)/;
const RT_BARE_RE = /(?:^|\s)(\d+(?:\.\d+)?)\s*$/;

/** Request time in seconds from the text after the standard fields; undefined when none. */
export function requestTime(rest: string): number | undefined {
  const k = RT_KEY_RE.exec(rest);
  if (k) return Number(k[1]);
  const b = RT_BARE_RE.exec(rest);
  if (!b) return undefined;
  return b[1].includes('.') ? Number(b[1]) : Number(b[1]) / 1e6;
}

function unescape(s: string): string {
  return s.includes('\\') ? s.replace(/\\(.)/g, '$1') : s;
}

function detect(sniff: Sniff): number {
  const lines = sniffLines(sniff, 100);
  if (lines.length === 0) return 0;
  let ok = 0;
  for (const l of lines) if (ACCESS_RE.test(l) && scanClf(ACCESS_RE.exec(l)?.[5] ?? '', 0)) ok++;
  return ok / lines.length >= 0.6 ? 0.93 : 0;
}

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<LogRecord[]> {
  const clock = new ZonedClock(ctx.zone);
  let prev = Number.NaN;
  for await (const batch of readLineBatches(open, ctx)) {
    const out: LogRecord[] = [];
    for (let k = 0; k < batch.lines.length; k++) {
      const line = batch.lines[k];
      const no = batch.first + k;
      if (line.trim().length === 0) continue;
      const m = ACCESS_RE.exec(line);
      const w = m ? scanClf(m[5], 0) : undefined;
      if (!m || !w) {
        rejectLine(ctx, no, 'an access log line (host ident user [dd/Mon/yyyy:hh:mm:ss ±zzzz] "request" status bytes)', line);
        continue;
      }
      const ts = clock.toUtc(w, prev);
      prev = ts;
      const request = unescape(m[6]);
      const parts = request.split(' ');
      const attrs: Record<string, string> = { client: m[2], status: m[7], bytes: m[8] === '-' ? '0' : m[8] };
      if (parts.length >= 2) {
        attrs.method = parts[0];
        attrs.path = parts[1];
        if (parts[2]) attrs.protocol = parts[2];
      }
      if (m[4] !== '-') attrs.user = m[4];
      if (m[1] !== undefined) attrs.vhost = m[1];
      if (m[9] !== undefined && m[9] !== '-') attrs.referer = unescape(m[9]);
      if (m[10] !== undefined && m[10] !== '-') attrs.user_agent = unescape(m[10]);
      const rt = requestTime(m[11]);
      if (rt !== undefined && Number.isFinite(rt)) attrs.request_time = String(rt);
      if (batch.truncated.includes(k)) attrs.truncated = 'true';
      const status = Number(m[7]);
      const rec: LogRecord = {
        kind: 'log',
        ts,
        line: no,
        lines: 1,
        level: status >= 500 ? 'ERROR' : status >= 400 ? 'WARN' : 'INFO',
        message: line.slice(line.indexOf('] "') + 2),
        raw: line,
        attrs,
      };
      if (m[1] !== undefined) rec.service = m[1].replace(/:\d+$/, '');
      out.push(rec);
    }
    if (out.length > 0) yield out;
  }
}

export const accessLogReader: FormatReader = {
  id: 'log-access',
  kind: 'logs',
  title: 'Apache / nginx access log (common, combined)',
  detect,
  read,
};
