// Fast multi-seasonal decomposition for detection: moving-average trend + per-phase median profiles, iterated.
// Reference: the classical decomposition (Macaulay 1931; Hyndman & Athanasopoulos FPP3 §3.4) made robust with
// medians across cycles, in the MSTL order of Bandara, Hyndman & Bergmeir 2021 (shortest period first).

import { selectInPlace } from '../stats';

export interface FastDecomposition {
  /** Periods used, ascending. */
  periods: number[];
  trend: Float64Array;
  /** One seasonal component per period. */
  seasonal: Float64Array[];
  /** Per-phase profile per period (mean 0); profile[(i + phaseOffset) mod p] is the seasonal at i. */
  profiles: Float64Array[];
  /** y - trend - sum(seasonal). */
  remainder: Float64Array;
  /**
   * Like `remainder`, but the shortest period's profile at each point is the median of the OTHER cycles only
   * (leave-one-cycle-out), so the point does not explain itself: an honest residual for scales and scores.
   */
  looRemainder: Float64Array;
}

export interface FastDecompositionOptions {
  /** Passes (default 2). */
  iterations?: number;
  /** Phase of index 0 (default 0): lets a caller anchor profiles to absolute time. */
  phaseOffset?: number;
}

/**
 * Decomposes a finite, regularly sampled series into trend + one seasonal per period + remainder:
 * per pass, trend = centred moving average (width = longest period, shrinking at the ends) of y minus the
 * seasonals; then for each period, shortest first, profile[phase] = median over cycles of
 * (y - trend - other seasonals), smoothed circularly across phases (width ~ previous period / 12, or ~ p / 288 for
 * the shortest, so a two-cycle weekly profile does not copy per-minute noise) and centred to mean 0.
 * Complexity O(n x periods x passes). Input must be finite (fill gaps first); throws when it is not, or when a
 * period is < 2 or longer than the series.
 */
export function mstlFast(y: Float64Array, periods: number[], opts: FastDecompositionOptions = {}): FastDecomposition {
  const n = y.length;
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) throw new Error(`mstlFast: value ${i} is not finite; fill gaps first`);
  const ps = [...periods].map((p) => Math.round(p)).sort((a, b) => a - b);
  for (const p of ps) if (!(p >= 2 && p <= n)) throw new Error(`mstlFast: period ${p} must be within [2, ${n}]`);
  const off = Math.round(opts.phaseOffset ?? 0);
  const iterations = Math.max(1, opts.iterations ?? 2);
  const k = ps.length;
  const seasonal = ps.map(() => new Float64Array(n));
  const profiles: Float64Array[] = ps.map((p) => new Float64Array(p));
  const total = new Float64Array(n);
  const work = new Float64Array(n);
  const trend = new Float64Array(n);
  const prefix = new Float64Array(n + 1);
  const window = k > 0 ? ps[k - 1] : Math.min(n, 25);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) work[i] = y[i] - total[i];
    centredMean(work, window, trend, prefix);
    for (let j = 0; j < k; j++) {
      const p = ps[j];
      const s = seasonal[j];
      for (let i = 0; i < n; i++) work[i] = y[i] - trend[i] - (total[i] - s[i]);
      const prof = phaseMedians(work, p, off);
      const w = j === 0 ? oddAtLeast1(Math.round(p / 288)) : oddAtLeast1(Math.round(ps[j - 1] / 12));
      const sm = w > 1 ? circularMean(prof, w) : prof;
      let mean = 0;
      for (let q = 0; q < p; q++) mean += sm[q];
      mean /= p;
      for (let q = 0; q < p; q++) sm[q] -= mean;
      profiles[j] = sm;
      for (let i = 0, phase = (((off % p) + p) % p); i < n; i++) {
        const v = sm[phase];
        total[i] += v - s[i];
        s[i] = v;
        if (++phase === p) phase = 0;
      }
    }
  }
  const remainder = new Float64Array(n);
  for (let i = 0; i < n; i++) remainder[i] = y[i] - trend[i] - total[i];
  let looRemainder: Float64Array = remainder;
  if (k > 0 && n >= 3 * ps[0]) {
    for (let i = 0; i < n; i++) work[i] = y[i] - trend[i] - (total[i] - seasonal[0][i]);
    looRemainder = leaveOneCycleOut(work, ps[0]);
  }
  return { periods: ps, trend, seasonal, profiles, remainder, looRemainder };
}

