/**
 * Prediction intervals from backtest errors: empirical quantiles of the h-step errors per horizon step
 * (Hyndman & Athanasopoulos, FPP3 §5.5, intervals from bootstrapped residuals; Williams & Goodman 1971,
 * "A simple method for the construction of empirical confidence limits for economic forecasts").
 */
import { quantileSorted } from '../stats';

export interface Calibration {
  /** Offsets to add to the point forecast at each step (1..horizon): lower[h−1] ≤ 0 ≤ upper[h−1] usually. */
  lower: Float64Array;
  upper: Float64Array;
  /** Sorted errors (actual − forecast) pooled for each step, for quantiles at other levels. */
  pools: Float64Array[];
}

/** Pooled, sorted errors per step: step h takes steps h−w..h+w of every origin, w = max(wMin, round(0.1·h)). */
export function errorPools(errors: Float64Array[], horizon: number): Float64Array[] {
  const k = errors.filter((e) => e.some(Number.isFinite)).length;
  const wMin = k > 0 ? Math.max(0, Math.ceil((20 / k - 1) / 2)) : 0;
  const pools: Float64Array[] = [];
  for (let h = 1; h <= horizon; h++) {
    const w = Math.max(wMin, Math.round(0.1 * h));
    const buf: number[] = [];
    for (const e of errors) {
      for (let j = Math.max(1, h - w); j <= Math.min(horizon, h + w); j++) {
        const v = e[j - 1];
        if (Number.isFinite(v)) buf.push(v);
      }
    }
    pools.push(Float64Array.from(buf).sort());
  }
  return pools;
}

/**
 * Interval offsets at `level` (0 < level < 1) for each step from errors per origin (each of length
 * `horizon`; NaN skipped). The quantiles (type 7) come from pooled neighbouring steps (errorPools) at tail
 * probability ((1−level)/2)·k/(k+1) on each side, k = origins with errors: errors of one origin move together,
 * so the pool holds about k independent draws, and the tail is shrunk as a split-conformal rank over k
 * would (Lei et al. 2018). The half-width is then made non-decreasing in h (uncertainty does not shrink with
 * lead time). A step with no error gets NaN offsets. O(origins · horizon · w log).
 */
export function calibrateIntervals(errors: Float64Array[], horizon: number, level: number): Calibration {
  const pools = errorPools(errors, horizon);
  const k = Math.max(1, errors.filter((e) => e.some(Number.isFinite)).length);
  const tail = ((1 - level) / 2) * (k / (k + 1));
  const lower = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  let half = 0;
  for (let h = 0; h < horizon; h++) {
    const lo = quantileSorted(pools[h], tail);
    const hi = quantileSorted(pools[h], 1 - tail);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
      lower[h] = NaN;
      upper[h] = NaN;
      continue;
    }
    const c = (lo + hi) / 2;
    half = Math.max(half, (hi - lo) / 2);
    lower[h] = c - half;
    upper[h] = c + half;
  }
  return { lower, upper, pools };
}

/** Quantile p of the pooled errors at each step (type 7), e.g. the median path offset with p = 0.5. */
export function poolQuantiles(pools: Float64Array[], p: number): Float64Array {
  return Float64Array.from(pools, (s) => quantileSorted(s, p));
}

/**
 * Measured coverage: each origin's errors are checked against intervals calibrated on the other origins
 * only (leave-one-origin-out), so the figure is honest. NaN with fewer than 2 origins. O(origins² · horizon).
 */
export function leaveOneOutCoverage(errors: Float64Array[], horizon: number, level: number): number {
  if (errors.length < 2) return NaN;
  let hits = 0;
  let total = 0;
  for (let o = 0; o < errors.length; o++) {
    const cal = calibrateIntervals(errors.filter((_, i) => i !== o), horizon, level);
    for (let h = 0; h < horizon; h++) {
      const e = errors[o][h];
      if (!Number.isFinite(e) || !Number.isFinite(cal.lower[h])) continue;
      total++;
      if (e >= cal.lower[h] && e <= cal.upper[h]) hits++;
    }
  }
  return total > 0 ? hits / total : NaN;
}
