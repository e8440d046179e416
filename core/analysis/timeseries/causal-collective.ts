// Collective-anomaly statistic for a stream of standardised errors: the mean of the last w clipped errors, judged
// against its own robust history. References: Roberts 1959 / moving-window mean charts (sustained shifts that no
// single point reveals); Ahmad, Lavin, Purdy & Agha 2017 (NAB anomaly likelihood: a short average of scores compared
// with a long window of them).

import { MAD_TO_SIGMA, medianInPlace, selectInPlace } from '../stats';
import { normalQuantile, scoreFromZ } from './normal';

export interface WindowMeanOptions {
  /** Errors are clipped to +/- this before averaging, so one spike cannot pass for a sustained shift (default 3). */
  clip?: number;
  /** Past window means kept for the reference distribution (default 2000). */
  history?: number;
  /** The reference centre and scale are refreshed every this many points (default 20). */
  refreshEvery?: number;
  /** Means needed before anything is scored (default 100). */
  minHistory?: number;
  /** Heavy-tail guard: scale >= this quantile of |mean - centre| over its normal value (default 0.995). */
  tailQuantile?: number;
}

/**
 * Streaming score of the mean of the last `window` clipped standardised errors m_t = mean(clip(z_{t-w+1..t})).
 * The reference is the median c and a robust scale s of the past means (the larger of 1.4826 MAD and the
 * `tailQuantile` quantile of |m - c| over its normal value, at least 1e-6); score = 1 - P(|Z| >= |m_t - c| / s).
 * Each push scores the window ending at the new error against means strictly before it, then stores the new mean.
 *
 * Cost: O(1) per push plus an O(history) refresh every `refreshEvery` pushes. NaN errors count as 0 (no evidence).
 * Throws when window < 1.
 */
export class WindowMeanScore {
  private readonly ring: Float64Array;
  private readonly means: Float64Array;
  private readonly clip: number;
  private readonly refreshEvery: number;
  private readonly minHistory: number;
  private readonly tailQuantile: number;
  private pos = 0;
  private count = 0;
  private sum = 0;
  private meanN = 0;
  private meanPos = 0;
  private since = 0;
  private center = 0;
  private scale = NaN;

  constructor(window: number, opts: WindowMeanOptions = {}) {
    if (!(window >= 1)) throw new Error(`WindowMeanScore: window must be at least 1 point, got ${window}`);
    this.ring = new Float64Array(Math.round(window));
    this.means = new Float64Array(Math.max(10, Math.round(opts.history ?? 2000)));
    this.clip = opts.clip ?? 3;
    this.refreshEvery = Math.max(1, Math.round(opts.refreshEvery ?? 20));
    this.minHistory = Math.max(10, Math.round(opts.minHistory ?? 100));
    this.tailQuantile = opts.tailQuantile ?? 0.995;
  }

  /** Adds one standardised error and returns the score of the window that ends with it (0 while warming up). */
  push(z: number): number {
    const w = this.ring.length;
    const x = Number.isFinite(z) ? Math.max(-this.clip, Math.min(this.clip, z)) : 0;
    this.sum += x - this.ring[this.pos];
    this.ring[this.pos] = x;
    this.pos = (this.pos + 1) % w;
    this.count = Math.min(w, this.count + 1);
    if (this.pos === 0) this.sum = this.ring.reduce((a, b) => a + b, 0); // no drift from running sums
    const m = this.sum / this.count;
    if (this.meanN >= this.minHistory && (this.since >= this.refreshEvery || Number.isNaN(this.scale))) this.refresh();
    this.since++;
    const score = Number.isNaN(this.scale) ? 0 : scoreFromZ((m - this.center) / this.scale);
    this.means[this.meanPos] = m;
    this.meanPos = (this.meanPos + 1) % this.means.length;
    this.meanN = Math.min(this.means.length, this.meanN + 1);
    return score;
  }

  private refresh(): void {
    this.since = 0;
    const n = this.meanN;
    const buf = Float64Array.from(this.means.subarray(0, n));
    const c = medianInPlace(buf, n);
    for (let i = 0; i < n; i++) buf[i] = Math.abs(buf[i] - c);
    const q = this.tailQuantile;
    const tail = q > 0 ? selectInPlace(buf, Math.min(n - 1, Math.floor(q * (n - 1))), n) / normalQuantile(0.5 + q / 2) : 0;
    this.center = c;
    this.scale = Math.max(MAD_TO_SIGMA * medianInPlace(buf, n), tail, 1e-6);
  }
}