/**
 * z minus the median of z at the same phase in the other cycles (centred like the profile). Per phase the c values
 * are ranked once (insertion sort, c is small: the number of cycles); leaving out the value of rank k, the median of
 * the other c - 1 is read off the ranks around the middle. O(n x c) worst case, O(n) extra memory.
 */
function leaveOneCycleOut(z: Float64Array, p: number): Float64Array {
  const n = z.length;
  const out = new Float64Array(n);
  const c = Math.ceil(n / p);
  const sorted = new Float64Array(c);
  const meds = new Float64Array(p);
  const loo = out; // the other cycles' medians first, turned into the result at the end
  for (let ph = 0; ph < p; ph++) {
    let m = 0;
    for (let i = ph; i < n; i += p) {
      const v = z[i];
      let j = m++;
      while (j > 0 && sorted[j - 1] > v) {
        sorted[j] = sorted[j - 1];
        j--;
      }
      sorted[j] = v;
    }
    const half = m >> 1;
    meds[ph] = m % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    // The rest has m - 1 values. Its middle rank(s) r map to sorted[r] below the left-out value, sorted[r + 1] above.
    const rest = m - 1;
    const lowMid = (rest - 1) >> 1;
    const highMid = rest >> 1;
    for (let i = ph; i < n; i += p) {
      const v = z[i];
      // Rank of v among the phase's values: ties are interchangeable, so any rank holding v gives the same median.
      let k = 0;
      while (sorted[k] < v) k++;
      const a = sorted[lowMid < k ? lowMid : lowMid + 1];
      loo[i] = rest % 2 === 1 ? a : (a + sorted[highMid < k ? highMid : highMid + 1]) / 2;
    }
  }
  let mean = 0;
  for (let ph = 0; ph < p; ph++) mean += meds[ph];
  mean /= p;
  for (let i = 0; i < n; i++) out[i] = z[i] - (loo[i] - mean);
  return out;
}

function oddAtLeast1(v: number): number {
  const w = Math.max(1, v);
  return w % 2 === 0 ? w + 1 : w;
}

/**
 * Centred moving average of width w, shrinking at the ends, written into `out` (prefix sums in `pre`, n + 1 long).
 * O(n).
 */
function centredMean(x: Float64Array, w: number, out: Float64Array, pre: Float64Array): void {
  const n = x.length;
  for (let i = 0; i < n; i++) pre[i + 1] = pre[i] + x[i];
  const left = Math.floor((w - 1) / 2);
  const right = w - 1 - left;
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - left);
    const b = Math.min(n, i + right + 1);
    out[i] = (pre[b] - pre[a]) / (b - a);
  }
}

/** Median per phase ((i + off) mod p) across cycles. O(n) average. */
function phaseMedians(x: Float64Array, p: number, off: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(p);
  const buf = new Float64Array(Math.ceil(n / p) + 1);
  for (let start = 0; start < Math.min(p, n); start++) {
    let m = 0;
    for (let i = start; i < n; i += p) buf[m++] = x[i];
    const phase = (((start + off) % p) + p) % p;
    if (m === 1) out[phase] = buf[0];
    else if (m === 2) out[phase] = (buf[0] + buf[1]) / 2;
    else {
      const hi = selectInPlace(buf, m >> 1, m);
      if (m % 2 === 1) out[phase] = hi;
      else {
        let lo = -Infinity;
        for (let q = 0; q < m >> 1; q++) if (buf[q] > lo) lo = buf[q];
        out[phase] = (lo + hi) / 2;
      }
    }
  }
  return out;
}

/** Circular centred moving average of odd width w. O(p). */
function circularMean(x: Float64Array, w: number): Float64Array {
  const p = x.length;
  const h = (w - 1) / 2;
  const out = new Float64Array(p);
  if (w >= p) {
    let s = 0;
    for (let i = 0; i < p; i++) s += x[i];
    return out.fill(s / p);
  }
  let s = 0;
  for (let d = -h; d <= h; d++) s += x[(d + p) % p];
  for (let i = 0; i < p; i++) {
    out[i] = s / w;
    s += x[(i + h + 1) % p] - x[(i - h + p) % p];
  }
  return out;
}
