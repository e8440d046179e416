// Seasonal period detection: autocorrelation peaks + calendar lags, validated by the variance a per-phase profile
// explains (seasonal strength, Wang, Smith & Hyndman 2006), picked greedily so daily and weekly are both found.

import { fillGaps, toGrid } from './anomaly-grid';
import { autocorrelation } from './seasonality-fft';

export type PeriodLabel = 'hourly' | 'daily' | 'weekly' | 'other';

export interface SeasonalPeriod {
  /** Period in samples (grid steps). */
  period: number;
  /** Period in ms when the step is known. */
  periodMs?: number;
  label: PeriodLabel;
  /**
   * Share of the (detrended, earlier-periods-removed) variance that the period's per-phase mean profile explains,
   * corrected for the share a profile fitted to pure noise explains (1 / cycles): 0 = none, 1 = all.
   */
  strength: number;
  /** Autocorrelation at the period (unbiased, on the block-averaged series); NaN for calendar-only candidates. */
  acf: number;
  /** Whole cycles in the data. */
  cycles: number;
}

export interface SeasonalityResult {
  /** Accepted periods, shortest first. Empty when the data shows no seasonality. */
  periods: SeasonalPeriod[];
  /** Every candidate evaluated in the first round, strongest first (for display and debugging). */
  candidates: SeasonalPeriod[];
  notes: string[];
}

