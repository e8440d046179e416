/**
 * Time to threshold: when a forecast's quantile paths first cross a level, and the chance of crossing
 * within the horizon, from the backtest error distribution per step (quantile forecasts, Hyndman &
 * Athanasopoulos FPP3 §5.5; crossing of quantile paths as in capacity-runway estimates).
 */
import { poolQuantiles } from './backtest-intervals';
import { forecast, type ForecastOptions, type ForecastResult } from './forecast';

export type CrossDirection = 'above' | 'below';

export interface Crossing {
  /** Time of the crossing (ms) and how long after the last observation. */
  ts: number;
  afterMs: number;
}

export interface ThresholdResult {
  threshold: number;
  direction: CrossDirection;
  /** The last observed value is already past the threshold. */
  alreadyCrossed: boolean;
  lastTs: number;
  lastValue: number;
  /** Where the median path crosses; null when it does not within the horizon. */
  expected: Crossing | null;
  /** Earliest (the interval's outer path) and latest (its inner path) crossings at `level`; null: not within the horizon. */
  earliest: Crossing | null;
  latest: Crossing | null;
  /** Chance of being past the threshold at some step within the horizon (largest per-step chance). */
  probability: number;
  horizonMs: number;
  level: number;
  model: string | null;
  sentence: string;
  notes: string[];
}

export interface ThresholdOptions extends Omit<ForecastOptions, 'horizon'> {
  threshold: number;
  /** Steps ahead to look (the forecast horizon). */
  horizon: number;
  /** Default: 'above' when the threshold is above the last value, else 'below'. */
  direction?: CrossDirection;
  /** Words for the sentence: "p95 latency", "ms". */
  name?: string;
  unit?: string;
}

/** "40 minutes", "7.5 hours", "5 days": one unit, chosen by size. */
export function formatDuration(ms: number): string {
  const unit = (v: number, u: string): string => {
    const r = v >= 10 ? Math.round(v) : Math.round(v * 10) / 10;
    return `${r} ${u}${r === 1 ? '' : 's'}`;
  };
  if (!Number.isFinite(ms)) return 'never';
  if (ms < 3_600_000) return unit(Math.max(0, ms) / 60_000, 'minute');
  if (ms < 2 * 86_400_000) return unit(ms / 3_600_000, 'hour');
  return unit(ms / 86_400_000, 'day');
}

/** "3–8 days" when both ends share a unit, else "40 minutes – 2 hours". */
export function formatDurationRange(a: number, b: number): string {
  const fa = formatDuration(a);
  const fb = formatDuration(b);
  const ua = fa.split(' ')[1]?.replace(/s$/, '');
  const ub = fb.split(' ')[1]?.replace(/s$/, '');
  return ua === ub ? `${fa.split(' ')[0]}–${fb}` : `${fa} – ${fb}`;
}

/** First time the path (value at t0, then at each step) reaches the threshold, linearly interpolated. */
function firstCrossing(path: Float64Array, lastValue: number, t0: number, stepMs: number, thr: number, sign: number): Crossing | null {
  let prev = lastValue;
  for (let h = 0; h < path.length; h++) {
    const v = path[h];
    if (!Number.isFinite(v)) return null;
    if (sign * (v - thr) >= 0) {
      const frac = sign * (prev - thr) >= 0 || v === prev ? 0 : (thr - prev) / (v - prev);
      const afterMs = (h + Math.min(1, Math.max(0, frac))) * stepMs;
      return { ts: t0 + afterMs, afterMs };
    }
    prev = v;
  }
  return null;
}

/**
 * Crossing times from an existing forecast: the path f(h) + Q_p(errors at h) for p = 0.5 (expected),
 * (1+level)/2 and (1−level)/2 (the interval's two edges; which is earliest depends on the direction).
 * The probability is max over steps of P(y(h) past the threshold) from the pooled backtest errors — exact when
 * errors of one path move together (comonotone), otherwise a lower bound on crossing at some step.
 * O(horizon · pool). NaN-free inputs assumed; a forecast without points gives nulls and probability NaN.
 */
