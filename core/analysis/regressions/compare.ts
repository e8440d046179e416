/**
 * One key metric before vs after a release, each point as a residual from the same time of day on earlier days of
 * its day type (weekday, weekend; pooled when over a week of history shows no weekend effect, ../timeseries/day-type),
 * so the daily and weekly shape cancels out: the metric on a regular grid (bucket means), the residuals of up to a day
 * after the release (until the next one) against those of up to a day before it (since the previous one) — the
 * version it replaced, not an older one. For CPU and latency the part explained by the traffic (a Theil–Sen slope of
 * the metric on the request rate over the history) is taken out too, so more traffic is not a regression. The two
 * samples are compared with the Mann–Whitney U test and a median-shift test (variances widened for serial
 * correlation) and Cliff's delta. After Gandalf (Li et al., NSDI 2020: before/after distributions per deploy) and
 * the seasonal baseline of Hochenbaum et al. 2017. Pure; O(points · days) per metric. */
import { theilSen } from '../capacity/runway';
import { mannWhitney, varianceInflation } from '../rank-tests';
import { MEAN_ABS_TO_SIGMA, median, robustScale } from '../stats';
import { twoSidedTail } from '../timeseries/normal';
import { dayTypeBaseline, isWeekend } from '../timeseries/day-type';
import type { KeyMetric, MetricSeries } from './metrics';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface CompareOptions {
  /** Grid step (default 5 minutes). */
  stepMs: number;
  /** Earlier days looked at for the same hours (default 14). */
  lookbackDays: number;
  /** Earlier days of the same type used at most, nearest first (default 7). */
  maxDays: number;
  /** Earlier days needed at a point's time of day before the point counts (default 3). */
  minDays: number;
  /** Points after (and before) the release needed (default 12: an hour at 5 minutes). */
  minAfterPoints: number;
}

export const DEFAULT_COMPARE: CompareOptions = { stepMs: 5 * 60_000, lookbackDays: 14, maxDays: 7, minDays: 3, minAfterPoints: 12 };

/** The time compared around a release: [beforeFrom, releaseTs) against [from, to). */
export interface ReleaseWindow {
  releaseTs: number;
  /** Start of the time before: up to a day before the release, not before the previous release settled. */
  beforeFrom: number;
  from: number;
  to: number;
}

export interface MetricComparison {
  metric: KeyMetric;
  /** The seasonal baseline's median over the after points, set at the before and the after residuals' medians (traffic taken out for CPU and latency). */
  beforeMedian: number;
  afterMedian: number;
  relChange: number;
  /** Two-sided p-value (the smaller of the rank and median-shift tests', doubled; before any multiple-testing adjustment) and Cliff's delta, after vs before. */
  pValue: number;
  effect: number;
  nBefore: number;
  nAfter: number;
  /** Why it could not be judged, when it could not. */
  shortOf: string | null;
}

/** Means of `series` in buckets [start + i·step, start + (i+1)·step), NaN where a bucket is empty. O(samples). */
export function bucketMeans(series: Pick<MetricSeries, 'ts' | 'values'>, start: number, stepMs: number, n: number): Float64Array {
  const sum = new Float64Array(n);
  const count = new Uint32Array(n);
  const { ts, values } = series;
  for (let i = 0; i < ts.length; i++) {
    const k = Math.floor((ts[i] - start) / stepMs);
    if (k < 0 || k >= n || !Number.isFinite(values[i])) continue;
    sum[k] += values[i];
    count[k]++;
  }
  return Float64Array.from(sum, (s, k) => (count[k] ? s / count[k] : NaN));
}

/** The metric's grid: bucket means, or for a ratio the numerator's over the denominator's (NaN where that is not positive). */
function metricGrid(metric: KeyMetric, start: number, stepMs: number, n: number): Float64Array {
  const values = bucketMeans(metric.series, start, stepMs, n);
  if (!metric.denominator) return values;
  const den = bucketMeans(metric.denominator, start, stepMs, n);
  return Float64Array.from(values, (v, k) => (den[k] > 0 ? v / den[k] : NaN));
}

