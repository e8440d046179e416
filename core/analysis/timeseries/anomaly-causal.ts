// Per-series anomaly detection, causal (streaming) mode: robust additive Holt-Winters with one or more seasonal
// profiles, re-detected periods, and a median/MAD residual score. References: Holt 1957 / Winters 1960 (error
// correction form, Hyndman et al. 2008 §2); Gelper, Fried & Croux 2010 (robust Holt-Winters via clipped errors);
// Hochenbaum et al. 2017 (median/MAD residual score).

import { fillGaps } from './anomaly-grid';
import { excludedMask, type AnomalyMethod, type AnomalyOptions, type AnomalyResult } from './anomaly-types';
import { mstlFast } from './mstl-fast';
import { mergeRanges } from './ranges';
import { MAD_TO_SIGMA, intervalMultiplier, medianInPlace, normalQuantile, scoreFromZ, selectInPlace } from './robust';
import { detectSeasonality } from './seasonality';

export interface CausalOptions extends AnomalyOptions {
  /** Grid slots of history kept for period detection and refits (default 20160). */
  maxHistory?: number;
  /** Residuals kept for the median/MAD scale (default 1000). */
  scaleWindow?: number;
  /** Level smoothing per step (default 0.01: a time constant of 100 steps). */
  levelAlpha?: number;
  /** Seasonal smoothing per cycle, shared between the periods (default 0.2). */
  seasonalGamma?: number;
  /** Errors are clipped to +/- this many sigmas before they update the model (default 3). */
  clipSigmas?: number;
  /** A flag starts a new alert only after this many unflagged slots (default 24). */
  alertCooldown?: number;
  /**
   * Heavy-tail guard: the scale is at least the q-quantile of past |error| divided by the normal q-quantile, so a
   * series whose spikes are routine does not flag each one (default 0.995; 0 turns it off).
   */
  tailQuantile?: number;
  /**
   * Collective-anomaly statistic: an exponentially weighted mean of the clipped standardised errors with this time
   * constant (points), scored against its own robust history; the point's score is the larger of the two
   * (default 0 = off).
   */
  windowPoints?: number;
}

export interface CausalPoint {
  expected: number;
  lower: number;
  upper: number;
  scale: number;
  /** NaN for a missing value, 0 for an excluded one. */
  score: number;
  anomaly: boolean;
  /** First flag of a new episode. */
  alert: boolean;
  method: AnomalyMethod;
}

const MIN_RESIDUALS = 20;

/**
 * Streaming detector: each `push(t, value)` scores the point from the state built by the points before it, then
 * learns from it. Never looks ahead.
 *
 * State: a ring buffer of the last `maxHistory` grid slots (gaps as NaN), the level, one profile per seasonal
 * period (anchored to absolute time slots), and the last `scaleWindow` one-step errors.
 * Per point: expected = level + sum of profile[slot mod p] + median error; z = (error - median) / (1.4826 MAD);
 * score = 1 - P(|Z| >= |z|); flagged when score > threshold (default 0.999, |z| > 3.29). The scale is the larger
 * of 1.4826 MAD and the 99.5% quantile of past |error| over its normal value (heavy tails). The clipped error (+/- 3 sigma)
 * updates level (alpha) and profiles (gamma / periods), so outliers barely move the baseline.
 * Periods are re-detected on the history when it has grown by half since the last check (then every quarter of
 * `maxHistory`); a new period set refits the profiles with `mstlFast`. Until a period has two cycles the baseline
 * is the level alone (method 'static').
 *
 * Cost per point: O(periods) plus the amortised median/MAD refresh (O(scaleWindow) every scaleWindow / 20 points)
 * and the amortised period search (O(H log H) every ~H / 4 points): O(1)-ish per point.
 * NaN policy: a missing value is scored NaN and not learnt; gaps in time advance the phase. Excluded points are
 * neither learnt nor flagged. Throws only for invalid options.
 */
export class CausalAnomalyDetector {
  private readonly opts: CausalOptions;
  private readonly mult: number;
  private readonly threshold: number;
  private readonly excludes: { startMs: number; endMs: number }[];
  private readonly notes: string[] = [];
  private step: number;
  private t0 = NaN;
  private pending: Array<[number, number]> = [];
  // history ring, indexed by absolute slot
  private readonly hist: Float64Array;
  private lastSlot = -1;
  private histLen = 0;
  private nextCheck = 16;
  private nextCheckAbs = Number.POSITIVE_INFINITY;
  // model
  private level = NaN;
  private levelN = 0;
  private periods: number[] = [];
  private profiles: Float64Array[] = [];
  // residual scale
  private readonly resid: Float64Array;
  private residN = 0;
  private residPos = 0;
  private sinceScale = 0;
  private center = 0;
  private sigma = NaN;
  private lastFlagSlot = -Infinity;
  // collective statistic
  private ewm = 0;
  private readonly ewmHist: Float64Array;
  private ewmN = 0;
  private ewmPos = 0;
  private ewmCenter = 0;
  private ewmSigma = NaN;

