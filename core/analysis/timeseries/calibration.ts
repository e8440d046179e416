// Calibrated anomaly scores: a robust scale that cannot collapse on quantised or near-constant series, a minimum
// effect size relative to the series' level, and non-negative expectations for series that never go below zero.
// Both detectors (batch anomaly.ts, causal anomaly-causal.ts) take these rules from here. References: Sheppard 1898
// (a value read at resolution q is only known to within q); Hochenbaum et al. 2017 §4 (robust scale floors);
// Chen et al. 2019 "How to fix the false alarm problem" (effect-size gates before alerting).

/** Defaults of the calibration rules; each is an option of both detectors. */
export const CALIBRATION = {
  /** The scale is at least this many resolution steps (smallest non-zero step between distinct values). */
  resolutionFloor: 1,
  /** The scale is at least this share of the series' typical absolute level. */
  levelFloor: 0.005,
  /** A point is flagged only when it lies at least this share of the typical absolute level from its expected value. */
  minEffect: 0.02,
} as const;

export interface CalibrationOptions {
  /** See CALIBRATION.resolutionFloor (0 = off). */
  resolutionFloor?: number;
  /** See CALIBRATION.levelFloor (0 = off). */
  levelFloor?: number;
  /** See CALIBRATION.minEffect (0 = off). */
  minEffect?: number;
  /** Clamp expected values and bands at 0 for a series with no negative value so far (default true). */
  nonNegative?: boolean;
}

/**
 * The resolution of a series: the smallest positive gap between two distinct finite values (after sorting), ignoring
 * gaps below 1e-9 of the largest |value| (float noise). 0 when there are fewer than three distinct values: a constant
 * with a blip or an on/off signal has no noise to be quantised, and its one step is the event itself. O(n log n).
 *
 * @example valueResolution([2, 3, 3, 5, 2]) // 1
 */
export function valueResolution(values: ArrayLike<number>): number {
  const v = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) v[n++] = values[i];
  v.subarray(0, n).sort();
  return smallestStep(v.subarray(0, n));
}

/** The smallest non-zero step between neighbours of sorted values, or 0 with fewer than three distinct ones. */
function smallestStep(v: Float64Array): number {
  const tiny = 1e-9 * Math.max(Math.abs(v[0] ?? 0), Math.abs(v[v.length - 1] ?? 0));
  let best = Number.POSITIVE_INFINITY;
  let gaps = 0;
  for (let i = 1; i < v.length; i++) {
    const d = v[i] - v[i - 1];
    if (d <= tiny) continue;
    gaps++;
    if (d < best) best = d;
  }
  return gaps >= 2 ? best : 0;
}

/**
 * Streaming resolution: the smallest non-zero step between consecutive values seen, once three distinct values were
 * seen (0 before; see `valueResolution`). O(1) per value.
 */
export class ResolutionTracker {
  private readonly distinct: number[] = [];
  private last = Number.NaN;
  private step = Number.POSITIVE_INFINITY;

  push(value: number): void {
    if (!Number.isFinite(value)) return;
    const d = Math.abs(value - this.last);
    if (d > 1e-9 * Math.max(Math.abs(value), Math.abs(this.last)) && d < this.step) this.step = d;
    if (this.distinct.length < 3 && !this.distinct.includes(value)) this.distinct.push(value);
    this.last = value;
  }

  get resolution(): number {
    return this.distinct.length >= 3 && Number.isFinite(this.step) ? this.step : 0;
  }
}

/**
 * The detector's scale with the calibration floors: max(scale, resolutionFloor x resolution, levelFloor x level),
 * where `level` is the series' typical absolute level (median |value|). O(1).
 */
export function calibratedScale(scale: number, resolution: number, level: number, o: CalibrationOptions = {}): number {
  const byResolution = (o.resolutionFloor ?? CALIBRATION.resolutionFloor) * (resolution > 0 ? resolution : 0);
  const byLevel = (o.levelFloor ?? CALIBRATION.levelFloor) * (Number.isFinite(level) ? Math.abs(level) : 0);
  return Math.max(Number.isFinite(scale) ? scale : 0, byResolution, byLevel);
}

/** Whether a deviation is large enough to flag: |deviation| >= minEffect x |level|. O(1). */
export function bigEnough(deviation: number, level: number, o: CalibrationOptions = {}): boolean {
  const min = (o.minEffect ?? CALIBRATION.minEffect) * (Number.isFinite(level) ? Math.abs(level) : 0);
  return Math.abs(deviation) >= min;
}

/** Expected value (or band edge) clamped at 0 when the series is non-negative and the option is on. O(1). */
export function clampNonNegative(x: number, nonNegativeSeries: boolean, o: CalibrationOptions = {}): number {
  return nonNegativeSeries && (o.nonNegative ?? true) && x < 0 ? 0 : x;
}
