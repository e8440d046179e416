// Per-series anomaly detection, causal (streaming) mode: robust additive Holt-Winters with one or more seasonal
// profiles, re-detected periods, level-shift re-anchoring, and a median/MAD residual score combined with a
// collective (window-mean) score, a time-of-day routine check and escalation-only re-alerting. References: Holt 1957 /
// Winters 1960 (error correction form, Hyndman et al. 2008 §2); Gelper, Fried & Croux 2010 (robust Holt-Winters via
// clipped errors); Hochenbaum et al. 2017 (median/MAD residual score); Ahmad et al. 2017 (NAB, streaming scoring).

import { fillGaps } from './anomaly-grid';
import { bigEnough, CALIBRATION, calibratedScale, clampNonNegative, ResolutionTracker } from './calibration';
import { baselineName, excludedMask, type AnomalyMethod, type AnomalyOptions, type AnomalyResult } from './anomaly-types';
import { WindowMeanScore } from './causal-collective';
import { EpisodeGate } from './causal-episode';
import { DailyRecurrence } from './causal-recurrence';
import { mstlFast } from './mstl-fast';
import { mergeRanges } from './ranges';
import { MAD_TO_SIGMA, medianInPlace, selectInPlace } from '../stats';
import { intervalMultiplier, normalQuantile, scoreFromZ } from './normal';
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
  /** After a flag, nothing starts a new alert for this many slots (default 24). */
  alertCooldown?: number;
  /**
   * After the cooldown and until this many slots after the last flag, a point starts a new alert only when its
   * surprise -log10(1 - score) beats the episode's peak, which decays linearly to 0 over that span (default 400, chosen on both halves of the NAB split, bench/nab.ts;
   * a value <= alertCooldown gives a plain cooldown).
   */
  episodeSpan?: number;
  /**
   * Heavy-tail guard: the scale is at least the q-quantile of past |error| divided by the normal q-quantile, so a
   * series whose spikes are routine does not flag each one (default 0.995; 0 turns it off).
   */
  tailQuantile?: number;
  /**
   * Collective-anomaly statistic: the mean of the last `windowPoints` standardised errors (clipped to +/- 3), scored
   * against its own robust history; the point's score is the larger of the two (default 20; 0 = off).
   */
  windowPoints?: number;
  /**
   * Level shifts: when this many consecutive errors all lie beyond `shiftSigmas` on the same side, the level moves by
   * their median at once, instead of creeping there through clipped updates (default 20; 0 = off).
   */
  shiftPoints?: number;
  /** See `shiftPoints` (default 4). */
  shiftSigmas?: number;
  /**
   * Routine check: an excursion (|z| > 3) that also happened, same sign and at least 0.7 x as large, within 15 minutes
   * (at least one slot) of the same time of day on 2 of the previous `recurrenceDays` days scores at most 0.99
   * (default 4; 0 = off; needs a step shorter than half a day).
   */
  recurrenceDays?: number;
}

export interface CausalPoint {
  expected: number;
  lower: number;
  upper: number;
  scale: number;
  /** NaN for a missing value, 0 for an excluded one. */
  score: number;
  anomaly: boolean;
  /** First flag of a new episode (or an escalation well past the open episode's peak). */
  alert: boolean;
  /**
   * The score this point carries as a possible new alert: its score when no episode is open or when it escalates past
   * the open episode's decayed peak, else 0 (0 for missing, excluded and out-of-order points). `alert` is
   * `alertScore > threshold`. Feed this, not `score`, to anything that counts alerts (e.g. NAB-style scoring).
   */
  alertScore: number;
  method: AnomalyMethod;
}

const MIN_RESIDUALS = 20;
/** Highest score of an excursion judged routine for its time of day. */
const ROUTINE_CAP = 0.99;
const DAY_MS = 86_400_000;

