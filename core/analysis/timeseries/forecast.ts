/**
 * Forecasting with prediction intervals: seasonal naive, MSTL+ETS and a random forest, the model picked
 * by rolling-origin backtest and the intervals calibrated on its backtest errors per horizon step —
 * Hyndman & Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed.), §5.5, §5.10, §12.1.
 */
import { calibrateIntervals } from './backtest-intervals';
import { rollingOrigin, type ModelBacktest } from './backtest';
import { calendarPeriods, regularise } from './forecast-grid';
import { MODEL_NAMES, primaryPeriod, seasonalNaive, type ForecastModel, type ModelName } from './forecast-models';
import { mstlEts } from './forecast-mstl';
import { randomForestModel, type RandomForestOptions } from './forecast-rf';

export interface ForecastOptions {
  /** Steps ahead, on the series' own grid (its median spacing). */
  horizon: number;
  /** Interval level, 0 < level < 1 (default 0.8). */
  level?: number;
  /** Candidate models (default all three). */
  models?: ModelName[];
  /** Backtest origins (default 6). */
  origins?: number;
  /** Season lengths in steps; default a day and a week when the step divides them and 2 cycles fit. */
  periods?: number[];
  seed?: number;
  randomForest?: RandomForestOptions;
  /** Checked before every model fit: a worker can cancel a long forecast. */
  signal?: AbortSignal;
}

export interface ForecastPoint {
  ts: number;
  forecast: number;
  lower: number;
  upper: number;
}

export interface ForecastResult {
  /** The model used for `points`; null when nothing could be forecast. */
  model: ModelName | null;
  level: number;
  horizon: number;
  stepMs: number;
  periods: number[];
  points: ForecastPoint[];
  backtest: {
    origins: number;
    stride: number;
    perModel: { model: ModelName; smape: number; mase: number; coverage: number; failures: number }[];
  };
  /** Sorted backtest errors (actual − forecast) of the chosen model pooled per step: the forecast distribution. */
  residualPools: Float64Array[];
  notes: string[];
}

const SIMPLICITY: ModelName[] = ['seasonal-naive', 'mstl-ets', 'random-forest'];

/**
 * The model behind a name; with `nonNegative` its forecasts are clipped at 0 (what forecast() does when the
 * history is never negative). O(1).
 */
export function modelFor(name: ModelName, rf?: RandomForestOptions, nonNegative = false): ForecastModel {
  const model = name === 'seasonal-naive' ? seasonalNaive : name === 'mstl-ets' ? mstlEts : randomForestModel(rf);
  if (!nonNegative) return model;
  return { ...model, predict: (input, horizon) => model.predict(input, horizon).map((v) => Math.max(0, v)) };
}

/**
 * The simplest model whose backtest MASE is within 2% of the best one (ties go to the simpler model:
 * seasonal naive, then MSTL+ETS, then the forest). Models with no finite MASE are out. O(models).
 */
export function selectModel(perModel: Pick<ModelBacktest, 'model' | 'mase'>[]): ModelName | null {
  const ok = perModel.filter((m) => Number.isFinite(m.mase));
  if (ok.length === 0) return null;
  const best = Math.min(...ok.map((m) => m.mase));
  const order = ok.slice().sort((a, b) => SIMPLICITY.indexOf(a.model) - SIMPLICITY.indexOf(b.model));
  return order.find((m) => m.mase <= best * 1.02 + 1e-12)!.model;
}

/**
 * Forecasts `horizon` steps with intervals at `level`.
 *
 * The series is put on a regular grid (gaps interpolated, not scored). Each candidate model is refit at
 * several rolling origins (rollingOrigin); the one with the lowest mean MASE wins (selectModel), is refit on
 * all the history, and its intervals are the empirical, conformally-ranked quantiles of its own backtest
 * errors at each step (calibrateIntervals). `backtest.perModel[].coverage` is the leave-one-origin-out
 * coverage of those intervals. A history too short for any origin falls back to seasonal naive with
 * intervals from its in-sample h-step errors. When the history is never negative (counts, bytes, utilisation)
 * forecasts and interval bounds are kept at 0 or above, in the backtest too. Cost: origins × models fits (the forest dominates, ~0.3 s
 * a fit at 300 rows). NaN values/times are skipped; a short, constant or empty series gives a result
 * whose notes say what was (not) done. Throws RangeError for a non-integer or non-positive horizon, a level
 * outside (0, 1), an unknown model name or arrays of different lengths; throws the signal's reason when aborted.
 */