export function crossingFromForecast(
  fc: ForecastResult,
  lastTs: number,
  lastValue: number,
  threshold: number,
  direction: CrossDirection,
): Pick<ThresholdResult, 'expected' | 'earliest' | 'latest' | 'probability'> {
  const sign = direction === 'above' ? 1 : -1;
  const h = fc.points.length;
  if (h === 0 || fc.residualPools.length < h) return { expected: null, earliest: null, latest: null, probability: NaN };
  const f = Float64Array.from(fc.points, (p) => p.forecast);
  const path = (p: number): Float64Array => {
    const q = poolQuantiles(fc.residualPools, p);
    return Float64Array.from(f, (v, j) => v + q[j]);
  };
  const hiP = (1 + fc.level) / 2;
  const loP = (1 - fc.level) / 2;
  const cross = (p: number): Crossing | null => firstCrossing(path(p), lastValue, lastTs, fc.stepMs, threshold, sign);
  let probability = 0;
  fc.residualPools.forEach((pool, j) => {
    if (pool.length === 0) return;
    let past = 0;
    for (const e of pool) if (sign * (f[j] + e - threshold) >= 0) past++;
    probability = Math.max(probability, past / pool.length);
  });
  return {
    expected: cross(0.5),
    earliest: cross(sign > 0 ? hiP : loP),
    latest: cross(sign > 0 ? loP : hiP),
    probability,
  };
}

/**
 * "p95 latency crosses 300 ms in about 5 days (80% interval 3–8 days); 90% chance within 14 days."
 * Forecasts `horizon` steps (see forecast: model picked by backtest, intervals from its errors), then
 * reads crossing times off the quantile paths (crossingFromForecast). NaN values/times are skipped; a series
 * that cannot be forecast or is already past the threshold gives a sentence saying so. Throws RangeError
 * for a non-finite threshold and whatever forecast throws for invalid options.
 */
export function timeToThreshold(ts: Float64Array, values: Float64Array, options: ThresholdOptions): ThresholdResult {
  const { threshold, horizon } = options;
  if (!Number.isFinite(threshold)) throw new RangeError(`timeToThreshold: threshold must be a finite number, got ${threshold}`);
  const fc = forecast(ts, values, options);
  let lastTs = NaN;
  let lastValue = NaN;
  for (let i = ts.length - 1; i >= 0; i--) {
    if (Number.isFinite(ts[i]) && Number.isFinite(values[i]) && !(ts[i] <= lastTs)) {
      lastTs = ts[i];
      lastValue = values[i];
      break;
    }
  }
  const direction = options.direction ?? (threshold >= lastValue ? 'above' : 'below');
  const name = options.name ?? 'the series';
  const unit = options.unit ? ` ${options.unit}` : '';
  const thrText = `${threshold}${unit}`;
  const horizonMs = horizon * fc.stepMs;
  const base = {
    threshold,
    direction,
    lastTs,
    lastValue,
    horizonMs,
    level: fc.level,
    model: fc.model,
    notes: fc.notes,
  };
  const pct = (p: number): string => `${Math.round(p * 100)}%`;
  const past = direction === 'above' ? lastValue >= threshold : lastValue <= threshold;
  if (past) {
    return {
      ...base,
      alreadyCrossed: true,
      expected: { ts: lastTs, afterMs: 0 },
      earliest: { ts: lastTs, afterMs: 0 },
      latest: { ts: lastTs, afterMs: 0 },
      probability: 1,
      sentence: `${name} is already ${direction} ${thrText} (last value ${lastValue}).`,
    };
  }
  if (fc.points.length === 0) {
    return {
      ...base,
      alreadyCrossed: false,
      expected: null,
      earliest: null,
      latest: null,
      probability: NaN,
      sentence: `${name}: no forecast, so no time to ${thrText} (${fc.notes.join('; ')}).`,
    };
  }
  const c = crossingFromForecast(fc, lastTs, lastValue, threshold, direction);
  const within = `within ${formatDuration(horizonMs)}`;
  const verb = direction === 'above' ? 'rises above' : 'falls below';
  let sentence: string;
  if (c.expected) {
    const range = c.latest
      ? formatDurationRange(c.earliest?.afterMs ?? 0, c.latest.afterMs)
      : `${formatDuration(c.earliest?.afterMs ?? 0)} – beyond ${formatDuration(horizonMs)}`;
    sentence =
      `${name} ${verb} ${thrText} in about ${formatDuration(c.expected.afterMs)} ` +
      `(${pct(fc.level)} interval ${range}); ${pct(c.probability)} chance ${within}.`;
  } else if (c.earliest) {
    sentence =
      `${name} is not expected to cross ${thrText} ${within}, but could in ${formatDuration(c.earliest.afterMs)} ` +
      `at the earliest; ${pct(c.probability)} chance ${within}.`;
  } else {
    sentence = `${name} is not expected to cross ${thrText} ${within} (${pct(c.probability)} chance).`;
  }
  return { ...base, alreadyCrossed: false, ...c, sentence };
}
