/**
 * Runway: how long until a resource reaches its limit, with an interval and the probability of crossing
 * within a horizon.
 *
 * - A resource that climbs (a leak, a filling disk, a growing backlog): a robust linear trend on the climb
 *   since its last reset (a restart's drop), by Theil–Sen (Sen, "Estimates of the regression coefficient
 *   based on Kendall's tau", JASA 1968) with Sen's distribution-free interval for the slope; the runway is
 *   the time the fitted line needs to reach the limit, its interval from the slope's.
 * - A resource that follows the daily cycle: the first time the forecast (and its interval bounds) reaches
 *   the limit, the probability of crossing from the forecast's backtest error distribution per step.
 */
import { median, quantileSorted } from '../stats';

const HOUR_MS = 3_600_000;
/** The shortest climb read as a trend (a leak), unless the history itself is shorter than two of them. */
export const MIN_CLIMB_MS = 24 * HOUR_MS;

export interface Runway {
  /** 'trend': a climb extrapolated; 'forecast': the seasonal forecast reaches the limit; 'none': neither. */
  method: 'trend' | 'forecast' | 'none';
  /** Hours from `nowMs` until the limit is reached (central estimate); null when not within the horizon. */
  hours: number | null;
  /** Interval of the runway at the input level (earliest, latest); null bounds lie beyond the horizon. */
  lowHours: number | null;
  highHours: number | null;
  /** Probability of reaching the limit within the horizon. */
  pCross: number;
  /** Level now (the fit's value at the last sample for a trend; the last value otherwise). */
  current: number;
  /** Units per hour (trend only; 0 otherwise), with the interval of the slope. */
  slopePerHour: number;
  slopeLowPerHour: number;
  slopeHighPerHour: number;
}

/** Medians of equal time bins (empty bins skipped): the series at a coarser, noise-robust grain. */
export function binMedians(ts: ArrayLike<number>, values: ArrayLike<number>, binMs: number): { t: number[]; v: number[] } {
  const t: number[] = [];
  const v: number[] = [];
  let start = 0;
  while (start < ts.length) {
    const bin = Math.floor(ts[start] / binMs);
    let end = start;
    const vals: number[] = [];
    while (end < ts.length && Math.floor(ts[end] / binMs) === bin) {
      if (Number.isFinite(values[end])) vals.push(values[end]);
      end++;
    }
    if (vals.length) {
      t.push((bin + 0.5) * binMs);
      v.push(median(vals));
    }
    start = end;
  }
  return { t, v };
}

/**
 * Index of the first bin after the last reset: a drop, from one bin to the next, of more than half the
 * climb range seen so far (a restart of a leaking process, a log rotation freeing a disk). 0 when none.
 */
export function lastReset(v: readonly number[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    if (i > start && v[i - 1] - v[i] > 0.5 * (hi - lo) && hi > lo) {
      start = i;
      lo = Infinity;
      hi = -Infinity;
    }
    lo = Math.min(lo, v[i]);
    hi = Math.max(hi, v[i]);
  }
  return start;
}

export interface TheilSen {
  slope: number;
  intercept: number;
  /** Sen's two-sided interval of the slope at `level`. */
  slopeLow: number;
  slopeHigh: number;
}

/** Standard normal quantile (Acklam's rational approximation; |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
  }
  if (q > 1 - 0.02425) return -normalQuantile(1 - q);
  const r = q - 0.5;
  const s = r * r;
  return ((((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r) / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Theil–Sen line through (x, y) with Sen's interval for the slope. O(n² log n); n ≤ a few hundred bins. */
export function theilSen(x: readonly number[], y: readonly number[], level = 0.8): TheilSen {
  const n = x.length;
  const slopes: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (x[j] !== x[i]) slopes.push((y[j] - y[i]) / (x[j] - x[i]));
  slopes.sort((a, b) => a - b);
  if (!slopes.length) return { slope: 0, intercept: n ? y[0] : 0, slopeLow: 0, slopeHigh: 0 };
  const slope = quantileSorted(slopes, 0.5);
  const intercept = median(y.map((yi, i) => yi - slope * x[i]));
  const N = slopes.length;
  const c = normalQuantile(0.5 + level / 2) * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  const lo = Math.max(0, Math.floor((N - c) / 2));
  const hi = Math.min(N - 1, Math.ceil((N + c) / 2));
  return { slope, intercept, slopeLow: slopes[lo], slopeHigh: slopes[hi] };
}

export interface TrendRunwayInput {
  ts: ArrayLike<number>;
  values: ArrayLike<number>;
  limit: number;
  horizonHours: number;
  /** Interval level (default 0.8). */
  level?: number;
  /** Defaults to the last sample's time. */
  nowMs?: number;
  /** Bin width for the fit (default: an hour, or finer so a short climb still has 12 bins). */
  binMs?: number;
}

/** Hours until a line from `current` at `slope` per hour reaches `limit`; null when it never does. */
function hoursTo(limit: number, current: number, slope: number): number | null {
  if (current >= limit) return 0;
  return slope > 0 ? (limit - current) / slope : null;
}

const within = (h: number | null, horizon: number): number | null => (h !== null && h <= horizon ? h : null);

/**
 * The runway of a climbing resource (see the file comment), or null when the climb since the last reset is not
 * significant (Sen's interval of the slope includes 0), lasted less than MIN_CLIMB_MS, or has fewer than 6 bins.
 */
