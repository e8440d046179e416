/**
 * Plain-text logs whose lines start with a timestamp in any style of timestamps.ts (RFC 3339, RFC 3164
 * and 5424 syslog, log4j, CLF, Apache error log, epoch). A line that does not start with a timestamp
 * (stack trace, wrapped message) belongs to the event above: one LogRecord, `lines` > 1, `raw` the
 * lines joined by '\n'. The header after the timestamp gives host/service (syslog), level and
 * [component] (header.ts); `message` is the rest. Up to 200 lines before the first timestamp (an event
 * cut by log rotation) become one event at the first header's time (attrs.before_first_timestamp);
 * a file with no timestamp in its first 200 lines is refused at line 1.
 *
 * Detection: the share of sampled lines that start with a timestamp; it yields (≤ 0.3) to the readers
 * of more specific line formats that also start with a time (kubectl, CRI, logcli, access logs).
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { accessLogReader } from './access-log-reader';
import { criLogReader } from './cri-reader';
import { EventBuilder } from './event-builder';
import { parseHeader } from './header';
import { rejectLine } from './io/bad-line';
import { readLineBatches } from './io/lines';
import { sniffLines } from './io/sniff';
import { kubectlLogReader } from './kubectl-reader';
import { lokiLogcliReader } from './loki-logcli-reader';
import { withFields } from './log-record';
import { LeadingTimestamps } from './timestamps';

const SPECIFIC = [kubectlLogReader, criLogReader, lokiLogcliReader, accessLogReader];

function detect(sniff: Sniff): number {
  const lines = sniffLines(sniff, 200);
  if (lines.length === 0) return 0;
  const stamps = new LeadingTimestamps('UTC', 2000, 0);
  let hits = 0;
  for (const l of lines) if (stamps.parse(l)) hits++;
  if (hits === 0) return 0;
  const f = hits / lines.length;
  const firstStamped = new LeadingTimestamps('UTC', 2000, 0).parse(lines[0]) !== undefined;
  let score = firstStamped ? 0.55 + 0.25 * f : f >= 0.5 ? 0.5 + 0.2 * f : 0;
  if (score === 0) return 0;
  for (const r of SPECIFIC) {
    if (r.detect(sniff) >= 0.5) {
      score = Math.min(score, 0.3);
      break;
    }
  }
  return score;
}

/** Lines before the first timestamp kept (rotation cut an event in two); more, and the file is not this format. */
const MAX_LEADING = 200;

function leading(lines: string[], ts: number): LogRecord {
  while (lines.length > 0 && lines[lines.length - 1].trim().length === 0) lines.pop();
  const raw = lines.join('\n');
  return { kind: 'log', ts, line: 1, lines: lines.length, message: raw, raw, attrs: { before_first_timestamp: 'true' } };
}

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<LogRecord[]> {
  const stamps = new LeadingTimestamps(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  const events = new EventBuilder();
  let truncated = 0;
  let lead: string[] = [];
  for await (const batch of readLineBatches(open, ctx)) {
    const out: LogRecord[] = [];
    const lines = batch.lines;
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k];
      const st = line.length > 0 ? stamps.parse(line) : undefined;
      if (st) {
        if (lead.length > 0) {
          // The tail of an event cut by log rotation: kept, at the time of the first header.
          out.push(leading(lead, st.ts));
          ctx.onNote?.(`${ctx.file}: ${lead.length} line(s) before the first timestamp were kept as one event at its time.`);
          lead = [];
        }
        const h = parseHeader(line, st.end, st.style, st.pri);
        // parseHeader leaves attrs undefined rather than empty, so withFields keeps them as before.
        const rec: LogRecord = { kind: 'log', ts: st.ts, line: batch.first + k, lines: 1, message: h.message, raw: line };
        const done = events.start(withFields(rec, h));
        if (done) out.push(done);
      } else if (events.open) {
        events.append(line);
      } else if (lead.length > 0 || line.trim().length > 0) {
        lead.push(line);
        if (lead.length > MAX_LEADING) {
          rejectLine(ctx, 1, `a timestamp within the first ${MAX_LEADING} lines`, lead[0]);
          lead = [];
        }
        continue;
      }
      if (batch.truncated.length > 0 && batch.truncated.includes(k)) {
        events.markTruncated();
        truncated++;
      }
    }
    if (out.length > 0) yield out;
  }
  if (lead.length > 0) rejectLine(ctx, 1, 'a line starting with a timestamp', lead[0]);
  const last = events.finish();
  if (last) yield [last];
  const guessed = stamps.years.guessed;
  if (guessed !== undefined) {
    const anchor = ctx.fileTimeMs !== undefined ? "the file's date" : "today's date";
    ctx.onNote?.(`${ctx.file}: syslog times carry no year; the first one was read as ${guessed} (from ${anchor}), later ones follow it across New Year. Set a reference year to change it.`);
  }
  if (truncated > 0) ctx.onNote?.(`${ctx.file}: ${truncated} line(s) longer than 1 MiB were cut (attrs.truncated).`);
}

export const textLogReader: FormatReader = {
  id: 'log-text',
  kind: 'logs',
  title: 'Plain-text log with a leading timestamp',
  detect,
  read,
};
