/**
 * Time helpers shared by every reader: wall-clock fields in an IANA zone to UTC milliseconds,
 * ISO 8601 / RFC 3339 parsing with or without an offset, and epoch numbers by digit count.
 *
 * Everything is stored as UTC epoch milliseconds. A time with no zone of its own is read in the
 * zone the person chose (default UTC). DST: a wall-clock time that does not exist (spring
 * forward) maps forward by the gap; one that exists twice (fall back) takes the earlier instant,
 * so a series read in local time neither loses nor duplicates points across a transition.
 */
import { PLAUSIBLE_AHEAD_MS, PLAUSIBLE_FROM } from './plausible';

export interface WallClock {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatterCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatterCache.set(zone, f);
  }
  return f;
}

/** True when `zone` is an IANA zone name this runtime knows (or 'UTC'). */
export function isValidZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `zone` from UTC at the instant `utcMs`, in minutes (east positive). */
export function zoneOffsetMinutes(zone: string, utcMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const parts = formatterFor(zone).formatToParts(new Date(utcMs));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const floored = utcMs - (((utcMs % 1000) + 1000) % 1000);
  return Math.round((asUtc - floored) / 60_000);
}

/** Wall-clock fields read in `zone` to UTC epoch ms (see the DST rule at the top). */
export function wallClockToUtc(w: WallClock, zone: string): number {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  if (zone === 'UTC' || zone === 'Etc/UTC') return naive;
  // Two candidate offsets: the ones in force a day either side; pick the earliest that round-trips.
  const before = zoneOffsetMinutes(zone, naive - 86_400_000);
  const after = zoneOffsetMinutes(zone, naive + 86_400_000);
  const candidates = [...new Set([before, after])].map((off) => naive - off * 60_000).sort((a, b) => a - b);
  for (const c of candidates) {
    if (zoneOffsetMinutes(zone, c) * 60_000 === naive - c) return c;
  }
  // Non-existent local time (spring-forward gap): shift forward by the gap.
  return naive - Math.min(before, after) * 60_000;
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * ISO 8601 / RFC 3339 date-time to UTC ms. Accepts 'T' or space, fractions up to ns (',' too,
 * as log4j writes), 'Z' or ±hh[:mm]. Without an offset the time is read in `zone`.
 * Returns NaN when `s` is not such a time.
 */
export function parseIsoTime(s: string, zone = 'UTC'): number {
  const m = ISO_RE.exec(s.trim());
  if (!m) return Number.NaN;
  const frac = m[7] ?? '';
  const w: WallClock = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
    ms: frac ? Math.floor(Number(`0.${frac}`) * 1000 + 1e-6) : 0,
  };
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.day > 31 || w.hour > 23 || w.minute > 59 || w.second > 60) {
    return Number.NaN;
  }
  const off = m[8];
  if (!off) return wallClockToUtc(w, zone);
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  if (off === 'Z' || off === 'z') return naive;
  const sign = off[0] === '-' ? -1 : 1;
  const digits = off.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return naive - sign * minutes * 60_000;
}

/**
 * An epoch number to UTC ms, by its digit count: 10 = seconds, 13 = ms, 16 = µs, 19 = ns
 * (fractions allowed on seconds). Returns NaN for anything else.
 */
export function parseEpoch(s: string): number {
  const t = s.trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) return Number.NaN;
  const int = m[1];
  switch (int.length) {
    case 9:
    case 10:
      return Number(t) * 1000;
    case 12:
    case 13:
      return Number(t);
    case 15:
    case 16:
      return Math.floor(Number(int) / 1000);
    case 18:
    case 19:
      return Number(BigInt(int) / 1_000_000n);
    default:
      return Number.NaN;
  }
}

/** Milliseconds per unit of an epoch number, by its magnitude: < 1e11 seconds, < 1e14 ms, < 1e17 µs, else ns. */
export function epochUnitOf(v: number): number {
  const a = Math.abs(v);
  return a < 1e11 ? 1000 : a < 1e14 ? 1 : a < 1e17 ? 1e-3 : 1e-6;
}

/**
 * Epoch numbers of one column (a CSV time column, the time field of an export) to UTC ms, in **one unit for
 * the whole column**, inferred from its values, never assumed: the unit is the one its magnitude implies
 * (epochUnitOf) for the column's first value that reads as a plausible time (2000 .. now + 1 year,
 * core/ingest/plausible.ts); every later value is read in that unit. So a millisecond export is not read as
 * seconds (year 58135), and one stray value of another magnitude reads as an implausible time, which the
 * importer reports by file and line, instead of being guessed per value. Until a plausible value is seen,
 * each value is read by its own magnitude. Returns NaN for a non-finite value. O(1) a value.
 * @example const c = new EpochColumn(); c.toMs(1_700_000_000_000); c.toMs(1_700_000_060) // 1700000060 (ms: 1970, reported)
 */
export class EpochColumn {
  /** Milliseconds per unit once inferred. */
  unit: number | undefined;

  constructor(private readonly nowMs = Date.now()) {}

  toMs(v: number): number {
    if (!Number.isFinite(v)) return Number.NaN;
    if (this.unit !== undefined) return EpochColumn.scale(v, this.unit);
    const unit = epochUnitOf(v);
    const ms = EpochColumn.scale(v, unit);
    if (ms >= PLAUSIBLE_FROM && ms <= this.nowMs + PLAUSIBLE_AHEAD_MS) this.unit = unit;
    return ms;
  }

  /** `v` units to whole ms: seconds rounded (1700000000.123 s is 1700000000123 ms, not …122), finer units floored. */
  private static scale(v: number, unit: number): number {
    return unit >= 1 ? Math.round(v * unit) : Math.floor(v * unit);
  }
}

/** ISO time or epoch number, whichever `s` is; NaN when neither. */
export function parseTimestamp(s: string, zone = 'UTC'): number {
  const e = parseEpoch(s);
  return Number.isNaN(e) ? parseIsoTime(s, zone) : e;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** 'Oct' / 'october' to 1-12; 0 when not a month name. */
export function monthFromName(name: string): number {
  return MONTHS[name.slice(0, 3).toLowerCase()] ?? 0;
}

/** UTC ms to ISO 8601 with the offset of `zone` (e.g. '2024-01-15T11:00:00.000+01:00'). */
export function formatInZone(utcMs: number, zone = 'UTC'): string {
  const off = zoneOffsetMinutes(zone, utcMs);
  const local = new Date(utcMs + off * 60_000).toISOString().slice(0, 23);
  if (off === 0) return `${local}Z`;
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
