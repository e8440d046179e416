/**
 * Min/max per pixel bucket downsampling — Jugel et al. 2014, "M4: A Visualization-Oriented Time
 * Series Data Aggregation" (VLDB). Drawing each bucket's min and max as a vertical run gives the
 * same picture as drawing every point, at a cost bounded by the width in pixels.
 */

export interface Buckets {
  /** Bucket start times (ms), ascending. */
  t: Float64Array;
  min: Float64Array;
  max: Float64Array;
  /** Mean of the finite values in the bucket. */
  avg: Float64Array;
  count: Float64Array;
}

/**
 * Aggregates (ts, values) into `n` equal buckets over [from, to). Buckets with no finite value are
 * left out, so gaps stay gaps. NaN values are skipped. O(points + n).
 * Throws RangeError when `n` < 1 or `to` <= `from`.
 *
 * @example minMaxBuckets([0, 1, 2, 3], [1, 5, 2, 8], 0, 4, 2) // t=[0,2] min=[1,2] max=[5,8]
 */
export function minMaxBuckets(
  ts: ArrayLike<number>,
  values: ArrayLike<number>,
  from: number,
  to: number,
  n: number,
): Buckets {
  const { width, min, max, sum, count } = accumulators(from, to, n);
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    const v = values[i];
    if (t < from || t >= to || !Number.isFinite(v)) continue;
    const b = Math.min(n - 1, Math.floor((t - from) / width));
    if (v < min[b]) min[b] = v;
    if (v > max[b]) max[b] = v;
    sum[b] += v;
    count[b]++;
  }
  return compact(from, width, min, max, sum, count);
}

/**
 * Re-aggregates pre-computed buckets (e.g. stored rollups: start, min, max, sum, count) into `n`
 * equal buckets over [from, to). Same output as minMaxBuckets on the underlying points when the
 * rollup step divides the target width.
 */
export function mergeBuckets(
  start: ArrayLike<number>,
  bmin: ArrayLike<number>,
  bmax: ArrayLike<number>,
  bsum: ArrayLike<number>,
  bcount: ArrayLike<number>,
  from: number,
  to: number,
  n: number,
): Buckets {
  const { width, min, max, sum, count } = accumulators(from, to, n);
  for (let i = 0; i < start.length; i++) {
    const t = start[i];
    if (t < from || t >= to || !(bcount[i] > 0)) continue;
    const b = Math.min(n - 1, Math.floor((t - from) / width));
    if (bmin[i] < min[b]) min[b] = bmin[i];
    if (bmax[i] > max[b]) max[b] = bmax[i];
    sum[b] += bsum[i];
    count[b] += bcount[i];
  }
  return compact(from, width, min, max, sum, count);
}

function accumulators(from: number, to: number, n: number) {
  if (!(n >= 1)) throw new RangeError(`bucket count must be at least 1, got ${n}`);
  if (!(to > from)) throw new RangeError(`time range is empty: from ${from} to ${to}`);
  return {
    width: (to - from) / n,
    min: new Float64Array(n).fill(Infinity),
    max: new Float64Array(n).fill(-Infinity),
    sum: new Float64Array(n),
    count: new Float64Array(n),
  };
}

function compact(
  from: number,
  width: number,
  min: Float64Array,
  max: Float64Array,
  sum: Float64Array,
  count: Float64Array,
): Buckets {
  let k = 0;
  for (let b = 0; b < count.length; b++) if (count[b] > 0) k++;
  const out: Buckets = {
    t: new Float64Array(k),
    min: new Float64Array(k),
    max: new Float64Array(k),
    avg: new Float64Array(k),
    count: new Float64Array(k),
  };
  let j = 0;
  for (let b = 0; b < count.length; b++) {
    if (count[b] === 0) continue;
    out.t[j] = from + b * width;
    out.min[j] = min[b];
    out.max[j] = max[b];
    out.avg[j] = sum[b] / count[b];
    out.count[j] = count[b];
    j++;
  }
  return out;
}
