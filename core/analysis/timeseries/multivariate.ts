/**
 * Multivariate outliers — "each metric looks normal, the combination does not": k-means over robustly
 * standardised feature windows, scored by distance to the nearest centroid, as in Netdata's ML anomaly
 * detection (netdata/netdata src/ml; k-means per Lloyd 1982 with k-means++ seeding, Arthur & Vassilvitskii 2007).
 */
import { kmeans } from 'ml-kmeans';
import { applyScaler, fitRobustScaler, windowFeatures, type WindowFeatureOptions } from './features';
import { quantile, sortedFinite } from '../stats';

export interface MultivariateOptions extends WindowFeatureOptions {
  /** Clusters (default 8, fewer when there are few training windows). */
  clusters?: number;
  /** Windows that end before this time (ms) train the model; default every window. */
  trainUntil?: number;
  /** Seed for k-means++ (default 1). */
  seed?: number;
  /** Tukey fence multiplier on the training distances: flag beyond q75 + fence·IQR (default 3). */
  fence?: number;
}

export interface WindowScore {
  startIndex: number;
  endIndex: number;
  startTs: number;
  endTs: number;
  /** Euclidean distance, in robust standard deviations, to the nearest regular centroid. */
  distance: number;
  /** distance / flag distance, capped at 1: 1 means at or beyond the fence. */
  score: number;
  /** Share of the training windows with a smaller distance (0..1). */
  percentile: number;
  flagged: boolean;
  /** Each metric's share of the squared distance, largest first. */
  contributions: { metric: string; share: number }[];
}

export interface MultivariateResult {
  windows: WindowScore[];
  flagged: WindowScore[];
  /** The distance beyond which a window is flagged. */
  flagDistance: number;
  clusters: number;
  trainingWindows: number;
  columns: string[];
  notes: string[];
}

/**
 * Scores windows of several aligned metrics (one `ts`, equal-length value arrays) for unusual combinations.
 *
 * Each window of `window` points becomes a row of per-metric summaries (windowFeatures: the mean by
 * default), standardised by the training rows' median and MAD. k-means (ml-kmeans, seeded k-means++) is fit
 * on the training rows with k = min(clusters, ⌊training rows / 5⌋); clusters holding under 1% of them (and
 * under 3 rows) are treated as outliers, not as normal, and dropped. A window's distance is to the nearest
 * remaining centroid; it is flagged beyond the Tukey far-out fence q75 + 3·IQR of the training distances.
 * Complexity O(n·metrics + rows·k·d·iterations). NaN points are skipped inside windows; windows with too
 * few points are left out (noted). Fewer than 10 windows, or a single metric, still give a result whose
 * notes say what was done. Throws RangeError when arrays differ in length or the window is invalid.
 */
export function multivariateOutliers(
  ts: Float64Array,
  metrics: { name: string; values: Float64Array }[],
  options: MultivariateOptions,
): MultivariateResult {
  for (const m of metrics) {
    if (m.values.length !== ts.length) {
      throw new RangeError(`multivariateOutliers: metric '${m.name}' has ${m.values.length} points, ts has ${ts.length}`);
    }
  }
  const notes: string[] = [];
  const feats = windowFeatures(
    metrics.map((m) => m.values),
    metrics.map((m) => m.name),
    options,
  );
  const result: MultivariateResult = {
    windows: [],
    flagged: [],
    flagDistance: NaN,
    clusters: 0,
    trainingWindows: 0,
    columns: feats.columns,
    notes,
  };
  if (feats.skipped > 0) notes.push(`${feats.skipped} windows left out: too few finite points`);
  if (metrics.length < 2) notes.push('one metric only: this scores unusual windows, not unusual combinations');
  const train = feats.rows.filter((_, i) => options.trainUntil === undefined || ts[feats.ends[i]] < options.trainUntil);
  result.trainingWindows = train.length;
  if (train.length < 10) {
    notes.push(`not scored: ${train.length} training windows, need at least 10`);
    return result;
  }
  const scaler = fitRobustScaler(train);
  const z = applyScaler(feats.rows, scaler);
  const zTrain = applyScaler(train, scaler);
  const k = Math.max(1, Math.min(options.clusters ?? 8, Math.floor(train.length / 5)));
  const km = kmeans(zTrain, k, { seed: options.seed ?? 1, initialization: 'kmeans++', maxIterations: 100 });
  const sizes = new Array<number>(k).fill(0);
  for (const c of km.clusters) sizes[c]++;
  const minSize = Math.max(3, Math.ceil(0.01 * train.length));
  let centroids = km.centroids.filter((_, c) => sizes[c] >= minSize);
  if (centroids.length === 0) centroids = km.centroids;
  if (centroids.length < k) notes.push(`${k - centroids.length} of ${k} clusters held under ${minSize} windows and were treated as outliers`);
  result.clusters = centroids.length;

  const nearest = (row: number[]): { d: number; c: number[] } => {
    let best = Infinity;
    let arg = centroids[0];
    for (const c of centroids) {
      let s = 0;
      for (let j = 0; j < row.length; j++) s += (row[j] - c[j]) ** 2;
      if (s < best) {
        best = s;
        arg = c;
      }
    }
    return { d: Math.sqrt(best), c: arg };
  };
  const trainD = sortedFinite(zTrain.map((r) => nearest(r).d));
  const q25 = quantile(trainD, 0.25);
  const q75 = quantile(trainD, 0.75);
  const flagDistance = Math.max(q75 + (options.fence ?? 3) * (q75 - q25), 1e-9);
  result.flagDistance = flagDistance;
  const below = (d: number): number => {
    let lo = 0;
    let hi = trainD.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (trainD[mid] < d) lo = mid + 1;
      else hi = mid;
    }
    return lo / trainD.length;
  };
  z.forEach((row, i) => {
    const { d, c } = nearest(row);
    const perMetric = new Map<string, number>();
    row.forEach((v, j) => {
      const name = metrics[feats.columnMetric[j]].name;
      perMetric.set(name, (perMetric.get(name) ?? 0) + (v - c[j]) ** 2);
    });
    const total = d * d || 1;
    const w: WindowScore = {
      startIndex: feats.starts[i],
      endIndex: feats.ends[i],
      startTs: ts[feats.starts[i]],
      endTs: ts[feats.ends[i]],
      distance: d,
      score: Math.min(1, d / flagDistance),
      percentile: below(d),
      flagged: d > flagDistance,
      contributions: [...perMetric].map(([metric, s]) => ({ metric, share: s / total })).sort((a, b) => b.share - a.share),
    };
    result.windows.push(w);
    if (w.flagged) result.flagged.push(w);
  });
  return result;
}
