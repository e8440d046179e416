/**
 * The project's one statistics module: order statistics (quickselect, median, quantiles), robust scale (MAD and
 * its floors) and a seeded random source. Every detector, forecaster, bench and test takes these from here.
 *
 * References: Hoare 1961, "Algorithm 65: Find" (quickselect); Hyndman & Fan 1996, "Sample Quantiles in
 * Statistical Packages" (type 7, the default of R, NumPy and simple-statistics); Hampel 1974 and Rousseeuw &
 * Croux 1993 (MAD, consistency constant 1.4826); Tommy Ettinger's mulberry32 (public domain); Box & Muller 1958.
 *
 * NaN policy, the same for every function that takes raw data: non-finite values (NaN, +/-Infinity) are skipped,
 * and a statistic of no value is NaN. Functions named `...InPlace` or `...Sorted` take data the caller has
 * already cleaned (and sorted) and do not check it again. Only invalid arguments (a quantile level outside
 * [0, 1]) throw.
 */

/** Turns a MAD into a standard deviation for normal data: 1 / Phi^-1(3/4). */
export const MAD_TO_SIGMA = 1.4826;

/** Turns a mean absolute deviation into a standard deviation for normal data: sqrt(pi / 2). */
export const MEAN_ABS_TO_SIGMA = 1.2533;

/**
 * k-th smallest (0-based) of the first `n` entries of `a`, by Hoare's quickselect (middle pivot, two-sided
 * partition). Reorders `a`: afterwards a[0..k) <= a[k] <= a(k..n). Average O(n), worst O(n^2).
 * The entries must be finite (NaN compares false and would stall the partition).
 *
 * @example selectInPlace(Float64Array.of(5, 1, 4, 2), 1) // 2
 */
export function selectInPlace(a: Float64Array, k: number, n = a.length): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** The finite values of `x`, in order, in a fresh array. O(n). */
export function finiteValues(x: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) m++;
  const out = new Float64Array(m);
  let j = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) out[j++] = x[i];
  return out;
}

/** The finite values of `x`, sorted ascending, in a fresh array (for many quantiles of one sample). O(n log n). */
export function sortedFinite(x: ArrayLike<number>): Float64Array {
  return finiteValues(x).sort();
}

/**
 * Median of the first `n` entries of `a` (all finite): the middle order statistic, or the mean of the two middle
 * ones ((lo + hi) / 2) for even n. Reorders `a`. Average O(n). NaN when n = 0.
 *
 * @example medianInPlace(Float64Array.of(4, 1, 3, 2), 4) // 2.5
 */
export function medianInPlace(a: Float64Array, n = a.length): number {
  if (n === 0) return NaN;
  const hi = selectInPlace(a, n >> 1, n);
  if (n % 2 === 1) return hi;
  let lo = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (a[i] > lo) lo = a[i];
  return (lo + hi) / 2;
}

/**
 * Median of the finite values of `x` (the input is not changed). Average O(n) by quickselect on a copy.
 * NaN when no value is finite.
 *
 * @example median([3, NaN, 1, 2]) // 2
 */
export function median(x: ArrayLike<number>): number {
  const v = finiteValues(x);
  return medianInPlace(v, v.length);
}

