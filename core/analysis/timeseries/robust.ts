// Robust location/scale and normal tail helpers. Reference: Rousseeuw & Croux 1993 (MAD, consistency 1.4826);
// Hampel 1974; W. J. Cody 1969 / Numerical Recipes 6.2 (erfc with relative accuracy); Acklam 2003 (normal quantile).

/** Consistency constant that turns a MAD into a standard deviation for normal data. */
export const MAD_TO_SIGMA = 1.4826;

/**
 * k-th smallest (0-based) of the first `n` entries of `a`, found in place by Hoare's quickselect (Floyd-Rivest style
 * partitioning without the sampling step). Reorders `a`. Average O(n). NaN must be removed by the caller.
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

/** Copies the finite values of `x` into a fresh array. O(n). */
export function finiteValues(x: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) m++;
  const out = new Float64Array(m);
  let j = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) out[j++] = x[i];
  return out;
}

/**
 * Median of the finite values of `x` (NaN/Infinity skipped). O(n) average via quickselect on a copy.
 * Returns NaN when there is no finite value; never throws.
 */
export function median(x: ArrayLike<number>): number {
  const v = finiteValues(x);
  return medianInPlace(v, v.length);
}

/** Median of the first `n` entries of `a` (all finite), reordering `a`. O(n) average. NaN when n = 0. */
export function medianInPlace(a: Float64Array, n: number): number {
  if (n === 0) return NaN;
  const hi = selectInPlace(a, n >> 1, n);
  if (n % 2 === 1) return hi;
  let lo = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (a[i] > lo) lo = a[i];
  return (lo + hi) / 2;
}

/**
 * q-quantile (0..1, linear interpolation between order statistics, "type 7") of the finite values of `x`.
 * O(n) average. NaN when there is no finite value. Throws when q is outside [0, 1].
 */
export function quantile(x: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile: q must be within [0, 1], got ${q}`);
  const v = finiteValues(x);
  if (v.length === 0) return NaN;
  const h = (v.length - 1) * q;
  const lo = Math.floor(h);
  const a = selectInPlace(v, lo, v.length);
  if (h === lo) return a;
  let b = Infinity;
  for (let i = lo + 1; i < v.length; i++) if (v[i] < b) b = v[i];
  return a + (h - lo) * (b - a);
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
 * Median and normal-consistent MAD of the finite values of `x` (Hampel 1974). O(n) average.
 * When more than half the values are equal the MAD is 0; callers should floor the scale (see `scaleFloor`).
 * Returns NaNs for no finite values; never throws.
 */
export function robustLocationScale(x: ArrayLike<number>): RobustLocationScale {
  const v = finiteValues(x);
  const n = v.length;
  if (n === 0) return { center: NaN, scale: NaN, count: 0 };
  const center = medianInPlace(v, n);
  for (let i = 0; i < n; i++) v[i] = Math.abs(v[i] - center);
  return { center, scale: MAD_TO_SIGMA * medianInPlace(v, n), count: n };
}

/**
 * A lower bound for a robust scale so that a constant or quantised series does not yield infinite scores:
 * max(scale, 0.25 x normal-consistent mean absolute deviation, 1e-9 x (1 + |center|)). O(n).
 */
export function scaleFloor(x: ArrayLike<number>, center: number, scale: number): number {
  let s = 0;
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isFinite(v)) {
      s += Math.abs(v - center);
      m++;
    }
  }
  const meanAbs = m > 0 ? (1.2533 * s) / m : 0;
  const tiny = 1e-9 * (1 + Math.abs(Number.isFinite(center) ? center : 0));
  return Math.max(Number.isFinite(scale) ? scale : 0, 0.25 * meanAbs, tiny);
}

/**
 * Complementary error function with small relative error (< 1.2e-7) over the whole real line, so that tail
 * probabilities far out (z = 10) keep their precision. Chebyshev fit from Numerical Recipes (erfcc). O(1).
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided normal tail probability P(|Z| >= z) = erfc(z / sqrt 2). O(1). NaN for NaN. */
export function twoSidedTail(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9 after one
 * Halley step is not needed for interval widths). Throws when p is not strictly within (0, 1).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must be strictly between 0 and 1, got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * Half-width multiplier of a central interval holding `intervalWidth` of a normal distribution, as Prophet's
 * `interval_width`: 0.8 -> 1.2816, 0.95 -> 1.96, 0.99 -> 2.5758. Throws outside (0, 1).
 */
export function intervalMultiplier(intervalWidth: number): number {
  if (!(intervalWidth > 0 && intervalWidth < 1)) {
    throw new Error(`intervalWidth must be strictly between 0 and 1 (e.g. 0.99), got ${intervalWidth}`);
  }
  return normalQuantile(0.5 + intervalWidth / 2);
}

/**
 * Anomaly score in [0, 1] for a standardised residual z: 1 - P(|Z| >= |z|), the probability mass of a normal
 * that lies closer to the expected value. A point is outside the `w` interval exactly when score > w. O(1).
 */
export function scoreFromZ(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? NaN : 1;
  return 1 - twoSidedTail(z);
}
