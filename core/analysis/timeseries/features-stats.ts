/**
 * Small order statistics shared by the change-point, forecast and outlier modules: quantiles
 * (Hyndman & Fan 1996, type 7 — the default of R and NumPy), median, MAD and a seeded random source
 * (mulberry32). Every function skips NaN and returns NaN when nothing is left; none throws.
 */

/** Finite values of `xs`, sorted ascending. O(n log n). */
export function sortedFinite(xs: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) m++;
  const out = new Float64Array(m);
  let j = 0;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) out[j++] = xs[i];
  return out.sort();
}

/**
 * Quantile `p` in [0,1] of an ascending array, linear interpolation between order statistics
 * (type 7: h = (n-1)p). O(1). NaN when the array is empty.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (n === 1) return sorted[0];
  const h = Math.min(Math.max(p, 0), 1) * (n - 1);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Quantile `p` of the finite values of `xs` (type 7). O(n log n). NaN when none are finite. */
export function quantile(xs: ArrayLike<number>, p: number): number {
  return quantileSorted(sortedFinite(xs), p);
}

/** Median of the finite values of `xs`. O(n log n). */
export function median(xs: ArrayLike<number>): number {
  return quantile(xs, 0.5);
}

/**
 * Median absolute deviation about the median, scaled by 1.4826 so that it estimates the standard
 * deviation of normal data. O(n log n). NaN when no value is finite; 0 for constant data.
 */
export function mad(xs: ArrayLike<number>, center = median(xs)): number {
  const dev: number[] = [];
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) dev.push(Math.abs(xs[i] - center));
  return 1.4826 * quantile(dev, 0.5);
}

/**
 * A robust scale that is never 0 unless the data is constant: 1.4826·MAD, else 1.2533·mean
 * absolute deviation about the median (the normal-consistent factor), else 0. O(n log n).
 */
export function robustScale(xs: ArrayLike<number>, center = median(xs)): number {
  const s = mad(xs, center);
  if (s > 0) return s;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    if (Number.isFinite(xs[i])) {
      sum += Math.abs(xs[i] - center);
      n++;
    }
  }
  return n > 0 ? (1.2533 * sum) / n : NaN;
}

/**
 * Seeded uniform random numbers in [0,1): mulberry32 (Tommy Ettinger, public domain). The same
 * seed always gives the same sequence, so a test's answer never changes.
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

/** Standard normal draws from a uniform source (Box–Muller). */
export function normalFrom(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-300);
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}
