import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mstl } from '../../../../core/analysis/timeseries/mstl';
import { mstlFast } from '../../../../core/analysis/timeseries/mstl-fast';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'timeseries');

interface MstlRef {
  periods: number[];
  trend: number[];
  seasonal: number[][];
}

interface Reference {
  values: number[];
  mstl: MstlRef;
  mstlRobust: MstlRef;
}

const load = (key: string): Reference => JSON.parse(readFileSync(join(FIXTURES, `stl-${key}.json`), 'utf8')) as Reference;

function relErr(a: ArrayLike<number>, b: number[], values: number[]): number {
  const range = Math.max(...values) - Math.min(...values);
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m / range;
}

const JUMPS_1 = { seasonalJump: 1, trendJump: 1, lowPassJump: 1 };
const TOL = 1e-7;

describe('MSTL against the statsmodels 0.14 algorithm over statsmodels STL (bench/stl-reference.py)', () => {
  it('matches on the synthetic daily + weekly series, non-robust and robust', () => {
    const ref = load('synthetic');
    for (const [robust, r] of [[false, ref.mstl], [true, ref.mstlRobust]] as const) {
      const out = mstl(Float64Array.from(ref.values), { periods: r.periods, stl: { robust, ...JUMPS_1 } });
      expect(out.periods).toEqual(r.periods);
      expect(relErr(out.trend, r.trend, ref.values)).toBeLessThan(TOL);
      out.seasonal.forEach((s, k) => expect(relErr(s, r.seasonal[k], ref.values)).toBeLessThan(TOL));
    }
  });

  it('matches on NAB nyc_taxi (4 weeks at 30 minutes, periods 48 and 336)', () => {
    const ref = load('nyc_taxi');
    const out = mstl(Float64Array.from(ref.values), { periods: ref.mstl.periods, stl: { robust: false, ...JUMPS_1 } });
    expect(relErr(out.trend, ref.mstl.trend, ref.values)).toBeLessThan(TOL);
    out.seasonal.forEach((s, k) => expect(relErr(s, ref.mstl.seasonal[k], ref.values)).toBeLessThan(TOL));
  });

  it('drops periods longer than half the series and says so', () => {
    const y = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i / 2));
    const out = mstl(y, { periods: [12, 80] });
    expect(out.periods).toEqual([12]);
    expect(out.notes.join(' ')).toMatch(/80 dropped/);
  });

  it('with no usable period returns the series as trend instead of throwing', () => {
    const out = mstl(Float64Array.of(1, 2, 3, 4), { periods: [10] });
    expect(out.seasonal).toEqual([]);
    expect(Array.from(out.trend)).toEqual([1, 2, 3, 4]);
  });
});

describe('mstlFast (the detector baseline)', () => {
  it('recovers planted daily and weekly components', () => {
    const n = 24 * 7 * 4;
    const daily = (i: number): number => 5 * Math.sin((2 * Math.PI * i) / 24);
    const weekly = (i: number): number => (Math.floor(i / 24) % 7 >= 5 ? -3 : 3 * (2 / 5));
    const y = Float64Array.from({ length: n }, (_, i) => 50 + daily(i) + weekly(i));
    const d = mstlFast(y, [24, 168]);
    let absErr = 0;
    for (let i = 168; i < n - 168; i++) {
      // Only the points next to a weekday/weekend step are off (the weekly profile is smoothed over 3 phases).
      expect(Math.abs(d.trend[i] + d.seasonal[0][i] + d.seasonal[1][i] - y[i])).toBeLessThan(1.5);
      expect(Math.abs(d.seasonal[0][i] - daily(i))).toBeLessThan(0.2);
      absErr += Math.abs(d.trend[i] + d.seasonal[0][i] + d.seasonal[1][i] - y[i]);
    }
    expect(absErr / (n - 336)).toBeLessThan(0.1);
  });

  it('refuses missing values and bad periods', () => {
    expect(() => mstlFast(Float64Array.of(1, NaN, 3, 4), [2])).toThrow(/not finite/);
    expect(() => mstlFast(Float64Array.of(1, 2, 3), [5])).toThrow(/within/);
  });
});
