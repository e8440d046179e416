/**
 * The one place for times and zones in the UI. Times are stored and sent as UTC epoch ms; the UI
 * shows them in the chosen zone ('UTC' or the machine's zone) and always writes the zone beside them.
 * Offsets come from Intl (no zone database of our own); each zone's offset is cached per quarter
 * hour (zones change offset on whole quarter hours).
 */

import { UTC, offsetLabel, toWall, zoneOffsetMs } from '../../core/api/zones';

// The zone math is shared with reports (core/base/zones.ts); re-exported so views keep one import.
export { UTC, isValidZone, offsetLabel, toWall, zoneOffsetMs, zonedTime } from '../../core/api/zones';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Inverse of toWall: the instant whose wall-clock time in `zone` is `wall`. When the clock went back
 * and the wall time happened twice, the earlier instant; when it went forward and the wall time never
 * happened, the instant read with the offset from before the change.
 */
export function fromWall(wall: number, zone: string): number {
  if (zone === UTC || !Number.isFinite(wall)) return wall;
  const before = wall - zoneOffsetMs(wall - DAY, zone);
  const candidates = [before, wall - zoneOffsetMs(wall + DAY, zone), wall - zoneOffsetMs(wall, zone)];
  const exact = candidates.filter((c) => toWall(c, zone) === wall);
  return exact.length ? Math.min(...exact) : before;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A short name for the zone badge: 'UTC', or 'Europe/Berlin (UTC+01:00)'. */
export function zoneLabel(zone: string, at = Date.now()): string {
  return zone === UTC ? 'UTC' : `${zone} (${offsetLabel(at, zone)})`;
}

function isoParts(ms: number, zone: string): string {
  return new Date(toWall(ms, zone)).toISOString();
}

/** `2026-03-06 15:17 UTC` (minutes), `seconds` adds `:01`; with `bare` the zone is left off. */
export function fmtTime(
  ms: number | null | undefined,
  zone: string = UTC,
  opts: { seconds?: boolean; millis?: boolean; bare?: boolean } = {},
): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const iso = isoParts(ms, zone);
  const end = opts.millis ? 23 : opts.seconds ? 19 : 16;
  const text = iso.slice(0, end).replace('T', ' ');
  return opts.bare ? text : `${text} ${zone === UTC ? 'UTC' : offsetLabel(ms, zone)}`;
}

/** Time of day only, `15:17:01`, in the zone (no zone written: use beside a full time). */
export function fmtClock(ms: number, zone: string = UTC, seconds = false): string {
  return isoParts(ms, zone).slice(11, seconds ? 19 : 16);
}

/**
 * A range, writing the date (or year) once when both ends share it:
 * `2026-03-06 15:17 – 18:19 UTC`, `2026-03-02 00:00 – 03-15 23:59 UTC`.
 */
export function fmtRange(from: number, to: number, zone: string = UTC): string {
  const a = isoParts(from, zone);
  const b = isoParts(to, zone);
  const z = zone === UTC ? 'UTC' : offsetLabel(from, zone);
  if (a.slice(0, 10) === b.slice(0, 10)) return `${a.slice(0, 16).replace('T', ' ')} – ${b.slice(11, 16)} ${z}`;
  const sameYear = a.slice(0, 4) === b.slice(0, 4);
  return `${a.slice(0, 16).replace('T', ' ')} – ${b.slice(sameYear ? 5 : 0, 16).replace('T', ' ')} ${z}`;
}

/** A duration for people: `45 s`, `12 min`, `3 h 05 min`, `2 d 4 h`. */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const a = Math.abs(ms);
  if (a < MINUTE) return `${Math.round(a / 1000)} s`;
  if (a < HOUR) return `${Math.round(a / MINUTE)} min`;
  if (a < DAY) {
    const h = Math.floor(a / HOUR);
    const m = Math.round((a - h * HOUR) / MINUTE);
    return m ? `${h} h ${pad(m)} min` : `${h} h`;
  }
  const d = Math.floor(a / DAY);
  const h = Math.round((a - d * DAY) / HOUR);
  return h ? `${d} d ${h} h` : `${d} d`;
}

/**
 * A time typed by a person, written `2026-03-06 16:17` (24-hour, the zone's wall time): the same in
 * every locale, unlike the browser's own date-time field, which follows the system's (12-hour in the US).
 */
export function toInputValue(ms: number, zone: string): string {
  return isoParts(ms, zone).slice(0, 16).replace('T', ' ');
}

/**
 * Reads a typed time (`2026-03-06 16:17`, seconds optional, `T` accepted for the space, 24-hour) as a
 * wall time in the zone; NaN when empty, malformed or not a real date (`2026-02-30`).
 */
export function fromInputValue(value: string, zone: string): number {
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d{1,2}):(\d\d)(?::(\d\d))?$/.exec(value.trim());
  if (!m) return NaN;
  const text = `${m[1]}T${m[2].padStart(2, '0')}:${m[3]}:${m[4] ?? '00'}`;
  const wall = Date.parse(`${text}Z`);
  if (!Number.isFinite(wall) || new Date(wall).toISOString().slice(0, 19) !== text) return NaN;
  return fromWall(wall, zone);
}

/**
 * Plotly reports axis ranges as 'YYYY-MM-DD HH:MM:SS.sss' strings (or numbers) in the axis' own
 * time, which for us is wall time in the chosen zone; this answers the UTC instant.
 */
export function parseAxisTime(v: unknown, zone: string): number {
  if (typeof v === 'number') return fromWall(v, zone);
  const s = String(v).trim().replace(' ', 'T');
  const wall = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);
  return Number.isFinite(wall) ? fromWall(wall, zone) : NaN;
}

export const DURATIONS = { MINUTE, HOUR, DAY };
