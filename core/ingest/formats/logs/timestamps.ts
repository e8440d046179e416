/**
 * Leading timestamps of log lines, in every style FORMATS.md lists, to UTC epoch milliseconds.
 *
 * Styles: RFC 3339 / ISO 8601 ('T' or space, '-' or '/' in the date, fractions to ns with '.' or ',',
 * 'Z' or an offset — rsyslog, log4j, Go's log package), RFC 3164 syslog (`Oct  5 22:14:15`, no year,
 * no zone), RFC 5424 (`<165>1 2003-10-11T22:14:15.003Z …`), Apache/nginx CLF (`[10/Oct/2000:13:55:36 -0700]`),
 * Apache error log (`[Wed Oct 11 14:32:52.123456 2000]`), `dd Mmm yyyy hh:mm:ss.fff` (Redis, log4j DATE),
 * `yy/MM/dd hh:mm:ss` (Spark), klog `I0314 10:02:11.481234` (no year), epoch by digit count (10 s, 13 ms, 16 µs, 19 ns). An ISO time may carry its
 * zone after a space (` +0000`, ` UTC`: gunicorn, PostgreSQL).
 * A time may be wrapped in '[' ']'; it must be followed by white space or the end of the line.
 *
 * Times without a zone are wall-clock times in the reader's zone (ctx.zone), converted by
 * `ZonedClock`: a per-minute cache over core/ingest/time's zone offsets, and sequence-aware at DST:
 * a wall-clock time that exists twice (fall back) takes the instant closest to the previous event
 * (the earlier one on a tie), so a log that repeats 02:00–02:59 maps the second pass to the second
 * instant — nothing duplicated; a time in the spring-forward gap moves forward by the gap, as in
 * core/ingest/time — nothing lost.
 *
 * Year inference for RFC 3164 (`YearInference`), the rule:
 *  1. once the file has a previous timestamp, the year is the one of {y-1, y, y+1} (y = the previous
 *     timestamp's year) that puts this time closest to the previous one — so a sorted log rolls over
 *     Dec → Jan into the next year, and a line a few seconds out of order never jumps a year;
 *  2. the first year-less time takes ctx.referenceYear when set;
 *  3. else the year of the anchor — the file's modification time (ctx.fileTimeMs) when known, else
 *     now — or the year before when that would put it more than a day after the anchor.
 */
import { EpochColumn, zoneOffsetMinutes } from '../../time';

const MONTH_CODES: Record<string, number> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
  JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12,
};

const DAY_NAMES = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);

