// Robust static bounds: median +/- k x normal-consistent MAD. Reference: Hampel 1974 (the Hampel identifier);
// Leys et al. 2013, "Detecting outliers: do not use standard deviation around the mean, use absolute deviation
// around the median".

import { robustLocationScale, scaleFloor } from '../stats';
import { intervalMultiplier } from './normal';

export interface StaticBounds {
  /** Median of the finite values. */
  center: number;
  /** MAD x 1.4826, floored so a constant or mostly-constant series still has a positive scale. */
  scale: number;
  lower: number;
  upper: number;
  /** Finite values used. */
  count: number;
}

/**
 * Static band for a series with too little history for a seasonal baseline:
 * center = median, scale = max(1.4826 MAD, floor), band = center +/- z x scale with z the normal quantile for
 * `intervalWidth` (0.99 -> 2.576). O(n). NaN policy: non-finite values are skipped; no finite value gives NaN
 * bounds and count 0. Throws only when intervalWidth is outside (0, 1).
 */
export function staticBounds(values: ArrayLike<number>, intervalWidth = 0.99): StaticBounds {
  const z = intervalMultiplier(intervalWidth);
  const ls = robustLocationScale(values);
  if (ls.count === 0) return { center: NaN, scale: NaN, lower: NaN, upper: NaN, count: 0 };
  const scale = scaleFloor(values, ls.center, ls.scale);
  return { center: ls.center, scale, lower: ls.center - z * scale, upper: ls.center + z * scale, count: ls.count };
}
