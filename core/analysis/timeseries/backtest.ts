/**
 * Rolling-origin (time-series cross-validation) evaluation of forecasting models with sMAPE and MASE,
 * per Hyndman & Koehler (2006), "Another look at measures of forecast accuracy", IJF 22:679, and
 * Hyndman & Athanasopoulos, FPP3 §5.8–5.10.
 */
import { leaveOneOutCoverage } from './backtest-intervals';
import type { RegularSeries } from './forecast-grid';
import { primaryPeriod, type ForecastModel, type ModelName } from './forecast-models';

export interface BacktestOptions {
  /** Steps ahead scored at each origin. */
  horizon: number;
  /** How many origins (default 6). */
  origins?: number;
  /** Fewest history points before the first origin (default max(30, 2 × the shortest season)). */
  minTrain?: number;
  /** Interval level whose leave-one-origin-out coverage is measured (default 0.8). */
  level?: number;
  seed?: number;
  /** Checked before every fit; when aborted the backtest throws the signal's reason. */
  signal?: AbortSignal;
}

export interface ModelBacktest {
  model: ModelName;
  /** Symmetric MAPE in percent (0–200) over every scored step of every origin. */
  smape: number;
  /** Mean over origins of MAE / in-sample seasonal-naive MAE of that origin's history. */
  mase: number;
  mae: number;
  /** Share of actuals inside intervals calibrated on the other origins; NaN with < 2 origins. */
  coverage: number;
  /** Errors (actual − forecast) per origin and step; NaN where not scored (gap, model failure). */
  errors: Float64Array[];
  /** Origins where the model could not forecast, with the first reason. */
  failures: number;
  failure?: string;
}

export interface BacktestResult {
  /** History length (grid index) at each origin, oldest first. */
  origins: number[];
  stride: number;
  horizon: number;
  perModel: ModelBacktest[];
}

/**
 * Origins at n − h, n − h − stride, …; stride h (non-overlapping windows) when the history allows,
 * else shrunk so `count` origins fit after `minTrain` points, else fewer origins. O(count).
 */
export function planOrigins(n: number, horizon: number, minTrain: number, count: number): { origins: number[]; stride: number } {
  const room = n - horizon - minTrain;
  if (room < 0 || count < 1) return { origins: [], stride: horizon };
  let k = Math.min(count, room + 1);
  let stride = k > 1 ? Math.min(horizon, Math.floor(room / (k - 1))) : horizon;
  // Below a quarter of the horizon the windows overlap so much that extra origins add little.
  const minStride = Math.max(1, Math.floor(horizon / 4));
  if (k > 1 && stride < minStride) {
    k = Math.max(1, Math.min(k, Math.floor(room / minStride) + 1));
    stride = minStride;
  }
  const origins: number[] = [];
  for (let j = k - 1; j >= 0; j--) origins.push(n - horizon - j * stride);
  return { origins, stride };
}

/** In-sample MAE of the seasonal naive forecast (lag s), falling back to lag 1, then to a tiny scale. O(n). */
export function maseScale(y: Float64Array, s: number): number {
  for (const lag of s > 1 ? [s, 1] : [1]) {
    let sum = 0;
    let m = 0;
    for (let t = lag; t < y.length; t++) {
      sum += Math.abs(y[t] - y[t - lag]);
      m++;
    }
    if (m > 0 && sum > 0) return sum / m;
  }
  let abs = 0;
  for (const v of y) abs += Math.abs(v);
  return 1e-9 * Math.max(1, abs / Math.max(1, y.length));
}

/** sMAPE term 200·|a − f| / (|a| + |f|), 0 when both are 0. */
function smapeTerm(a: number, f: number): number {
  const d = Math.abs(a) + Math.abs(f);
  return d > 0 ? (200 * Math.abs(a - f)) / d : 0;
}

/**
 * Scores each model by refitting it at every origin on the history before it and forecasting `horizon`
 * steps; grid slots that were filled (not observed) are not scored. A model that throws at an origin
 * gets NaN errors there and a failure count. O(origins · models · cost of one fit).
 * Throws RangeError when the horizon is not a positive integer, and the signal's reason when aborted.
 */
export function rollingOrigin(series: RegularSeries, periods: number[], models: ForecastModel[], options: BacktestOptions): BacktestResult {
  const h = options.horizon;
  if (!Number.isInteger(h) || h < 1) throw new RangeError(`rollingOrigin: horizon must be a positive integer, got ${h}`);
  const y = series.values;
  const minTrain = options.minTrain ?? Math.max(30, 2 * (periods[0] ?? 0));
  const { origins, stride } = planOrigins(y.length, h, minTrain, options.origins ?? 6);
  const perModel: ModelBacktest[] = models.map((m) => ({
    model: m.name,
    smape: NaN,
    mase: NaN,
    mae: NaN,
    coverage: NaN,
    errors: [],
    failures: 0,
  }));
  const scales = origins.map((o) => maseScale(y.subarray(0, o), primaryPeriod(periods, o)));
  models.forEach((model, mi) => {
    const res = perModel[mi];
    let smapeSum = 0;
    let absSum = 0;
    let count = 0;
    let maseSum = 0;
    let maseCount = 0;
    origins.forEach((o, oi) => {
      const err = new Float64Array(h).fill(NaN);
      res.errors.push(err);
      options.signal?.throwIfAborted();
      let fc: Float64Array;
      try {
        fc = model.predict(
          { values: y.subarray(0, o), startTs: series.startTs, stepMs: series.stepMs, periods, seed: options.seed ?? 1 },
          h,
        );
      } catch (e) {
        res.failures++;
        res.failure ??= e instanceof Error ? e.message : String(e);
        return;
      }
      let originAbs = 0;
      let originCount = 0;
      for (let j = 0; j < h; j++) {
        if (!series.observed[o + j] || !Number.isFinite(fc[j])) continue;
        err[j] = y[o + j] - fc[j];
        smapeSum += smapeTerm(y[o + j], fc[j]);
        absSum += Math.abs(err[j]);
        originAbs += Math.abs(err[j]);
        count++;
        originCount++;
      }
      if (originCount > 0) {
        maseSum += originAbs / originCount / scales[oi];
        maseCount++;
      }
    });
    if (count > 0) {
      res.smape = smapeSum / count;
      res.mae = absSum / count;
      res.mase = maseSum / maseCount;
      res.coverage = leaveOneOutCoverage(
        res.errors.filter((e) => e.some(Number.isFinite)),
        h,
        options.level ?? 0.8,
      );
    }
  });
  return { origins, stride, horizon: h, perModel };
}