/** Month number (1-12) of a three-letter English abbreviation at s[i..i+3); 0 when none. */
export function monthAt(s: string, i: number): number {
  return MONTH_CODES[s.slice(i, i + 3)] ?? 0;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Reads `n` decimal digits at s[i]; -1 when any is not a digit. */
export function digitsAt(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Wall-clock fields and an optional UTC offset, as scanned from text. */
export interface Scanned {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Minutes east of UTC when the text carries an offset; undefined for a zone-less time. */
  offset: number | undefined;
  /** Index just past the time. */
  end: number;
}

function scratch(): Scanned {
  return { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, ms: 0, offset: undefined, end: 0 };
}

/** Results of fractionAt / offsetAt, kept in module scope so the per-line path allocates nothing. */
let fracMs = 0;
let offMinutes: number | undefined;

/** Reads an optional fraction ('.' or ',' then 1-9 digits) at s[i]; sets fracMs, returns the end (-1: too long). */
function fractionAt(s: string, i: number): number {
  fracMs = 0;
  const c = s.charCodeAt(i);
  if ((c !== 46 && c !== 44) || !isDigit(s.charCodeAt(i + 1))) return i;
  let j = i + 1;
  let ms = 0;
  let n = 0;
  while (isDigit(s.charCodeAt(j))) {
    if (n < 3) ms = ms * 10 + (s.charCodeAt(j) - 48);
    n++;
    j++;
  }
  if (n > 9) return -1;
  while (n < 3) {
    ms *= 10;
    n++;
  }
  fracMs = ms;
  return j;
}

/** Reads 'Z' or ±hh[:mm] / ±hhmm at s[i]; sets offMinutes (undefined when none), returns the end. */
function offsetAt(s: string, i: number): number {
  offMinutes = undefined;
  const c = s.charCodeAt(i);
  if (c === 90 || c === 122) {
    offMinutes = 0;
    return i + 1;
  }
  if (c !== 43 && c !== 45) return i;
  const sign = c === 45 ? -1 : 1;
  const hh = digitsAt(s, i + 1, 2);
  if (hh < 0 || hh > 18) return i;
  let j = i + 3;
  let mm = 0;
  if (s.charCodeAt(j) === 58) {
    mm = digitsAt(s, j + 1, 2);
    if (mm < 0) return i;
    j += 3;
  } else if (isDigit(s.charCodeAt(j))) {
    mm = digitsAt(s, j, 2);
    if (mm < 0) return i;
    j += 2;
  }
  if (mm > 59) return i;
  offMinutes = sign * (hh * 60 + mm);
  return j;
}

function validClock(w: Scanned): boolean {
  return (
    w.month >= 1 && w.month <= 12 && w.day >= 1 && w.day <= 31 && w.hour <= 23 && w.minute <= 59 && w.second <= 60
  );
}

/**
 * Writes scanned fields into `out` (no allocation: scanners reuse one object per reader) and returns it when
 * they form a plausible clock reading (month 1-12, day 1-31, hour ≤ 23, minute ≤ 59, second ≤ 60), else
 * undefined. O(1).
 */
function clockReading(
  out: Scanned,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offset: number | undefined,
  end: number,
): Scanned | undefined {
  out.year = year;
  out.month = month;
  out.day = day;
  out.hour = hour;
  out.minute = minute;
  out.second = second;
  out.ms = ms;
  out.offset = offset;
  out.end = end;
  return validClock(out) ? out : undefined;
}

/** `YYYY-MM-DD[T ]hh:mm[:ss[.frac]][Z|±hh:mm]` (also '/' in the date) at s[i]; undefined when none. */
export function scanIso(s: string, i: number, out: Scanned = scratch()): Scanned | undefined {
  const year = digitsAt(s, i, 4);
  if (year < 0) return undefined;
  const sep = s.charCodeAt(i + 4);
  if ((sep !== 45 && sep !== 47) || s.charCodeAt(i + 7) !== sep) return undefined;
  const month = digitsAt(s, i + 5, 2);
  const day = digitsAt(s, i + 8, 2);
  const t = s.charCodeAt(i + 10);
  if (month < 0 || day < 0 || (t !== 84 && t !== 32 && t !== 116)) return undefined;
  const hour = digitsAt(s, i + 11, 2);
  const minute = digitsAt(s, i + 14, 2);
  if (hour < 0 || minute < 0 || s.charCodeAt(i + 13) !== 58) return undefined;
  let j = i + 16;
  let second = 0;
  let ms = 0;
  if (s.charCodeAt(j) === 58) {
    second = digitsAt(s, j + 1, 2);
    if (second < 0) return undefined;
    j = fractionAt(s, j + 3);
    if (j < 0) return undefined;
    ms = fracMs;
  }
  const end = offsetAt(s, j);
  return clockReading(out, year, month, day, hour, minute, second, ms, offMinutes, end);
}

/** RFC 3164 `Mmm dd hh:mm:ss[.frac]` (day space-padded or not) at s[i]; year left 0. */
export function scanSyslog(s: string, i: number, out: Scanned = scratch()): Scanned | undefined {
  const month = monthAt(s, i);
  if (month === 0 || s.charCodeAt(i + 3) !== 32) return undefined;
  let j = i + 4;
  if (s.charCodeAt(j) === 32) j++;
  let day = digitsAt(s, j, 2);
  if (day >= 0) {
    j += 2;
  } else {
    day = digitsAt(s, j, 1);
    if (day < 0) return undefined;
    j += 1;
  }
  if (s.charCodeAt(j) !== 32) return undefined;
  j++;
  const hour = digitsAt(s, j, 2);
  const minute = digitsAt(s, j + 3, 2);
  const second = digitsAt(s, j + 6, 2);
  if (hour < 0 || minute < 0 || second < 0 || s.charCodeAt(j + 2) !== 58 || s.charCodeAt(j + 5) !== 58) {
    return undefined;
  }
  j = fractionAt(s, j + 8);
  if (j < 0) return undefined;
  return clockReading(out, 0, month, day, hour, minute, second, fracMs, undefined, j);
}

/** CLF `dd/Mmm/yyyy:hh:mm:ss ±hhmm` at s[i] (without the brackets). */
export function scanClf(s: string, i: number, out: Scanned = scratch()): Scanned | undefined {
  const day = digitsAt(s, i, 2);
  if (day < 0 || s.charCodeAt(i + 2) !== 47 || s.charCodeAt(i + 6) !== 47) return undefined;
  const month = monthAt(s, i + 3);
  const year = digitsAt(s, i + 7, 4);
  if (month === 0 || year < 0 || s.charCodeAt(i + 11) !== 58) return undefined;
  const hour = digitsAt(s, i + 12, 2);
  const minute = digitsAt(s, i + 15, 2);
  const second = digitsAt(s, i + 18, 2);
  if (hour < 0 || minute < 0 || second < 0) return undefined;
  let j = fractionAt(s, i + 20);
  if (j < 0) return undefined;
  const ms = fracMs;
  let offset: number | undefined;
  if (s.charCodeAt(j) === 32) {
    const end = offsetAt(s, j + 1);
    if (offMinutes !== undefined) {
      offset = offMinutes;
      j = end;
    }
  }
  return clockReading(out, year, month, day, hour, minute, second, ms, offset, j);
}

/** `hh:mm:ss[.frac]` at s[j] into `out` with the date fields given; undefined when not a clock reading. */
function clockAt(s: string, j: number, out: Scanned, year: number, month: number, day: number): Scanned | undefined {
  const hour = digitsAt(s, j, 2);
  const minute = digitsAt(s, j + 3, 2);
  const second = digitsAt(s, j + 6, 2);
  if (hour < 0 || minute < 0 || second < 0 || s.charCodeAt(j + 2) !== 58 || s.charCodeAt(j + 5) !== 58) return undefined;
  const end = fractionAt(s, j + 8);
  if (end < 0) return undefined;
  return clockReading(out, year, month, day, hour, minute, second, fracMs, undefined, end);
}

/**
 * `dd Mmm yyyy hh:mm:ss[.frac]` (Redis, log4j's DATE pattern) at s[i], day of one or two digits; with
 * `yearless`, `dd Mmm hh:mm:ss[.frac]` (Redis before 3.0) is read too, year left 0.
 */
export function scanDayMonthYear(s: string, i: number, out: Scanned = scratch(), yearless = false): Scanned | undefined {
  const wide = s.charCodeAt(i + 1) !== 32;
  const day = digitsAt(s, i, wide ? 2 : 1);
  const m = i + (wide ? 3 : 2);
  if (day < 0 || s.charCodeAt(m - 1) !== 32 || s.charCodeAt(m + 3) !== 32) return undefined;
  const month = monthAt(s, m);
  if (month === 0) return undefined;
  if (yearless && s.charCodeAt(m + 6) === 58) return clockAt(s, m + 4, out, 0, month, day);
  const year = digitsAt(s, m + 4, 4);
  if (year < 0 || s.charCodeAt(m + 8) !== 32) return undefined;
  return clockAt(s, m + 9, out, year, month, day);
}

/** `yy/MM/dd hh:mm:ss[.frac]` (log4j `%d{yy/MM/dd HH:mm:ss}`, Spark and Hadoop tools) at s[i]; years 2000-2099. */
export function scanShortYear(s: string, i: number, out: Scanned = scratch()): Scanned | undefined {
  const year = digitsAt(s, i, 2);
  const month = digitsAt(s, i + 3, 2);
  const day = digitsAt(s, i + 6, 2);
  if (year < 0 || month < 0 || day < 0 || s.charCodeAt(i + 2) !== 47 || s.charCodeAt(i + 5) !== 47 || s.charCodeAt(i + 8) !== 32) {
    return undefined;
  }
  return clockAt(s, i + 9, out, 2000 + year, month, day);
}

/**
 * Kubernetes klog / glog `Lmmdd hh:mm:ss.uuuuuu` at s[i], L the level letter (I, W, E, F); year left 0
 * (inferred as for syslog).
 */
export function scanKlog(s: string, i: number, out: Scanned = scratch()): Scanned | undefined {
  const c = s.charCodeAt(i);
  if (c !== 73 && c !== 87 && c !== 69 && c !== 70) return undefined;
  const month = digitsAt(s, i + 1, 2);
  const day = digitsAt(s, i + 3, 2);
  if (month < 0 || day < 0 || s.charCodeAt(i + 5) !== 32) return undefined;
  return clockAt(s, i + 6, out, 0, month, day);
}

/**
 * A zone written after a zone-less time, separated by one space: ` +0000`, ` -07:00`, ` UTC`, ` GMT`
 * (gunicorn, PostgreSQL). Sets w.offset and w.end when found and followed by white space, ']' or the end.
 */
function spacedZone(s: string, w: Scanned): void {
  const i = w.end;
  if (w.offset !== undefined || s.charCodeAt(i) !== 32) return;
  const c = s.charCodeAt(i + 1);
  let end = -1;
  let offset = 0;
  if (c === 43 || c === 45) {
    // Only the four-digit forms: ` -12 items` is a message, not a zone.
    const colon = s.charCodeAt(i + 4) === 58;
    const e = offsetAt(s, i + 1);
    if (offMinutes !== undefined && e === i + (colon ? 7 : 6)) {
      end = e;
      offset = offMinutes;
    }
  } else if ((c === 85 && s.startsWith('UTC', i + 1)) || (c === 71 && s.startsWith('GMT', i + 1))) {
    end = i + 4;
  }
  if (end < 0) return;
  const after = s.charCodeAt(end);
  if (end < s.length && after !== 32 && after !== 9 && after !== 93) return;
  w.offset = offset;
  w.end = end;
}

/** Apache error log / ctime `Www Mmm dd hh:mm:ss[.frac] yyyy` at s[i]. */
export function scanCtime(s: string, i: number, out: Scanned = scratch()): Scanned | undefined {
  if (!DAY_NAMES.has(s.slice(i, i + 3)) || s.charCodeAt(i + 3) !== 32) return undefined;
  const w = scanSyslog(s, i + 4, out);
  if (!w || s.charCodeAt(w.end) !== 32) return undefined;
  const year = digitsAt(s, w.end + 1, 4);
  if (year < 0) return undefined;
  w.year = year;
  w.end += 5;
  return w;
}

/** Epoch number by digit count at s[i] (10 s with optional fraction, 13 ms, 16 µs, 19 ns); NaN when none. */
export function scanEpoch(s: string, i: number): [number, number] {
  let j = i;
  while (isDigit(s.charCodeAt(j))) j++;
  const n = j - i;
  if (n === 10) {
    let k = j;
    if (s.charCodeAt(k) === 46) {
      k++;
      while (isDigit(s.charCodeAt(k))) k++;
    }
    return [Math.floor(Number(s.slice(i, k)) * 1000), k];
  }
  if (n === 13) return [Number(s.slice(i, j)), j];
  if (n === 16) return [Math.floor(Number(s.slice(i, j)) / 1000), j];
  if (n === 19) return [Number(BigInt(s.slice(i, j)) / 1_000_000n), j];
  return [Number.NaN, i];
}

const KIBANA_RE = /^([A-Z][a-z]{2,8})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})(?: @|,) (\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,3}))?)?$/;

