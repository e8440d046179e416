/**
 * What follows a log line's timestamp: syslog host and app (RFC 3164 `host app[pid]: msg`, RFC 5424
 * `host app procid msgid [sd] msg`), else a level word (`ERROR`, `[warn]`, `level:`) and a
 * `[component]`, in any order among the first few tokens. Whatever is left is the message.
 * O(header length) per line; never throws.
 */
import { levelOfSeverity, levelOfWord } from './levels';

export interface Header {
  level?: string;
  service?: string;
  host?: string;
  message: string;
  attrs?: Record<string, string>;
}

/** A host name as rsyslog writes it: lower case, or with a digit, dot, dash or underscore. */
const HOST_RE = /^(?:[a-z0-9][a-z0-9._-]{0,253}|[A-Za-z0-9]*[0-9._-][A-Za-z0-9._-]*)$/;
const TAG_RE = /^([^\s:[\]]{1,64}?)(?:\[([^\]\s]{1,32})\])?:(?:\s|$)/;

function skipSpaces(s: string, i: number): number {
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  return i;
}

function nextToken(s: string, i: number): [string, number] {
  let j = i;
  while (j < s.length && s.charCodeAt(j) !== 32 && s.charCodeAt(j) !== 9) j++;
  return [s.slice(i, j), j];
}

/** RFC 5424 after the timestamp: HOST APP PROCID MSGID SD [MSG]. */
function rfc5424(s: string, i: number, pri: number | undefined): Header | undefined {
  const fields: string[] = [];
  let j = i;
  for (let k = 0; k < 4; k++) {
    j = skipSpaces(s, j);
    const [tok, end] = nextToken(s, j);
    if (tok.length === 0) return undefined;
    fields.push(tok);
    j = end;
  }
  j = skipSpaces(s, j);
  let sd = '';
  if (s.charCodeAt(j) === 91) {
    // Structured data: one or more [id k="v" ...] elements; `\]` and `\"` are escapes.
    const start = j;
    let quoted = false;
    while (j < s.length) {
      const c = s.charCodeAt(j);
      if (c === 92) {
        j += 2;
        continue;
      }
      if (c === 34) quoted = !quoted;
      if (c === 93 && !quoted && s.charCodeAt(j + 1) !== 91) {
        j++;
        break;
      }
      j++;
    }
    sd = s.slice(start, j);
  } else if (s.charCodeAt(j) === 45) {
    j++;
  }
  let message = s.slice(skipSpaces(s, j));
  if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
  const nil = (v: string): string | undefined => (v === '-' ? undefined : v);
  const attrs: Record<string, string> = {};
  if (nil(fields[2])) attrs.pid = fields[2];
  if (nil(fields[3])) attrs.msgid = fields[3];
  if (sd) attrs.sd = sd;
  if (pri !== undefined) attrs.facility = String(pri >> 3);
  return {
    host: nil(fields[0]),
    service: nil(fields[1]),
    level: pri !== undefined ? levelOfSeverity(pri & 7) : undefined,
    message,
    attrs: Object.keys(attrs).length > 0 ? attrs : undefined,
  };
}

/** `[host] tag[pid]: msg` (RFC 3164 and rsyslog's RFC 3339 variant); undefined when the shape is not there. */
function syslogTag(s: string, i: number, pri: number | undefined, hostRequired: boolean): Header | undefined {
  let j = skipSpaces(s, i);
  let host: string | undefined;
  let m = TAG_RE.exec(s.slice(j, j + 200));
  if (!m || hostRequired) {
    const [tok, end] = nextToken(s, j);
    if (tok.length === 0 || tok.endsWith(':') || levelOfWord(tok) || tok.startsWith('[')) return undefined;
    if (hostRequired && !HOST_RE.test(tok)) return undefined;
    host = tok;
    j = skipSpaces(s, end);
    m = TAG_RE.exec(s.slice(j, j + 200));
    if (!m) {
      if (hostRequired || pri !== undefined) {
        // `host message` without a tag (allowed by RFC 3164).
        const message = s.slice(j);
        return { host, level: pri !== undefined ? levelOfSeverity(pri & 7) : leadingLevel(message), message };
      }
      return undefined;
    }
  }
  if (levelOfWord(m[1])) return undefined;
  const message = s.slice(j + m[0].length);
  const attrs = m[2] !== undefined ? { pid: m[2] } : undefined;
  const level = pri !== undefined ? levelOfSeverity(pri & 7) : leadingLevel(message);
  return { host, service: m[1], level, message, attrs };
}

