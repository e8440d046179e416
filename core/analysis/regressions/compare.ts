/**
 * One key metric before vs after a release, at the same hours of the day: the metric on a regular grid (bucket
 * means), each point after the release set against the same time of day on earlier days of its day type (weekday,
 * weekend; pooled when over a week of history shows no weekend effect, ../timeseries/day-type), so the daily and weekly
 * shape cancels out; for CPU and latency the part explained by the traffic (a Theil–Sen slope of the metric on the
 * request rate over the history) is taken out too, so more traffic is not a regression. The after residuals are
 * tested against the earlier days' residuals with the Mann–Whitney U test (variance widened for serial
 * correlation) and Cliff's delta. After Gandalf (Li et al., NSDI 2020: before/after distributions per deploy) and
 * the seasonal-baseline idea of Hochenbaum et al. 2017. Pure; O(points · days) per metric.
 */
import { theilSen } from '../capacity/runway';
import { mannWhitney, varianceInflation } from '../rank-tests';
import { median, robustScale } from '../stats';
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
  /** Earlier days needed at a time of day before a point after the release counts (default 3). */
  minDays: number;
  /** Points after the release needed (default 12: an hour at 5 minutes). */
  minAfterPoints: number;
}

export const DEFAULT_COMPARE: CompareOptions = { stepMs: 5 * 60_000, lookbackDays: 14, maxDays: 7, minDays: 3, minAfterPoints: 12 };

/** The time after a release that is compared: [from, to). */
export interface AfterWindow {
  releaseTs: number;
  from: number;
  to: number;
}