/** Kibana's display format `Feb 14, 2012 @ 17:47:08.000` (and the older `February 14th 2012, 17:47:08.000`). */
export function scanKibana(s: string, out: Scanned = scratch()): Scanned | undefined {
  const m = KIBANA_RE.exec(s);
  if (!m) return undefined;
  const month = monthAt(m[1], 0);
  if (month === 0) return undefined;
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  const [year, day, hour, minute] = [Number(m[3]), Number(m[2]), Number(m[4]), Number(m[5])];
  return clockReading(out, year, month, day, hour, minute, Number(m[6] ?? 0), ms, undefined, s.length);
}

/**
 * Wall-clock time in one IANA zone to UTC ms, cached per wall-clock minute; see the DST rule at the top.
 */
export class ZonedClock {
  private readonly utc: boolean;
  private readonly cache = new Map<number, [number, number]>();
  private lastKey = Number.NaN;
  private lastEarly = 0;
  private lastLate = 0;

  constructor(readonly zone: string) {
    this.utc = zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT';
  }

  /** UTC ms of the wall-clock fields, choosing between two instants by closeness to `prev` (NaN: earlier). */
  toUtc(w: Scanned, prev = Number.NaN): number {
    if (w.day > 28 && w.day > daysInMonth(w.year, w.month)) return Number.NaN;
    const key = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
    const within = w.second * 1000 + w.ms;
    if (w.offset !== undefined) return key + within - w.offset * 60_000;
    if (this.utc) return key + within;
    if (key !== this.lastKey) {
      let pair = this.cache.get(key);
      if (!pair) {
        pair = this.candidates(key);
        if (this.cache.size > 4096) this.cache.clear();
        this.cache.set(key, pair);
      }
      this.lastKey = key;
      this.lastEarly = pair[0];
      this.lastLate = pair[1];
    }
    const early = this.lastEarly + within;
    if (this.lastLate === this.lastEarly || Number.isNaN(prev)) return early;
    const late = this.lastLate + within;
    return Math.abs(late - prev) < Math.abs(early - prev) ? late : early;
  }