  constructor(opts: CausalOptions = {}) {
    this.opts = opts;
    const w = opts.intervalWidth ?? 0.99;
    this.mult = intervalMultiplier(w);
    this.threshold = Math.max(opts.threshold ?? 0.999, w);
    this.excludes = opts.exclude ?? [];
    excludedMask([], this.excludes);
    this.step = opts.stepMs ?? NaN;
    this.hist = new Float64Array(Math.max(64, opts.maxHistory ?? 20160)).fill(NaN);
    this.resid = new Float64Array(Math.max(MIN_RESIDUALS, opts.scaleWindow ?? 1000));
    this.ewmHist = new Float64Array(this.resid.length);
  }

  /** Periods (in slots) of the current baseline. */
  get currentPeriods(): number[] {
    return [...this.periods];
  }

  get stepMs(): number {
    return this.step;
  }

  /** What was done so far (period changes, skipped points). */
  get log(): string[] {
    return [...this.notes];
  }

  /** Scores the point from the past, then learns from it. */
  push(t: number, value: number): CausalPoint {
    const excluded = this.excludes.some((r) => t >= r.startMs && t <= r.endMs);
    if (!(this.step > 0)) return this.pushBeforeStep(t, value, excluded);
    const slot = Math.round((t - this.t0) / this.step);
    return this.scoreAndLearn(slot, value, excluded);
  }

  private pushBeforeStep(t: number, value: number, excluded: boolean): CausalPoint {
    if (Number.isFinite(t)) this.pending.push([t, excluded ? NaN : value]);
    const out = this.predictStatic(value, excluded);
    if (this.pending.length >= 8) {
      const ts = this.pending.map((p) => p[0]);
      const diffs: number[] = [];
      for (let i = 1; i < ts.length; i++) if (ts[i] > ts[i - 1]) diffs.push(ts[i] - ts[i - 1]);
      diffs.sort((a, b) => a - b);
      this.step = diffs.length > 0 ? diffs[diffs.length >> 1] : 1;
      this.t0 = ts[0];
      for (const [pt, pv] of this.pending) this.record(Math.round((pt - this.t0) / this.step), pv);
      this.pending = [];
    }
    return out;
  }

  /** Before the step is known: level = median of the values so far, no flags. */
  private predictStatic(value: number, excluded: boolean): CausalPoint {
    const vals = Float64Array.from(this.pending.map((p) => p[1]).filter((v) => Number.isFinite(v)));
    const prior = vals.length > 1 ? Float64Array.from(vals.subarray(0, vals.length - (Number.isFinite(value) && !excluded ? 1 : 0))) : vals;
    const med = medianInPlace(Float64Array.from(prior), prior.length);
    if (Number.isFinite(value) && !excluded) this.learnLevelOnly(value);
    return {
      expected: med,
      lower: NaN,
      upper: NaN,
      scale: NaN,
      score: Number.isFinite(value) ? 0 : NaN,
      anomaly: false,
      alert: false,
      method: 'static',
    };
  }

  private learnLevelOnly(value: number): void {
    this.levelN++;
    this.level = Number.isNaN(this.level) ? value : this.level + (value - this.level) / Math.min(this.levelN, 10);
  }

  private record(slot: number, value: number): void {
    if (slot <= this.lastSlot) {
      if (slot > this.lastSlot - this.hist.length && Number.isFinite(value)) this.hist[slot % this.hist.length] = value;
      return;
    }
    if (slot - this.lastSlot > this.hist.length) {
      this.hist.fill(NaN);
      this.histLen = 0;
      this.notes.push(`a gap longer than the history (${slot - this.lastSlot} slots) reset the history`);
    } else {
      for (let s = this.lastSlot + 1; s < slot; s++) this.hist[s % this.hist.length] = NaN;
      this.histLen += slot - this.lastSlot - 1;
    }
    this.hist[slot % this.hist.length] = value;
    this.histLen = Math.min(this.hist.length, this.histLen + 1);
    this.lastSlot = slot;
  }

  private seasonalAt(slot: number): number {
    let s = 0;
    for (let k = 0; k < this.periods.length; k++) {
      const p = this.periods[k];
      s += this.profiles[k][((slot % p) + p) % p];
    }
    return s;
  }

