// STL: Seasonal-Trend decomposition using Loess. Reference: Cleveland, Cleveland, McRae & Terpenning 1990,
// J. Official Statistics 6(1); follows the netlib Fortran (stl.f) step by step, as statsmodels' STL does.

import { medianInPlace } from '../stats';
import { fillGaps } from './anomaly-grid';

export interface StlOptions {
  /** Samples per seasonal cycle (>= 2). */
  period: number;
  /** Seasonal smoother span in cycles (odd, >= 3; even values are raised by one). Default 7. */
  seasonal?: number;
  /** Trend smoother span in samples. Default: smallest odd >= 1.5 period / (1 - 1.5 / seasonal). */
  trend?: number;
  /** Low-pass filter span. Default: smallest odd > period. */
  lowPass?: number;
  /** Degrees (0 or 1) of the three loess smoothers. Default 1 each. */
  seasonalDeg?: 0 | 1;
  trendDeg?: 0 | 1;
  lowPassDeg?: 0 | 1;
  /**
   * Fit every `jump`-th point and interpolate linearly between them (speed). Default ceil(span / 10), as R's stl;
   * statsmodels uses 1.
   */
  seasonalJump?: number;
  trendJump?: number;
  lowPassJump?: number;
  /** Outer robustness iterations with bisquare weights (default true). */
  robust?: boolean;
  /** Inner passes per outer iteration. Default 2 when robust, 5 otherwise (as statsmodels). */
  inner?: number;
  /** Outer iterations. Default 15 when robust, 0 otherwise (as statsmodels). */
  outer?: number;
}

export interface StlResult {
  trend: Float64Array;
  seasonal: Float64Array;
  /** observed - trend - seasonal; NaN where the input was missing. */
  remainder: Float64Array;
  /** Final robustness weights (1 when not robust). */
  weights: Float64Array;
  notes: string[];
}

/** Resolved STL parameters (all odd spans, jumps >= 1). */
interface StlParams {
  np: number;
  ns: number;
  nt: number;
  nl: number;
  isdeg: number;
  itdeg: number;
  ildeg: number;
  nsjump: number;
  ntjump: number;
  nljump: number;
  ni: number;
  no: number;
}

const odd = (v: number): number => (v % 2 === 0 ? v + 1 : v);

/**
 * Robust STL decomposition y = trend + seasonal + remainder (Cleveland et al. 1990).
 *
 * Inner loop (per pass): detrend; smooth each cycle-subseries with loess (span `seasonal`), extended one cycle
 * at each end; low-pass the result (moving averages of period, period, 3, then loess of span `lowPass`) and
 * subtract it to get the seasonal; loess-smooth y - seasonal (span `trend`) for the trend. Outer loop: bisquare
 * robustness weights from |y - trend - seasonal| / (6 median), used by the next passes.
 *
 * Complexity O(n x (ns + nl / lowPassJump + nt / trendJump) x passes); with the default jumps ~O(n x 20 x passes).
 * NaN policy: missing values are interpolated linearly before fitting (noted); the remainder is NaN there.
 * Throws when period < 2, the series has fewer than two full cycles, or every value is missing.
 */
export function stl(values: Float64Array, opts: StlOptions): StlResult {
  const n = values.length;
  const period = Math.round(opts.period);
  if (!(period >= 2)) throw new Error(`STL period must be at least 2 samples, got ${opts.period}`);
  if (n < 2 * period) throw new Error(`STL needs at least two full cycles: ${n} points < 2 x period ${period}`);
  const notes: string[] = [];
  const filled = fillGaps(values);
  if (filled.finite === 0) throw new Error('STL: every value is missing');
  if (filled.filled > 0) notes.push(`${filled.filled} missing value(s) were interpolated before decomposition`);
  const y = filled.values;
  const p = resolveParams(period, opts);
  const season = new Float64Array(n);
  const trend = new Float64Array(n);
  const rw = new Float64Array(n).fill(1);
  const fit = new Float64Array(n);
  let userw = false;
  const ws = new StlWork(n, p.np);
  for (let k = 0; ; k++) {
    innerLoop(y, p, userw, rw, season, trend, ws);
    if (k + 1 > p.no) break;
    for (let i = 0; i < n; i++) fit[i] = trend[i] + season[i];
    robustnessWeights(y, fit, rw);
    userw = true;
  }
  if (p.no <= 0) rw.fill(1);
  const remainder = new Float64Array(n);
  for (let i = 0; i < n; i++) remainder[i] = Number.isFinite(values[i]) ? values[i] - trend[i] - season[i] : NaN;
  return { trend, seasonal: season, remainder, weights: rw, notes };
}