function checkLevel(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile level must be within [0, 1], got ${p}`);
}

/**
 * Quantile `p` of an ascending, finite array, Hyndman & Fan type 7: h = (n - 1) p, then linear interpolation
 * between the order statistics floor(h) and floor(h) + 1. O(1). NaN when the array is empty.
 * Throws RangeError when p is outside [0, 1].
 *
 * @example quantileSorted([1, 2, 3, 4], 0.25) // 1.75
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  checkLevel(p);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Quantile `p` (type 7, as `quantileSorted`) of the finite values of `x`, without sorting: quickselect finds the
 * order statistic floor(h), the next one is the smallest value above it. Average O(n).
 * NaN when no value is finite. Throws RangeError when p is outside [0, 1].
 *
 * @example quantile([4, 1, NaN, 3, 2], 0.75) // 3.25
 */
export function quantile(x: ArrayLike<number>, p: number): number {
  checkLevel(p);
  const v = finiteValues(x);
  if (v.length === 0) return NaN;
  const h = (v.length - 1) * p;
  const lo = Math.floor(h);
  const a = selectInPlace(v, lo, v.length);
  if (h === lo) return a;
  let b = Infinity;
  for (let i = lo + 1; i < v.length; i++) if (v[i] < b) b = v[i];
  return a + (h - lo) * (b - a);
}

/**
 * Median absolute deviation about `center` (default: the median), times 1.4826 so that it estimates the standard
 * deviation of normal data, robust to up to half the values being outliers (Hampel 1974). Average O(n).
 * NaN when no value is finite; 0 when more than half the values equal the center.
 *
 * @example mad([1, 2, 3, 4, 100]) // 1.4826
 */
export function mad(x: ArrayLike<number>, center = median(x)): number {
  const v = finiteValues(x);
  for (let i = 0; i < v.length; i++) v[i] = Math.abs(v[i] - center);
  return MAD_TO_SIGMA * medianInPlace(v, v.length);
}

export interface RobustLocationScale {
  /** Median of the finite values. */
  center: number;
  /** MAD x 1.4826: a standard deviation for normal data, robust to up to 50% outliers. */
  scale: number;
  /** Number of finite values used. */
  count: number;
}

/**
 * Median and normal-consistent MAD of the finite values of `x` in one pass over one copy. Average O(n).
 * When more than half the values are equal the scale is 0: floor it (`scaleFloor`, `robustScale`).
 * NaNs and count 0 when no value is finite.
 *
 * @example robustLocationScale([1, 2, 3, 4, 100]) // { center: 3, scale: 1.4826, count: 5 }
 */
export function robustLocationScale(x: ArrayLike<number>): RobustLocationScale {
  const v = finiteValues(x);
  const n = v.length;
  if (n === 0) return { center: NaN, scale: NaN, count: 0 };
  const center = medianInPlace(v, n);
  for (let i = 0; i < n; i++) v[i] = Math.abs(v[i] - center);
  return { center, scale: MAD_TO_SIGMA * medianInPlace(v, n), count: n };
}

/** 1.2533 x the mean absolute deviation of the finite values about `center`; 0 when none is finite. O(n). */
function meanAbsSigma(x: ArrayLike<number>, center: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i])) {
      sum += Math.abs(x[i] - center);
      n++;
    }
  }
  return n > 0 ? (MEAN_ABS_TO_SIGMA * sum) / n : 0;
}

/**
 * A robust scale that is 0 only for constant data: the MAD (x 1.4826) when it is positive, else 1.2533 x the
 * mean absolute deviation about `center` (so quantised data with a majority value still gets a scale).
 * Average O(n). NaN when no value is finite.
 *
 * @example robustScale([5, 5, 5, 5, 9]) // 1.2533 * 4 / 5
 */
export function robustScale(x: ArrayLike<number>, center = median(x)): number {
  const s = mad(x, center);
  if (s > 0 || Number.isNaN(s)) return s;
  return meanAbsSigma(x, center);
}

/**
 * A lower bound for a detector's scale, so that a constant or quantised series does not give infinite scores:
 * max(scale, 0.25 x normal-consistent mean absolute deviation, 1e-9 x (1 + |center|)). O(n). Never NaN.
 *
 * @example scaleFloor([7, 7, 7], 7, 0) // 8e-9
 */
export function scaleFloor(x: ArrayLike<number>, center: number, scale: number): number {
  const tiny = 1e-9 * (1 + Math.abs(Number.isFinite(center) ? center : 0));
  return Math.max(Number.isFinite(scale) ? scale : 0, 0.25 * meanAbsSigma(x, center), tiny);
}

/**
 * Seeded uniform random numbers in [0, 1): mulberry32 (32-bit state, period 2^32). The same seed always gives
 * the same sequence, so a test's or a bench's data never changes. O(1) per draw.
 *
 * @example const rand = seededRandom(42); rand(); // 0.6011037519201636, every time
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform source (Box-Muller, cosine branch; two uniforms per draw). O(1). */
export function normalFrom(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-300);
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}