const KLOG_LEVELS: Record<string, string> = { I: 'INFO', W: 'WARN', E: 'ERROR', F: 'FATAL' };

/** klog after its time: `<thread id> <file:line>] msg`, the level from the letter that starts the line. */
function klog(s: string, from: number): Header {
  const m = /^\s+(\d+) ([^\s\]]+)\] ?/.exec(s.slice(from, from + 200));
  const level = KLOG_LEVELS[s[0]];
  if (!m) return { level, message: s.slice(skipSpaces(s, from)) };
  return { level, message: s.slice(from + m[0].length), attrs: { thread: m[1], source: m[2] } };
}

/** A level word at the very start of a message (`error: …`, `WARN …`, `[info] …`). */
function leadingLevel(message: string): string | undefined {
  const m = /^\[?([A-Za-z]{3,13})\]?[:\s]/.exec(message.slice(0, 16));
  return m ? levelOfWord(m[1]) : undefined;
}

/** A dotted logger / class name (`org.apache.hadoop.X`, `o.s.b.StartupInfoLogger`), optionally with ':'. */
const LOGGER_RE = /^[A-Za-z_$][\w$]*(?:\.[\w$]+)+:?$/;

/** A process id in brackets: `[8]`. */
const PID_RE = /^\d{1,10}$/;

