// MSTL: STL for several seasonal periods at once. Reference: Bandara, Hyndman & Bergmeir 2021,
// "MSTL: A Seasonal-Trend Decomposition Algorithm for Time Series with Multiple Seasonal Patterns" (arXiv 2107.13462).

import { fillGaps } from './anomaly-grid';
import { stl, type StlOptions } from './stl';

export interface MstlOptions {
  /** Seasonal periods in samples; sorted ascending, periods >= n / 2 are dropped with a note. */
  periods: number[];
  /** Seasonal smoother span per period (same order as the sorted periods). Default 7 + 4 i (i = 1, 2, ...). */
  windows?: number[];
  /** Passes over all periods (default 2; 1 when there is a single period). */
  iterate?: number;
  /** Options for each inner STL (period and seasonal are set by MSTL). Default: robust, as `stl`. */
  stl?: Omit<StlOptions, 'period' | 'seasonal'>;
}

export interface MstlResult {
  trend: Float64Array;
  /** One seasonal component per kept period, in the order of `periods`. */
  seasonal: Float64Array[];
  /** The periods actually used (sorted, too-long ones removed). */
  periods: number[];
  /** observed - trend - sum(seasonal); NaN where the input was missing. */
  remainder: Float64Array;
  /** Robustness weights of the last inner STL. */
  weights: Float64Array;
  notes: string[];
}

/**
 * MSTL (Bandara et al. 2021): for `iterate` passes, for each period in ascending order, add its current seasonal
 * back, fit STL with that period and window, take the new seasonal and remove it again. The trend comes from the
 * last STL; remainder = y - trend - sum of seasonals. Matches statsmodels' MSTL (0.14) given the same STL options.
 *
 * Complexity: iterate x periods x one STL. NaN policy: missing values are interpolated before fitting (noted);
 * the remainder is NaN there. With no usable period the trend is the series itself and
 * there is no seasonal, with a note. Throws when periods and windows differ in length, or any period < 2.
 */
export function mstl(values: Float64Array, opts: MstlOptions): MstlResult {
  const n = values.length;
  const notes: string[] = [];
  if (opts.windows && opts.windows.length !== opts.periods.length) {
    throw new Error(`MSTL: ${opts.periods.length} period(s) but ${opts.windows.length} window(s)`);
  }
  for (const p of opts.periods) if (!(p >= 2)) throw new Error(`MSTL: every period must be at least 2, got ${p}`);
  let pairs = opts.periods.map((p, i) => ({ p: Math.round(p), w: opts.windows?.[i] ?? NaN }));
  pairs.sort((a, b) => a.p - b.p);
  pairs = pairs.map((q, i) => ({ p: q.p, w: Number.isNaN(q.w) ? 7 + 4 * (i + 1) : q.w }));
  const kept = pairs.filter((q) => q.p < n / 2);
  if (kept.length < pairs.length) {
    notes.push(`period(s) ${pairs.filter((q) => q.p >= n / 2).map((q) => q.p).join(', ')} dropped: longer than half the series`);
  }
  const filled = fillGaps(values);
  if (filled.filled > 0 && filled.finite > 0) notes.push(`${filled.filled} missing value(s) were interpolated before decomposition`);
  const y = filled.values;
  if (kept.length === 0 || filled.finite === 0) {
    notes.push(filled.finite === 0 ? 'every value is missing: nothing to decompose' : 'no usable period: the trend is the series itself');
    return {
      trend: Float64Array.from(y),
      seasonal: [],
      periods: [],
      remainder: new Float64Array(n).fill(0).map((_, i) => (Number.isFinite(values[i]) ? 0 : NaN)),
      weights: new Float64Array(n).fill(1),
      notes,
    };
  }
  const iterate = kept.length === 1 ? 1 : Math.max(1, opts.iterate ?? 2);
  const seasonal: Float64Array[] = kept.map(() => new Float64Array(n));
  let deseas: Float64Array = Float64Array.from(y);
  let trend: Float64Array = new Float64Array(n);
  let weights: Float64Array = new Float64Array(n).fill(1);
  for (let it = 0; it < iterate; it++) {
    for (let i = 0; i < kept.length; i++) {
      for (let t = 0; t < n; t++) deseas[t] += seasonal[i][t];
      const res = stl(deseas, { ...opts.stl, period: kept[i].p, seasonal: kept[i].w });
      seasonal[i] = res.seasonal;
      trend = res.trend;
      weights = res.weights;
      const next = new Float64Array(n);
      for (let t = 0; t < n; t++) next[t] = deseas[t] - res.seasonal[t];
      deseas = next;
    }
  }
  const remainder = new Float64Array(n);
  for (let t = 0; t < n; t++) remainder[t] = Number.isFinite(values[t]) ? deseas[t] - trend[t] : NaN;
  return { trend, seasonal, periods: kept.map((q) => q.p), remainder, weights, notes };
}
