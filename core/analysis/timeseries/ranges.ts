// Merging flagged points into anomaly ranges (runs with small gaps bridged), as alerting systems group firing
// samples into incidents. Reference: Hochenbaum, Vallis & Kejariwal 2017 §5 (anomalies reported as windows).

export type Severity = 'low' | 'medium' | 'high';

export interface AnomalyRange {
  startMs: number;
  endMs: number;
  /** Indices of the first and last flagged input points. */
  startIndex: number;
  endIndex: number;
  /** The flagged point furthest from its expected value (in robust sigmas). */
  peakMs: number;
  peakIndex: number;
  peakValue: number;
  expectedAtPeak: number;
  direction: 'up' | 'down';
  /** |value - expected| / scale at the peak. */
  sigmas: number;
  /** Highest score in the range. */
  score: number;
  /** low < 5 sigmas <= medium < 10 sigmas <= high. */
  severity: Severity;
  /** Flagged points in the range. */
  points: number;
}

export interface RangeInput {
  timestamps: ArrayLike<number>;
  values: ArrayLike<number>;
  expected: ArrayLike<number>;
  /** Robust scale per point (sigma), used for `sigmas`. */
  scale: ArrayLike<number>;
  score: ArrayLike<number>;
  anomaly: ArrayLike<number>;
}

/**
 * Groups flagged points (anomaly[i] = 1, in time order) into ranges: a flagged point joins the current range when
 * fewer than `maxGapPoints` unflagged input points separate it from the range's last flagged point. For each range
 * the peak is the point with the largest |value - expected| / scale; direction is its sign. O(n).
 * NaN policy: points with NaN value or scale never peak. Throws when the arrays differ in length.
 */
export function mergeRanges(input: RangeInput, maxGapPoints = 3): AnomalyRange[] {
  const n = input.timestamps.length;
  for (const [k, a] of Object.entries(input)) {
    if ((a as ArrayLike<number>).length !== n) throw new Error(`mergeRanges: ${k} has ${(a as ArrayLike<number>).length} entries, expected ${n}`);
  }
  const out: AnomalyRange[] = [];
  let cur: AnomalyRange | null = null;
  let lastFlag = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!input.anomaly[i]) continue;
    const dev = input.values[i] - input.expected[i];
    const sig = Math.abs(dev) / input.scale[i];
    if (cur && i - lastFlag - 1 < maxGapPoints) {
      cur.endIndex = i;
      cur.endMs = input.timestamps[i];
      cur.points++;
      cur.score = Math.max(cur.score, input.score[i]);
      if (sig > cur.sigmas || Number.isNaN(cur.sigmas)) setPeak(cur, input, i, dev, sig);
    } else {
      if (cur) out.push(finish(cur));
      cur = {
        startMs: input.timestamps[i],
        endMs: input.timestamps[i],
        startIndex: i,
        endIndex: i,
        peakMs: input.timestamps[i],
        peakIndex: i,
        peakValue: input.values[i],
        expectedAtPeak: input.expected[i],
        direction: dev >= 0 ? 'up' : 'down',
        sigmas: sig,
        score: input.score[i],
        severity: 'low',
        points: 1,
      };
    }
    lastFlag = i;
  }
  if (cur) out.push(finish(cur));
  return out;
}

function setPeak(r: AnomalyRange, input: RangeInput, i: number, dev: number, sig: number): void {
  r.peakIndex = i;
  r.peakMs = input.timestamps[i];
  r.peakValue = input.values[i];
  r.expectedAtPeak = input.expected[i];
  r.direction = dev >= 0 ? 'up' : 'down';
  r.sigmas = sig;
}

function finish(r: AnomalyRange): AnomalyRange {
  r.severity = r.sigmas >= 10 ? 'high' : r.sigmas >= 5 ? 'medium' : 'low';
  return r;
}
