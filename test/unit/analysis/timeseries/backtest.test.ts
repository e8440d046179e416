import { describe, expect, it } from 'vitest';
import { calibrateIntervals, leaveOneOutCoverage } from '../../../../core/analysis/timeseries/backtest-intervals';
import { maseScale, planOrigins, rollingOrigin } from '../../../../core/analysis/timeseries/backtest';
import { normalFrom, seededRandom } from '../../../../core/analysis/stats';
import { regularise } from '../../../../core/analysis/timeseries/forecast-grid';
import { seasonalNaive } from '../../../../core/analysis/timeseries/forecast-models';

describe('planOrigins', () => {
  it('places non-overlapping windows at the end when the history allows', () => {
    expect(planOrigins(500, 24, 48, 4)).toEqual({ origins: [404, 428, 452, 476], stride: 24 });
  });
  it('shrinks the stride, then the count, when it does not', () => {
    const p = planOrigins(200, 48, 48, 6);
    expect(p.origins).toHaveLength(6);
    expect(p.stride).toBeLessThan(48);
    expect(p.origins[0]).toBeGreaterThanOrEqual(48);
    expect(p.origins[5]).toBe(152);
    expect(planOrigins(100, 48, 48, 6).origins).toEqual([52]);
    expect(planOrigins(90, 48, 48, 6).origins).toEqual([]);
  });
});

describe('maseScale', () => {
  it('is the in-sample seasonal-naive MAE, falling back to lag 1', () => {
    expect(maseScale(new Float64Array([1, 2, 3, 5, 2, 3, 4, 6]), 4)).toBeCloseTo(1, 12);
    expect(maseScale(new Float64Array([1, 2, 1, 2, 1, 2]), 2)).toBeCloseTo(1, 12);
    expect(maseScale(new Float64Array([3, 3, 3]), 2)).toBeGreaterThan(0);
  });
});

describe('rollingOrigin', () => {
  it('scores seasonal naive at 0 on an exactly periodic series, and its zero-width intervals cover', () => {
    const ts = Float64Array.from({ length: 200 }, (_, i) => i * 1000);
    const values = Float64Array.from({ length: 200 }, (_, i) => [1, 4, 2, 8, 5][i % 5]);
    const r = rollingOrigin(regularise(ts, values), [5], [seasonalNaive], { horizon: 10, origins: 4 });
    expect(r.origins).toHaveLength(4);
    expect(r.perModel[0].mase).toBe(0);
    expect(r.perModel[0].smape).toBe(0);
    expect(r.perModel[0].coverage).toBe(1);
  });

  it('does not score grid slots that were filled', () => {
    const ts = Float64Array.from({ length: 100 }, (_, i) => i * 1000);
    const values = Float64Array.from({ length: 100 }, (_, i) => i);
    values[95] = NaN;
    const r = rollingOrigin(regularise(ts, values), [], [seasonalNaive], { horizon: 10, origins: 1 });
    expect(r.perModel[0].errors[0][5]).toBeNaN();
    expect(r.perModel[0].errors[0][4]).toBe(5);
  });

  it('records a model that throws as a failure instead of failing the backtest', () => {
    const broken = { name: 'mstl-ets' as const, predict: (): Float64Array => { throw new Error('boom'); } };
    const ts = Float64Array.from({ length: 100 }, (_, i) => i * 1000);
    const r = rollingOrigin(regularise(ts, Float64Array.from(ts, (_, i) => i)), [], [seasonalNaive, broken], { horizon: 5 });
    expect(r.perModel[1].failures).toBe(r.origins.length);
    expect(r.perModel[1].failure).toBe('boom');
    expect(r.perModel[1].mase).toBeNaN();
    expect(r.perModel[0].mase).toBeGreaterThan(0);
  });
});

describe('calibrateIntervals', () => {
  it('recovers normal quantiles from many normal errors, widening-only in the horizon', () => {
    const g = normalFrom(seededRandom(3));
    const errors = Array.from({ length: 200 }, () => Float64Array.from({ length: 12 }, () => g()));
    const cal = calibrateIntervals(errors, 12, 0.8);
    for (let h = 0; h < 12; h++) {
      expect(cal.lower[h]).toBeGreaterThan(-1.5);
      expect(cal.lower[h]).toBeLessThan(-1.05);
      expect(cal.upper[h]).toBeGreaterThan(1.05);
      expect(cal.upper[h]).toBeLessThan(1.5);
      if (h > 0) expect(cal.upper[h] - cal.lower[h]).toBeGreaterThanOrEqual(cal.upper[h - 1] - cal.lower[h - 1] - 1e-12);
    }
    expect(leaveOneOutCoverage(errors.slice(0, 20), 12, 0.8)).toBeGreaterThan(0.7);
    expect(leaveOneOutCoverage(errors.slice(0, 20), 12, 0.8)).toBeLessThan(0.9);
  });

  it('gives NaN offsets where there is no error to learn from', () => {
    // One origin: each step pools its neighbours up to 10 steps away, so step 30 sees nothing of step 1.
    const only = new Float64Array(30).fill(NaN);
    only[0] = 1;
    const cal = calibrateIntervals([only], 30, 0.8);
    expect(cal.upper[0]).toBe(1);
    expect(cal.upper[29]).toBeNaN();
    expect(leaveOneOutCoverage([Float64Array.of(1)], 1, 0.8)).toBeNaN();
  });
});