  private scoreAndLearn(slot: number, value: number, excluded: boolean): CausalPoint {
    if (this.histLen >= this.nextCheck || this.lastSlot >= this.nextCheckAbs) this.checkSeasonality();
    const method: AnomalyMethod = this.periods.length > 0 ? 'seasonal' : 'static';
    const base = (Number.isNaN(this.level) ? value : this.level) + this.seasonalAt(slot);
    const sigma = this.sigma;
    const expected = base + (Number.isFinite(sigma) ? this.center : 0);
    const out: CausalPoint = {
      expected,
      lower: expected - this.mult * sigma,
      upper: expected + this.mult * sigma,
      scale: sigma,
      score: NaN,
      anomaly: false,
      alert: false,
      method,
    };
    const fresh = slot > this.lastSlot;
    this.record(slot, excluded || !Number.isFinite(value) ? NaN : value);
    if (!Number.isFinite(value)) return out;
    if (excluded) {
      out.score = 0;
      return out;
    }
    if (Number.isNaN(this.level)) {
      this.level = value;
      out.score = 0;
      return out;
    }
    const e = value - base;
    if (Number.isFinite(sigma) && this.residN >= MIN_RESIDUALS) {
      const z = (e - this.center) / sigma;
      out.score = scoreFromZ(z);
      const tau = this.opts.windowPoints ?? 0;
      if (tau > 0 && fresh) {
        this.ewm += (Math.max(-4, Math.min(4, z)) - this.ewm) / tau;
        if (this.ewmN >= MIN_RESIDUALS && this.ewmSigma > 0) {
          out.score = Math.max(out.score, scoreFromZ((this.ewm - this.ewmCenter) / this.ewmSigma));
        }
        this.ewmHist[this.ewmPos] = this.ewm;
        this.ewmPos = (this.ewmPos + 1) % this.ewmHist.length;
        this.ewmN = Math.min(this.ewmHist.length, this.ewmN + 1);
      }
      if (out.score > this.threshold) {
        out.anomaly = true;
        out.alert = slot - this.lastFlagSlot > (this.opts.alertCooldown ?? 24);
        this.lastFlagSlot = slot;
      }
    } else out.score = 0;
    if (fresh) this.learn(slot, e);
    return out;
  }

  private learn(slot: number, e: number): void {
    this.pushResidual(e);
    const sigma = this.sigma;
    const clip = (this.opts.clipSigmas ?? 3) * sigma;
    let ec = e - (Number.isFinite(sigma) ? this.center : 0);
    if (Number.isFinite(clip) && clip > 0) ec = Math.max(-clip, Math.min(clip, ec));
    const alpha = this.opts.levelAlpha ?? 0.01;
    this.level += alpha * ec;
    const k = this.periods.length;
    if (k > 0) {
      const g = ((this.opts.seasonalGamma ?? 0.2) * (1 - alpha)) / k;
      for (let j = 0; j < k; j++) {
        const p = this.periods[j];
        this.profiles[j][((slot % p) + p) % p] += g * ec;
      }
    }
  }

  private pushResidual(e: number): void {
    const w = this.resid.length;
    this.resid[this.residPos] = e;
    this.residPos = (this.residPos + 1) % w;
    this.residN = Math.min(w, this.residN + 1);
    this.sinceScale++;
    if (this.residN < 2 * MIN_RESIDUALS || this.sinceScale >= Math.max(1, Math.floor(this.residN / 20))) this.refreshScale();
  }

  private refreshScale(): void {
    this.sinceScale = 0;
    const n = this.residN;
    const buf = Float64Array.from(this.resid.subarray(0, n));
    const center = medianInPlace(buf, n);
    let absSum = 0;
    for (let i = 0; i < n; i++) {
      buf[i] = Math.abs(buf[i] - center);
      absSum += buf[i];
    }
    const mad = MAD_TO_SIGMA * medianInPlace(buf, n);
    const floor = Math.max(0.25 * 1.2533 * (absSum / n), 1e-9 * (1 + Math.abs(this.level || 0)));
    let tail = 0;
    const q = this.opts.tailQuantile ?? 0.995;
    if (q > 0 && n >= 50) {
      const k = Math.min(n - 1, Math.floor(q * n));
      tail = selectInPlace(buf, k, n) / normalQuantile(0.5 + q / 2);
    }
    this.center = center;
    this.sigma = Math.max(mad, floor, tail);
    if (this.ewmN >= MIN_RESIDUALS) {
      const m = this.ewmN;
      const eb = Float64Array.from(this.ewmHist.subarray(0, m));
      const c = medianInPlace(eb, m);
      for (let i = 0; i < m; i++) eb[i] = Math.abs(eb[i] - c);
      let t = 0;
      if (q > 0 && m >= 50) t = selectInPlace(eb, Math.min(m - 1, Math.floor(q * m)), m) / normalQuantile(0.5 + q / 2);
      this.ewmCenter = c;
      this.ewmSigma = Math.max(MAD_TO_SIGMA * medianInPlace(eb, m), t, 1e-6);
    }
  }

