// Per-series anomaly detection, batch mode: seasonal baseline (trend + multi-seasonal median profiles) and a robust
// residual score (median/MAD). Reference: Hochenbaum, Vallis & Kejariwal 2017, "Automatic Anomaly Detection in the
// Cloud Via Statistical Learning" (S-H-ESD); intervals as Prophet's interval_width (Taylor & Letham 2018).

import { fillGaps, toGrid } from './anomaly-grid';
import { baselineName, excludedMask, type AnomalyOptions, type AnomalyResult } from './anomaly-types';
import { bigEnough, calibratedScale, clampNonNegative, valueResolution } from './calibration';
import { dayTypeBaseline } from './day-type';
import { mstlFast } from './mstl-fast';
import { mergeRanges } from './ranges';
import { median, robustLocationScale, scaleFloor } from '../stats';
import { intervalMultiplier, scoreFromZ } from './normal';
import { detectSeasonality } from './seasonality';
import { staticBounds } from './static';

export type { AnomalyOptions, AnomalyResult, TimeRange } from './anomaly-types';
export { detectAnomaliesCausal, CausalAnomalyDetector } from './anomaly-causal';

const DAY = 86_400_000;

/**
 * Batch detection over a closed range (the whole range may be looked at).
 *
 * 1. Samples go on a regular grid (median spacing); excluded ranges become gaps so they are not learnt as normal.
 * 2. Periods are detected (`detectSeasonality`) unless given; a period needs `minCycles` (2) cycles.
 * 3. Seasonal method: gaps filled linearly, `mstlFast` gives trend + seasonals (the shortest period's profile
 *    taken from the other cycles, leave-one-cycle-out); the residual's median/MAD give the centre and scale. Static method (no usable period): median +/- MAD of the values (`staticBounds`).
 * 4. Per point: expected, band = expected +/- z(intervalWidth) x scale, z = (value - expected) / scale,
 *    score = 1 - P(|Z| >= |z|), flagged when score > max(threshold, intervalWidth); flags merge into ranges.
 *
 * Complexity O(n log n) (period search) + O(n x periods). NaN policy: NaN values and gaps are skipped for fitting
 * and get score NaN; constant, all-NaN, very short series never throw and the notes say what was done.
 * Throws only for invalid options (intervalWidth outside (0, 1), mismatched lengths, a range with start > end).
 */