export function forecast(ts: Float64Array, values: Float64Array, options: ForecastOptions): ForecastResult {
  const { horizon } = options;
  const level = options.level ?? 0.8;
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`forecast: horizon must be a positive integer, got ${horizon}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`forecast: level must be between 0 and 1, got ${level}`);
  if (ts.length !== values.length) throw new RangeError(`forecast: ts has ${ts.length} points but values has ${values.length}`);
  const names = options.models ?? MODEL_NAMES.slice();
  for (const m of names) if (!MODEL_NAMES.includes(m)) throw new RangeError(`forecast: unknown model '${m}' (know ${MODEL_NAMES.join(', ')})`);

  const notes: string[] = [];
  const grid = regularise(ts, values);
  const result: ForecastResult = {
    model: null,
    level,
    horizon,
    stepMs: grid.stepMs,
    periods: [],
    points: [],
    backtest: { origins: 0, stride: 0, perModel: [] },
    residualPools: [],
    notes,
  };
  if (grid.problem) {
    notes.push(`not forecast: ${grid.problem}`);
    return result;
  }
  const y = grid.values;
  const n = y.length;
  if (grid.filled > 0) notes.push(`${grid.filled} of ${n} grid slots were empty and interpolated (not scored)`);
  if (grid.merged > 0) notes.push(`${grid.merged} points shared a grid slot and were averaged`);
  const periods = (options.periods ?? calendarPeriods(grid.stepMs, n)).filter((p) => Number.isInteger(p) && p >= 2);
  result.periods = periods;
  notes.push(periods.length ? `seasons (steps): ${periods.join(', ')}` : 'no season: seasonal naive is the naive forecast');

  const nonNegative = y.every((v) => v >= 0);
  if (nonNegative) notes.push('the history is never negative: forecasts and lower bounds are kept at 0 or above');
  const models = names.map((m) => modelFor(m, options.randomForest, nonNegative));
  const bt = rollingOrigin(grid, periods, models, {
    horizon,
    origins: options.origins,
    level,
    seed: options.seed,
    signal: options.signal,
  });
  result.backtest = {
    origins: bt.origins.length,
    stride: bt.stride,
    perModel: bt.perModel.map(({ model, smape, mase, coverage, failures }) => ({ model, smape, mase, coverage, failures })),
  };
  for (const m of bt.perModel) {
    if (m.failures > 0) notes.push(`${m.model} failed at ${m.failures} of ${bt.origins.length} origins: ${m.failure}`);
  }
  const input = { values: y, startTs: grid.startTs, stepMs: grid.stepMs, periods, seed: options.seed ?? 1 };
  const floor = nonNegative ? 0 : -Infinity;
  // The interval always holds the point forecast: with errors all of one sign (a short trending history)
  // the error quantiles alone would put both bounds on one side of it.
  const toPoints = (point: Float64Array, lo: Float64Array, hi: Float64Array): ForecastPoint[] =>
    Array.from(point, (f, j) => ({
      ts: grid.startTs + (n + j) * grid.stepMs,
      forecast: f,
      lower: Math.max(floor, Math.min(f, f + lo[j])),
      upper: Math.max(floor, Math.max(f, f + hi[j])),
    }));

  // Rank models by backtest, then refit the best that works on the whole history.
  const ranked: ModelName[] = [];
  let pool = bt.perModel.slice();
  for (let pick = selectModel(pool); pick; pick = selectModel(pool)) {
    ranked.push(pick);
    pool = pool.filter((m) => m.model !== pick);
  }
  for (const name of ranked) {
    options.signal?.throwIfAborted();
    let point: Float64Array;
    try {
      point = modelFor(name, options.randomForest, nonNegative).predict(input, horizon);
    } catch (e) {
      notes.push(`${name} failed on the full history: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    const errs = bt.perModel.find((m) => m.model === name)!.errors;
    const cal = calibrateIntervals(errs, horizon, level);
    result.model = name;
    result.residualPools = cal.pools;
    result.points = toPoints(point, cal.lower, cal.upper);
    notes.push(`chose ${name} by backtest MASE over ${bt.origins.length} origins (stride ${bt.stride})`);
    return result;
  }

  // Too short for a backtest (or every model failed): seasonal naive with its in-sample h-step errors.
  const s = primaryPeriod(periods, n);
  const point = seasonalNaive.predict(input, horizon);
  const errs: Float64Array[] = [];
  for (let o = Math.max(1, s); o < n; o++) {
    const e = new Float64Array(horizon).fill(NaN);
    for (let h = 1; h <= horizon && o + h - 1 < n; h++) e[h - 1] = y[o + h - 1] - y[o - s + ((h - 1) % s)];
    errs.push(e);
  }
  const cal = calibrateIntervals(errs, horizon, level);
  result.model = 'seasonal-naive';
  result.residualPools = cal.pools;
  result.points = toPoints(point, cal.lower, cal.upper);
  const open = cal.lower.filter((v) => !Number.isFinite(v)).length;
  notes.push(
    `too short for a backtest (${n} points, horizon ${horizon}): seasonal naive, intervals from in-sample errors` +
      (open > 0 ? `; no interval for the last ${open} steps (no error that far ahead in the history)` : ''),
  );
  return result;
}