export interface SeasonalityOptions {
  /** Grid step in ms; enables calendar candidates (hour, day, week) and labels. */
  stepMs?: number;
  /** Shortest period considered (samples), default 4. */
  minPeriod?: number;
  /** Longest period considered (samples), default n / minCycles. */
  maxPeriod?: number;
  /** Whole cycles required before a period can be accepted, default 2. */
  minCycles?: number;
  /** Strength a period needs to be accepted, default 0.2 (twice that for a non-calendar period). */
  minStrength?: number;
  /** Share of the whole detrended variance a period must explain, default 0.05 (stops noise-fitting extras). */
  minShare?: number;
  /** Most periods returned, default 3. */
  maxPeriods?: number;
  /** Search autocorrelation peaks for non-calendar periods (default true); false checks calendar lags only. */
  search?: boolean;
  /** Series longer than this are analysed on block means of at most this many points (default 4096). */
  maxAcfPoints?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/**
 * Finds seasonal periods of a regularly sampled series.
 *
 * 1. NaN gaps are filled linearly; the series is linearly detrended.
 * 2. A series longer than `maxAcfPoints` (4096) is analysed on block means (so 14 days at 1 min costs as much as
 *    4,032 points; periods shorter than ~4 blocks are then only found as calendar lags). Candidates: local maxima
 *    of the autocorrelation (FFT) with unbiased r(k) >= 0.1 and a prominence of 0.05 over the lags between k/2
 *    and k, minus near-multiples of shorter candidates, plus the calendar lags (1 h, 1 day, 1 week) when `stepMs`
 *    is given. Accepted non-calendar periods are refined at full resolution by the lag product.
 * 3. Greedy selection: each round scores every remaining candidate by seasonal strength on the current
 *    residual (trend = centred moving average of one period; profile = mean per phase;
 *    strength = max(0, (F - 1/c) / (1 - 1/c)) with F = 1 - Var(resid) / Var(detrended), c = cycles), accepts
 *    the SHORTEST candidate whose strength is at least max(minStrength, half the round's best) and which explains
 *    at least `minShare` of the whole variance (non-calendar periods need twice minStrength and 3 cycles), and
 *    removes its profile. The shortest-first rule keeps a weekly profile (which also contains the daily shape) from hiding
 *    the daily period; the residual step lets the weekly period show once the daily one is removed.
 *
 * Complexity O(n) to fill, detrend and block-average, then O(m log m) for the autocorrelation and O(m) per
 * candidate and round (m = min(n, maxAcfPoints); at most ~9 candidates x 3 rounds).
 * NaN policy: gaps are interpolated; fewer than 2 x minPeriod finite points, or a constant series, give no periods
 * and a note. Throws only for invalid options (minPeriod < 2, minCycles < 1).
 */
export function detectSeasonality(values: Float64Array, opts: SeasonalityOptions = {}): SeasonalityResult {
  const minPeriod = Math.max(2, Math.floor(opts.minPeriod ?? 4));
  const minCycles = opts.minCycles ?? 2;
  if (!(minCycles >= 1)) throw new Error(`minCycles must be at least 1, got ${opts.minCycles}`);
  const minStrength = opts.minStrength ?? 0.2;
  const minShare = opts.minShare ?? 0.05;
  const maxPeriods = opts.maxPeriods ?? 3;
  const notes: string[] = [];
  const n = values.length;
  const filled = withoutGaps(values);
  if (filled.finite < 2 * minPeriod) {
    notes.push(`too few finite points (${filled.finite}) to look for seasonality`);
    return { periods: [], candidates: [], notes };
  }
  if (filled.filled > 0) notes.push(`${filled.filled} missing point(s) interpolated before the period search`);
  const x = detrendLinear(filled.values);
  let total = 0;
  for (let i = 0; i < n; i++) total += x[i] * x[i];
  if (!(total > 1e-24 * n)) {
    notes.push('the series is constant (after removing a linear trend): no seasonality');
    return { periods: [], candidates: [], notes };
  }
  const maxPeriod = Math.min(opts.maxPeriod ?? Infinity, Math.floor(n / minCycles));
  if (maxPeriod < minPeriod) {
    notes.push(`the series (${n} points) is shorter than ${minCycles} cycles of the shortest period (${minPeriod})`);
    return { periods: [], candidates: [], notes };
  }
  // Long series are analysed on block means (at most maxAcfPoints of them): periods are found in block units and
  // mapped back (calendar periods exactly, others refined at full resolution by the lag product).
  const b = n > (opts.maxAcfPoints ?? 4096) ? Math.ceil(n / (opts.maxAcfPoints ?? 4096)) : 1;
  const xs = b > 1 ? blockMeans(x, b) : x;
  const m = xs.length;
  const cands = new Map<number, number>(); // period in blocks -> acf (NaN for calendar)
  const calendar = new Map<number, number>(); // period in blocks -> exact period in samples
  if (opts.search !== false) {
    for (const [p, r] of acfPeaks(xs, Math.max(2, Math.ceil(minPeriod / b)), Math.floor(maxPeriod / b))) {
      if (![...cands.keys()].some((q) => Math.abs(q - p) <= Math.max(1, 0.02 * p))) cands.set(p, r);
    }
  }
  const step = opts.stepMs;
  if (step && step > 0) {
    for (const P of [HOUR, DAY, WEEK]) {
      const full = Math.round(P / step);
      if (full < minPeriod || full > maxPeriod || Math.abs(P / step - full) > 0.02 * full) continue;
      const p = Math.round(full / b);
      if (p < 2) continue;
      for (const q of [...cands.keys()]) if (Math.abs(q - p) <= Math.max(1, 0.03 * p)) cands.delete(q);
      cands.set(p, NaN);
      calendar.set(p, full);
    }
  }
  // Non-calendar peaks that are near-multiples of a shorter candidate (harmonics of the same cycle) are dropped.
  const sortedCands = [...cands.keys()].sort((a, c) => a - c);
  for (const q of sortedCands) {
    if (calendar.has(q)) continue;
    for (const p of sortedCands) {
      if (p >= q || !cands.has(p)) continue;
      const k = Math.round(q / p);
      if (k >= 2 && Math.abs(q - k * p) <= Math.max(1, 0.01 * q)) {
        cands.delete(q);
        break;
      }
    }
  }
  if (cands.size === 0) {
    notes.push('no autocorrelation peak or calendar period to test');
    return { periods: [], candidates: [], notes };
  }

  const fullPeriod = (p: number): number => calendar.get(p) ?? (b > 1 ? refinePeriod(x, p * b, b, minPeriod, maxPeriod) : p);
  const describe = (p: number, strength: number): SeasonalPeriod => {
    const full = calendar.get(p) ?? p * b;
    const out: SeasonalPeriod = { period: full, label: 'other', strength, acf: cands.get(p) ?? NaN, cycles: Math.floor(n / full) };
    if (step && step > 0) {
      out.periodMs = full * step;
      out.label = labelFor(full * step);
    }
    return out;
  };

  let resid = xs;
  let variance = 0;
  for (let i = 0; i < m; i++) variance += xs[i] * xs[i];
  let residVar = variance;
  const accepted: SeasonalPeriod[] = [];
  let candidates: SeasonalPeriod[] = [];
  const remaining = new Set(cands.keys());
  for (let round = 0; round < maxPeriods && remaining.size > 0; round++) {
    const scored: Array<[number, SeasonalPeriod]> = [];
    for (const p of remaining) scored.push([p, describe(p, seasonalStrength(resid, p))]);
    if (round === 0) {
      candidates = scored.map((e) => e[1]).sort((a, c) => c.strength - a.strength);
      // A period must explain minShare of the whole variance to be accepted later; drop hopeless ones now.
      for (const [p, c] of scored) if (c.strength < minShare) remaining.delete(p);
    }
    const live = scored.filter(([p]) => remaining.has(p));
    let best = 0;
    for (const [, c] of live) best = Math.max(best, c.strength);
    const bar = Math.max(minStrength, 0.5 * best);
    const share = residVar / variance;
    const ok = live
      .filter(([, c]) => c.strength * share >= minShare)
      .filter(([p, c]) => (calendar.has(p) ? c.strength >= bar : c.strength >= Math.max(bar, 2 * minStrength) && c.cycles >= 3))
      .sort((a, c) => a[0] - c[0]);
    if (ok.length === 0) break;
    const [pick, desc] = ok[0];
    accepted.push({ ...desc, period: fullPeriod(pick), periodMs: step && step > 0 ? fullPeriod(pick) * step : undefined });
    remaining.delete(pick);
    resid = removeProfile(resid, pick);
    residVar = 0;
    for (let i = 0; i < m; i++) residVar += resid[i] * resid[i];
  }
  for (const a of accepted) if (a.periodMs === undefined) delete a.periodMs;
  accepted.sort((a, c) => a.period - c.period);
  if (accepted.length === 0) notes.push(`no candidate period reached strength ${minStrength}`);
  return { periods: accepted, candidates, notes };
}

/** `fillGaps`, without the copy when there is no gap (the values are only read here). O(n). */
function withoutGaps(values: Float64Array): { values: Float64Array; filled: number; finite: number } {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return fillGaps(values);
  return { values, filled: 0, finite: values.length };
}

/**
 * `detectSeasonality` for timestamped samples: places them on a regular grid first (median spacing) so that
 * gaps do not shift phases. Returns the grid step with the result. Same complexity, NaN policy and throws.
 */
export function detectSeasonalityAt(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  opts: Omit<SeasonalityOptions, 'stepMs'> = {},
): SeasonalityResult & { stepMs: number } {
  const grid = toGrid(timestamps, values);
  const res = detectSeasonality(grid.values, { ...opts, stepMs: grid.stepMs });
  return { ...res, notes: [...grid.notes, ...res.notes], stepMs: grid.stepMs };
}

function labelFor(ms: number): PeriodLabel {
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= 0.03 * b;
  if (near(ms, HOUR)) return 'hourly';
  if (near(ms, DAY)) return 'daily';
  if (near(ms, WEEK)) return 'weekly';
  return 'other';
}

/** x minus its least-squares line. O(n). */
export function detrendLinear(x: Float64Array): Float64Array {
  const n = x.length;
  const tm = (n - 1) / 2;
  let sy = 0;
  for (let i = 0; i < n; i++) sy += x[i];
  const ym = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - tm) * (x[i] - ym);
    sxx += (i - tm) * (i - tm);
  }
  const b = sxx > 0 ? sxy / sxx : 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = x[i] - ym - b * (i - tm);
  return out;
}

