import { describe, expect, it } from 'vitest';
import { normalFrom, seededRandom } from '../../../../core/analysis/stats';
import { forecast, selectModel } from '../../../../core/analysis/timeseries/forecast';
import { useAugursFromNodeModules } from '../../../../core/host/augurs-wasm';

useAugursFromNodeModules();

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const FAST_FOREST = { trees: 8, maxRows: 200 };

/** Hourly series f(i) + sd·AR(1) noise with coefficient phi. */
function hourly(n: number, f: (i: number) => number, sd: number, seed = 1, phi = 0) {
  const g = normalFrom(seededRandom(seed));
  let e = 0;
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * HOUR);
  const values = Float64Array.from({ length: n }, (_, i) => {
    e = phi * e + g();
    return f(i) + sd * e;
  });
  return { ts, values };
}

const daily = (i: number): number => 50 + 10 * Math.sin((2 * Math.PI * i) / 24);

describe('forecast: models picked by rolling-origin backtest, with calibrated intervals', () => {
  it('forecasts a clean seasonal series far better than its mean', () => {
    const n = 24 * 21;
    const h = 24;
    const { ts, values } = hourly(n + h, daily, 1, 2);
    const r = forecast(ts.subarray(0, n), values.subarray(0, n), { horizon: h, models: ['seasonal-naive', 'mstl-ets'] });
    expect(r.points).toHaveLength(h);
    expect(r.points[0].ts).toBe(ts[n]);
    const mean = values.subarray(0, n).reduce((a, b) => a + b, 0) / n;
    let maeFc = 0;
    let maeMean = 0;
    r.points.forEach((p, j) => {
      maeFc += Math.abs(values[n + j] - p.forecast) / h;
      maeMean += Math.abs(values[n + j] - mean) / h;
    });
    expect(maeFc).toBeLessThan(0.3 * maeMean);
    for (const p of r.points) expect(p.lower).toBeLessThanOrEqual(p.upper);
  });

  it('covers about the nominal share of future values', () => {
    for (const level of [0.8, 0.95]) {
      let hits = 0;
      let total = 0;
      let reported = 0;
      const seeds = 12;
      for (let seed = 1; seed <= seeds; seed++) {
        const n = 24 * 21;
        const h = 24;
        const { ts, values } = hourly(n + h, daily, 2, seed, 0.5);
        const r = forecast(ts.subarray(0, n), values.subarray(0, n), {
          horizon: h,
          level,
          models: ['seasonal-naive'],
        });
        r.points.forEach((p, j) => {
          total++;
          if (values[n + j] >= p.lower && values[n + j] <= p.upper) hits++;
        });
        reported += r.backtest.perModel.find((m) => m.model === r.model)!.coverage / seeds;
      }
      expect(hits / total).toBeGreaterThan(level - 0.1);
      expect(hits / total).toBeLessThan(Math.min(0.995, level + 0.1));
      expect(Math.abs(reported - level)).toBeLessThan(0.1);
    }
  });

  it('picks seasonal naive for a pure repeating pattern', () => {
    const pattern = [3, 5, 9, 4, 4, 8, 12, 15, 20, 22, 25, 24, 23, 22, 20, 18, 15, 14, 12, 10, 9, 7, 5, 4];
    const { ts, values } = hourly(24 * 14, (i) => pattern[i % 24], 0);
    const r = forecast(ts, values, { horizon: 24, randomForest: FAST_FOREST });
    expect(r.model).toBe('seasonal-naive');
    expect(r.points.map((p) => p.forecast)).toEqual(pattern);
    expect(r.backtest.perModel.find((m) => m.model === 'seasonal-naive')!.mase).toBe(0);
  });

  it('picks something better than seasonal naive for trend plus season', () => {
    const { ts, values } = hourly(24 * 21, (i) => daily(i) + 0.3 * i, 1, 3);
    const r = forecast(ts, values, { horizon: 24, randomForest: FAST_FOREST });
    expect(r.model).not.toBe('seasonal-naive');
    const mase = Object.fromEntries(r.backtest.perModel.map((m) => [m.model, m.mase]));
    expect(mase[r.model!]).toBeLessThan(0.7 * mase['seasonal-naive']);
    // and the forecast keeps climbing
    expect(r.points[23].forecast).toBeGreaterThan(values[values.length - 24] + 4);
  });

  it('puts a gappy series on its grid and says so', () => {
    const { ts, values } = hourly(24 * 14, daily, 1, 4);
    for (let i = 100; i < 110; i++) values[i] = NaN;
    const keep = Array.from(ts.keys()).filter((i) => i % 50 !== 7);
    const r = forecast(Float64Array.from(keep, (i) => ts[i]), Float64Array.from(keep, (i) => values[i]), {
      horizon: 12,
      models: ['seasonal-naive', 'mstl-ets'],
    });
    expect(r.stepMs).toBe(HOUR);
    expect(r.notes.join(' ')).toMatch(/interpolated/);
    for (const p of r.points) expect(Number.isFinite(p.forecast) && Number.isFinite(p.upper)).toBe(true);
  });

  it('falls back to seasonal naive with in-sample errors when too short to backtest', () => {
    const { ts, values } = hourly(20, (i) => i % 3, 0.1);
    const r = forecast(ts, values, { horizon: 12 });
    expect(r.model).toBe('seasonal-naive');
    expect(r.backtest.origins).toBe(0);
    expect(r.notes.join(' ')).toMatch(/too short for a backtest/);
    expect(r.points).toHaveLength(12);
  });

  it('returns no points, with the reason, for one point or none', () => {
    expect(forecast(new Float64Array([T0]), new Float64Array([1]), { horizon: 3 }).notes.join(' ')).toMatch(/not forecast/);
    const none = forecast(new Float64Array(0), new Float64Array(0), { horizon: 3 });
    expect(none.model).toBeNull();
    expect(none.points).toEqual([]);
  });

  it('keeps a constant series constant, with zero-width intervals', () => {
    const ts = Float64Array.from({ length: 24 * 10 }, (_, i) => T0 + i * HOUR);
    const r = forecast(ts, new Float64Array(ts.length).fill(4), { horizon: 6, models: ['seasonal-naive', 'mstl-ets'] });
    for (const p of r.points) expect([p.forecast, p.lower, p.upper]).toEqual([4, 4, 4]);
  });

  it('stops when its signal is aborted', () => {
    const { ts, values } = hourly(24 * 14, daily, 1, 5);
    const ctl = new AbortController();
    ctl.abort(new Error('cancelled by the user'));
    expect(() => forecast(ts, values, { horizon: 6, signal: ctl.signal })).toThrow(/cancelled by the user/);
  });

  it('rejects a bad horizon, level or model name with a readable message', () => {
    const ts = new Float64Array([T0, T0 + HOUR]);
    const v = new Float64Array([1, 2]);
    expect(() => forecast(ts, v, { horizon: 0 })).toThrow(/horizon must be a positive integer/);
    expect(() => forecast(ts, v, { horizon: 2, level: 80 })).toThrow(/level must be between 0 and 1/);
    // @ts-expect-error: an unknown model name
    expect(() => forecast(ts, v, { horizon: 2, models: ['prophet'] })).toThrow(/unknown model 'prophet'/);
  });
});

describe('selectModel', () => {
  it('prefers the simpler model within 2% of the best MASE', () => {
    expect(selectModel([{ model: 'random-forest', mase: 0.5 }, { model: 'seasonal-naive', mase: 0.505 }])).toBe('seasonal-naive');
    expect(selectModel([{ model: 'random-forest', mase: 0.5 }, { model: 'seasonal-naive', mase: 0.6 }])).toBe('random-forest');
    expect(selectModel([{ model: 'mstl-ets', mase: NaN }])).toBeNull();
  });
});
