import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stl } from '../../../../core/analysis/timeseries/stl';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'timeseries');

interface Reference {
  source: string;
  statsmodels: string;
  values: number[];
  stl: { period: number; trend: number[]; seasonal: number[] };
  stlPlain: { period: number; trend: number[]; seasonal: number[] };
}

const load = (key: string): Reference => JSON.parse(readFileSync(join(FIXTURES, `stl-${key}.json`), 'utf8')) as Reference;

/** Largest |a - b| relative to the range of the series. */
function relErr(a: ArrayLike<number>, b: number[], values: number[]): number {
  const range = Math.max(...values) - Math.min(...values);
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m / range;
}

const JUMPS_1 = { seasonalJump: 1, trendJump: 1, lowPassJump: 1 };
// Fixtures hold 10 significant digits; agreement to 1e-7 of the range means the same algorithm.
const TOL = 1e-7;

describe('STL against statsmodels (fixtures from bench/stl-reference.py, statsmodels 0.13.5)', () => {
  for (const key of ['synthetic', 'nyc_taxi']) {
    it(`matches robust STL on ${key}`, () => {
      const ref = load(key);
      const r = stl(Float64Array.from(ref.values), { period: ref.stl.period, robust: true, ...JUMPS_1 });
      expect(relErr(r.trend, ref.stl.trend, ref.values)).toBeLessThan(TOL);
      expect(relErr(r.seasonal, ref.stl.seasonal, ref.values)).toBeLessThan(TOL);
    });

    it(`matches non-robust STL on ${key}`, () => {
      const ref = load(key);
      const r = stl(Float64Array.from(ref.values), { period: ref.stlPlain.period, robust: false, ...JUMPS_1 });
      expect(relErr(r.trend, ref.stlPlain.trend, ref.values)).toBeLessThan(TOL);
      expect(relErr(r.seasonal, ref.stlPlain.seasonal, ref.values)).toBeLessThan(TOL);
    });
  }

  it('stays close to the reference with the faster default jumps (R-style span / 10)', () => {
    const ref = load('nyc_taxi');
    const r = stl(Float64Array.from(ref.values), { period: ref.stl.period, robust: true });
    expect(relErr(r.trend, ref.stl.trend, ref.values)).toBeLessThan(0.01);
    expect(relErr(r.seasonal, ref.stl.seasonal, ref.values)).toBeLessThan(0.02);
  });
});

describe('STL on planted components', () => {
  const n = 24 * 30;
  const trend = Float64Array.from({ length: n }, (_, i) => 20 + 0.05 * i);
  const season = Float64Array.from({ length: n }, (_, i) => 6 * Math.sin((2 * Math.PI * i) / 24));
  const y = Float64Array.from({ length: n }, (_, i) => trend[i] + season[i]);

  it('recovers trend and seasonal of a noise-free series', () => {
    const r = stl(y, { period: 24 });
    for (let i = 24; i < n - 24; i++) {
      expect(Math.abs(r.trend[i] - trend[i])).toBeLessThan(0.1);
      expect(Math.abs(r.seasonal[i] - season[i])).toBeLessThan(0.1);
    }
  });

  it('keeps an outlier in the remainder when robust, and down-weights it', () => {
    let seed = 7;
    const noise = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5);
    const spiky = Float64Array.from(y, (v) => v + noise());
    spiky[300] += 100;
    const robust = stl(spiky, { period: 24, robust: true });
    const plain = stl(spiky, { period: 24, robust: false });
    expect(robust.remainder[300]).toBeGreaterThan(95);
    expect(robust.weights[300]).toBe(0);
    expect(plain.remainder[300]).toBeLessThan(80);
    const seasonErr = (r: typeof robust): number => Math.abs(r.seasonal[300 - 24] - season[300 - 24]);
    expect(seasonErr(robust)).toBeLessThan(seasonErr(plain));
    expect(robust.weights[200]).toBeGreaterThan(0.9);
  });

  it('interpolates missing values, says so, and leaves their remainder NaN', () => {
    const gappy = Float64Array.from(y);
    gappy[100] = NaN;
    gappy[101] = NaN;
    const r = stl(gappy, { period: 24 });
    expect(r.notes.join(' ')).toMatch(/2 missing value/);
    expect(r.remainder[100]).toBeNaN();
    expect(Number.isFinite(r.trend[100])).toBe(true);
  });

  it('refuses fewer than two cycles, or a period below 2, with a clear message', () => {
    expect(() => stl(new Float64Array(30), { period: 24 })).toThrow(/two full cycles/);
    expect(() => stl(new Float64Array(30), { period: 1 })).toThrow(/at least 2/);
  });
});
