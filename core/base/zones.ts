/**
 * Time zones without a zone database of our own: offsets and names come from Intl. Shared by the UI
 * (renderer/src/time.ts, through core/api/zones.ts) and by reports written in a chosen zone
 * (core/analysis/postmortem, core/report). Moved here from renderer/src/time.ts so both use one piece
 * of code. Pure.
 */

export const UTC = 'UTC';

const MINUTE = 60_000;
const QUARTER = 900_000;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();
const abbreviations = new Map<string, Intl.DateTimeFormat[]>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(zone, f);
  }
  return f;
}

/** True when Intl knows the zone name. */
export function isValidZone(zone: string): boolean {
  try {
    partsFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Offset of `zone` from UTC at instant `ms`, in ms (east positive: Europe/Berlin in winter is +3 600 000).
 * Computed from Intl's wall-clock parts, cached per zone and quarter hour (modern zones change
 * offset only on whole quarter hours). O(1) after the first call per slot. UTC and non-finite input
 * answer 0; an unknown zone throws (Intl's RangeError).
 */
export function zoneOffsetMs(ms: number, zone: string): number {
  if (zone === UTC || !Number.isFinite(ms)) return 0;
  let cache = offsetCache.get(zone);
  if (!cache) {
    cache = new Map();
    offsetCache.set(zone, cache);
  }
  const slot = Math.floor(ms / QUARTER);
  const hit = cache.get(slot);
  if (hit !== undefined) return hit;
  const at = slot * QUARTER;
  const p: Record<string, number> = {};
  for (const part of partsFormatter(zone).formatToParts(at)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offset = wall - at;
  if (cache.size > 50_000) cache.clear();
  cache.set(slot, offset);
  return offset;
}

/** The wall-clock time of instant `ms` in `zone`, as ms that read correctly when treated as UTC (for charts). */
export function toWall(ms: number, zone: string): number {
  return ms + zoneOffsetMs(ms, zone);
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `UTC`, or `UTC+01:00` style offset of the zone at `ms`. */
export function offsetLabel(ms: number, zone: string): string {
  const off = zoneOffsetMs(ms, zone);
  if (zone === UTC) return 'UTC';
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off) / MINUTE;
  return `UTC${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/**
 * The zone's common abbreviation at `ms` ('CEST', 'EDT'), from Intl's English names; null where Intl
 * knows none (it answers 'GMT+5:30' for Asia/Kolkata: the offset says that already).
 */
export function zoneAbbreviation(ms: number, zone: string): string | null {
  if (zone === UTC) return 'UTC';
  let formatters = abbreviations.get(zone);
  if (!formatters) {
    formatters = ['en-US', 'en-GB'].map((locale) => new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }));
    abbreviations.set(zone, formatters);
  }
  for (const f of formatters) {
    const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value;
    if (name && !/^(GMT|UTC)/.test(name)) return name;
  }
  return null;
}

/**
 * A time in the zone with the offset written out, for documents read later and elsewhere:
 * `2026-03-06 16:17 CET (UTC+01:00)`; `clock` leaves the date off (`16:17 CET (UTC+01:00)`); in UTC
 * `2026-03-06 15:17 UTC`.
 * @example zonedTime(Date.UTC(2026, 6, 1, 12, 2), 'Europe/Berlin', { clock: true }) // '14:02 CEST (UTC+02:00)'
 */
export function zonedTime(ms: number, zone: string, opts: { clock?: boolean } = {}): string {
  if (!Number.isFinite(ms)) return '–';
  const wall = new Date(toWall(ms, zone)).toISOString();
  const text = opts.clock ? wall.slice(11, 16) : wall.slice(0, 16).replace('T', ' ');
  if (zone === UTC) return `${text} UTC`;
  const abbreviation = zoneAbbreviation(ms, zone);
  return `${text}${abbreviation ? ` ${abbreviation}` : ''} (${offsetLabel(ms, zone)})`;
}
