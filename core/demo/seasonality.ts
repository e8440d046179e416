/**
 * The traffic shape every request-driven series follows: a daily cycle (night trough near 04:00 UTC,
 * plateau in the afternoon, an evening shoulder, a small lunch dip) times a weekly cycle (weekends
 * lower), blended across midnight so there is no step. Deterministic: a function of time only.
 */

const DAY_MS = 86_400_000;
/** Sunday .. Saturday. */
const WEEKDAY = [0.62, 0.97, 1.0, 1.0, 0.98, 0.92, 0.7];

/** Daily factor in about [0.2, 1] for an hour of the day in [0, 24). */
export function dailyFactor(hour: number): number {
  const base = Math.pow((1 - Math.cos((2 * Math.PI * (hour - 4)) / 24)) / 2, 1.3);
  const evening = 0.1 * Math.exp(-((hour - 20) ** 2) / (2 * 1.5 * 1.5));
  const lunch = -0.05 * Math.exp(-((hour - 12.5) ** 2) / (2 * 0.6 * 0.6));
  return 0.2 + 0.75 * base + evening + lunch;
}

/** Weekly factor at `tMs`: the day's factor, blended with the neighbour day within 3 h of midnight. */
export function weeklyFactor(tMs: number): number {
  const dayIndex = Math.floor(tMs / DAY_MS);
  const hour = (tMs - dayIndex * DAY_MS) / 3_600_000;
  const dow = (((dayIndex + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const f = WEEKDAY[dow];
  if (hour < 3) return lerp(WEEKDAY[(dow + 6) % 7], f, 0.5 + hour / 6);
  if (hour > 21) return lerp(f, WEEKDAY[(dow + 1) % 7], (hour - 21) / 6);
  return f;
}

/** Combined shape at `tMs`: daily x weekly, about 0.12 (Sunday night) to 1.0 (weekday afternoon). */
export function trafficFactor(tMs: number): number {
  const hour = (((tMs % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000;
  return dailyFactor(hour) * weeklyFactor(tMs);
}

/** Day of week (0 = Sunday) and hour of day of a UTC instant. */
export function calendar(tMs: number): { dow: number; hour: number } {
  const dayIndex = Math.floor(tMs / DAY_MS);
  return { dow: (((dayIndex + 4) % 7) + 7) % 7, hour: (tMs - dayIndex * DAY_MS) / 3_600_000 };
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}
