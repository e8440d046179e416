import { describe, expect, it } from 'vitest';
import {
  mad,
  median,
  medianInPlace,
  normalFrom,
  quantile,
  quantileSorted,
  robustLocationScale,
  robustScale,
  scaleFloor,
  seededRandom,
  selectInPlace,
  sortedFinite,
} from '../../../core/analysis/stats';

describe('stats: order statistics', () => {
  it('median: middle value, mean of the two middle ones for an even count (R median())', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median(Float64Array.of(-5, 10, 0, 2, 1))).toBe(1);
  });

  it('quantile: Hyndman & Fan type 7, as NumPy percentile and R quantile()', () => {
    const x = [2, 4, 4, 4, 5, 5, 7, 9];
    // numpy.percentile([2,4,4,4,5,5,7,9], [0, 25, 50, 90, 100]) = [2, 4, 4.5, 7.6, 9]
    expect(quantile(x, 0)).toBe(2);
    expect(quantile(x, 0.25)).toBe(4);
    expect(quantile(x, 0.5)).toBe(4.5);
    expect(quantile(x, 0.9)).toBeCloseTo(7.6, 12);
    expect(quantile(x, 1)).toBe(9);
    // R: quantile(1:10, 0.1) = 1.9
    expect(quantile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.1)).toBeCloseTo(1.9, 12);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
  });

  it('quickselect agrees with a full sort on random data, whatever k', () => {
    const rand = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rand() * 60);
      const xs = Float64Array.from({ length: n }, () => Math.round(rand() * 20) - 10); // many ties
      const sorted = Float64Array.from(xs).sort();
      const k = Math.floor(rand() * n);
      const a = Float64Array.from(xs);
      expect(selectInPlace(a, k)).toBe(sorted[k]);
      for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(sorted[k]);
      for (let i = k + 1; i < n; i++) expect(a[i]).toBeGreaterThanOrEqual(sorted[k]);
      expect(median(xs)).toBe(n % 2 ? sorted[n >> 1] : (sorted[(n >> 1) - 1] + sorted[n >> 1]) / 2);
      const p = rand();
      expect(quantile(xs, p)).toBeCloseTo(quantileSorted(sorted, p), 12);
    }
  });

  it('medianInPlace uses only the first n entries', () => {
    expect(medianInPlace(Float64Array.of(5, 1, 3, 1000, -1000), 3)).toBe(3);
    expect(medianInPlace(new Float64Array(4), 0)).toBeNaN();
  });
});

describe('stats: robust scale', () => {
  it('MAD x 1.4826 (R mad(c(1, 1, 2, 2, 4, 6, 9)) = 1.4826)', () => {
    expect(mad([1, 1, 2, 2, 4, 6, 9])).toBeCloseTo(1.4826, 12);
    expect(mad([1, 2, 3, 4, 100])).toBeCloseTo(1.4826, 12); // one wild value does not move it
    expect(robustLocationScale([1, 2, 3, 4, 100])).toEqual({ center: 3, scale: 1.4826, count: 5 });
  });

  it('robustScale falls back to the mean absolute deviation when over half the values agree', () => {
    expect(mad([5, 5, 5, 5, 9])).toBe(0);
    expect(robustScale([5, 5, 5, 5, 9])).toBeCloseTo((1.2533 * 4) / 5, 12);
    expect(robustScale([3, 3, 3])).toBe(0);
  });

  it('scaleFloor keeps a detector scale positive for constant data', () => {
    expect(scaleFloor([7, 7, 7], 7, 0)).toBeCloseTo(8e-9, 20);
    expect(scaleFloor([1, 2, 3], 2, 5)).toBe(5);
    expect(scaleFloor([0, 0, 0, 8], 0, 0)).toBeCloseTo(0.25 * 1.2533 * 2, 12);
  });

  it('the normal-consistency constant: MAD x 1.4826 estimates sigma of normal data', () => {
    const g = normalFrom(seededRandom(3));
    const xs = Float64Array.from({ length: 20_000 }, () => 10 + 2 * g());
    expect(robustLocationScale(xs).center).toBeCloseTo(10, 1);
    expect(mad(xs) / 2).toBeCloseTo(1, 1);
  });
});

describe('stats: NaN policy and arguments', () => {
  it('skips NaN and infinities; a statistic of nothing is NaN', () => {
    expect(median([3, NaN, 1, Infinity, 2, -Infinity])).toBe(2);
    expect(quantile([4, 1, NaN, 3, 2], 0.75)).toBe(3.25);
    expect(mad([NaN, 1, 2, 3])).toBeCloseTo(1.4826, 12);
    expect(Array.from(sortedFinite([3, NaN, 1, Infinity, 2]))).toEqual([1, 2, 3]);
    for (const f of [median, mad, robustScale, (x: number[]) => quantile(x, 0.5), (x: number[]) => quantileSorted(x, 0.5)]) {
      expect(f([])).toBeNaN();
    }
    expect(median([NaN, NaN])).toBeNaN();
    expect(robustLocationScale([NaN])).toEqual({ center: NaN, scale: NaN, count: 0 });
  });

  it('does not change its input', () => {
    const xs = [5, 1, 4, 2, 3];
    median(xs);
    quantile(xs, 0.3);
    mad(xs);
    expect(xs).toEqual([5, 1, 4, 2, 3]);
  });

  it('throws for a quantile level outside [0, 1]', () => {
    expect(() => quantile([1, 2], 1.5)).toThrow(/within \[0, 1\], got 1.5/);
    expect(() => quantileSorted([1, 2], -0.1)).toThrow(RangeError);
    expect(() => quantile([1, 2], NaN)).toThrow(RangeError);
  });
});

describe('stats: seeded random source', () => {
  it('mulberry32: the published sequence for seed 42, the same every run', () => {
    const a = seededRandom(42);
    expect(a()).toBe(0.6011037519201636);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = Array.from({ length: 1000 }, () => b());
    expect(xs[0]).toBe(0.6011037519201636);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(c()).not.toBe(xs[0]);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });

  it('normalFrom: standard normal draws (mean 0, sd 1)', () => {
    const g = normalFrom(seededRandom(1));
    const xs = Array.from({ length: 20_000 }, g);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(0, 1);
    expect(sd).toBeCloseTo(1, 1);
  });
});
