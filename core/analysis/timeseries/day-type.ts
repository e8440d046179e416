// Seasonality with short history: a weekday/weekend correction on top of a daily profile, for series with less than
// the two weeks a weekly period needs. A weekend that differs from weekdays is then learnt from the weekend(s) seen
// instead of being flagged every Saturday and Sunday. Reference: Taylor & Letham 2018 (Prophet's conditional
// seasonalities, e.g. a daily profile per day type); Hyndman & Athanasopoulos, FPP3 §12.1 (calendar effects).

import { medianInPlace } from '../stats';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** A weekend effect is used when it is at least this many residual scales (median over the hours). */
const MATERIAL = 3;

/** True for Saturday and Sunday (UTC). */
export function isWeekend(ms: number): boolean {
  const d = new Date(ms).getUTCDay();
  return d === 0 || d === 6;
}

export interface DayTypeBaseline {
  /** Expected value per grid slot: the median of the slot's day type within +/- 30 minutes of its time of day. */
  expected: Float64Array;
  /** Days of each type with data (weekday, weekend). */
  days: [number, number];
}

/** Per UTC hour, the median of each bucket's values (0 for an empty bucket). */
function hourMedians(buckets: number[][]): Float64Array {
  return Float64Array.from(buckets, (b) => (b.length > 0 ? medianInPlace(Float64Array.from(b), b.length) : 0));
}

/** Median over the 24 hours of |a[h] - b[h]|. */
function medianGap(a: Float64Array, b: Float64Array): number {
  return medianInPlace(Float64Array.from(a, (x, h) => Math.abs(x - b[h])), 24);
}

/** Time-of-day slot of `ms` (UTC) at `stepMs`. */
function slotOfDay(ms: number, stepMs: number, perDay: number): number {
  return Math.floor((((ms % DAY_MS) + DAY_MS) % DAY_MS) / stepMs) % perDay;
}

/**
 * Per time-of-day slot, a robust daily profile of the chosen days (`use(t)`): the median over those days at each slot,
 * then the median of those slot medians within +/- 30 minutes of the slot's time of day (circular), so the shape is
 * followed within the hour without fitting single points. NaN for a slot with no data near it.
 * O(n log days + perDay x window).
 */
function timeOfDayProfile(values: Float64Array, startMs: number, stepMs: number, use: (t: number) => boolean): Float64Array {
  const perDay = Math.max(1, Math.round(DAY_MS / stepMs));
  const bySlot: number[][] = Array.from({ length: perDay }, () => []);
  for (let s = 0; s < values.length; s++) {
    const t = startMs + s * stepMs;
    if (Number.isFinite(values[s]) && use(t)) bySlot[slotOfDay(t, stepMs, perDay)].push(values[s]);
  }
  const slotMedian = bySlot.map((b) => (b.length > 0 ? medianInPlace(Float64Array.from(b), b.length) : Number.NaN));
  const half = Math.min(Math.floor(perDay / 2), Math.max(0, Math.round(HOUR_MS / 2 / stepMs)));
  const out = new Float64Array(perDay).fill(Number.NaN);
  const window = new Float64Array(2 * half + 1);
  for (let k = 0; k < perDay; k++) {
    let w = 0;
    for (let d = -half; d <= half; d++) {
      const v = slotMedian[(k + d + perDay) % perDay];
      if (Number.isFinite(v)) window[w++] = v;
    }
    if (w > 0) out[k] = medianInPlace(window, w);
  }
  return out;
}

/**
 * A daily baseline per day type (weekday, weekend: UTC Saturday and Sunday) for a series with less history than a
 * weekly period needs. The values minus their all-days time-of-day profile are checked first; the day-type
 * baseline is returned only when
 * - the weekend differs materially: the median over hours of |weekend - weekday| is at least 3 x `scale` (the robust
 *   scale of the daily baseline's residuals), so a series without a weekend effect keeps its daily profile;
 * - the weekend days (with at least 12 hours of data) resemble each other: median |difference| under half that
 *   effect; and
 * - the weekdays on both sides of a weekend agree (median |difference| under `scale`): with one weekend seen, a level
 *   shift that starts on a Saturday would otherwise pass for a weekend effect.
 * Else null (daily profile only). Weekdays are grouped in runs (the days between weekends); at least two runs and one
 * weekend day with data are needed. `startMs`/`stepMs` place grid slot s at startMs + s x stepMs (step <= 1 hour).
 * O(n x window) for the profiles. Never throws.
 */
export function dayTypeBaseline(values: Float64Array, startMs: number, stepMs: number, scale: number): DayTypeBaseline | null {
  if (!(stepMs > 0) || stepMs > HOUR_MS) return null;
  const perDay = Math.max(1, Math.round(DAY_MS / stepMs));
  const all = timeOfDayProfile(values, startMs, stepMs, () => true);
  const hours = (): number[][] => Array.from({ length: 24 }, () => []);
  const weekend = hours();
  const weekday = hours();
  const runs: number[][][] = [];
  const weekendDays = new Map<number, number[][]>();
  const days: [Set<number>, Set<number>] = [new Set(), new Set()];
  let run = -1;
  let inWeekend = true;
  for (let s = 0; s < values.length; s++) {
    const t = startMs + s * stepMs;
    const end = isWeekend(t);
    if (!end && inWeekend) run++;
    inWeekend = end;
    const r = values[s] - all[slotOfDay(t, stepMs, perDay)];
    if (!Number.isFinite(r)) continue;
    const h = new Date(t).getUTCHours();
    const day = Math.floor(t / DAY_MS);
    days[end ? 1 : 0].add(day);
    if (end) {
      weekend[h].push(r);
      if (!weekendDays.has(day)) weekendDays.set(day, hours());
      (weekendDays.get(day) as number[][])[h].push(r);
    } else {
      weekday[h].push(r);
      while (runs.length <= run) runs.push(hours());
      runs[run][h].push(r);
    }
  }
  const filledRuns = runs.filter((r) => r.some((b) => b.length > 0)).map(hourMedians);
  if (days[1].size === 0 || filledRuns.length < 2) return null;
  for (let k = 1; k < filledRuns.length; k++) if (!(medianGap(filledRuns[k - 1], filledRuns[k]) < scale)) return null;
  const effect = medianGap(hourMedians(weekday), hourMedians(weekend));
  if (!(effect >= MATERIAL * scale)) return null;
  const ends = [...weekendDays.values()].filter((d) => d.filter((b) => b.length > 0).length >= 12).map(hourMedians);
  for (let k = 1; k < ends.length; k++) if (!(medianGap(ends[k - 1], ends[k]) < effect / 2)) return null;
  const profiles = [timeOfDayProfile(values, startMs, stepMs, (t) => !isWeekend(t)), timeOfDayProfile(values, startMs, stepMs, isWeekend)];
  const expected = Float64Array.from(values, (_, s) => {
    const t = startMs + s * stepMs;
    return profiles[isWeekend(t) ? 1 : 0][slotOfDay(t, stepMs, perDay)];
  });
  return { expected, days: [days[0].size, days[1].size] };
}
