/** The regression forest the forecaster's random-forest model trains at every backtest origin. */
import { describe, expect, it } from 'vitest';
import { trainForest } from '../../../../core/analysis/timeseries/regression-forest';
import { seededRandom } from '../../../../core/analysis/stats';

const opts = { trees: 20, maxDepth: 6, minNumSamples: 5, maxFeatures: 1, seed: 3 };

describe('trainForest', () => {
  it('learns a step in one feature and ignores a noise feature', () => {
    const rand = seededRandom(1);
    const xs = Array.from({ length: 300 }, (_, i) => [i, rand() * 100]);
    const ys = xs.map(([a]) => (a < 150 ? 10 : 50));
    const f = trainForest(xs, ys, opts);
    expect(f.predict([20, 50])).toBeCloseTo(10, 0);
    expect(f.predict([280, 50])).toBeCloseTo(50, 0);
    expect(f.predict([280, 1])).toBeCloseTo(f.predict([280, 99]), 0);
  });

  it('fits a smooth curve closely within the range it saw', () => {
    const xs = Array.from({ length: 300 }, (_, i) => [i / 30]);
    const ys = xs.map(([x]) => Math.sin(x));
    const f = trainForest(xs, ys, opts);
    for (const x of [1, 3, 5, 8]) expect(Math.abs(f.predict([x]) - Math.sin(x))).toBeLessThan(0.1);
  });

  it('is the same forest for the same seed, and the mean for a constant target', () => {
    const rand = seededRandom(9);
    const xs = Array.from({ length: 100 }, () => [rand(), rand(), rand()]);
    const ys = xs.map(([a, b]) => a * 3 + b);
    const a = trainForest(xs, ys, { ...opts, maxFeatures: 0.7 });
    const b = trainForest(xs, ys, { ...opts, maxFeatures: 0.7 });
    expect(a.predict([0.5, 0.5, 0.5])).toBe(b.predict([0.5, 0.5, 0.5]));
    expect(trainForest(xs, xs.map(() => 7), opts).predict([0.1, 0.2, 0.3])).toBe(7);
  });

  it('refuses rows without targets', () => {
    expect(() => trainForest([[1]], [], opts)).toThrow(RangeError);
  });
});