  private candidates(naive: number): [number, number] {
    const before = zoneOffsetMinutes(this.zone, naive - 86_400_000);
    const after = zoneOffsetMinutes(this.zone, naive + 86_400_000);
    const found: number[] = [];
    for (const off of before === after ? [before] : [before, after]) {
      const c = naive - off * 60_000;
      if (zoneOffsetMinutes(this.zone, c) * 60_000 === naive - c) found.push(c);
    }
    if (found.length === 0) {
      const shifted = naive - Math.min(before, after) * 60_000;
      return [shifted, shifted];
    }
    found.sort((a, b) => a - b);
    return [found[0], found[found.length - 1]];
  }
}

/** The year of a year-less (RFC 3164) time; see the rule at the top. */
export class YearInference {
  constructor(
    private readonly referenceYear: number | undefined,
    private readonly nowMs: number = Date.now(),
  ) {}

  /** The year given to the first year-less time when it was guessed (no previous time, no reference year). */
  guessed: number | undefined;

  private last = Number.NaN;

  year(w: Scanned, prev: number): number {
    if (Number.isFinite(prev)) {
      // Fast path: the year of the previous answer, when it puts this time within half a year of `prev`.
      if (!Number.isNaN(this.last)) {
        const t = this.at(this.last, w);
        if (Math.abs(t - prev) < HALF_YEAR_MS) return this.last;
      }
      const y = new Date(prev).getUTCFullYear();
      let best = y;
      let bestGap = Number.POSITIVE_INFINITY;
      for (let cand = y - 1; cand <= y + 1; cand++) {
        const gap = Math.abs(this.at(cand, w) - prev);
        if (gap < bestGap || (gap === bestGap && cand === y)) {
          best = cand;
          bestGap = gap;
        }
      }
      this.last = best;
      return best;
    }
    if (this.referenceYear !== undefined) {
      this.last = this.referenceYear;
      return this.referenceYear;
    }
    const y = new Date(this.nowMs).getUTCFullYear();
    const t = this.at(y, w);
    this.guessed = Number.isNaN(t) || t > this.nowMs + 86_400_000 ? y - 1 : y;
    this.last = this.guessed;
    return this.guessed;
  }

