/**
 * The forecasting model contract and the seasonal naive benchmark method: ŷ(T+h) = y(T+h−s·⌈h/s⌉),
 * Hyndman & Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed.), §5.2.
 */

export type ModelName = 'seasonal-naive' | 'mstl-ets' | 'random-forest';

export const MODEL_NAMES: readonly ModelName[] = ['seasonal-naive', 'mstl-ets', 'random-forest'];

/** What a model sees: a regular, gap-filled history and its calendar. */
export interface ModelInput {
  /** History on a regular grid, no NaN. */
  values: Float64Array;
  /** Time of values[0] and the grid step, in ms. */
  startTs: number;
  stepMs: number;
  /** Season lengths in steps, ascending (e.g. [24, 168] for hourly data); may be empty. */
  periods: number[];
  /** Seed for anything random. */
  seed: number;
}

/**
 * A point-forecasting model. `predict` returns `horizon` values after the history, or throws an Error
 * saying why it cannot (too short, a library failure); the caller reports that and goes on without it.
 */
export interface ForecastModel {
  name: ModelName;
  predict(input: ModelInput, horizon: number): Float64Array;
}

/** The season used by seasonal naive and by MASE: the shortest period, else 1 (naive). */
export function primaryPeriod(periods: number[], length: number): number {
  for (const p of periods) if (length >= p) return p;
  return 1;
}

/**
 * Seasonal naive: each future step repeats the value one season earlier (the last observed season).
 * With no season it is the naive forecast (last value). O(horizon). Needs 1 point (s points with season s).
 */
export const seasonalNaive: ForecastModel = {
  name: 'seasonal-naive',
  predict(input, horizon) {
    const y = input.values;
    const n = y.length;
    if (n === 0) throw new Error('seasonal naive needs at least one value');
    const s = primaryPeriod(input.periods, n);
    const out = new Float64Array(horizon);
    for (let h = 1; h <= horizon; h++) out[h - 1] = y[n - s + ((h - 1) % s)];
    return out;
  },
};
