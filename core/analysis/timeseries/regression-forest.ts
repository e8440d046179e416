/**
 * A random forest of regression trees (Breiman, "Random Forests", Machine Learning 45:5, 2001; trees by
 * CART, Breiman et al. 1984): each tree is grown on a bootstrap sample of the rows and a random subset of
 * the features, splitting where the squared error falls most.
 *
 * Why not ml-random-forest here: its trees (ml-cart) search each split in time quadratic in the node's rows,
 * and the forecaster fits a forest at every backtest origin. This one sorts each feature once per node and
 * scans prefix sums, O(rows · log rows · features) per level, with the same design (bootstrap rows, a
 * feature subset per tree, depth and leaf-size limits) — the forecast bench measures both (bench/forecast.ts).
 */
import { seededRandom } from '../stats';

export interface ForestOptions {
  trees: number;
  maxDepth: number;
  /** A node with fewer rows is a leaf. */
  minNumSamples: number;
  /** Share of the features each tree may split on, (0, 1]. */
  maxFeatures: number;
  seed: number;
}

/** One tree, flat: node k splits on feature[k] at threshold[k] (left: ≤) or, with feature −1, is a leaf of value[k]. */
interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

export interface Forest {
  predict(x: ArrayLike<number>): number;
}

/** Grows one tree on `rows` (indices into xs/ys, repeats allowed) using `features`. */
function growTree(xs: readonly (readonly number[])[], ys: readonly number[], rows: Int32Array, features: readonly number[], o: ForestOptions): Tree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const order = new Int32Array(rows.length);

  const build = (idx: Int32Array, depth: number): number => {
    const k = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    let sum = 0;
    let sq = 0;
    for (const i of idx) {
      sum += ys[i];
      sq += ys[i] * ys[i];
    }
    const n = idx.length;
    value.push(sum / n);
    if (depth >= o.maxDepth || n < o.minNumSamples) return k;
    const parentSse = sq - (sum * sum) / n;
    if (!(parentSse > 1e-12)) return k;
    let bestGain = 1e-12 * parentSse;
    let bestFeature = -1;
    let bestThreshold = 0;
    const sorted = order.subarray(0, n);
    for (const f of features) {
      sorted.set(idx);
      sorted.sort((a, b) => xs[a][f] - xs[b][f]);
      let ls = 0;
      let lq = 0;
      for (let j = 0; j < n - 1; j++) {
        const yi = ys[sorted[j]];
        ls += yi;
        lq += yi * yi;
        const here = xs[sorted[j]][f];
        const next = xs[sorted[j + 1]][f];
        if (here === next) continue;
        const nl = j + 1;
        const nr = n - nl;
        const rs = sum - ls;
        const sse = lq - (ls * ls) / nl + (sq - lq) - (rs * rs) / nr;
        const gain = parentSse - sse;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = f;
          bestThreshold = (here + next) / 2;
        }
      }
    }
    if (bestFeature < 0) return k;
    let nl = 0;
    for (const i of idx) if (xs[i][bestFeature] <= bestThreshold) nl++;
    const li = new Int32Array(nl);
    const ri = new Int32Array(n - nl);
    let a = 0;
    let b = 0;
    for (const i of idx) {
      if (xs[i][bestFeature] <= bestThreshold) li[a++] = i;
      else ri[b++] = i;
    }
    feature[k] = bestFeature;
    threshold[k] = bestThreshold;
    left[k] = build(li, depth + 1);
    right[k] = build(ri, depth + 1);
    return k;
  };
  build(rows, 0);
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
  };
}

function predictTree(t: Tree, x: ArrayLike<number>): number {
  let k = 0;
  while (t.feature[k] >= 0) k = x[t.feature[k]] <= t.threshold[k] ? t.left[k] : t.right[k];
  return t.value[k];
}

/**
 * Trains the forest on rows `xs` (each of the same length) and targets `ys`. Deterministic for a seed.
 * O(trees · depth · features · rows · log rows).
 */
export function trainForest(xs: readonly (readonly number[])[], ys: readonly number[], o: ForestOptions): Forest {
  const n = xs.length;
  if (n === 0 || n !== ys.length) throw new RangeError(`trainForest: ${n} rows and ${ys.length} targets`);
  const nf = xs[0].length;
  const rand = seededRandom(o.seed);
  const take = Math.max(1, Math.min(nf, Math.round(o.maxFeatures * nf)));
  const trees: Tree[] = [];
  for (let t = 0; t < o.trees; t++) {
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = Math.floor(rand() * n);
    const pool = Array.from({ length: nf }, (_, i) => i);
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(rand() * (nf - i));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    trees.push(growTree(xs, ys, rows, pool.slice(0, take), o));
  }
  return {
    predict(x) {
      let s = 0;
      for (const t of trees) s += predictTree(t, x);
      return s / trees.length;
    },
  };
}