  /** UTC ms of the wall-clock fields in year `y` (zone ignored: years are far apart); NaN for Feb 29 off leap years. */
  private at(y: number, w: Scanned): number {
    if (w.day > 28 && w.day > daysInMonth(y, w.month)) return Number.NaN;
    return Date.UTC(y, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  }
}

const HALF_YEAR_MS = 182 * 86_400_000;

/** A leading timestamp found on a line. */
export interface Stamp {
  ts: number;
  /** Index just past the timestamp (and its closing bracket), before any white space. */
  end: number;
  style: 'iso' | 'syslog' | 'rfc5424' | 'clf' | 'ctime' | 'dmy' | 'klog' | 'epoch';
  /** Syslog PRI value when the line starts with `<n>`. */
  pri?: number;
  /** Whether the text carried its own zone (offset, 'Z' or epoch). */
  zoned: boolean;
}

function endsHere(s: string, i: number): boolean {
  if (i >= s.length) return true;
  const c = s.charCodeAt(i);
  return c === 32 || c === 9;
}

/**
 * Finds the timestamp a log line starts with, tracking the previous timestamp for year inference
 * and DST. One instance per file. `parse` costs O(header length).
 */
export class LeadingTimestamps {
  /** The last timestamp returned (NaN before the first). */
  prev = Number.NaN;
  private readonly clock: ZonedClock;
  readonly years: YearInference;
  private readonly w = scratch();