/**
 * Streaming detector: each `push(t, value)` scores the point from the state built by the points before it, then
 * learns from it. Never looks ahead.
 *
 * State: a ring buffer of the last `maxHistory` grid slots (gaps as NaN), the level, one profile per seasonal
 * period (anchored to absolute time slots), and the last `scaleWindow` one-step errors.
 * Per point: expected = level + sum of profile[slot mod p] + median error; z = (error - median) / (1.4826 MAD);
 * point score = 1 - P(|Z| >= |z|). The scale is the larger of 1.4826 MAD and the 99.5% quantile of past |error| over
 * its normal value (heavy tails). score = max(point score, collective score of the mean of the last `windowPoints`
 * clipped z, see `WindowMeanScore`), capped at 0.99 when the excursion is routine for the time of day (see
 * `DailyRecurrence`); flagged when score > threshold (default 0.999, |z| > 3.29). Alerts: see `EpisodeGate`
 * (`alertCooldown`, `episodeSpan`). The clipped error (+/- 3 sigma) updates level (alpha) and profiles
 * (gamma / periods), so outliers barely move the baseline; `shiftPoints` errors in a row beyond `shiftSigmas` on one
 * side move the level by their median at once (and are re-based in the scale window).
 * Periods are re-detected on the history when it has grown by half since the last check (then every quarter of
 * `maxHistory`); a new period set refits the profiles with `mstlFast`. Until a period has two cycles the baseline
 * is the level alone (method 'static').
 *
 * Cost per point: O(periods + shiftPoints) plus the amortised median/MAD refreshes (O(scaleWindow) every
 * scaleWindow / 20 points, O(2000) every 20 points for the collective score), the routine check (O(days x tolerance), only
 * for |z| > 3) and the amortised period search (O(H log H) every ~H / 4 points): O(1)-ish per point.
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
  // scoring add-ons
  private readonly gate: EpisodeGate;
  private readonly collective: WindowMeanScore | null;
  private recurrence: DailyRecurrence | null = null;
  private routine = 0;
  // level shifts: the last shiftPoints raw errors and their z
  private readonly recentE: Float64Array;
  private readonly recentZ: Float64Array;
  private recentPos = 0;
  private recentN = 0;
  private shifts = 0;
  // calibration: smallest non-zero step between consecutive values, the last value, whether any value was negative
  private readonly resolution = new ResolutionTracker();
  private negativeSeen = false;
  private smallEffects = 0;

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
    const cooldown = opts.alertCooldown ?? 24;
    this.gate = new EpisodeGate(cooldown, opts.episodeSpan ?? 400);
    const win = opts.windowPoints ?? 20;
    this.collective = win > 0 ? new WindowMeanScore(win) : null;
    const m = Math.max(0, Math.round(opts.shiftPoints ?? 20));
    this.recentE = new Float64Array(m);
    this.recentZ = new Float64Array(m);
    if (this.step > 0) this.makeRecurrence();
  }

  /** Periods (in slots) of the current baseline. */
  get currentPeriods(): number[] {
    return [...this.periods];
  }

  get stepMs(): number {
    return this.step;
  }

  /** What was done so far (period changes, level shifts, routine excursions, skipped points). */
  get log(): string[] {
    const out = [...this.notes];
    if (this.shifts > 0) out.push(`the level was re-anchored after ${this.shifts} sustained shift(s)`);
    if (this.routine > 0) out.push(`${this.routine} excursion(s) scored as routine: seen around the same time on earlier days`);
    if (this.smallEffects > 0) out.push(`${this.smallEffects} point(s) not flagged: under the minimum effect of ${this.opts.minEffect ?? CALIBRATION.minEffect} x the level`);
    return out;
  }

  /** Scores the point from the past, then learns from it. */
  push(t: number, value: number): CausalPoint {
    const excluded = this.excludes.some((r) => t >= r.startMs && t <= r.endMs);
    if (!(this.step > 0)) return this.pushBeforeStep(t, value, excluded);
    if (Number.isNaN(this.t0)) this.t0 = t;
    const slot = Math.round((t - this.t0) / this.step);
    return this.scoreAndLearn(slot, value, excluded);
  }

  /** The time-of-day routine check, once the step is known (none for steps of half a day or more). */
  private makeRecurrence(): void {
    const days = this.opts.recurrenceDays ?? 4;
    const perDay = DAY_MS / this.step;
    if (!(days > 0) || !(perDay >= 2)) return;
    const tolerance = Math.max(1, Math.round((15 * 60_000) / this.step));
    this.recurrence = new DailyRecurrence(perDay, { days, tolerance });
  }

  private pushBeforeStep(t: number, value: number, excluded: boolean): CausalPoint {
    if (Number.isFinite(t)) this.pending.push([t, excluded ? NaN : value]);
    const out = this.predictStatic(value, excluded);
    if (this.pending.length >= 8) {
      const ts = this.pending.map((p) => p[0]);
      const diffs: number[] = [];
      for (let i = 1; i < ts.length; i++) if (ts[i] > ts[i - 1]) diffs.push(ts[i] - ts[i - 1]);
      // The upper median of the first spacings.
      this.step = diffs.length > 0 ? selectInPlace(Float64Array.from(diffs), diffs.length >> 1) : 1;
      this.t0 = ts[0];
      for (const [pt, pv] of this.pending) this.record(Math.round((pt - this.t0) / this.step), pv);
      this.pending = [];
      this.makeRecurrence();
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
      alertScore: 0,
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
    const nonNegative = !this.negativeSeen && this.levelN + this.residN > 0;
    const expected = clampNonNegative(base + (Number.isFinite(sigma) ? this.center : 0), nonNegative, this.opts);
    const out: CausalPoint = {
      expected,
      lower: clampNonNegative(expected - this.mult * sigma, nonNegative, this.opts),
      upper: expected + this.mult * sigma,
      scale: sigma,
      score: NaN,
      anomaly: false,
      alert: false,
      alertScore: 0,
      method,
    };
    const fresh = slot > this.lastSlot;
    this.record(slot, excluded || !Number.isFinite(value) ? NaN : value);
    if (!Number.isFinite(value)) return out;
    if (excluded) {
      out.score = 0;
      return out;
    }
    if (fresh) this.observe(value);
    if (Number.isNaN(this.level)) {
      this.level = value;
      out.score = 0;
      return out;
    }
    const e = value - base;
    let z = NaN;
    if (Number.isFinite(sigma) && this.residN >= MIN_RESIDUALS) {
      z = (value - expected) / sigma;
      let score = scoreFromZ(z);
      if (fresh && this.collective) score = Math.max(score, this.collective.push(z));
      if (fresh && this.recurrence?.isRoutine(slot, z) && score > ROUTINE_CAP) {
        score = ROUTINE_CAP;
        this.routine++;
      }
      if (score > ROUTINE_CAP && !bigEnough(value - expected, this.level, this.opts)) {
        score = ROUTINE_CAP;
        this.smallEffects++;
      }
      out.score = score;
      if (fresh) out.alertScore = this.gate.gate(slot, score);
      if (score > this.threshold) {
        out.anomaly = true;
        out.alert = out.alertScore > this.threshold;
        if (fresh) this.gate.flag(slot, score);
      }
    } else out.score = 0;
    if (fresh) {
      this.recurrence?.record(slot, z);
      this.learn(slot, e, z);
    }
    return out;
  }

  /** Calibration state from an observed value: the resolution (smallest non-zero step) and the sign seen so far. */
  private observe(value: number): void {
    if (value < 0) this.negativeSeen = true;
    this.resolution.push(value);
  }

  private learn(slot: number, e: number, z: number): void {
    this.pushResidual(e);
    if (this.levelShifted(e, z)) return;
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

  /**
   * Records the error; when the last `shiftPoints` errors all lie beyond `shiftSigmas` on one side, moves the level by
   * their median (minus the error centre), re-bases those errors in the scale window, and says so.
   */
  private levelShifted(e: number, z: number): boolean {
    const m = this.recentE.length;
    if (m === 0) return false;
    this.recentE[this.recentPos] = e;
    this.recentZ[this.recentPos] = Number.isFinite(z) ? z : 0;
    this.recentPos = (this.recentPos + 1) % m;
    this.recentN = Math.min(m, this.recentN + 1);
    if (this.recentN < m) return false;
    const k = this.opts.shiftSigmas ?? 4;
    let up = 0;
    let down = 0;
    for (let i = 0; i < m; i++) {
      if (this.recentZ[i] > k) up++;
      else if (this.recentZ[i] < -k) down++;
    }
    if (up < m && down < m) return false;
    const delta = medianInPlace(Float64Array.from(this.recentE), m) - this.center;
    this.level += delta;
    const w = this.resid.length;
    for (let j = 1; j <= Math.min(m, this.residN); j++) this.resid[(this.residPos - j + w) % w] -= delta;
    this.recentN = 0;
    this.shifts++;
    this.refreshScale();
    return true;
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
    this.sigma = calibratedScale(Math.max(mad, floor, tail), this.resolution.resolution, this.level, this.opts);
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
    baseline: 'static',
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
    alert: new Float64Array(n),
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
    r.alert![i] = p.alert ? p.score : 0;
    r.method = p.method;
    if (p.method === 'static') staticPoints++;
  }
  r.periods = det.currentPeriods;
  r.stepMs = det.stepMs;
  r.periodsMs = r.periods.map((p) => p * r.stepMs);
  r.baseline = baselineName(r.periodsMs, false);
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
