// The normal distribution as detectors use it: tail probabilities, quantiles, interval multipliers and scores.
// Reference: W. J. Cody 1969 / Numerical Recipes 6.2 (erfc with relative accuracy); Acklam 2003 (normal quantile).
// Medians, quantiles and MAD are in ../stats.

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
