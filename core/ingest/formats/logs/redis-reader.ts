/**
 * Redis server log (redis.conf `logfile`, or the container's stdout):
 * `<pid>:<role> dd Mmm yyyy hh:mm:ss.mmm <level> <message>` since Redis 3, e.g.
 * `1:M 14 Mar 2025 10:02:11.481 * Ready to accept connections tcp`; before it `[<pid>] dd Mmm hh:mm:ss.mmm <level> <message>`
 * (no year: inferred as for syslog). Role: M master, S replica, C child (RDB/AOF rewrite), X sentinel.
 * Level characters: `.` debug, `-` verbose, `*` notice, `#` warning (attrs.redis_level keeps the word).
 * Times carry no zone: read in ctx.zone. Lines without the prefix (the ASCII-art logo Redis prints raw
 * at start-up) continue the event above. No service is set: it comes from the path or the import's
 * option, never from the pid or role.
 */
import type { FormatReader, LogRecord, ReadContext, Sniff } from '../../types';
import { share, sniffLines } from './io/sniff';
import { continueOrReject, readLineEvents } from './line-events';
import { scanDayMonthYear, type Scanned, YearInference, ZonedClock } from './timestamps';

const ROLES: Record<string, string> = { M: 'master', S: 'replica', C: 'child', X: 'sentinel' };

const LEVELS: Record<string, [level: string, word: string]> = {
  '.': ['DEBUG', 'debug'],
  '-': ['DEBUG', 'verbose'],
  '*': ['NOTICE', 'notice'],
  '#': ['WARN', 'warning'],
};

/** `1:M ` (Redis ≥ 3) at the start of a line: [pid, role, index of the time]. */
const MODERN_RE = /^(\d{1,10}):([MSCX]) /;
/** `[1234] ` (Redis < 3). */
const OLD_RE = /^\[(\d{1,10})\] /;

/** One Redis log line's parts, times still as wall-clock fields. */
interface RedisLine {
  pid: string;
  role?: string;
  /** Wall-clock fields; year 0 when the line carries none. */
  when: Scanned;
  level: string;
  word: string;
  message: string;
}

/** Parses one Redis log line; undefined when it is not one. O(line). */
export function parseRedisLine(line: string, out?: Scanned): RedisLine | undefined {
  let pid: string;
  let role: string | undefined;
  let when: Scanned | undefined;
  let m = MODERN_RE.exec(line);
  if (m) {
    pid = m[1];
    role = ROLES[m[2]];
    when = scanDayMonthYear(line, m[0].length, out);
  } else {
    m = OLD_RE.exec(line);
    if (!m) return undefined;
    pid = m[1];
    when = scanDayMonthYear(line, m[0].length, out, true);
  }
  if (!when || line.charCodeAt(when.end) !== 32) return undefined;
  const lv = LEVELS[line[when.end + 1]];
  const after = line.charCodeAt(when.end + 2);
  if (!lv || (when.end + 2 < line.length && after !== 32)) return undefined;
  return { pid, role, when, level: lv[0], word: lv[1], message: line.slice(when.end + 3) };
}

function detect(sniff: Sniff): number {
  const lines = sniffLines(sniff, 100);
  if (lines.length === 0) return 0;
  const f = share(lines, (l) => parseRedisLine(l) !== undefined);
  return f >= 0.5 ? 0.8 + 0.15 * f : 0;
}

async function* read(open: () => NodeJS.ReadableStream, ctx: ReadContext): AsyncGenerator<LogRecord[]> {
  const clock = new ZonedClock(ctx.zone);
  const years = new YearInference(ctx.referenceYear, ctx.fileTimeMs);
  const when: Scanned = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, ms: 0, offset: undefined, end: 0 };
  let prev = Number.NaN;
  yield* readLineEvents(open, ctx, (line, no, events) => {
    const r = line.length > 0 ? parseRedisLine(line, when) : undefined;
    if (!r) {
      continueOrReject(events, ctx, no, line, 'a Redis log line (<pid>:<role> dd Mmm yyyy hh:mm:ss.mmm <level> <message>)');
      return undefined;
    }
    if (r.when.year === 0) r.when.year = years.year(r.when, prev);
    const ts = clock.toUtc(r.when, prev);
    if (Number.isNaN(ts)) {
      continueOrReject(events, ctx, no, line, 'a valid date');
      return undefined;
    }
    prev = ts;
    const attrs: Record<string, string> = { pid: r.pid, redis_level: r.word };
    if (r.role) attrs.role = r.role;
    return { kind: 'log', ts, line: no, lines: 1, level: r.level, message: r.message, raw: line, attrs };
  });
}

export const redisLogReader: FormatReader = {
  id: 'log-redis',
  kind: 'logs',
  title: 'Redis server log',
  detect,
  read,
};