/**
 * Whether the history before the release (grid slots [0, end)) may pool weekdays and weekends: only when it spans
 * more than a week (so both kinds of day were seen) and shows no weekend unlike its weekdays (day-type.ts).
 */
function mayPoolDayTypes(values: Float64Array, start: number, stepMs: number, end: number): boolean {
  const history = values.subarray(0, end);
  const first = history.findIndex(Number.isFinite);
  if (first < 0 || (end - first) * stepMs < 8 * DAY_MS) return false;
  const perDay = Math.round(DAY_MS / stepMs);
  const bySlot: number[][] = Array.from({ length: perDay }, () => []);
  for (let k = 0; k < history.length; k++) if (Number.isFinite(history[k])) bySlot[(((start / stepMs) % perDay) + k) % perDay].push(history[k]);
  const profile = bySlot.map((b) => median(b));
  const residuals = Float64Array.from(history, (v, k) => v - profile[(((start / stepMs) % perDay) + k) % perDay]);
  const scale = robustScale(residuals);
  return Number.isFinite(scale) && dayTypeBaseline(history, start, stepMs, scale) === null;
}

/** Seasonal residuals of some grid slots: value − (or, multiplicative, log of value ÷) the median of the same time of day on earlier days. */
interface Residuals {
  slots: number[];
  residuals: number[];
  expected: number[];
}

/**
 * Each slot's value against the same time of day on earlier days before `historyEnd` (the start of the time compared,
 * so the points before and after the release are set against the same days): up to `maxDays` nearest earlier days of
 * the slot's day type (weekday, weekend) — of any type when pooled — of which at least `minDays` must have a value;
 * slots without them are left out. O(slots · lookbackDays).
 */
function seasonalResiduals(values: Float64Array, start: number, stepMs: number, historyEnd: number, slots: Iterable<number>, shape: Shape, opts: CompareOptions): Residuals {
  const perDay = Math.round(DAY_MS / stepMs);
  const out: Residuals = { slots: [], residuals: [], expected: [] };
  const earlier: number[] = [];
  for (const slot of slots) {
    const v = values[slot];
    if (!Number.isFinite(v)) continue;
    const weekend = isWeekend(start + slot * stepMs);
    earlier.length = 0;
    for (let d = 1; d <= opts.lookbackDays && earlier.length < opts.maxDays; d++) {
      const k = slot - d * perDay;
      if (k < 0) break;
      if (k >= historyEnd || !Number.isFinite(values[k])) continue;
      if (!shape.pooled && isWeekend(start + k * stepMs) !== weekend) continue;
      earlier.push(values[k]);
    }
    if (earlier.length < opts.minDays) continue;
    const center = median(earlier);
    out.slots.push(slot);
    out.residuals.push(shape.multiplicative ? Math.log(v / center) : v - center);
    out.expected.push(center);
  }
  return out;
}

/** How a series' seasonal baseline is applied: day types pooled or not; ratios (all values positive) or differences. */
interface Shape {
  pooled: boolean;
  multiplicative: boolean;
}

/**
 * The shape of a series from its history before the release: multiplicative when `ratios` and every value is
 * positive (a latency or traffic change is a ratio, larger at the peak than at night), else additive (CPU, which is
 * idle plus a cost per request; error ratios with zeros).
 */
function shapeOf(values: Float64Array, start: number, stepMs: number, releaseSlot: number, ratios = true): Shape {
  let positive = ratios;
  for (let k = 0; k < releaseSlot && positive; k++) if (values[k] <= 0) positive = false;
  return { pooled: mayPoolDayTypes(values, start, stepMs, releaseSlot), multiplicative: positive };
}

/**
 * The two samples kept to the hours of the day both cover (when each keeps `minPoints`): a change that is not the
 * same size at every hour (a CPU cost per request, larger at the peak) then weighs the same on both sides.
 */
