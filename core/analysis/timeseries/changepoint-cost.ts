/**
 * Segment costs for change-point search: −2·log-likelihood of a normal model with a linear mean and
 * its own variance per segment, from prefix sums, after Killick, Fearnhead & Eckley (2012), "Optimal
 * detection of changepoints with a linear computational cost" (JASA 107:500). Also the restricted
 * two-segment fits (one line; common slope with a step; a continuous hinge) used to say whether a
 * change is in level, trend or variance.
 */

/** Sufficient statistics of a segment: count and sums of x, x², y, xy, y². */
export interface SegmentSums {
  n: number;
  sx: number;
  sxx: number;
  sy: number;
  sxy: number;
  syy: number;
}

/** Prefix sums over points (x_i, y_i): sums over [i, j) in O(1). */
export class PrefixSums {
  private readonly s0: Float64Array;
  private readonly s1: Float64Array;
  private readonly s2: Float64Array;
  private readonly t1: Float64Array;
  private readonly t2: Float64Array;
  private readonly c: Float64Array;

  /** O(n). `x` and `y` must be finite and of equal length. */
  constructor(x: Float64Array, y: Float64Array) {
    const n = x.length;
    this.s0 = new Float64Array(n + 1);
    this.s1 = new Float64Array(n + 1);
    this.s2 = new Float64Array(n + 1);
    this.t1 = new Float64Array(n + 1);
    this.t2 = new Float64Array(n + 1);
    this.c = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      this.s0[i + 1] = this.s0[i] + 1;
      this.s1[i + 1] = this.s1[i] + x[i];
      this.s2[i + 1] = this.s2[i] + x[i] * x[i];
      this.t1[i + 1] = this.t1[i] + y[i];
      this.t2[i + 1] = this.t2[i] + y[i] * y[i];
      this.c[i + 1] = this.c[i] + x[i] * y[i];
    }
  }

  /** segmentCost(sums(i, j), floor) without allocating: the hot loop of PELT. O(1). */
  cost(i: number, j: number, varianceFloor: number): number {
    const n = this.s0[j] - this.s0[i];
    if (n <= 0) return 0;
    const sx = this.s1[j] - this.s1[i];
    const sy = this.t1[j] - this.t1[i];
    const sxx = this.s2[j] - this.s2[i];
    const mx = sx / n;
    const my = sy / n;
    const cxx = sxx - sx * mx;
    const cxy = this.c[j] - this.c[i] - sx * my;
    let rss = Math.max(0, this.t2[j] - this.t2[i] - sy * my);
    if (cxx > 1e-13 * sxx && cxx > 0) rss = Math.max(0, rss - (cxy * cxy) / cxx);
    return n * Math.log(Math.max(rss / n, varianceFloor));
  }

  /** Sums over points [i, j). */
  sums(i: number, j: number): SegmentSums {
    return {
      n: this.s0[j] - this.s0[i],
      sx: this.s1[j] - this.s1[i],
      sxx: this.s2[j] - this.s2[i],
      sy: this.t1[j] - this.t1[i],
      sxy: this.c[j] - this.c[i],
      syy: this.t2[j] - this.t2[i],
    };
  }
}

/** Least-squares line of a segment: slope, value at the mean x, residual sum of squares. */
export interface LineFit {
  slope: number;
  meanX: number;
  meanY: number;
  rss: number;
}

/** Least-squares line from sums. A segment whose x do not vary gets slope 0. O(1). */
export function fitLine(s: SegmentSums): LineFit {
  if (s.n <= 0) return { slope: 0, meanX: 0, meanY: 0, rss: 0 };
  const mx = s.sx / s.n;
  const my = s.sy / s.n;
  const cxx = s.sxx - s.sx * mx;
  const cxy = s.sxy - s.sx * my;
  const cyy = Math.max(0, s.syy - s.sy * my);
  if (!(cxx > 1e-13 * s.sxx) || cxx <= 0) return { slope: 0, meanX: mx, meanY: my, rss: cyy };
  const slope = cxy / cxx;
  return { slope, meanX: mx, meanY: my, rss: Math.max(0, cyy - slope * cxy) };
}

/**
 * Cost of one segment: n·log(max(RSS/n, floor)), the normal −2·log-likelihood with a fitted line
 * and variance, up to a constant per point. The floor keeps a flat stretch from costing −∞.
 */
export function segmentCost(s: SegmentSums, varianceFloor: number): number {
  if (s.n <= 0) return 0;
  return s.n * Math.log(Math.max(fitLine(s).rss / s.n, varianceFloor));
}

