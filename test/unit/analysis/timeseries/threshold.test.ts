import { describe, expect, it } from 'vitest';
import { normalFrom, seededRandom } from '../../../../core/analysis/stats';
import { formatDuration, formatDurationRange, timeToThreshold } from '../../../../core/analysis/timeseries/threshold';
import { useAugursFromNodeModules } from '../../../../core/host/augurs-wasm';

useAugursFromNodeModules();

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const FAST_FOREST = { trees: 8, maxRows: 200 };

function hourly(n: number, f: (i: number) => number, sd: number, seed = 1) {
  const g = normalFrom(seededRandom(seed));
  return {
    ts: Float64Array.from({ length: n }, (_, i) => T0 + i * HOUR),
    values: Float64Array.from({ length: n }, (_, i) => f(i) + sd * g()),
  };
}

describe('timeToThreshold', () => {
  it('on a linear trend, crosses near the analytic time with an interval around it', () => {
    // y = 100 + 0.5·t: from the last point (t = 479, y ≈ 339.5) to 389.5 takes 100 hours.
    const { ts, values } = hourly(480, (i) => 100 + 0.5 * i, 1);
    const r = timeToThreshold(ts, values, {
      threshold: 100 + 0.5 * 579,
      horizon: 150,
      name: 'p95 latency',
      unit: 'ms',
      randomForest: FAST_FOREST,
    });
    expect(r.direction).toBe('above');
    expect(r.alreadyCrossed).toBe(false);
    expect(r.expected).not.toBeNull();
    expect(Math.abs(r.expected!.afterMs / HOUR - 100)).toBeLessThan(8);
    expect(r.earliest!.afterMs).toBeLessThanOrEqual(r.expected!.afterMs);
    expect(r.latest!.afterMs).toBeGreaterThanOrEqual(r.expected!.afterMs);
    expect(r.probability).toBeGreaterThan(0.9);
    expect(r.sentence).toMatch(/^p95 latency rises above 389.5 ms in about (4(\.\d)? days|9\d hours|10\d hours)/);
    expect(r.sentence).toMatch(/80% interval/);
  });

  it('finds falling crossings too', () => {
    const { ts, values } = hourly(480, (i) => 500 - 0.5 * i, 1, 2);
    const r = timeToThreshold(ts, values, { threshold: 500 - 0.5 * 529, horizon: 100, randomForest: FAST_FOREST });
    expect(r.direction).toBe('below');
    expect(Math.abs(r.expected!.afterMs / HOUR - 50)).toBeLessThan(6);
    expect(r.sentence).toMatch(/falls below/);
  });

  it('gives a small chance and no expected time when a flat series is far from the threshold', () => {
    const { ts, values } = hourly(24 * 14, (i) => 50 + 5 * Math.sin((2 * Math.PI * i) / 24), 1, 3);
    const r = timeToThreshold(ts, values, { threshold: 80, horizon: 48, models: ['seasonal-naive', 'mstl-ets'] });
    expect(r.expected).toBeNull();
    expect(r.probability).toBeLessThan(0.05);
    expect(r.sentence).toMatch(/not expected to cross 80 within 2 days/);
  });

  it('says when the threshold is already crossed', () => {
    const { ts, values } = hourly(200, () => 10, 0.1);
    const r = timeToThreshold(ts, values, { threshold: 5, direction: 'below', horizon: 10, models: ['seasonal-naive'] });
    expect(r.alreadyCrossed).toBe(false);
    const up = timeToThreshold(ts, values, { threshold: 5, direction: 'above', horizon: 10, models: ['seasonal-naive'] });
    expect(up.alreadyCrossed).toBe(true);
    expect(up.probability).toBe(1);
    expect(up.sentence).toMatch(/already above 5/);
  });

  it('answers in words when there is nothing to forecast', () => {
    const r = timeToThreshold(new Float64Array([T0]), new Float64Array([1]), { threshold: 3, horizon: 5 });
    expect(r.expected).toBeNull();
    expect(r.sentence).toMatch(/no forecast/);
    expect(() => timeToThreshold(new Float64Array(0), new Float64Array(0), { threshold: NaN, horizon: 1 })).toThrow(/threshold/);
  });
});

describe('formatDuration', () => {
  it('picks one unit by size', () => {
    expect(formatDuration(40 * 60_000)).toBe('40 minutes');
    expect(formatDuration(7.5 * HOUR)).toBe('7.5 hours');
    expect(formatDuration(5 * 24 * HOUR)).toBe('5 days');
    expect(formatDuration(HOUR)).toBe('1 hour');
    expect(formatDurationRange(3 * 24 * HOUR, 8 * 24 * HOUR)).toBe('3–8 days');
    expect(formatDurationRange(30 * 60_000, 3 * HOUR)).toBe('30 minutes – 3 hours');
  });
});