function sameHours(after: Residuals, before: Residuals, start: number, stepMs: number, minPoints: number): [Residuals, Residuals] {
  const hourOf = (slot: number): number => Math.floor(((start + slot * stepMs) % DAY_MS) / HOUR_MS);
  const hoursAfter = new Set(after.slots.map(hourOf));
  const hoursBefore = new Set(before.slots.map(hourOf));
  const keep = (r: Residuals, hours: Set<number>): Residuals => {
    const idx = r.slots.map((slot, i) => (hours.has(hourOf(slot)) ? i : -1)).filter((i) => i >= 0);
    return { slots: idx.map((i) => r.slots[i]), residuals: idx.map((i) => r.residuals[i]), expected: idx.map((i) => r.expected[i]) };
  };
  const a = keep(after, hoursBefore);
  const b = keep(before, hoursAfter);
  return a.slots.length >= minPoints && b.slots.length >= minPoints ? [a, b] : [after, before];
}

/** Slots [from, to) of the grid. */
function* slotRange(from: number, to: number): Generator<number> {
  for (let k = Math.max(0, from); k < to; k++) yield k;
}

/**
 * Two-sided p-value of a shift of the median between two samples of residuals, from the asymptotic variance of a
 * sample median (π/2 · σ² / n for normal data, σ the robust scale of `before`), with each sample's size divided by
 * `inflation` for serial correlation. Catches a shift far beyond the noise that the ranks (which saturate at
 * Cliff's delta ±1) cannot make significant in a short window. O(n).
 */
function medianShiftP(after: readonly number[], before: readonly number[], inflation: number): number {
  const scale = robustScale(before);
  const shift = median(after) - median(before);
  if (!(scale > 0) || !Number.isFinite(shift)) return 1;
  const se = MEAN_ABS_TO_SIGMA * scale * Math.sqrt(inflation / after.length + inflation / before.length);
  return twoSidedTail(shift / se);
}

/**
 * How much of the metric the traffic explains: the Theil–Sen slope of hourly medians of the metric on hourly medians
 * of the request rate over the week before the release (of their logs — an elasticity — when `logs`); 0 when there
 * are fewer than 12 such hours. O(hours² log hours).
 */
function trafficSlope(values: Float64Array, traffic: Float64Array, stepMs: number, end: number, logs: boolean): number {
  const perHour = Math.max(1, Math.round(HOUR_MS / stepMs));
  const x: number[] = [];
  const y: number[] = [];
  const scaled = (v: number): number => (logs ? Math.log(v) : v);
  for (let h = Math.max(0, end - 7 * 24 * perHour); h + perHour <= end; h += perHour) {
    const mx = scaled(median(traffic.subarray(h, h + perHour)));
    const my = scaled(median(values.subarray(h, h + perHour)));
    if (Number.isFinite(mx) && Number.isFinite(my)) {
      x.push(mx);
      y.push(my);
    }
  }
  return x.length >= 12 ? theilSen(x, y).slope : 0;
}

/**
 * The metric after the release against the time just before it, both as residuals from the same hours on earlier
 * days (see the file's header). `traffic` is the service's request rate, used for CPU and latency; null when the
 * service has none. The p-value is the smaller of the rank test's and the median-shift test's, doubled (Bonferroni
 * over the two). Never throws: a metric that cannot be judged comes back with `shortOf` set and p-value 1.
 *
 * @example compareMetric(p95, { releaseTs, beforeFrom: releaseTs - 86_400_000, from: releaseTs + 600_000, to: releaseTs + 86_400_000 }, rps).effect // ≈ 1 for a planted doubling
 */