  constructor(zone: string, referenceYear?: number, nowMs?: number) {
    this.clock = new ZonedClock(zone);
    this.years = new YearInference(referenceYear, nowMs);
  }

  /** The timestamp at the start of `line`, or undefined when the line does not start with one. */
  parse(line: string): Stamp | undefined {
    let i = 0;
    let pri: number | undefined;
    let c = line.charCodeAt(0);
    if (c === 60) {
      const close = line.indexOf('>', 1);
      if (close < 2 || close > 4) return undefined;
      pri = digitsAt(line, 1, close - 1);
      if (pri < 0 || pri > 191) return undefined;
      i = close + 1;
      if (line.charCodeAt(i) === 49 && line.charCodeAt(i + 1) === 32) {
        const w = scanIso(line, i + 2, this.w);
        if (!w || !endsHere(line, w.end)) return undefined;
        return this.finish(w, 'rfc5424', pri);
      }
      c = line.charCodeAt(i);
    }
    let bracket = false;
    if (c === 91) {
      bracket = true;
      i++;
      c = line.charCodeAt(i);
    }
    let w: Scanned | undefined;
    let style: Stamp['style'];
    if (isDigit(c)) {
      const sep = line.charCodeAt(i + 4);
      if (sep === 45 || sep === 47) {
        w = scanIso(line, i, this.w);
        if (w) spacedZone(line, w);
        style = 'iso';
      } else if (line.charCodeAt(i + 2) === 47) {
        w = scanClf(line, i, this.w);
        style = 'clf';
        if (!w) {
          w = scanShortYear(line, i, this.w);
          style = 'iso';
        }
      } else if (line.charCodeAt(i + 1) === 32 || line.charCodeAt(i + 2) === 32) {
        w = scanDayMonthYear(line, i, this.w);
        style = 'dmy';
      } else {
        const [ts, end] = scanEpoch(line, i);
        if (Number.isNaN(ts)) return undefined;
        let e = end;
        if (bracket) {
          if (line.charCodeAt(e) !== 93) return undefined;
          e++;
        }
        if (!endsHere(line, e)) return undefined;
        this.prev = ts;
        return { ts, end: e, style: 'epoch', pri, zoned: true };
      }
    } else if (c >= 65 && c <= 90) {
      if (!bracket && isDigit(line.charCodeAt(i + 1))) {
        w = scanKlog(line, i, this.w);
        if (!w || !endsHere(line, w.end)) return undefined;
        return this.finish(w, 'klog', pri);
      }
      w = scanSyslog(line, i, this.w);
      style = 'syslog';
      if (!w) {
        w = scanCtime(line, i, this.w);
        style = 'ctime';
      }
    } else {
      return undefined;
    }
    if (!w) return undefined;
    if (bracket) {
      if (line.charCodeAt(w.end) !== 93) return undefined;
      w.end++;
    }
    if (!endsHere(line, w.end)) return undefined;
    return this.finish(w, style, pri);
  }