export function trendRunway(inp: TrendRunwayInput): Runway | null {
  const level = inp.level ?? 0.8;
  const n = inp.ts.length;
  if (n < 2) return null;
  const span = inp.ts[n - 1] - inp.ts[0];
  const binMs = inp.binMs ?? Math.max(60_000, Math.min(HOUR_MS, Math.floor(span / 48)));
  const bins = binMedians(inp.ts, inp.values, binMs);
  const from = lastReset(bins.v);
  const x = bins.t.slice(from).map((t) => t / HOUR_MS);
  const y = bins.v.slice(from);
  // A climb must last a day (half the history when that is shorter): a GC or cache sawtooth climbs for hours
  // between its drops and is not a leak.
  if (x.length < 6 || (x[x.length - 1] - x[0]) * HOUR_MS < Math.min(MIN_CLIMB_MS, span / 2)) return null;
  const fit = theilSen(x, y, level);
  if (!(fit.slopeLow > 0)) return null;
  const nowMs = inp.nowMs ?? inp.ts[n - 1];
  const current = fit.intercept + fit.slope * (inp.ts[n - 1] / HOUR_MS);
  const lag = (nowMs - inp.ts[n - 1]) / HOUR_MS;
  const at = (slope: number): number | null => {
    const h = hoursTo(inp.limit, current, slope);
    return h === null ? null : Math.max(0, h - lag);
  };
  // The slope's sampling distribution, normal with the spread Sen's interval implies.
  const se = (fit.slopeHigh - fit.slopeLow) / (2 * normalQuantile(0.5 + level / 2)) || Math.abs(fit.slope) * 1e-6;
  const needed = (inp.limit - current) / (inp.horizonHours + lag);
  const pCross = current >= inp.limit ? 1 : 1 - normalCdf((needed - fit.slope) / se);
  return {
    method: 'trend',
    hours: within(at(fit.slope), inp.horizonHours),
    lowHours: within(at(fit.slopeHigh), inp.horizonHours),
    highHours: within(at(fit.slopeLow), inp.horizonHours),
    pCross,
    current,
    slopePerHour: fit.slope,
    slopeLowPerHour: fit.slopeLow,
    slopeHighPerHour: fit.slopeHigh,
  };
}

/** A forecast as runway needs it: points with their interval, and the backtest errors per step (sorted). */
export interface ForecastPath {
  points: readonly { ts: number; forecast: number; lower: number; upper: number }[];
  /** Sorted errors (actual − forecast) per step; the last pool serves later steps. Empty: use the interval. */
  residualPools: readonly ArrayLike<number>[];
  level: number;
}

/** Share of a sorted sample above `x`. O(log n). */
function shareAbove(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return (sorted.length - lo) / sorted.length;
}

/**
 * The runway a forecast implies: the first step whose forecast (upper bound: earliest; lower bound: latest)
 * reaches the limit. pCross is the largest single-step probability of being above the limit — the chance of
 * crossing at least once is at least that (a lower bound; equal when the steps' errors move together).
 */
export function forecastRunway(path: ForecastPath, limit: number, current: number, nowMs: number, horizonHours: number): Runway {
  const finite = path.points.filter((p) => Number.isFinite(p.forecast) && Number.isFinite(p.lower) && Number.isFinite(p.upper));
  path = { ...path, points: finite.length === path.points.length ? path.points : finite };
  const first = (pick: (p: ForecastPath['points'][number]) => number): number | null => {
    const hit = path.points.find((p) => pick(p) >= limit && (p.ts - nowMs) / HOUR_MS <= horizonHours);
    return hit ? Math.max(0, (hit.ts - nowMs) / HOUR_MS) : null;
  };
  let pCross = current >= limit ? 1 : 0;
  const z = normalQuantile(0.5 + path.level / 2);
  path.points.forEach((p, k) => {
    if ((p.ts - nowMs) / HOUR_MS > horizonHours) return;
    const pool = path.residualPools[Math.min(k, path.residualPools.length - 1)];
    const prob = pool && pool.length >= 5 ? shareAbove(pool, limit - p.forecast) : 1 - normalCdf((limit - p.forecast) / Math.max(1e-12, (p.upper - p.lower) / (2 * z)));
    pCross = Math.max(pCross, prob);
  });
  const hours = first((p) => p.forecast);
  return {
    method: hours === null && first((p) => p.upper) === null ? 'none' : 'forecast',
    hours,
    lowHours: first((p) => p.upper),
    highHours: first((p) => p.lower),
    pCross,
    current,
    slopePerHour: 0,
    slopeLowPerHour: 0,
    slopeHighPerHour: 0,
  };
}

/** "memory of ingest-worker reaches its 2 GiB limit in about 3.2 days (80 %: 2.5–4.1)", or why not. */
export function runwaySentence(r: Runway, what: string, limitText: string, horizonHours: number, level = 0.8): string {
  if (r.hours === 0) return `${what} is at its ${limitText} limit now`;
  if (r.hours === null) {
    const p = Math.round(r.pCross * 100);
    return `${what} stays under its ${limitText} limit for the next ${span(horizonHours)}` + (p >= 1 ? ` (${p} % chance of reaching it)` : '');
  }
  const band = `${Math.round(level * 100)} %: ${r.lowHours === null ? '?' : spanNumber(r.lowHours, r.hours)}–${r.highHours === null ? `beyond ${span(horizonHours)}` : spanNumber(r.highHours, r.hours)}`;
  return `${what} reaches its ${limitText} limit in about ${span(r.hours)} (${band})`;
}

/** Hours as a span a person reads: minutes, hours or days with one decimal. */
export function span(hours: number): string {
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} minutes`;
  if (hours < 48) return `${fix(hours)} hours`;
  return `${fix(hours / 24)} days`;
}

/** A bound in the unit its central value is written in (so "3.2 days (80 %: 2.5–4.1)" reads as days). */
function spanNumber(hours: number, central: number): string {
  return central < 1 ? `${Math.round(hours * 60)}` : central < 48 ? fix(hours) : fix(hours / 24);
}

const fix = (x: number): string => (Math.round(x * 10) / 10).toString();
