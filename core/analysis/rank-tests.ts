/**
 * Rank tests for two independent samples: the Mann–Whitney U test (normal approximation with the tie correction and
 * a continuity correction, as scipy.stats.mannwhitneyu(method='asymptotic') computes it), Cliff's delta as its effect
 * size, and Holm's step-down adjustment for testing several hypotheses at once.
 *
 * References: Mann & Whitney 1947, "On a test of whether one of two random variables is stochastically larger than
 * the other"; Lehmann 1975, "Nonparametrics", §1.4 (the variance with ties); Cliff 1993, "Dominance statistics";
 * Romano et al. 2006 (|delta| < 0.147 negligible, < 0.33 small, < 0.474 medium, else large); Holm 1979, "A simple
 * sequentially rejective multiple test procedure".
 *
 * NaN policy: non-finite values are skipped; a sample left empty gives U and delta NaN and p-value 1.
 */
import { twoSidedTail } from './timeseries/normal';

export interface MannWhitney {
  /** U of the first sample: #(x > y) + ½ #(x = y) over all pairs. */
  u: number;
  /** Standard normal score of U (continuity-corrected; 0 when every value ties). */
  z: number;
  /** Two-sided p-value from the normal approximation. */
  pValue: number;
  /** Cliff's delta of x against y: (#(x > y) − #(x < y)) / (n_x n_y) = 2U / (n_x n_y) − 1, in [−1, 1]. */
  delta: number;
  nx: number;
  ny: number;
}

/** Romano et al.'s lower bound of a "large" Cliff's delta. */
export const LARGE_DELTA = 0.474;

/**
 * Mann–Whitney U test of `x` against `y` (two-sided): the values are ranked together (ties get their mean rank),
 * U = R_x − n_x (n_x + 1) / 2, and U is compared with its null mean n_x n_y / 2 and variance
 * n_x n_y / 12 · ((N + 1) − Σ(t³ − t) / (N (N − 1))) over the tie groups t, with a continuity correction of ½.
 * `varianceInflation` (≥ 1, default 1) widens the variance for serially correlated samples (see varianceInflation).
 * O((n_x + n_y) log(n_x + n_y)). Throws RangeError for a varianceInflation below 1.
 *
 * @example mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]) // { u: 0, delta: -1, pValue: 0.01219, … } (scipy 1.17.1)
 */
export function mannWhitney(x: ArrayLike<number>, y: ArrayLike<number>, varianceInflation = 1): MannWhitney {
  if (!(varianceInflation >= 1)) throw new RangeError(`mannWhitney: varianceInflation must be at least 1, got ${varianceInflation}`);
  const all: { v: number; first: boolean }[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) all.push({ v: x[i], first: true });
  const nx = all.length;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i])) all.push({ v: y[i], first: false });
  const ny = all.length - nx;
  if (nx === 0 || ny === 0) return { u: NaN, z: 0, pValue: 1, delta: NaN, nx, ny };
  all.sort((a, b) => a.v - b.v);
  const n = all.length;
  let rankSumX = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && all[j].v === all[i].v) j++;
    const meanRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k].first) rankSumX += meanRank;
    const t = j - i;
    tieTerm += t * t * t - t;
    i = j;
  }
  const u = rankSumX - (nx * (nx + 1)) / 2;
  const mean = (nx * ny) / 2;
  const variance = ((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1))) * varianceInflation;
  const delta = (2 * u) / (nx * ny) - 1;
  if (!(variance > 0)) return { u, z: 0, pValue: 1, delta, nx, ny };
  const diff = u - mean;
  const z = diff === 0 ? 0 : (diff - Math.sign(diff) * 0.5) / Math.sqrt(variance);
  return { u, z, pValue: Math.min(1, twoSidedTail(z)), delta, nx, ny };
}

/**
 * How much wider a rank test's variance must be for serially correlated data: (1 + ρ) / (1 − ρ) for a lag-1
 * autocorrelation ρ (an AR(1) series of n points carries about n (1 − ρ) / (1 + ρ) independent ones; Bayley &
 * Hammersley 1946). ρ is estimated from `residuals` (consecutive finite pairs), clamped to [0, 0.95]; 1 when there
 * are fewer than 3 pairs. O(n).
 *
 * @example varianceInflation([1, -1, 1, -1, 1, -1]) // 1 (negative correlation is not rewarded)
 */
export function varianceInflation(residuals: ArrayLike<number>): number {
  let mean = 0;
  let count = 0;
  for (let i = 0; i < residuals.length; i++) {
    if (Number.isFinite(residuals[i])) {
      mean += residuals[i];
      count++;
    }
  }
  if (count < 4) return 1;
  mean /= count;
  let num = 0;
  let den = 0;
  let pairs = 0;
  for (let i = 0; i < residuals.length; i++) {
    const a = residuals[i] - mean;
    if (!Number.isFinite(a)) continue;
    den += a * a;
    const b = residuals[i + 1] - mean;
    if (i + 1 < residuals.length && Number.isFinite(b)) {
      num += a * b;
      pairs++;
    }
  }
  if (pairs < 3 || !(den > 0)) return 1;
  const rho = Math.min(0.95, Math.max(0, num / den));
  return (1 + rho) / (1 - rho);
}

/**
 * Holm's step-down adjusted p-values (same order as given): sort ascending, p_(i) · (m − i + 1) for the i-th
 * smallest (1-based), made non-decreasing, capped at 1. Controls the family-wise error rate at any α under any
 * dependence between the tests. NaN stays NaN and does not count towards m. O(m log m).
 *
 * @example holm([0.01, 0.04, 0.03]) // [0.03, 0.06, 0.06]
 */
export function holm(pValues: readonly number[]): number[] {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter((e) => !Number.isNaN(e.p))
    .sort((a, b) => a.p - b.p);
  const m = order.length;
  const out = pValues.map(() => NaN);
  let running = 0;
  order.forEach((e, k) => {
    running = Math.max(running, Math.min(1, e.p * (m - k)));
    out[e.i] = running;
  });
  return out;
}
