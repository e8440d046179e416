/**
 * Change points in level, trend and variance by PELT — Killick, Fearnhead & Eckley (2012), "Optimal
 * detection of changepoints with a linear computational cost", JASA 107:500 — over a normal cost with
 * a linear mean and its own variance per segment, searched on block boundaries and refined per point.
 */
import { changeEvidence, fitLine, PrefixSums, stepAt, type ChangeEvidence } from './changepoint-cost';
import { median, medianInPlace, robustScale } from '../stats';

export type ChangeKind = 'level' | 'trend' | 'variance';

export interface ChangePoint {
  /** Index (into the caller's arrays) of the first point after the change. */
  index: number;
  ts: number;
  kind: ChangeKind;
  /** level: the level just before and after (a step with a common slope); trend: slopes (value per hour, or per point without timestamps); variance: std. */
  before: number;
  after: number;
  unit: 'value' | 'value/hour' | 'value/point' | 'std';
  /** 0.5 when the evidence just equals the penalty, towards 1 as it grows: 1 − 2^(−evidence/penalty). */
  confidence: number;
  /** −2·log-likelihood ratios for each kind of change (see changeEvidence). */
  evidence: ChangeEvidence;
}

export interface Segment {
  /** First and last index (inclusive) into the caller's arrays. */
  start: number;
  end: number;
  startTs: number;
  endTs: number;
  /** Finite points in the segment. */
  n: number;
  mean: number;
  /** Slope of the least-squares line, per hour (per point without timestamps). */
  slope: number;
  /** Residual standard deviation about that line. */
  std: number;
}

export interface ChangePointOptions {
  /** Fewest points in a segment (default max(5, ⌈n/500⌉)). */
  minSegment?: number;
  /** Multiplies the penalty 4·ln(n) (default 1.5; larger finds fewer changes). */
  penaltyScale?: number;
  /** PELT runs on at most this many blocks, then each change is refined per point (default 2000). */
  maxBlocks?: number;
  /** Raise the penalty by (1+φ)/(1−φ) when residuals are autocorrelated with lag-1 φ (default true). */
  autocorrelation?: boolean;
  /**
   * Season length in steps (e.g. 24 for a daily cycle in hourly data). When given, a per-phase median profile
   * is removed first, so the daily swing of a metric is not read as a run of trend changes; levels reported
   * are then deseasonalised.
   */
  period?: number;
}

export interface ChangePointResult {
  changes: ChangePoint[];
  segments: Segment[];
  /** The penalty per change, in −2·log-likelihood units, after the autocorrelation correction. */
  penalty: number;
  /** Points per block in the PELT search (1: searched per point). */
  blockSize: number;
  /** What was done: points skipped, clipped, the autocorrelation correction, why nothing was searched. */
  notes: string[];
}

const HOUR_MS = 3_600_000;
const VARIANCE_FLOOR = 0.01; // in units of the series' noise variance: std ratios beyond 10× saturate

/** Centred running median of width w (edges use what is there). O(n·w) average (quickselect per window). */
function runningMedian(y: Float64Array, w: number): Float64Array {
  const out = new Float64Array(y.length);
  const h = Math.floor(w / 2);
  const buf = new Float64Array(2 * h + 1);
  for (let i = 0; i < y.length; i++) {
    let m = 0;
    for (let j = Math.max(0, i - h); j <= Math.min(y.length - 1, i + h); j++) buf[m++] = y[j];
    out[i] = medianInPlace(buf, m);
  }
  return out;
}

/**
 * Classical decomposition with medians: trend = centred moving average of width p, profile[k] = median of
 * (y − trend) over points of phase k, centred to mean 0; returns y − profile[phase]. O(n log n).
 */
function removeSeason(y: Float64Array, phase: Int32Array, p: number): Float64Array {
  const n = y.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + y[i];
  const h = Math.floor(p / 2);
  const byPhase: number[][] = Array.from({ length: p }, () => []);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - h);
    const b = Math.min(n, i - h + p);
    byPhase[phase[i]].push(y[i] - (prefix[b] - prefix[a]) / (b - a));
  }
  const profile = byPhase.map((d) => (d.length ? median(d) : 0));
  const mean = profile.reduce((a, b) => a + b, 0) / p;
  return Float64Array.from(y, (v, i) => v - (profile[phase[i]] - mean));
}

