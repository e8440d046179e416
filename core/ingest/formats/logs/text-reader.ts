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
import { levelOfWord } from './levels';
import { TraceContinuation } from './runtime-traces';
import { LeadingTimestamps, type Stamp } from './timestamps';

const SPECIFIC = [kubectlLogReader, criLogReader, lokiLogcliReader, accessLogReader];

/** Where a line's timestamp was found, and the prefix before it (empty for a line that starts with it). */
interface Located {
  stamp: Stamp;
  /** Index where the timestamp starts. */
  at: number;
}

/** Tokens of a prefix searched for a timestamp, and how far into the line. */
const PREFIX_TOKENS = 3;
const PREFIX_CHARS = 48;

/**
 * The timestamp a line starts with, or (with `prefixed`) one after a short prefix: up to three tokens
 * in the first 48 characters, such as a level (`INFO  2025-…`), a `name |` (docker compose) or a pid.
 * O(prefix length) per line.
 */
function locate(line: string, stamps: LeadingTimestamps, prefixed: boolean): Located | undefined {
  const stamp = stamps.parse(line);
  if (stamp || !prefixed) return stamp ? { stamp, at: 0 } : undefined;
  let i = 0;
  for (let k = 0; k < PREFIX_TOKENS; k++) {
    while (i < line.length && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) i++;
    while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9 || line.charCodeAt(i) === 124)) i++;
    if (i >= PREFIX_CHARS || i >= line.length) return undefined;
    const c = line.charCodeAt(i);
    if (c < 48 || (c > 57 && c !== 91 && (c < 65 || c > 90))) continue;
    const st = stamps.parse(line.slice(i));
    if (st) return { stamp: { ...st, end: st.end + i }, at: i };
  }
  return undefined;
}

/**
 * Share of the sampled lines that carry a timestamp (at the start, or with `prefixed` after a short
 * prefix), counting only lines that could start an event: lines of a stack trace are left out, so a
 * Java log heavy with traces is still recognised. Also whether the first such line has one.
 */
function stampedShare(sniff: Sniff, prefixed: boolean): { share: number; first: boolean } {
  const lines = sniffLines(sniff, 200);
  const stamps = new LeadingTimestamps('UTC', 2000, 0);
  const traces = new TraceContinuation();
  let hits = 0;
  let misses = 0;
  let first: boolean | undefined;
  for (const l of lines) {
    if (locate(l, stamps, prefixed)) {
      hits++;
      first ??= true;
      traces.start(l);
    } else if (!traces.continues(l)) {
      misses++;
      first ??= false;
    }
  }
  return { share: hits === 0 ? 0 : hits / (hits + misses), first: first === true };
}

function detect(sniff: Sniff): number {
  const { share: f, first } = stampedShare(sniff, false);
  if (f === 0) return 0;
  let score = first ? 0.55 + 0.25 * f : f >= 0.5 ? 0.5 + 0.2 * f : 0;
  if (score === 0) return 0;
  for (const r of SPECIFIC) {
    if (r.detect(sniff) >= 0.5) {
      score = Math.min(score, 0.3);
      break;
    }
  }
  return score;
}

/** The fallback's detection: most event lines carry a timestamp after a short prefix; below every other reader. */
function detectPrefixed(sniff: Sniff): number {
  const { share: f } = stampedShare(sniff, true);
  return f >= 0.6 ? 0.5 + 0.05 * f : 0;
}

/** Lines before the first timestamp kept (rotation cut an event in two); more, and the file is not this format. */
const MAX_LEADING = 200;

function leading(lines: string[], ts: number): LogRecord {
  while (lines.length > 0 && lines[lines.length - 1].trim().length === 0) lines.pop();
  const raw = lines.join('\n');
  return { kind: 'log', ts, line: 1, lines: lines.length, message: raw, raw, attrs: { before_first_timestamp: 'true' } };
}

/** A level word among the prefix tokens before a timestamp (`INFO`, `[warn]`, `E:`); undefined when none. */
function prefixLevel(prefix: string): string | undefined {
  for (const tok of prefix.split(/[\s|]+/)) {
    const lv = levelOfWord(tok.replace(/^[[(<]+|[\])>:]+$/g, ''));
    if (lv) return lv;
  }
  return undefined;
}

/** Words that say an event went wrong though no level is written (`job 881 failed: …`). */
const ERROR_WORDS = new Set(['failed', 'failure', 'exception', 'Failed', 'Failure', 'Exception', 'FAILED']);

/** A level guessed from the first eight words of a message when the header named none: a level word, else an error word. */
function guessedLevel(message: string): string | undefined {
  const words = message.slice(0, 120).split(/[\s[\]():,=]+/, 8);
  for (const w of words) {
    const lv = levelOfWord(w);
    if (lv) return lv;
  }
  return words.some((w) => ERROR_WORDS.has(w)) ? 'ERROR' : undefined;
}

async function* readText(open: () => NodeJS.ReadableStream, ctx: ReadContext, prefixed: boolean): AsyncGenerator<LogRecord[]> {
  const stamps = new LeadingTimestamps(ctx.zone, ctx.referenceYear, ctx.fileTimeMs);
  const events = new EventBuilder();
  let truncated = 0;
  let lead: string[] = [];
  for await (const batch of readLineBatches(open, ctx)) {
    const out: LogRecord[] = [];
    const lines = batch.lines;
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k];
      let st: Stamp | undefined;
      let at = 0;
      if (line.length === 0) {
        st = undefined;
      } else if (prefixed) {
        const found = locate(line, stamps, true);
        st = found?.stamp;
        at = found?.at ?? 0;
      } else {
        st = stamps.parse(line);
      }
      if (st) {
        if (lead.length > 0) {
          // The tail of an event cut by log rotation: kept, at the time of the first header.
          out.push(leading(lead, st.ts));
          ctx.onNote?.(`${ctx.file}: ${lead.length} line(s) before the first timestamp were kept as one event at its time.`);
          lead = [];
        }
        const h = parseHeader(line, st.end, st.style, st.pri);
        if (at > 0) {
          const prefix = line.slice(0, at).replace(/[\s|]+$/, '');
          h.level ??= prefixLevel(prefix);
          h.attrs = { ...h.attrs, prefix };
        }
        if (prefixed) h.level ??= guessedLevel(h.message);
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
  read: (open, ctx) => readText(open, ctx, false),
};

/**
 * The fallback for text files no other reader takes: most event lines carry a timestamp in any style
 * above, at the start or after a short prefix (a level, `name |`, a pid); it is read as a plain log,
 * the prefix kept as attrs.prefix and the level guessed from common words when no header names one.
 */
export const prefixedTextLogReader: FormatReader = {
  id: 'log-text-prefixed',
  kind: 'logs',
  title: 'Plain-text log with a timestamp near the start of each line (fallback)',
  detect: detectPrefixed,
  read: (open, ctx) => readText(open, ctx, true),
};