  private finish(w: Scanned, style: Stamp['style'], pri: number | undefined): Stamp | undefined {
    if (w.year === 0) w.year = this.years.year(w, this.prev);
    const ts = this.clock.toUtc(w, this.prev);
    if (Number.isNaN(ts)) return undefined;
    this.prev = ts;
    return { ts, end: w.end, style, pri, zoned: w.offset !== undefined };
  }
}

/**
 * Any single time value found in structured data (JSON, CSV cells): an epoch number or numeric string
 * (by digit count / magnitude), or ISO 8601 / RFC 3339 (zone-less read in the clock's zone), or a
 * CLF / syslog / ctime string. NaN when it is none of these. Keeps the previous value for DST choice.
 */
export class TimeValues {
  prev = Number.NaN;
  /** Epoch numbers (and numeric strings) of this field in one unit, from its values (EpochColumn). */
  private readonly epochs = new EpochColumn();
  private readonly clock: ZonedClock;
  private readonly years: YearInference;
  private readonly w = scratch();

  constructor(zone: string, referenceYear?: number, nowMs?: number) {
    this.clock = new ZonedClock(zone);
    this.years = new YearInference(referenceYear, nowMs);
  }

  parse(v: unknown): number {
    let ts = Number.NaN;
    if (typeof v === 'number') {
      ts = v > 0 ? this.epochs.toMs(v) : Number.NaN;
    } else if (typeof v === 'string') {
      ts = this.parseString(v.trim());
    }
    if (!Number.isNaN(ts)) this.prev = ts;
    return ts;
  }

  private parseString(s: string): number {
    const c = s.charCodeAt(0);
    if (isDigit(c)) {
      if (s.length === 10 && /^\d{4}-\d\d-\d\d$/.test(s)) return this.parseString(`${s}T00:00:00`);
      const w = scanIso(s, 0, this.w);
      if (w) return w.end === s.length ? this.clock.toUtc(w, this.prev) : this.isoTail(s, w);
      if (s.charCodeAt(2) === 47) {
        const clf = scanClf(s, 0, this.w);
        return clf && clf.end === s.length ? this.clock.toUtc(clf, this.prev) : Number.NaN;
      }
      const [ts, end] = scanEpoch(s, 0);
      return end === s.length && !Number.isNaN(ts) ? this.epochs.toMs(Number(s)) : Number.NaN;
    }
    if (c >= 65 && c <= 90) {
      let w = scanSyslog(s, 0, this.w);
      if (w && w.end === s.length) {
        w.year = this.years.year(w, this.prev);
        return this.clock.toUtc(w, this.prev);
      }
      w = scanCtime(s, 0, this.w);
      if (w && w.end === s.length) return this.clock.toUtc(w, this.prev);
      w = scanKibana(s, this.w);
      if (w) return this.clock.toUtc(w, this.prev);
    }
    return Number.NaN;
  }

  /** ISO followed by ` +hhmm`, ` UTC` or ` GMT` (PagerDuty and other CSV exports). */
  private isoTail(s: string, w: Scanned): number {
    const rest = s.slice(w.end).trim();
    if (w.offset === undefined) {
      if (rest === 'UTC' || rest === 'GMT') {
        w.offset = 0;
        return this.clock.toUtc(w, this.prev);
      }
      const end = offsetAt(rest, 0);
      if (offMinutes !== undefined && end === rest.length) {
        w.offset = offMinutes;
        return this.clock.toUtc(w, this.prev);
      }
    }
    return Number.NaN;
  }
}

/** An epoch number to ms by magnitude: < 1e11 seconds, < 1e14 ms, < 1e17 µs, else ns. NaN if not finite/positive. */
export function epochByMagnitude(v: number): number {
  if (!Number.isFinite(v) || v <= 0) return Number.NaN;
  if (v < 1e11) return Math.floor(v * 1000);
  if (v < 1e14) return Math.floor(v);
  if (v < 1e17) return Math.floor(v / 1000);
  return Math.floor(v / 1e6);
}
