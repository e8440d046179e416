/**
 * Feature windows for multivariate scoring: several metrics aligned on one grid, each window of k points
 * summarised per metric, and a robust (median/MAD) standardisation — the preprocessing of Netdata's
 * per-node k-means anomaly detection (netdata/netdata, src/ml) with Rousseeuw & Croux (1993) scales.
 */
import { median, robustScale } from '../stats';

export type WindowStat = 'mean' | 'std' | 'min' | 'max' | 'slope' | 'last';

export interface WindowFeatureOptions {
  /** Points per window. */
  window: number;
  /** Points between window starts (default = window: no overlap). */
  stride?: number;
  /**
   * Summaries per metric (default ['mean']). Every column is standardised to the same robust spread, so each
   * extra summary weighs as much as the level; add 'std' or 'slope' when volatility or direction matters.
   */
  stats?: WindowStat[];
  /** Fewest finite points a metric needs in a window for the window to count (default half the window). */
  minValid?: number;
}

export interface WindowFeatures {
  /** First and last index of each window. */
  starts: number[];
  ends: number[];
  /** Column names, `metric:stat`. */
  columns: string[];
  /** Index of the metric each column belongs to. */
  columnMetric: number[];
  /** One row per window; windows where some metric had too few points are left out. */
  rows: Float64Array[];
  /** Windows left out for too few finite points. */
  skipped: number;
}

export interface AlignedSeries {
  ts: Float64Array;
  values: Float64Array[];
}

/**
 * Puts several series on one grid of step `stepMs` (default: the median spacing of the first series with
 * two or more points) from the earliest to the latest time; values falling in one slot are averaged,
 * empty slots are NaN. O(total points + slots). NaN inputs are skipped. Never throws; returns empty
 * arrays when no series has two finite points or the grid would exceed 1,000,000 slots.
 */
export function alignToGrid(series: { ts: Float64Array; values: Float64Array }[], stepMs?: number): AlignedSeries {
  let lo = Infinity;
  let hi = -Infinity;
  let step = stepMs ?? NaN;
  for (const s of series) {
    const diffs: number[] = [];
    let prev = NaN;
    for (let i = 0; i < Math.min(s.ts.length, s.values.length); i++) {
      if (!Number.isFinite(s.ts[i]) || !Number.isFinite(s.values[i])) continue;
      lo = Math.min(lo, s.ts[i]);
      hi = Math.max(hi, s.ts[i]);
      if (Number.isFinite(prev) && s.ts[i] > prev) diffs.push(s.ts[i] - prev);
      prev = s.ts[i];
    }
    if (!(step > 0) && diffs.length > 0) step = median(diffs);
  }
  const none: AlignedSeries = { ts: new Float64Array(0), values: series.map(() => new Float64Array(0)) };
  if (!(step > 0) || !(hi >= lo)) return none;
  const n = Math.floor((hi - lo) / step + 0.5) + 1;
  if (n > 1_000_000) return none;
  const ts = Float64Array.from({ length: n }, (_, k) => lo + k * step);
  const values = series.map((s) => {
    const sum = new Float64Array(n);
    const cnt = new Uint32Array(n);
    for (let i = 0; i < Math.min(s.ts.length, s.values.length); i++) {
      if (!Number.isFinite(s.ts[i]) || !Number.isFinite(s.values[i])) continue;
      const k = Math.round((s.ts[i] - lo) / step);
      sum[k] += s.values[i];
      cnt[k]++;
    }
    return Float64Array.from(sum, (v, k) => (cnt[k] ? v / cnt[k] : NaN));
  });
  return { ts, values };
}

function summarise(y: Float64Array, a: number, b: number, stat: WindowStat): number {
  let n = 0;
  let s = 0;
  let ss = 0;
  let sx = 0;
  let sxx = 0;
  let sxy = 0;
  let mn = Infinity;
  let mx = -Infinity;
  let last = NaN;
  for (let i = a; i < b; i++) {
    const v = y[i];
    if (!Number.isFinite(v)) continue;
    const x = i - a;
    n++;
    s += v;
    ss += v * v;
    sx += x;
    sxx += x * x;
    sxy += x * v;
    mn = Math.min(mn, v);
    mx = Math.max(mx, v);
    last = v;
  }
  if (n === 0) return NaN;
  const m = s / n;
  switch (stat) {
    case 'mean':
      return m;
    case 'std':
      return Math.sqrt(Math.max(0, ss / n - m * m));
    case 'min':
      return mn;
    case 'max':
      return mx;
    case 'last':
      return last;
    case 'slope': {
      const cxx = sxx - (sx * sx) / n;
      return cxx > 0 ? (sxy - (sx * s) / n) / cxx : 0;
    }
  }
}

/**
 * Summarises aligned metrics (equal-length arrays) over windows [start, start + window), one row per
 * window, columns metric × stat. O(metrics · n · stats). NaN points are skipped inside a window; a window
 * where any metric has fewer than `minValid` finite points is left out and counted. Throws RangeError when
 * the metrics differ in length or the window is not a positive integer.
 */
export function windowFeatures(metrics: Float64Array[], names: string[], options: WindowFeatureOptions): WindowFeatures {
  const { window } = options;
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`windowFeatures: window must be a positive integer, got ${window}`);
  const n = metrics[0]?.length ?? 0;
  for (const [i, m] of metrics.entries()) {
    if (m.length !== n) throw new RangeError(`windowFeatures: metric '${names[i] ?? i}' has ${m.length} points, the first has ${n}`);
  }
  const stride = Math.max(1, Math.round(options.stride ?? window));
  const stats = options.stats ?? ['mean'];
  const minValid = options.minValid ?? Math.ceil(window / 2);
  const out: WindowFeatures = { starts: [], ends: [], columns: [], columnMetric: [], rows: [], skipped: 0 };
  metrics.forEach((_, mi) => {
    for (const st of stats) {
      out.columns.push(`${names[mi] ?? `m${mi}`}:${st}`);
      out.columnMetric.push(mi);
    }
  });
  for (let a = 0; a + window <= n; a += stride) {
    const b = a + window;
    let ok = true;
    for (const y of metrics) {
      let c = 0;
      for (let i = a; i < b; i++) if (Number.isFinite(y[i])) c++;
      if (c < minValid) ok = false;
    }
    if (!ok) {
      out.skipped++;
      continue;
    }
    const row = new Float64Array(out.columns.length);
    let k = 0;
    for (const y of metrics) for (const st of stats) row[k++] = summarise(y, a, b, st);
    out.starts.push(a);
    out.ends.push(b - 1);
    out.rows.push(row);
  }
  return out;
}

export interface RobustScaler {
  center: Float64Array;
  scale: Float64Array;
}

/**
 * Per-column median and robust scale (1.4826·MAD, else 1.2533·mean absolute deviation; a column that does
 * not vary gets scale 1 so it contributes nothing). O(rows · columns · log rows). NaN skipped.
 */
export function fitRobustScaler(rows: Float64Array[]): RobustScaler {
  const d = rows[0]?.length ?? 0;
  const center = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const col = Float64Array.from(rows, (r) => r[j]);
    center[j] = median(col);
    const s = robustScale(col, center[j]);
    scale[j] = s > 0 ? s : 1;
    if (!Number.isFinite(center[j])) center[j] = 0;
  }
  return { center, scale };
}

/** (x − center) / scale for each row, as plain arrays (what ml-kmeans takes). O(rows · columns). */
export function applyScaler(rows: Float64Array[], scaler: RobustScaler): number[][] {
  return rows.map((r) => Array.from(r, (v, j) => (v - scaler.center[j]) / scaler.scale[j]));
}