/** An id: a number, hex or UUID. */
const ID_RE = /^(?:\d+|[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** A thread name rather than a component: `http-nio-8080-exec-1`, `pool-2-thread-7`, `main`, `worker #3`. */
const THREAD_RE = /^(?:main|.*(?:thread|exec|worker|pool|nio|reactor|scheduler|dispatcher|consumer|timer).*|.*[-_#]\d+)$/i;

/** A component name: word characters with a letter, and not an id (UUID, hex, number). */
function isIdentifier(s: string): boolean {
  return s.length > 0 && s.length <= 64 && /^[\w.$/@#:-]+$/.test(s) && /[A-Za-z]/.test(s) && !/^[0-9a-f-]{8,}$/i.test(s);
}

/**
 * Level and component among the first tokens: `ERROR`, `[ERROR]`, `ERROR:`, `[component]`, `[pid]` before the level,
 * `[module:level]` (Apache error log), `name - LEVEL -` (Python logging), and after the level a dotted
 * logger name (`com.x.Y - msg`, `org.x.Y: msg`; attrs.logger). Lone '-' or '|' separators are skipped.
 */
function generic(s: string, i: number, pri: number | undefined): Header {
  let j = skipSpaces(s, i);
  let level = pri !== undefined ? levelOfSeverity(pri & 7) : undefined;
  let service: string | undefined;
  let thread: string | undefined;
  let requestId: string | undefined;
  let logger: string | undefined;
  let pid: string | undefined;
  for (let k = 0; k < 5 && j < s.length; k++) {
    const c = s.charCodeAt(j);
    if (c === 91) {
      const close = s.indexOf(']', j + 1);
      if (close === -1 || close - j > 80) break;
      const inner = s.slice(j + 1, close).trim();
      const colon = inner.lastIndexOf(':');
      const lv = levelOfWord(inner) ?? (colon > 0 ? levelOfWord(inner.slice(colon + 1)) : undefined);
      if (lv && !level) {
        level = lv;
        if (colon > 0 && !levelOfWord(inner) && !service) service = inner.slice(0, colon);
      } else if (!lv && !pid && !level && PID_RE.test(inner)) {
        // `[8] [INFO]` (gunicorn): the process id.
        pid = inner;
      } else if (!lv && !service && isIdentifier(inner) && !THREAD_RE.test(inner)) {
        service = inner;
      } else if (!lv && !thread && inner.length > 0 && (service !== undefined || /\s/.test(inner) || THREAD_RE.test(inner))) {
        // A second bracket, or one with spaces (`[Socket Reader #1 for port 62260]`): the thread.
        thread = inner;
      } else {
        break;
      }
      j = skipSpaces(s, close + 1);
      continue;
    }
    const [tok, end] = nextToken(s, j);
    if (tok === '-' || tok === '|') {
      j = skipSpaces(s, end);
      continue;
    }
    const word = tok.endsWith(':') ? tok.slice(0, -1) : tok;
    const lv = levelOfWord(word);
    if (lv && !level) {
      level = lv;
      j = skipSpaces(s, end);
      continue;
    }
    if (level && !pid && PID_RE.test(tok)) {
      // Spring Boot: `LEVEL <pid> --- [thread] logger : msg`.
      const [sep, sepEnd] = nextToken(s, skipSpaces(s, end));
      if (sep === '---') {
        pid = tok;
        j = skipSpaces(s, sepEnd);
        continue;
      }
    }
    if (level && !logger && LOGGER_RE.test(tok)) {
      // `com.example.Job - msg` (log4j %c - %m), `org.apache.x.Y: msg` or `c.e.Svc : msg` (Spring Boot): a logger name.
      const [sep, sepEnd] = nextToken(s, skipSpaces(s, end));
      if (tok.endsWith(':')) {
        logger = word;
        j = skipSpaces(s, end);
        break;
      }
      if (sep === '-' || sep === ':') {
        logger = word;
        j = skipSpaces(s, sepEnd);
        break;
      }
    }
    const id = !lv && !service && !level && ID_RE.test(word);
    if (!lv && !service && !level && !tok.endsWith(':') && (id || isIdentifier(word))) {
      // `name - LEVEL -` / `name LEVEL` / `<request id> LEVEL` (AWS Lambda): only when a level follows at once.
      let q = skipSpaces(s, end);
      const [sep, sepEnd] = nextToken(s, q);
      if (sep === '-' || sep === '|') q = skipSpaces(s, sepEnd);
      const [after] = nextToken(s, q);
      const alv = levelOfWord(after.endsWith(':') ? after.slice(0, -1) : after.replace(/^\[|\]$/g, ''));
      if (alv) {
        if (id) requestId = word;
        else service = word;
        j = q;
        continue;
      }
    }
    break;
  }
  const header: Header = { level, service, message: s.slice(j) };
  if (thread || requestId || logger || pid) {
    header.attrs = {};
    if (pid) header.attrs.pid = pid;
    if (thread) header.attrs.thread = thread;
    if (requestId) header.attrs.request_id = requestId;
    if (logger) header.attrs.logger = logger;
  }
  return header;
}

/**
 * Parses the text after a timestamp. `style` is the timestamp's style: 'rfc5424' reads the RFC 5424
 * fields, 'syslog' the RFC 3164 host and tag, 'klog' the thread id and `file:line]`; others try the
 * rsyslog shape, then the generic one.
 */
export function parseHeader(s: string, from: number, style: string, pri?: number): Header {
  if (style === 'klog') return klog(s, from);
  if (style === 'rfc5424') {
    const h = rfc5424(s, from, pri);
    if (h) return h;
  } else if (style === 'syslog') {
    const h = syslogTag(s, from, pri, false);
    if (h) return h;
  } else if (style === 'iso' && pri !== undefined) {
    const h = syslogTag(s, from, pri, true);
    if (h) return h;
  } else if (style === 'iso') {
    // rsyslog RFC 3339 format: `<ts> host tag[pid]: msg`, with a host that is not a level or a bracket.
    const h = syslogTag(s, from, undefined, true);
    if (h && h.service !== undefined) return h;
  }
  return generic(s, from, pri);
}