/**
 * Seasonal strength of period p in x (finite): the variance share a per-phase mean profile explains after a
 * centred moving average of width p removes the trend, corrected for the 1/c share it would explain for noise.
 * In [0, 1]. O(n), no modulo in the loops.
 */
export function seasonalStrength(x: Float64Array, p: number): number {
  const n = x.length;
  const c = n / p;
  if (c < 1.5) return 0;
  const d = detrendByMovingAverage(x, p);
  const sum = new Float64Array(p);
  const cnt = new Float64Array(p);
  let md = 0;
  for (let start = 0; start < n; start += p) {
    const end = Math.min(n, start + p);
    for (let i = start, k = 0; i < end; i++, k++) {
      sum[k] += d[i];
      cnt[k]++;
      md += d[i];
    }
  }
  md /= n;
  for (let k = 0; k < p; k++) if (cnt[k] > 0) sum[k] /= cnt[k];
  let vd = 0;
  let vr = 0;
  for (let start = 0; start < n; start += p) {
    const end = Math.min(n, start + p);
    for (let i = start, k = 0; i < end; i++, k++) {
      const r = d[i] - sum[k];
      vd += (d[i] - md) * (d[i] - md);
      vr += r * r;
    }
  }
  if (!(vd > 0)) return 0;
  const f = 1 - vr / vd;
  const noise = 1 / c;
  return Math.max(0, Math.min(1, (f - noise) / (1 - noise)));
}

