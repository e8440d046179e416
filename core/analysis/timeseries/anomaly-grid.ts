// Regular time grid for irregular samples: step = median spacing, one slot per step, gaps become NaN slots.
// Reference: the usual resample-to-median-interval step of Prometheus range queries and of Hochenbaum 2017 §4.

import { medianInPlace } from '../stats';

export interface Grid {
  /** Time of slot 0 (ms). */
  startMs: number;
  /** Slot width (ms); 1 when it cannot be inferred (fewer than two distinct timestamps). */
  stepMs: number;
  /** One value per slot; NaN where no sample fell (a gap) or the sample was NaN. */
  values: Float64Array;
  /** For each input point, its slot, or -1 when its timestamp was not finite. */
  slotOf: Int32Array;
  /** What was done: gaps filled, duplicates averaged, bad timestamps dropped. */
  notes: string[];
}

export interface GridOptions {
  /** Force the step (ms) instead of inferring the median spacing. */
  stepMs?: number;
  /** Most slots allowed; a wider span coarsens the step to fit (default 5,000,000). */
  maxSlots?: number;
}

/**
 * Places samples on a regular grid. The step is the median of the positive differences between sorted distinct
 * timestamps (or `opts.stepMs`); slot = round((t - t0) / step). Samples that share a slot are averaged; slots with
 * no sample are NaN. O(n log n) for the sort when timestamps are out of order, O(n) otherwise.
 * NaN policy: NaN values stay NaN; non-finite timestamps are dropped (slotOf = -1) and noted.
 * Throws only when timestamps and values differ in length.
 */
export function toGrid(timestamps: ArrayLike<number>, values: ArrayLike<number>, opts: GridOptions = {}): Grid {
  if (timestamps.length !== values.length) {
    throw new Error(`timestamps (${timestamps.length}) and values (${values.length}) must have the same length`);
  }
  const n = timestamps.length;
  const notes: string[] = [];
  const slotOf = new Int32Array(n).fill(-1);
  let finiteCount = 0;
  let sorted = true;
  let prev = -Infinity;
  let t0 = Infinity;
  let t1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i];
    if (!Number.isFinite(t)) continue;
    finiteCount++;
    if (t < prev) sorted = false;
    prev = t;
    if (t < t0) t0 = t;
    if (t > t1) t1 = t;
  }
  if (finiteCount < n) notes.push(`${n - finiteCount} point(s) with an invalid timestamp were ignored`);
  if (finiteCount === 0) return { startMs: NaN, stepMs: 1, values: new Float64Array(0), slotOf, notes };

  let step = opts.stepMs ?? NaN;
  if (!(step > 0)) step = medianSpacing(timestamps, finiteCount, sorted);
  const maxSlots = opts.maxSlots ?? 5_000_000;
  if ((t1 - t0) / step + 1 > maxSlots) {
    const coarser = (t1 - t0) / (maxSlots - 1);
    notes.push(`the span needs more than ${maxSlots} slots at ${step} ms; the step was coarsened to ${coarser} ms`);
    step = coarser;
  }
  const m = Math.round((t1 - t0) / step) + 1;
  const sum = new Float64Array(m);
  const cnt = new Uint32Array(m);
  let duplicates = 0;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i];
    if (!Number.isFinite(t)) continue;
    const s = Math.round((t - t0) / step);
    slotOf[i] = s;
    const v = values[i];
    if (Number.isFinite(v)) {
      if (cnt[s] > 0) duplicates++;
      sum[s] += v;
      cnt[s]++;
    }
  }
  const out = sum; // the slot means replace the sums in place
  let gaps = 0;
  for (let s = 0; s < m; s++) {
    out[s] = cnt[s] > 0 ? sum[s] / cnt[s] : NaN;
    if (cnt[s] === 0) gaps++;
  }
  if (duplicates > 0) notes.push(`${duplicates} sample(s) sharing a time slot were averaged`);
  if (gaps > 0) notes.push(`${gaps} of ${m} time slot(s) had no finite value (gaps or NaN)`);
  return { startMs: t0, stepMs: step, values: out, slotOf, notes };
}

/**
 * Median of the positive differences between consecutive distinct finite timestamps (sorted first unless
 * `sorted`); 1 when there are none. A regular series (every difference equal) costs one pass and no allocation.
 * O(n) sorted, O(n log n) otherwise.
 */
function medianSpacing(timestamps: ArrayLike<number>, finiteCount: number, sorted: boolean): number {
  if (sorted) {
    let first = NaN;
    let regular = true;
    let prev = NaN;
    for (let i = 0; i < timestamps.length && regular; i++) {
      const t = timestamps[i];
      if (!Number.isFinite(t)) continue;
      if (t > prev) {
        if (Number.isNaN(first)) first = t - prev;
        else if (t - prev !== first) regular = false;
      }
      prev = t;
    }
    if (regular) return Number.isNaN(first) ? 1 : first;
  }
  const ts = new Float64Array(finiteCount);
  let k = 0;
  for (let i = 0; i < timestamps.length; i++) if (Number.isFinite(timestamps[i])) ts[k++] = timestamps[i];
  if (!sorted) ts.sort();
  let m = 0;
  for (let i = 1; i < k; i++) if (ts[i] > ts[i - 1]) ts[m++] = ts[i] - ts[i - 1];
  return m > 0 ? medianInPlace(ts, m) : 1;
}

/**
 * Fills NaN runs by linear interpolation between the nearest finite neighbours; leading/trailing runs take the
 * nearest finite value. Returns a new array and the number filled. O(n). All-NaN input returns zeros with
 * filled = n (callers should check `finite === 0` first). Never throws.
 */
export function fillGaps(x: Float64Array): { values: Float64Array; filled: number; finite: number } {
  const n = x.length;
  const out = new Float64Array(n);
  let last = -1;
  let filled = 0;
  let finite = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(x[i])) {
      finite++;
      out[i] = x[i];
      if (last < i - 1) {
        const from = last >= 0 ? x[last] : x[i];
        for (let j = last + 1; j < i; j++) {
          out[j] = last >= 0 ? from + ((x[i] - from) * (j - last)) / (i - last) : x[i];
          filled++;
        }
      }
      last = i;
    }
  }
  if (last < 0) return { values: out, filled: n, finite: 0 };
  for (let j = last + 1; j < n; j++) {
    out[j] = x[last];
    filled++;
  }
  return { values: out, filled, finite };
}
