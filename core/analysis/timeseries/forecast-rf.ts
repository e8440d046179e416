/**
 * Random-forest regression (Breiman 2001, "Random Forests", Machine Learning 45:5) on calendar and lag
 * features (regression-forest.ts), forecasting with the recursive multi-step strategy (Ben Taieb et al. 2012,
 * "A review and comparison of strategies for multi-step ahead time series forecasting").
 */
import { DAY_MS, WEEK_MS } from './forecast-grid';
import type { ForecastModel, ModelInput } from './forecast-models';
import { trainForest } from './regression-forest';

export interface RandomForestOptions {
  /** Trees (default 20). */
  trees?: number;
  /** Deepest tree level (default 6). */
  maxDepth?: number;
  /** Most recent training rows used (default 300). */
  maxRows?: number;
  /** Share of the features each tree sees (default 0.7). */
  maxFeatures?: number;
}

const HOUR_MS = 3_600_000;

/**
 * Feature rows for target index t of `y`: everything is relative to the level L(t) = mean of the W points
 * before t (W = the shortest season, else 12), so a tree can follow a level it never saw in training.
 * Features: y(t−1..t−3) − L, y(t−P) − L for each season P, mean of the last ⌈W/4⌉ points − L, L(t) − L(t−W),
 * hour of day and day of week (UTC) when the step is shorter than a day / a week, and the phase t mod P of
 * any season that is not a day or a week.
 */
class LagFeatures {
  readonly window: number;
  readonly lags: number[];
  readonly firstRow: number;
  private readonly shortWindow: number;
  private readonly phasePeriods: number[];

  constructor(private readonly input: ModelInput, periods: number[]) {
    this.window = Math.max(2, periods[0] ?? 12);
    this.shortWindow = Math.max(1, Math.ceil(this.window / 4));
    this.lags = periods;
    this.phasePeriods = periods.filter((p) => p * input.stepMs !== DAY_MS && p * input.stepMs !== WEEK_MS);
    this.firstRow = Math.max(2 * this.window, ...periods, 3);
  }

  level(y: Float64Array, t: number): number {
    let s = 0;
    for (let i = t - this.window; i < t; i++) s += y[i];
    return s / this.window;
  }

  row(y: Float64Array, t: number): { x: number[]; level: number } {
    const lv = this.level(y, t);
    const x = [y[t - 1] - lv, y[t - 2] - lv, y[t - 3] - lv];
    for (const p of this.lags) x.push(y[t - p] - lv);
    let s = 0;
    for (let i = t - this.shortWindow; i < t; i++) s += y[i];
    x.push(s / this.shortWindow - lv, lv - this.level(y, t - this.window));
    const time = this.input.startTs + t * this.input.stepMs;
    if (this.input.stepMs < DAY_MS) x.push(Math.floor((((time % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS));
    if (this.input.stepMs < WEEK_MS) x.push((Math.floor(time / DAY_MS) + 4) % 7); // 1970-01-01 was a Thursday
    for (const p of this.phasePeriods) x.push(t % p);
    return { x, level: lv };
  }
}

/**
 * Random forest on lag + calendar features (see LagFeatures), trained on the last `maxRows` points with
 * target y(t) − L(t), predicting h steps by feeding each prediction back as a lag. Seasons whose lag would
 * leave fewer than 60 training rows are dropped. Training O(trees · depth · features · rows · log rows);
 * prediction O(horizon · trees · depth). Throws an Error when the history leaves fewer than 30 rows.
 */
export function randomForestModel(options: RandomForestOptions = {}): ForecastModel {
  const trees = options.trees ?? 20;
  const maxDepth = options.maxDepth ?? 6;
  const maxRows = options.maxRows ?? 300;
  const maxFeatures = options.maxFeatures ?? 0.7;
  return {
    name: 'random-forest',
    predict(input, horizon) {
      const n = input.values.length;
      const periods: number[] = [];
      for (const p of input.periods) if (n - Math.max(2 * (periods[0] ?? p), p) >= 60) periods.push(p);
      const feats = new LagFeatures(input, periods);
      if (n - feats.firstRow < 30) {
        throw new Error(`random forest needs ${feats.firstRow + 30} points for its lags, has ${n}`);
      }
      const xs: number[][] = [];
      const ys: number[] = [];
      for (let t = Math.max(feats.firstRow, n - maxRows); t < n; t++) {
        const r = feats.row(input.values, t);
        xs.push(r.x);
        ys.push(input.values[t] - r.level);
      }
      const rf = trainForest(xs, ys, { trees, maxDepth, minNumSamples: 5, maxFeatures, seed: input.seed | 0 });
      const y = new Float64Array(n + horizon);
      y.set(input.values);
      for (let t = n; t < n + horizon; t++) {
        const r = feats.row(y, t);
        y[t] = r.level + rf.predict(r.x);
      }
      return y.slice(n);
    },
  };
}