function resolveParams(period: number, o: StlOptions): StlParams {
  const np = Math.max(2, period);
  const ns = odd(Math.max(3, Math.round(o.seasonal ?? 7)));
  let nt = o.trend ?? Math.ceil((1.5 * np) / (1 - 1.5 / ns));
  nt = odd(Math.max(3, Math.round(nt)));
  const nl = odd(Math.max(3, Math.round(o.lowPass ?? np + 1)));
  const robust = o.robust ?? true;
  const jump = (v: number | undefined, span: number): number => Math.max(1, Math.round(v ?? Math.ceil(span / 10)));
  return {
    np,
    ns,
    nt,
    nl,
    isdeg: o.seasonalDeg ?? 1,
    itdeg: o.trendDeg ?? 1,
    ildeg: o.lowPassDeg ?? 1,
    nsjump: jump(o.seasonalJump, ns),
    ntjump: jump(o.trendJump, nt),
    nljump: jump(o.lowPassJump, nl),
    ni: Math.max(1, Math.round(o.inner ?? (robust ? 2 : 5))),
    no: Math.max(0, Math.round(o.outer ?? (robust ? 15 : 0))),
  };
}

/** Scratch arrays shared by the passes (sizes as in stl.f: n + 2 np). */
class StlWork {
  readonly w1: Float64Array;
  readonly w2: Float64Array;
  readonly w3: Float64Array;
  readonly w4: Float64Array;
  readonly w5: Float64Array;
  constructor(n: number, np: number) {
    const m = n + 2 * np;
    this.w1 = new Float64Array(m);
    this.w2 = new Float64Array(m);
    this.w3 = new Float64Array(m);
    this.w4 = new Float64Array(m);
    this.w5 = new Float64Array(m);
  }
}

/** stlstp: `ni` inner passes updating season and trend in place. */
function innerLoop(
  y: Float64Array,
  p: StlParams,
  userw: boolean,
  rw: Float64Array,
  season: Float64Array,
  trend: Float64Array,
  ws: StlWork,
): void {
  const n = y.length;
  const { w1, w2, w3, w4, w5 } = ws;
  for (let j = 0; j < p.ni; j++) {
    for (let i = 0; i < n; i++) w1[i] = y[i] - trend[i];
    cycleSubseries(w1, n, p.np, p.ns, p.isdeg, p.nsjump, userw, rw, w2, w3, w4, w5);
    lowPassMovingAverages(w2, n + 2 * p.np, p.np, w3, w1);
    loess(w3, 0, n, p.nl, p.ildeg, p.nljump, false, rw, 0, w1, 0, w4);
    for (let i = 0; i < n; i++) season[i] = w2[p.np + i] - w1[i];
    for (let i = 0; i < n; i++) w1[i] = y[i] - season[i];
    loess(w1, 0, n, p.nt, p.itdeg, p.ntjump, userw, rw, 0, trend, 0, w3);
  }
}

/**
 * stlss: loess-smooth each cycle-subseries and extrapolate one value before and after it; writes n + 2 np values
 * into `out` (cycle j of the extended series sits at (m - 1) np + j).
 */
function cycleSubseries(
  y: Float64Array,
  n: number,
  np: number,
  ns: number,
  isdeg: number,
  nsjump: number,
  userw: boolean,
  rw: Float64Array,
  out: Float64Array,
  sub: Float64Array,
  smooth: Float64Array,
  scratch: Float64Array,
): void {
  const subW = new Float64Array(Math.floor((n - 1) / np) + 1);
  for (let j = 0; j < np; j++) {
    const k = Math.floor((n - 1 - j) / np) + 1;
    for (let i = 0; i < k; i++) sub[i] = y[i * np + j];
    if (userw) for (let i = 0; i < k; i++) subW[i] = rw[i * np + j];
    // smooth[1..k] = loess at 1..k; smooth[0] and smooth[k+1] = extrapolations at 0 and k + 1.
    loess(sub, 0, k, ns, isdeg, nsjump, userw, subW, 0, smooth, 1, scratch);
    const nright = Math.min(ns, k);
    const left = estimate(sub, 0, k, ns, isdeg, 0, 1, nright, scratch, userw, subW, 0);
    smooth[0] = Number.isNaN(left) ? smooth[1] : left;
    const nleft = Math.max(1, k - ns + 1);
    const right = estimate(sub, 0, k, ns, isdeg, k + 1, nleft, k, scratch, userw, subW, 0);
    smooth[k + 1] = Number.isNaN(right) ? smooth[k] : right;
    for (let m = 0; m < k + 2; m++) out[m * np + j] = smooth[m];
  }
}

/** stlfts: moving averages of lengths np, np and 3 of x (length m) into out (length m - 2 np). */
function lowPassMovingAverages(x: Float64Array, m: number, np: number, out: Float64Array, tmp: Float64Array): void {
  movingAverageInto(x, m, np, out);
  movingAverageInto(out, m - np + 1, np, tmp);
  movingAverageInto(tmp, m - 2 * np + 2, 3, out);
}

/** stlma: ave[j] = mean of x[j .. j + len - 1], j = 0 .. n - len. */
function movingAverageInto(x: Float64Array, n: number, len: number, ave: Float64Array): void {
  const newn = n - len + 1;
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i];
  ave[0] = v / len;
  for (let j = 1; j < newn; j++) {
    v = v - x[j - 1] + x[j + len - 1];
    ave[j] = v / len;
  }
}