/** PELT over the candidate positions `pos` (ascending, pos[0] = 0, last = n). Returns the chosen cuts. */
function pelt(pos: number[], cost: (i: number, j: number) => number, beta: number, minSeg: number): number[] {
  const k = pos.length - 1;
  const f = new Float64Array(k + 1).fill(Infinity);
  const prev = new Int32Array(k + 1).fill(-1);
  f[0] = -beta;
  let alive: number[] = [0];
  const seen = new Float64Array(k + 1);
  for (let t = 1; t <= k; t++) {
    let best = Infinity;
    let arg = -1;
    for (const s of alive) {
      if (pos[t] - pos[s] < minSeg || !Number.isFinite(f[s])) {
        seen[s] = NaN;
        continue;
      }
      const v = f[s] + cost(pos[s], pos[t]);
      seen[s] = v;
      if (v + beta < best) {
        best = v + beta;
        arg = s;
      }
    }
    f[t] = best;
    prev[t] = arg;
    // Pruning (K = 0: splitting a segment never raises its −2·log-likelihood).
    const next: number[] = [];
    for (const s of alive) if (Number.isNaN(seen[s]) || seen[s] <= best) next.push(s);
    next.push(t);
    alive = next;
  }
  const cuts: number[] = [];
  for (let t = prev[k]; t > 0; t = prev[t]) cuts.push(pos[t]);
  return cuts.reverse();
}

/** Move each cut to the best point within ±radius, keeping segments at least minSeg long. O(cuts·radius). */
function refine(cuts: number[], n: number, radius: number, minSeg: number, cost: (i: number, j: number) => number): number[] {
  const out = cuts.slice();
  for (let c = 0; c < out.length; c++) {
    const left = c === 0 ? 0 : out[c - 1];
    const right = c === out.length - 1 ? n : out[c + 1];
    let best = Infinity;
    let arg = out[c];
    for (let t = Math.max(left + minSeg, out[c] - radius); t <= Math.min(right - minSeg, out[c] + radius); t++) {
      const v = cost(left, t) + cost(t, right);
      if (v < best) {
        best = v;
        arg = t;
      }
    }
    out[c] = arg;
  }
  return out;
}

/** Pooled lag-1 autocorrelation of standardised residuals about each segment's line. O(n). */
function residualLag1(x: Float64Array, y: Float64Array, bounds: number[], ps: PrefixSums): number {
  let num = 0;
  let den = 0;
  for (let s = 0; s + 1 < bounds.length; s++) {
    const a = bounds[s];
    const b = bounds[s + 1];
    const fit = fitLine(ps.sums(a, b));
    const sd = Math.sqrt(fit.rss / Math.max(1, b - a)) || 1;
    let prev = NaN;
    for (let i = a; i < b; i++) {
      const r = Math.max(-4, Math.min(4, (y[i] - fit.meanY - fit.slope * (x[i] - fit.meanX)) / sd));
      den += r * r;
      if (i > a) num += r * prev;
      prev = r;
    }
  }
  return den > 0 ? num / den : 0;
}

/**
 * Finds change points in level, trend and variance of one series.
 *
 * Model: the series is cut into segments, each a straight line plus normal noise with its own variance;
 * a segment [i, j) costs n·ln(RSS/n) (−2·log-likelihood up to a constant), each cut costs
 * β = penaltyScale·4·ln(n) (BIC for slope, intercept, variance and position). PELT finds the exact
 * optimum over cuts at block boundaries (blocks of ⌈n/maxBlocks⌉ points), then each cut is moved to the best
 * point within one block. When residuals are autocorrelated (lag-1 φ > 0.1) β is multiplied by (1+φ)/(1−φ)
 * and the search repeated once, since dependent noise inflates every likelihood ratio by about that factor.
 * Before the search, values beyond 6 robust deviations from a running median of 7 are clipped, so a lone spike
 * is not a change. Each change is classified by which restricted fit of its two neighbouring segments explains
 * most: a step with a common slope (level), a continuous hinge (trend), or a variance change.
 *
 * With `period`, a per-phase median seasonal profile is removed first (classical decomposition).
 *
 * Complexity: O(n) for sums and refinement plus O(B²) worst case (B ≤ maxBlocks blocks), usually near O(B)
 * thanks to pruning. NaN values or timestamps are skipped (indices still refer to the caller's arrays).
 * Short (< 2·minSegment finite points) or constant series give no changes and a note saying so.
 * Throws RangeError only when `ts` and `values` differ in length or timestamps decrease.
 */