/** x minus its centred moving average of width w (shrinking at the ends). O(n). */
function detrendByMovingAverage(x: Float64Array, w: number): Float64Array {
  const n = x.length;
  const left = Math.floor((w - 1) / 2);
  const right = w - 1 - left;
  const out = new Float64Array(n);
  let a = 0;
  let b = Math.min(n, right + 1);
  let s = 0;
  for (let i = 0; i < b; i++) s += x[i];
  for (let i = 0; i < n; i++) {
    const na = Math.max(0, i - left);
    const nb = Math.min(n, i + right + 1);
    while (b < nb) s += x[b++];
    while (a < na) s -= x[a++];
    out[i] = x[i] - s / (b - a);
  }
  return out;
}

/** x minus its per-phase mean profile for period p (profile centred to mean 0). O(n). */
function removeProfile(x: Float64Array, p: number): Float64Array {
  const n = x.length;
  const d = detrendByMovingAverage(x, p);
  const sum = new Float64Array(p);
  const cnt = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    sum[i % p] += d[i];
    cnt[i % p]++;
  }
  let mean = 0;
  for (let k = 0; k < p; k++) mean += sum[k] / cnt[k];
  mean /= p;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = x[i] - (sum[i % p] / cnt[i % p] - mean);
  return out;
}

/** Block means of x (block length b; a partial last block is dropped). O(n). */
function blockMeans(x: Float64Array, b: number): Float64Array {
  const m = Math.floor(x.length / b);
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < b; j++) s += x[i * b + j];
    out[i] = s / b;
  }
  return out;
}

/** The lag within p +/- (b - 1) with the largest mean lag product of x: a block-unit period at full resolution. */
function refinePeriod(x: Float64Array, p: number, b: number, minPeriod: number, maxPeriod: number): number {
  const n = x.length;
  let best = p;
  let bestR = -Infinity;
  for (let q = Math.max(minPeriod, p - b + 1); q <= Math.min(maxPeriod, p + b - 1); q++) {
    let s = 0;
    for (let t = 0; t + q < n; t++) s += x[t] * x[t + q];
    s /= n - q;
    if (s > bestR) {
      bestR = s;
      best = q;
    }
  }
  return best;
}

/** Local autocorrelation maxima of x (lags minPeriod..maxPeriod) as [lag, unbiased r], strongest first, at most 6. */
function acfPeaks(x: Float64Array, minPeriod: number, maxPeriod: number): Array<[number, number]> {
  const m = x.length;
  const xs = Float64Array.from(x);
  let mean = 0;
  for (let i = 0; i < m; i++) mean += xs[i];
  mean /= m;
  for (let i = 0; i < m; i++) xs[i] -= mean;
  const maxLag = Math.min(m - 2, maxPeriod);
  const r = autocorrelation(xs, maxLag);
  for (let k = 1; k <= maxLag; k++) r[k] *= m / (m - k);
  const peaks: Array<[number, number]> = [];
  for (let k = Math.max(2, minPeriod); k < maxLag; k++) {
    if (!(r[k] > r[k - 1] && r[k] >= r[k + 1] && r[k] >= 0.1)) continue;
    let lo = Infinity;
    for (let j = Math.floor(k / 2); j < k; j++) lo = Math.min(lo, r[j]);
    if (r[k] - lo < 0.05) continue;
    peaks.push([k, r[k]]);
  }
  peaks.sort((a, c) => c[1] - a[1]);
  return peaks.slice(0, 6);
}