  /** Ordered copy of the history (oldest first). */
  private history(): { values: Float64Array; firstSlot: number } {
    const h = this.hist.length;
    const len = this.histLen;
    const first = this.lastSlot - len + 1;
    const out = new Float64Array(len);
    for (let i = 0; i < len; i++) out[i] = this.hist[(first + i) % h];
    return { values: out, firstSlot: first };
  }

  private checkSeasonality(): void {
    const h = this.hist.length;
    this.nextCheck = this.histLen >= h ? Number.POSITIVE_INFINITY : Math.min(h, Math.ceil(this.histLen * 1.5));
    this.nextCheckAbs = this.histLen >= h ? this.lastSlot + Math.floor(h / 4) : Number.POSITIVE_INFINITY;
    const { values, firstSlot } = this.history();
    const minCycles = this.opts.minCycles ?? 2;
    let periods: number[];
    if (this.opts.periods) periods = this.opts.periods.map((p) => Math.round(p)).filter((p) => p >= 2 && p * minCycles <= values.length);
    else {
      const found = detectSeasonality(values, { ...this.opts.seasonality, stepMs: this.step, minCycles });
      periods = found.periods.map((p) => p.period);
    }
    const same = periods.length === this.periods.length && periods.every((p, i) => p === this.periods[i]);
    if (same) return;
    const filled = fillGaps(values);
    if (filled.finite < 2 * MIN_RESIDUALS) return;
    if (periods.length === 0) {
      this.notes.push(`slot ${this.lastSlot}: seasonality no longer found; level-only baseline`);
      this.periods = [];
      this.profiles = [];
      return;
    }
    const dec = mstlFast(filled.values, periods, { phaseOffset: firstSlot });
    this.notes.push(`slot ${this.lastSlot}: seasonal baseline with period(s) ${dec.periods.join(', ')} (in ${this.step} ms steps)`);
    this.periods = dec.periods;
    this.profiles = dec.profiles;
    this.level = dec.trend[dec.trend.length - 1];
    // Errors of the old baseline say nothing about the new one: restart the scale from the refit's honest
    // (leave-one-cycle-out) residuals at the observed points of the recent history.
    this.residN = 0;
    this.residPos = 0;
    const from = Math.max(0, values.length - this.resid.length);
    for (let i = from; i < values.length; i++) {
      if (!Number.isFinite(values[i])) continue;
      this.resid[this.residPos] = dec.looRemainder[i];
      this.residPos = (this.residPos + 1) % this.resid.length;
      this.residN = Math.min(this.resid.length, this.residN + 1);
    }
    if (this.residN > 0) this.refreshScale();
  }

}

/**
 * Runs `CausalAnomalyDetector` over a whole series in time order and gathers per-point results and ranges: each
 * point is scored only from the points before it (what a live system would have said then). Same options,
 * complexity, NaN policy and throws as the detector; timestamps must be in time order (later points that go back
 * in time are scored but not learnt).
 */
export function detectAnomaliesCausal(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  opts: CausalOptions = {},
): AnomalyResult {
  if (timestamps.length !== values.length) {
    throw new Error(`timestamps (${timestamps.length}) and values (${values.length}) must have the same length`);
  }
  const n = values.length;
  const det = new CausalAnomalyDetector(opts);
  const r: AnomalyResult = {
    mode: 'causal',
    method: 'static',
    periods: [],
    periodsMs: [],
    stepMs: NaN,
    expected: new Float64Array(n),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
    score: new Float64Array(n),
    anomaly: new Uint8Array(n),
    scale: new Float64Array(n),
    ranges: [],
    alert: new Uint8Array(n),
    notes: [],
  };
  let staticPoints = 0;
  for (let i = 0; i < n; i++) {
    const p = det.push(timestamps[i], values[i]);
    r.expected[i] = p.expected;
    r.lower[i] = p.lower;
    r.upper[i] = p.upper;
    r.score[i] = p.score;
    r.scale[i] = p.scale;
    r.anomaly[i] = p.anomaly ? 1 : 0;
    r.alert![i] = p.alert ? 1 : 0;
    r.method = p.method;
    if (p.method === 'static') staticPoints++;
  }
  r.periods = det.currentPeriods;
  r.stepMs = det.stepMs;
  r.periodsMs = r.periods.map((p) => p * r.stepMs);
  if (staticPoints > 0) {
    r.notes.push(`${staticPoints} point(s) were scored against a level-only (static) baseline: fewer than two seasonal cycles of history, or no seasonality`);
  }
  r.notes.push(...det.log);
  r.ranges = mergeRanges(
    { timestamps, values, expected: r.expected, scale: r.scale, score: r.score, anomaly: r.anomaly },
    opts.mergeGapPoints ?? 3,
  );
  return r;
}