export function detectAnomalies(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  opts: AnomalyOptions = {},
): AnomalyResult {
  const intervalWidth = opts.intervalWidth ?? 0.99;
  const mult = intervalMultiplier(intervalWidth);
  const n = values.length;
  const grid = toGrid(timestamps, values, { stepMs: opts.stepMs });
  const notes = [...grid.notes];
  const excluded = excludedMask(timestamps, opts.exclude);
  const m = grid.values.length;
  // The grid is this call's own array: excluded slots become gaps in place.
  const base = grid.values;
  let excludedCount = 0;
  for (let i = 0; i < n; i++) {
    if (excluded[i]) {
      excludedCount++;
      if (grid.slotOf[i] >= 0) base[grid.slotOf[i]] = NaN;
    }
  }
  if (excludedCount > 0) notes.push(`${excludedCount} point(s) in excluded ranges were left out of the baseline and not flagged`);
  let finite = 0;
  for (let s = 0; s < m; s++) if (Number.isFinite(base[s])) finite++;

  const result: AnomalyResult = {
    mode: 'batch',
    method: 'static',
    baseline: 'static',
    periods: [],
    periodsMs: [],
    stepMs: grid.stepMs,
    expected: new Float64Array(n).fill(NaN),
    lower: new Float64Array(n).fill(NaN),
    upper: new Float64Array(n).fill(NaN),
    score: new Float64Array(n).fill(NaN),
    anomaly: new Uint8Array(n),
    scale: new Float64Array(n).fill(NaN),
    ranges: [],
    notes,
  };
  if (finite < 3) {
    notes.push(`only ${finite} usable value(s): nothing to learn, no point flagged`);
    return result;
  }

  const minCycles = opts.minCycles ?? 2;
  let periods: number[];
  if (opts.periods) {
    periods = opts.periods.map((p) => Math.round(p)).filter((p) => p >= 2);
    const tooLong = periods.filter((p) => p * minCycles > m);
    if (tooLong.length > 0) notes.push(`period(s) ${tooLong.join(', ')} skipped: fewer than ${minCycles} cycles of history`);
    periods = periods.filter((p) => p * minCycles <= m);
  } else {
    const found = detectSeasonality(base, { ...opts.seasonality, stepMs: grid.stepMs, minCycles });
    periods = found.periods.map((p) => p.period);
    if (periods.length > 0) {
      notes.push(`seasonality found: ${found.periods.map((p) => `${p.label === 'other' ? p.period + ' steps' : p.label} (strength ${p.strength.toFixed(2)})`).join(', ')}`);
    } else if (m * grid.stepMs < minCycles * DAY && grid.stepMs <= DAY / 24) {
      notes.push(`less than ${minCycles} days of history: robust static bounds (median +/- MAD) instead of a seasonal baseline`);
    } else {
      notes.push('no seasonality found: robust static bounds (median +/- MAD)');
    }
  }

  const expectedG = new Float64Array(m);
  // One scale for every point, in both methods.
  let scale: number;
  if (periods.length === 0) {
    const b = staticBounds(base, intervalWidth);
    expectedG.fill(b.center);
    scale = b.scale;
    if (b.scale <= 1e-9 * (1 + Math.abs(b.center))) notes.push('the series is constant: any change from it is flagged');
  } else {
    result.method = 'seasonal';
    const filled = finite === m ? base : fillGaps(base).values;
    const dec = mstlFast(filled, periods);
    // Expected values use the leave-one-cycle-out profile of the shortest period, so a point is judged by what
    // the other days say and the residual scale is not shrunk by the point explaining itself.
    const resid = new Float64Array(finite);
    let j = 0;
    for (let s = 0; s < m; s++) {
      expectedG[s] = filled[s] - dec.looRemainder[s];
      if (Number.isFinite(base[s])) resid[j++] = base[s] - expectedG[s];
    }
    result.periods = dec.periods;
    result.periodsMs = dec.periods.map((p) => p * grid.stepMs);
    // Short history: without the two weeks a weekly period needs, a weekend that differs from weekdays gets its own
    // daily profile (learnt from the weekend(s) seen) rather than being flagged.
    const daily = result.periodsMs.some((p) => Math.abs(p - DAY) < grid.stepMs);
    const weekly = result.periodsMs.some((p) => Math.abs(p - 7 * DAY) < grid.stepMs);
    const dayType = daily && !weekly ? dayTypeBaseline(base, grid.startMs, grid.stepMs, robustLocationScale(resid).scale) : null;
    if (dayType) {
      j = 0;
      for (let s = 0; s < m; s++) {
        if (Number.isFinite(dayType.expected[s])) expectedG[s] = dayType.expected[s];
        if (Number.isFinite(base[s])) resid[j++] = base[s] - expectedG[s];
      }
      notes.push(`under two weeks of history for a weekly period: a daily profile per day type, weekday and weekend (UTC; ${dayType.days[0]} weekday(s), ${dayType.days[1]} weekend day(s))`);
    }
    result.baseline = baselineName(result.periodsMs, dayType !== null);
    const ls = robustLocationScale(resid);
    scale = scaleFloor(resid, ls.center, ls.scale);
    for (let s = 0; s < m; s++) expectedG[s] += ls.center;
  }
  // Calibration: the scale floors (resolution, level), the minimum effect, non-negative expectations.
  const level = median(Float64Array.from(base, Math.abs));
  const resolution = valueResolution(base);
  const floored = calibratedScale(scale, resolution, level, opts);
  if (floored > scale) notes.push(`the scale was raised to ${floored.toPrecision(3)} (floor from the series' resolution and level)`);
  scale = floored;
  let nonNegative = true;
  for (let s = 0; s < m && nonNegative; s++) if (base[s] < 0) nonNegative = false;
  // Noise that grows with the daily load (request counts: busier hours vary more) gets a scale per hour of day.
  const daily = result.periodsMs.some((p) => Math.abs(p - DAY) < grid.stepMs);
  const hourly = daily ? hourOfDayScales(base, expectedG, grid.startMs, grid.stepMs, (x) => calibratedScale(x, resolution, level, opts)) : null;
  if (hourly) notes.push('scale per hour of day (the noise follows the daily load)');

  const threshold = Math.max(opts.threshold ?? 1 - 0.05 / Math.max(1, finite), intervalWidth);
  for (let i = 0; i < n; i++) {
    const s = grid.slotOf[i];
    if (s < 0) continue;
    const e = clampNonNegative(expectedG[s], nonNegative, opts);
    const sc = hourly ? hourly[new Date(grid.startMs + s * grid.stepMs).getUTCHours()] : scale;
    result.expected[i] = e;
    result.scale[i] = sc;
    result.lower[i] = clampNonNegative(e - mult * sc, nonNegative, opts);
    result.upper[i] = e + mult * sc;
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (excluded[i]) {
      result.score[i] = 0;
      continue;
    }
    const score = scoreFromZ((v - e) / sc);
    result.score[i] = score;
    if (score > threshold && bigEnough(v - e, level, opts)) result.anomaly[i] = 1;
  }
  result.ranges = mergeRanges(
    { timestamps, values, expected: result.expected, scale: result.scale, score: result.score, anomaly: result.anomaly },
    opts.mergeGapPoints ?? 3,
  );
  return result;
}

/** Residuals needed in each hour-of-day bucket for a scale of its own. */
const MIN_PER_HOUR = 20;
/** The hourly scales are used when the largest is at least this many times the smallest. */
const HETEROSCEDASTIC = 1.5;

/**
 * Robust scale (normal-consistent MAD, then `floor`) of the residuals value - expected in each UTC hour of day, for
 * series whose noise follows the daily load. Null when an hour has fewer than MIN_PER_HOUR residuals, or when the
 * hours' scales differ by less than HETEROSCEDASTIC x (one scale then serves). O(n).
 */
function hourOfDayScales(values: Float64Array, expected: Float64Array, startMs: number, stepMs: number, floor: (x: number) => number): Float64Array | null {
  if (!(stepMs <= 3_600_000)) return null;
  const byHour: number[][] = Array.from({ length: 24 }, () => []);
  for (let s = 0; s < values.length; s++) {
    const r = values[s] - expected[s];
    if (Number.isFinite(r)) byHour[new Date(startMs + s * stepMs).getUTCHours()].push(r);
  }
  if (byHour.some((b) => b.length < MIN_PER_HOUR)) return null;
  const scales = Float64Array.from(byHour, (b) => {
    const ls = robustLocationScale(b);
    return floor(scaleFloor(b, ls.center, ls.scale));
  });
  let lo = Infinity;
  let hi = 0;
  for (const x of scales) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  return hi >= HETEROSCEDASTIC * lo ? scales : null;
}