export function compareMetric(metric: KeyMetric, window: ReleaseWindow, traffic: MetricSeries | null, opts: CompareOptions = DEFAULT_COMPARE): MetricComparison {
  const { stepMs } = opts;
  const start = Math.floor((Math.min(window.beforeFrom, window.from) - opts.lookbackDays * DAY_MS) / stepMs) * stepMs;
  const n = Math.max(0, Math.ceil((window.to - start) / stepMs));
  const releaseSlot = Math.floor((window.releaseTs - start) / stepMs);
  const firstAfter = Math.ceil((window.from - start) / stepMs);
  const firstBefore = Math.ceil((window.beforeFrom - start) / stepMs);
  const none = (shortOf: string): MetricComparison => ({ metric, beforeMedian: NaN, afterMedian: NaN, relChange: NaN, pValue: 1, effect: 0, nBefore: 0, nAfter: 0, shortOf });
  if (n - firstAfter < opts.minAfterPoints) {
    return none(`${Math.max(0, Math.round((window.to - window.from) / 60_000))} min after the release before the next one or the end of the data`);
  }
  if (releaseSlot - firstBefore < opts.minAfterPoints) {
    return none(`${Math.max(0, Math.round((window.releaseTs - window.beforeFrom) / 60_000))} min since the previous release`);
  }
  const values = metricGrid(metric, start, stepMs, n);
  const shape = shapeOf(values, start, stepMs, releaseSlot, metric.role !== 'cpu' && metric.role !== 'errors');
  const [after, before] = sameHours(
    seasonalResiduals(values, start, stepMs, firstBefore, slotRange(firstAfter, n), shape, opts),
    seasonalResiduals(values, start, stepMs, firstBefore, slotRange(firstBefore, releaseSlot), shape, opts),
    start,
    stepMs,
    opts.minAfterPoints,
  );
  if (after.slots.length < opts.minAfterPoints || before.slots.length < opts.minAfterPoints) {
    return none(`${Math.min(after.slots.length, before.slots.length)} points around the release have ${opts.minDays} earlier days of the same kind at that hour (${opts.minAfterPoints} needed)`);
  }
  let afterResiduals = after.residuals;
  let beforeResiduals = before.residuals;
  if (traffic && (metric.role === 'cpu' || metric.role === 'latency')) {
    const load = bucketMeans(traffic, start, stepMs, n);
    const loadShape = { ...shapeOf(load, start, stepMs, releaseSlot), multiplicative: shape.multiplicative };
    const slope = trafficSlope(values, load, stepMs, releaseSlot, shape.multiplicative);
    if (slope !== 0) {
      const loadAt = (r: Residuals): Map<number, number> => new Map(r.slots.map((slot, i) => [slot, r.residuals[i]]));
      const afterLoad = loadAt(seasonalResiduals(load, start, stepMs, firstBefore, after.slots, loadShape, opts));
      const beforeLoad = loadAt(seasonalResiduals(load, start, stepMs, firstBefore, before.slots, loadShape, opts));
      afterResiduals = afterResiduals.map((r, i) => r - slope * (afterLoad.get(after.slots[i]) ?? 0));
      beforeResiduals = beforeResiduals.map((r, i) => r - slope * (beforeLoad.get(before.slots[i]) ?? 0));
    }
  }
  const inflation = varianceInflation(beforeResiduals);
  const test = mannWhitney(afterResiduals, beforeResiduals, inflation);
  const pValue = Math.min(1, 2 * Math.min(test.pValue, medianShiftP(afterResiduals, beforeResiduals, inflation)));
  const typical = median(after.expected);
  const level = (residual: number): number => (shape.multiplicative ? typical * Math.exp(residual) : typical + residual);
  const beforeMedian = level(median(beforeResiduals));
  const afterMedian = level(median(afterResiduals));
  const relChange = beforeMedian !== 0 ? (afterMedian - beforeMedian) / Math.abs(beforeMedian) : afterMedian === 0 ? 0 : Math.sign(afterMedian) * Infinity;
  return { metric, beforeMedian, afterMedian, relChange, pValue, effect: test.delta, nBefore: test.ny, nAfter: test.nx, shortOf: null };
}