/**
 * stless: loess smoothing of y[yOff .. yOff + n) with span `len`, degree `ideg`, evaluated every `njump` points
 * and interpolated linearly between; writes ys[ysOff .. ysOff + n). Weights rw[rwOff ..] when userw.
 */
function loess(
  y: Float64Array,
  yOff: number,
  n: number,
  len: number,
  ideg: number,
  njump: number,
  userw: boolean,
  rw: Float64Array,
  rwOff: number,
  ys: Float64Array,
  ysOff: number,
  w: Float64Array,
): void {
  if (n < 2) {
    ys[ysOff] = y[yOff];
    return;
  }
  const newnj = Math.min(njump, n - 1);
  let nleft = 1;
  let nright = n;
  // Positions are 1-based as in stl.f; ys(i) lives at ys[ysOff + i - 1].
  const put = (i: number, v: number): void => {
    ys[ysOff + i - 1] = Number.isNaN(v) ? y[yOff + i - 1] : v;
  };
  const est = (xs: number): number => estimate(y, yOff, n, len, ideg, xs, nleft, nright, w, userw, rw, rwOff);
  if (len >= n) {
    nleft = 1;
    nright = n;
    for (let i = 1; i <= n; i += newnj) put(i, est(i));
  } else if (newnj === 1) {
    const nsh = Math.floor((len + 1) / 2);
    nleft = 1;
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > nsh && nright !== n) {
        nleft++;
        nright++;
      }
      put(i, est(i));
    }
  } else {
    const nsh = Math.floor((len + 1) / 2);
    for (let i = 1; i <= n; i += newnj) {
      if (i < nsh) {
        nleft = 1;
        nright = len;
      } else if (i >= n - nsh + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i - nsh + 1;
        nright = len + i - nsh;
      }
      put(i, est(i));
    }
  }
  if (newnj !== 1) {
    for (let i = 1; i <= n - newnj; i += newnj) {
      const a = ys[ysOff + i - 1];
      const delta = (ys[ysOff + i + newnj - 1] - a) / newnj;
      for (let j = i + 1; j <= i + newnj - 1; j++) ys[ysOff + j - 1] = a + delta * (j - i);
    }
    const k = Math.floor((n - 1) / newnj) * newnj + 1;
    if (k !== n) {
      put(n, est(n));
      if (k !== n - 1) {
        const a = ys[ysOff + k - 1];
        const delta = (ys[ysOff + n - 1] - a) / (n - k);
        for (let j = k + 1; j <= n - 1; j++) ys[ysOff + j - 1] = a + delta * (j - k);
      }
    }
  }
}

/**
 * stlest: local (degree 0 or 1) tricube-weighted fit at 1-based position xs using points nleft..nright.
 * Returns NaN when all weights are zero (the caller substitutes a neighbour).
 */
function estimate(
  y: Float64Array,
  yOff: number,
  n: number,
  len: number,
  ideg: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  userw: boolean,
  rw: Float64Array,
  rwOff: number,
): number {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.floor((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    let wj = 0;
    const r = Math.abs(j - xs);
    if (r <= h9) {
      if (r <= h1) wj = 1;
      else {
        const q = r / h;
        const t = 1 - q * q * q;
        wj = t * t * t;
      }
      if (userw) wj *= rw[rwOff + j - 1];
      a += wj;
    }
    w[j - 1] = wj;
  }
  if (a <= 0) return NaN;
  for (let j = nleft; j <= nright; j++) w[j - 1] /= a;
  if (h > 0 && ideg > 0) {
    let m = 0;
    for (let j = nleft; j <= nright; j++) m += w[j - 1] * j;
    let b = xs - m;
    let c = 0;
    for (let j = nleft; j <= nright; j++) c += w[j - 1] * (j - m) * (j - m);
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (let j = nleft; j <= nright; j++) w[j - 1] *= b * (j - m) + 1;
    }
  }
  let ys = 0;
  for (let j = nleft; j <= nright; j++) ys += w[j - 1] * y[yOff + j - 1];
  return ys;
}

/** stlrwt: bisquare weights from |y - fit| / (6 x median |y - fit|). O(n). */
function robustnessWeights(y: Float64Array, fit: Float64Array, rw: Float64Array): void {
  const n = y.length;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = Math.abs(y[i] - fit[i]);
  // Guard (not in stl.f): a noise-free fit has median residual ~0, which would zero every weight; keep a floor
  // of 1e-9 of the data scale so exact fits keep weight 1 and only real outliers lose theirs.
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(y[i]));
  // stl.f's 3 x (r[mid1] + r[mid2]) of the sorted residuals is 6 x their median, exactly (halving is exact).
  const cmad = Math.max(6 * medianInPlace(Float64Array.from(r), n), 1e-9 * (1 + scale));
  const c9 = 0.999 * cmad;
  const c1 = 0.001 * cmad;
  for (let i = 0; i < n; i++) {
    const v = r[i];
    if (v <= c1) rw[i] = 1;
    else if (v <= c9) {
      const u = v / cmad;
      rw[i] = (1 - u * u) * (1 - u * u);
    } else rw[i] = 0;
  }
}
