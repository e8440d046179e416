/**
 * Puts a series on a regular time grid for forecasting and names its calendar seasons (a day and a
 * week in steps), as in Hyndman & Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed.),
 * §12.1 (complex seasonality: several seasonal periods).
 */
import { median } from '../stats';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

export interface RegularSeries {
  /** Time of values[0] (ms) and the grid step (ms). */
  startTs: number;
  stepMs: number;
  /** Values on the grid; gaps filled by linear interpolation (ends by the nearest value). */
  values: Float64Array;
  /** 1 where a grid slot held at least one observed value, 0 where it was filled. */
  observed: Uint8Array;
  /** Slots that had to be filled. */
  filled: number;
  /** Observed points that shared a grid slot with another and were averaged into it. */
  merged: number;
  /** Why the series could not be put on a grid, when it could not. */
  problem?: string;
}

/**
 * Regular grid at the median positive spacing of the finite points; points that fall into one slot
 * (rounded to the nearest slot) are averaged, empty slots are linearly interpolated. O(n log n).
 * NaN values/times are skipped. Returns the points as they are with stepMs NaN and `problem` set when
 * there are fewer than 2 distinct times or the grid would hold over 20 slots per point.
 * Throws RangeError when `ts` and `values` differ in length.
 */
export function regularise(ts: Float64Array, values: Float64Array, stepMs?: number): RegularSeries {
  if (ts.length !== values.length) {
    throw new RangeError(`regularise: ts has ${ts.length} points but values has ${values.length}`);
  }
  const pts: [number, number][] = [];
  for (let i = 0; i < ts.length; i++) if (Number.isFinite(ts[i]) && Number.isFinite(values[i])) pts.push([ts[i], values[i]]);
  pts.sort((a, b) => a[0] - b[0]);
  const none: RegularSeries = {
    startTs: pts.length ? pts[0][0] : NaN,
    stepMs: NaN,
    values: new Float64Array(pts.map((p) => p[1])),
    observed: new Uint8Array(pts.length).fill(1),
    filled: 0,
    merged: 0,
  };
  if (pts.length < 2) return { ...none, problem: `${pts.length} finite point(s): no time step to infer` };
  const diffs: number[] = [];
  for (let i = 1; i < pts.length; i++) if (pts[i][0] > pts[i - 1][0]) diffs.push(pts[i][0] - pts[i - 1][0]);
  const step = stepMs ?? median(diffs);
  if (!(step > 0)) return { ...none, problem: 'all finite points share one timestamp' };
  const start = pts[0][0];
  const n = Math.round((pts[pts.length - 1][0] - start) / step) + 1;
  if (n > 20 * pts.length + 1000) {
    return { ...none, problem: `a grid of ${n} slots for ${pts.length} points: the series is too sparse or irregular` };
  }
  const sum = new Float64Array(n);
  const cnt = new Uint32Array(n);
  for (const [t, v] of pts) {
    const k = Math.round((t - start) / step);
    sum[k] += v;
    cnt[k]++;
  }
  const out = new Float64Array(n).fill(NaN);
  const observed = new Uint8Array(n);
  let merged = 0;
  for (let k = 0; k < n; k++) {
    if (cnt[k] > 0) {
      out[k] = sum[k] / cnt[k];
      observed[k] = 1;
      merged += cnt[k] - 1;
    }
  }
  let filled = 0;
  let prev = -1;
  for (let k = 0; k < n; k++) {
    if (!observed[k]) continue;
    for (let j = prev + 1; j < k; j++) {
      out[j] = prev < 0 ? out[k] : out[prev] + ((out[k] - out[prev]) * (j - prev)) / (k - prev);
      filled++;
    }
    prev = k;
  }
  return { startTs: start, stepMs: step, values: out, observed, filled, merged };
}

/**
 * Calendar seasons in grid steps: a day and a week, each kept when the step divides it into at least
 * 2 slots and the series holds at least `minCycles` full cycles. Ascending. O(1).
 */
export function calendarPeriods(stepMs: number, length: number, minCycles = 2): number[] {
  const out: number[] = [];
  if (!(stepMs > 0)) return out;
  for (const span of [DAY_MS, WEEK_MS]) {
    const p = span / stepMs;
    const r = Math.round(p);
    if (r >= 2 && Math.abs(p - r) < 1e-6 * p && length >= minCycles * r) out.push(r);
  }
  return out;
}