export function detectChangePoints(
  ts: Float64Array,
  values: Float64Array,
  options: ChangePointOptions = {},
): ChangePointResult {
  if (ts.length !== values.length) {
    throw new RangeError(`detectChangePoints: ts has ${ts.length} points but values has ${values.length}`);
  }
  const notes: string[] = [];
  const idx: number[] = [];
  let lastTs = -Infinity;
  for (let i = 0; i < ts.length; i++) {
    if (!Number.isFinite(ts[i]) || !Number.isFinite(values[i])) continue;
    if (ts[i] < lastTs) throw new RangeError(`detectChangePoints: timestamps decrease at index ${i}`);
    lastTs = ts[i];
    idx.push(i);
  }
  const n = idx.length;
  if (n < ts.length) notes.push(`${ts.length - n} of ${ts.length} points skipped (NaN value or time)`);
  // x in median steps (gaps stay gaps), centred; y in units of the noise scale, centred.
  const diffs: number[] = [];
  for (let i = 1; i < n; i++) diffs.push(ts[idx[i]] - ts[idx[i - 1]]);
  const stepMs = median(diffs.filter((d) => d > 0));
  const timed = Number.isFinite(stepMs) && stepMs > 0;
  const perHour = timed ? HOUR_MS / stepMs : 1;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = timed ? (ts[idx[i]] - ts[idx[n >> 1]]) / stepMs : i - (n >> 1);
  const minSeg = Math.max(3, Math.round(options.minSegment ?? Math.max(5, Math.ceil(n / 500))));
  const empty = (why: string): ChangePointResult => ({
    changes: [],
    segments: n > 0 ? buildSegments([0, n], idx, ts, values, x, perHour) : [],
    penalty: NaN,
    blockSize: 1,
    notes: [...notes, why],
  });
  if (n < 2 * minSeg) return empty(`too short: ${n} points, need ${2 * minSeg} for two segments of ${minSeg}`);

  let yRaw: Float64Array = new Float64Array(n);
  for (let i = 0; i < n; i++) yRaw[i] = values[idx[i]];
  const period = Math.round(options.period ?? 0);
  if (period >= 2 && n >= 2 * period) {
    const phase = Int32Array.from(x, (v, i) => ((((timed ? Math.round(v - x[0]) : i) % period) + period) % period));
    yRaw = removeSeason(yRaw, phase, period);
    notes.push(`a seasonal profile of ${period} steps was removed before the search`);
  } else if (period >= 2) {
    notes.push(`season of ${period} steps not removed: fewer than two cycles`);
  }
  const center = median(yRaw);
  const dy = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) dy[i - 1] = yRaw[i] - yRaw[i - 1];
  let scale = robustScale(dy, 0) / Math.SQRT2;
  if (!(scale > 0)) scale = robustScale(yRaw, center);
  if (!(scale > 0)) return empty('constant series: no change to find');
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = (yRaw[i] - center) / scale;
  const rm = runningMedian(y, 7);
  const dev = new Float64Array(n);
  for (let i = 0; i < n; i++) dev[i] = y[i] - rm[i];
  const devScale = robustScale(dev, 0);
  let clipped = 0;
  if (devScale > 0) {
    for (let i = 0; i < n; i++) {
      const lim = 6 * devScale;
      if (Math.abs(dev[i]) > lim) {
        y[i] = rm[i] + Math.sign(dev[i]) * lim;
        clipped++;
      }
    }
  }
  if (clipped > 0) notes.push(`${clipped} outlying points clipped to 6 robust deviations before the search`);

  const ps = new PrefixSums(x, y);
  const cost = (i: number, j: number): number => ps.cost(i, j, VARIANCE_FLOOR);
  const blockSize = Math.max(1, Math.ceil(n / Math.max(10, options.maxBlocks ?? 2000)));
  const pos: number[] = [];
  for (let p = 0; p < n; p += blockSize) pos.push(p);
  pos.push(n);
  const baseBeta = (options.penaltyScale ?? 1.5) * 4 * Math.log(n);
  const search = (beta: number): number[] => {
    const cuts = pelt(pos, cost, beta, minSeg);
    return blockSize > 1 ? refine(cuts, n, blockSize, minSeg, cost) : cuts;
  };
  let beta = baseBeta;
  let cuts = search(beta);
  if (options.autocorrelation ?? true) {
    const phi = Math.min(0.9, residualLag1(x, y, [0, ...cuts, n], ps));
    if (phi > 0.1) {
      const kappa = (1 + phi) / (1 - phi);
      beta = baseBeta * kappa;
      cuts = search(beta);
      notes.push(`residual lag-1 autocorrelation ${phi.toFixed(2)}: penalty raised ×${kappa.toFixed(2)}`);
    }
  }

  const bounds = [0, ...cuts, n];
  const rawPs = new PrefixSums(x, new Float64Array(yRaw.map((v) => v - center)));
  const changes: ChangePoint[] = [];
  for (let c = 1; c + 1 < bounds.length; c++) {
    const [a, t, b] = [bounds[c - 1], bounds[c], bounds[c + 1]];
    const xk = (x[t - 1] + x[t]) / 2;
    const ev = changeEvidence(ps.sums(a, t), ps.sums(t, b), xk, VARIANCE_FLOOR);
    const l = rawPs.sums(a, t);
    const r = rawPs.sums(t, b);
    const fl = fitLine(l);
    const fr = fitLine(r);
    let kind: ChangeKind;
    if (ev.variance > Math.max(ev.level, ev.trend)) kind = 'variance';
    else kind = ev.level >= ev.trend ? 'level' : 'trend';
    const step = stepAt(l, r, xk);
    const [before, after, unit]: [number, number, ChangePoint['unit']] =
      kind === 'level'
        ? [step.before + center, step.after + center, 'value']
        : kind === 'trend'
          ? [fl.slope * perHour, fr.slope * perHour, timed ? 'value/hour' : 'value/point']
          : [Math.sqrt(fl.rss / l.n), Math.sqrt(fr.rss / r.n), 'std'];
    changes.push({
      index: idx[t],
      ts: ts[idx[t]],
      kind,
      before,
      after,
      unit,
      confidence: 1 - Math.pow(2, -ev.total / beta),
      evidence: ev,
    });
  }
  if (blockSize > 1) notes.push(`searched on blocks of ${blockSize} points, each change refined per point`);
  return {
    changes,
    segments: buildSegments(bounds, idx, ts, values, x, perHour),
    penalty: beta,
    blockSize,
    notes,
  };
}

function buildSegments(
  bounds: number[],
  idx: number[],
  ts: Float64Array,
  values: Float64Array,
  x: Float64Array,
  perHour: number,
): Segment[] {
  const segs: Segment[] = [];
  for (let s = 0; s + 1 < bounds.length; s++) {
    const a = bounds[s];
    const b = bounds[s + 1];
    const xs = new Float64Array(b - a);
    const ys = new Float64Array(b - a);
    for (let i = a; i < b; i++) {
      xs[i - a] = x[i];
      ys[i - a] = values[idx[i]];
    }
    const m = ys.reduce((p, v) => p + v, 0) / ys.length;
    const fit = fitLine(new PrefixSums(xs, ys.map((v) => v - m)).sums(0, ys.length));
    segs.push({
      start: idx[a],
      end: idx[b - 1],
      startTs: ts[idx[a]],
      endTs: ts[idx[b - 1]],
      n: b - a,
      mean: m,
      slope: fit.slope * perHour,
      std: Math.sqrt(fit.rss / (b - a)),
    });
  }
  return segs;
}