function add(a: SegmentSums, b: SegmentSums): SegmentSums {
  return { n: a.n + b.n, sx: a.sx + b.sx, sxx: a.sxx + b.sxx, sy: a.sy + b.sy, sxy: a.sxy + b.sxy, syy: a.syy + b.syy };
}

function centered(s: SegmentSums): { xx: number; xy: number; yy: number } {
  if (s.n <= 0) return { xx: 0, xy: 0, yy: 0 };
  return { xx: s.sxx - (s.sx * s.sx) / s.n, xy: s.sxy - (s.sx * s.sy) / s.n, yy: Math.max(0, s.syy - (s.sy * s.sy) / s.n) };
}

/** RSS of a continuous broken line (hinge at xk) over L ∪ R: y = a + b·x + c·max(0, x − xk). */
function hingeRss(l: SegmentSums, r: SegmentSums, xk: number): number {
  const all = add(l, r);
  const n = all.n;
  // z = x − xk on R, 0 on L. Sums of z from R's sums.
  const sz = r.sx - r.n * xk;
  const szz = r.sxx - 2 * xk * r.sx + r.n * xk * xk;
  const sxz = r.sxx - xk * r.sx;
  const szy = r.sxy - xk * r.sy;
  // Centre every column on its mean, then solve the 2×2 system for (b, c).
  const mx = all.sx / n;
  const mz = sz / n;
  const my = all.sy / n;
  const axx = all.sxx - n * mx * mx;
  const azz = szz - n * mz * mz;
  const axz = sxz - n * mx * mz;
  const axy = all.sxy - n * mx * my;
  const azy = szy - n * mz * my;
  const ayy = Math.max(0, all.syy - n * my * my);
  const det = axx * azz - axz * axz;
  if (!(Math.abs(det) > 1e-12 * Math.max(1, axx * azz))) return centered(all).yy - (axx > 0 ? (axy * axy) / axx : 0);
  const b = (azz * axy - axz * azy) / det;
  const c = (axx * azy - axz * axy) / det;
  return Math.max(0, ayy - b * axy - c * azy);
}

/** Evidence (in −2·log-likelihood units) that L and R differ in level, trend or variance. */
export interface ChangeEvidence {
  /** one line vs. a step with a common slope. */
  level: number;
  /** one line vs. a continuous hinge. */
  trend: number;
  /** common variance vs. one variance per side (lines free). */
  variance: number;
  /** one line and one variance vs. everything free: the total. */
  total: number;
}

/**
 * Likelihood-ratio evidence for each kind of change between adjacent segments L and R. The hinge
 * is placed at `xk` (between the last x of L and the first of R). O(1).
 */
export function changeEvidence(l: SegmentSums, r: SegmentSums, xk: number, varianceFloor: number): ChangeEvidence {
  const all = add(l, r);
  const n = all.n;
  const logv = (rss: number, m: number): number => Math.log(Math.max(rss / m, varianceFloor));
  const rssL = fitLine(l).rss;
  const rssR = fitLine(r).rss;
  const rss0 = fitLine(all).rss;
  const cl = centered(l);
  const cr = centered(r);
  const pxx = cl.xx + cr.xx;
  const rssLevel = Math.max(0, cl.yy + cr.yy - (pxx > 0 ? (cl.xy + cr.xy) ** 2 / pxx : 0));
  const rssHinge = hingeRss(l, r, xk);
  const c0 = n * logv(rss0, n);
  const cSep = n * logv(rssL + rssR, n);
  const cFull = l.n * logv(rssL, l.n) + r.n * logv(rssR, r.n);
  return {
    level: Math.max(0, c0 - n * logv(rssLevel, n)),
    trend: Math.max(0, c0 - n * logv(rssHinge, n)),
    variance: Math.max(0, cSep - cFull),
    total: Math.max(0, c0 - cFull),
  };
}

/**
 * Level just before and just after a step at `xk` under a common slope (the "level" model of
 * changeEvidence): a level shift on a trending series is the jump, not the difference of the means.
 */
export function stepAt(l: SegmentSums, r: SegmentSums, xk: number): { before: number; after: number } {
  const cl = centered(l);
  const cr = centered(r);
  const pxx = cl.xx + cr.xx;
  const slope = pxx > 0 ? (cl.xy + cr.xy) / pxx : 0;
  const ml = l.n > 0 ? l.sy / l.n : 0;
  const mr = r.n > 0 ? r.sy / r.n : 0;
  return {
    before: ml + slope * (xk - (l.n > 0 ? l.sx / l.n : 0)),
    after: mr + slope * (xk - (r.n > 0 ? r.sx / r.n : 0)),
  };
}