export interface MetricComparison {
  metric: KeyMetric;
  /** Seasonal (and traffic) baseline's median over the after points, and that plus the shift of the residuals. */
  beforeMedian: number;
  afterMedian: number;
  relChange: number;
  /** Mann–Whitney p-value (two-sided, before any multiple-testing adjustment) and Cliff's delta, after vs before. */
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

/**
 * The residuals of the points after the release and of the same times of day on earlier days (each against the
 * median of the others at that time of day), and the medians they are set against. `values` is the grid from
 * `start`; slots before `releaseSlot` are history.
 */
function seasonalResiduals(
  values: Float64Array,
  start: number,
  stepMs: number,
  releaseSlot: number,
  afterSlots: readonly number[],
  opts: CompareOptions,
): { after: number[]; before: number[]; expected: number[]; afterIndex: number[]; beforeIndex: number[]; days: number } {
  const perDay = Math.round(DAY_MS / stepMs);
  const pooled = mayPoolDayTypes(values, start, stepMs, releaseSlot);
  const after: number[] = [];
  const expected: number[] = [];
  const afterIndex: number[] = [];
  const beforeByDay = new Map<number, { slot: number; value: number }[]>();
  let days = 0;
  for (const slot of afterSlots) {
    const v = values[slot];
    if (!Number.isFinite(v)) continue;
    const weekend = isWeekend(start + slot * stepMs);
    const earlier: { slot: number; value: number }[] = [];
    for (let d = 1; d <= opts.lookbackDays && earlier.length < opts.maxDays; d++) {
      const k = slot - d * perDay;
      if (k < 0) break;
      if (k >= releaseSlot || !Number.isFinite(values[k])) continue;
      if (!pooled && isWeekend(start + k * stepMs) !== weekend) continue;
      earlier.push({ slot: k, value: values[k] });
    }
    if (earlier.length < opts.minDays) continue;
    days = Math.max(days, earlier.length);
    const center = median(earlier.map((e) => e.value));
    after.push(v - center);
    expected.push(center);
    afterIndex.push(slot);
    for (const e of earlier) {
      const others = median(earlier.filter((o) => o !== e).map((o) => o.value));
      const day = Math.floor(e.slot / perDay);
      if (!beforeByDay.has(day)) beforeByDay.set(day, []);
      beforeByDay.get(day)?.push({ slot: e.slot, value: e.value - others });
    }
  }
  // Before residuals in time order (day by day), so their serial correlation can be measured.
  const before: number[] = [];
  const beforeIndex: number[] = [];
  for (const day of [...beforeByDay.keys()].sort((a, b) => a - b)) {
    for (const e of (beforeByDay.get(day) ?? []).sort((a, b) => a.slot - b.slot)) {
      before.push(e.value);
      beforeIndex.push(e.slot);
    }
  }
  return { after, before, expected, afterIndex, beforeIndex, days };
}

/**
 * How much of the metric the traffic explains: the Theil–Sen slope of hourly means of the metric on hourly means of
 * the request rate over the history (0 when there are fewer than 12 hours of both). O(hours² log hours).
 */
function trafficSlope(values: Float64Array, traffic: Float64Array, stepMs: number, end: number): number {
  const perHour = Math.max(1, Math.round(HOUR_MS / stepMs));
  const x: number[] = [];
  const y: number[] = [];
  for (let h = Math.max(0, end - 7 * 24 * perHour); h + perHour <= end; h += perHour) {
    const mx = median(traffic.subarray(h, h + perHour));
    const my = median(values.subarray(h, h + perHour));
    if (Number.isFinite(mx) && Number.isFinite(my)) {
      x.push(mx);
      y.push(my);
    }
  }
  return x.length >= 12 ? theilSen(x, y).slope : 0;
}

/**
 * The metric after the release against the same hours before it (see the file's header). `traffic` is the
 * service's request rate, used for CPU and latency; null when the service has none. Never throws: a metric that
 * cannot be judged comes back with `shortOf` set and p-value 1.
 *
 * @example compareMetric(p95, { releaseTs, from: releaseTs + 600_000, to: releaseTs + 86_400_000 }, rps).effect // 0.92 for a planted doubling
 */
export function compareMetric(metric: KeyMetric, window: AfterWindow, traffic: MetricSeries | null, opts: CompareOptions = DEFAULT_COMPARE): MetricComparison {
  const { stepMs } = opts;
  const start = Math.floor((window.from - opts.lookbackDays * DAY_MS) / stepMs) * stepMs;
  const n = Math.max(0, Math.ceil((window.to - start) / stepMs));
  const releaseSlot = Math.floor((window.releaseTs - start) / stepMs);
  const firstAfter = Math.ceil((window.from - start) / stepMs);
  const afterSlots: number[] = [];
  for (let k = firstAfter; k < n; k++) afterSlots.push(k);
  const none = (shortOf: string): MetricComparison => ({ metric, beforeMedian: NaN, afterMedian: NaN, relChange: NaN, pValue: 1, effect: 0, nBefore: 0, nAfter: 0, shortOf });
  if (afterSlots.length < opts.minAfterPoints) {
    return none(`${Math.round((window.to - window.from) / 60_000)} min after the release before the next one or the end of the data`);
  }
  const values = metricGrid(metric, start, stepMs, n);
  const res = seasonalResiduals(values, start, stepMs, releaseSlot, afterSlots, opts);
  if (res.after.length < opts.minAfterPoints) {
    return none(`${res.after.length} points after the release have ${opts.minDays} earlier days of the same kind at that hour (${opts.minAfterPoints} needed)`);
  }
  let after = res.after;
  let before = res.before;
  if (traffic && (metric.role === 'cpu' || metric.role === 'latency')) {
    const load = bucketMeans(traffic, start, stepMs, n);
    const slope = trafficSlope(values, load, stepMs, releaseSlot);
    if (slope !== 0) {
      const loadRes = seasonalResiduals(load, start, stepMs, releaseSlot, afterSlots, opts);
      const afterLoad = new Map(loadRes.afterIndex.map((slot, i) => [slot, loadRes.after[i]]));
      const beforeLoad = new Map(loadRes.beforeIndex.map((slot, i) => [slot, loadRes.before[i]]));
      after = after.map((r, i) => r - slope * (afterLoad.get(res.afterIndex[i]) ?? 0));
      before = before.map((r, i) => r - slope * (beforeLoad.get(res.beforeIndex[i]) ?? 0));
    }
  }
  const test = mannWhitney(after, before, varianceInflation(before));
  const beforeMedian = median(res.expected);
  const afterMedian = beforeMedian + median(after) - median(before);
  const relChange = beforeMedian !== 0 ? (afterMedian - beforeMedian) / Math.abs(beforeMedian) : afterMedian === 0 ? 0 : Math.sign(afterMedian) * Infinity;
  return { metric, beforeMedian, afterMedian, relChange, pValue: test.pValue, effect: test.delta, nBefore: test.ny, nAfter: test.nx, shortOf: null };
}
