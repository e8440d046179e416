import { describe, expect, it } from 'vitest';
import { detectChangePoints } from '../../../../core/analysis/timeseries/changepoint';
import { normalFrom, seededRandom } from '../../../../core/analysis/stats';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1);

/** n points one minute apart: f(i) + noise (N(0,1) unless sd(i) says otherwise). */
function series(n: number, f: (i: number) => number, seed = 1, sd: (i: number) => number = () => 1) {
  const g = normalFrom(seededRandom(seed));
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * MINUTE);
  const values = Float64Array.from({ length: n }, (_, i) => f(i) + sd(i) * g());
  return { ts, values };
}

describe('detectChangePoints (PELT, level/trend/variance)', () => {
  it('finds a planted level shift within a few points and reports the levels either side', () => {
    const { ts, values } = series(1200, (i) => 10 + (i >= 600 ? 3 : 0));
    const r = detectChangePoints(ts, values);
    expect(r.changes).toHaveLength(1);
    const c = r.changes[0];
    expect(c.kind).toBe('level');
    expect(Math.abs(c.index - 600)).toBeLessThanOrEqual(3);
    expect(c.ts).toBe(ts[c.index]);
    expect(c.before).toBeCloseTo(10, 0);
    expect(c.after).toBeCloseTo(13, 0);
    expect(c.confidence).toBeGreaterThan(0.9);
    expect(r.segments).toHaveLength(2);
  });

  it('finds a slope change and reports the slopes per hour', () => {
    // flat, then rising 0.05 per minute = 3 per hour from index 800
    const { ts, values } = series(1500, (i) => (i >= 800 ? 0.05 * (i - 800) : 0));
    const r = detectChangePoints(ts, values);
    const trend = r.changes.filter((c) => c.kind === 'trend');
    expect(trend).toHaveLength(1);
    expect(Math.abs(trend[0].index - 800)).toBeLessThanOrEqual(40);
    expect(trend[0].unit).toBe('value/hour');
    expect(Math.abs(trend[0].before)).toBeLessThan(0.5);
    expect(trend[0].after).toBeGreaterThan(2.5);
    expect(trend[0].after).toBeLessThan(3.5);
  });

  it('finds a variance change as its own kind, with the standard deviations either side', () => {
    const { ts, values } = series(1400, () => 5, 3, (i) => (i >= 700 ? 4 : 1));
    const r = detectChangePoints(ts, values);
    expect(r.changes).toHaveLength(1);
    const c = r.changes[0];
    expect(c.kind).toBe('variance');
    expect(Math.abs(c.index - 700)).toBeLessThanOrEqual(15);
    expect(c.before).toBeGreaterThan(0.8);
    expect(c.before).toBeLessThan(1.2);
    expect(c.after).toBeGreaterThan(3.3);
    expect(c.after).toBeLessThan(4.7);
  });

  it('finds no change in stationary noise, white or autocorrelated', () => {
    let found = 0;
    for (let seed = 1; seed <= 6; seed++) found += detectChangePoints(...Object.values(series(2000, () => 0, seed)) as [Float64Array, Float64Array]).changes.length;
    expect(found).toBe(0);
    // AR(1), phi = 0.6
    const g = normalFrom(seededRandom(9));
    let e = 0;
    const ar = Float64Array.from({ length: 3000 }, () => (e = 0.6 * e + g()));
    const r = detectChangePoints(Float64Array.from(ar, (_, i) => T0 + i * MINUTE), ar);
    expect(r.changes).toHaveLength(0);
    expect(r.notes.join(' ')).toMatch(/autocorrelation/);
  });

  it('does not call a lone spike a change', () => {
    const { ts, values } = series(1000, () => 0, 4);
    values[500] = 80;
    const r = detectChangePoints(ts, values);
    expect(r.changes).toHaveLength(0);
    expect(r.notes.join(' ')).toMatch(/clipped/);
  });

  it('handles 20,000 points by searching blocks, still placing the change within a few points', () => {
    const { ts, values } = series(20_000, (i) => 100 + (i >= 13_337 ? 2 : 0), 5, () => 4);
    const r = detectChangePoints(ts, values);
    expect(r.blockSize).toBeGreaterThan(1);
    expect(r.changes).toHaveLength(1);
    expect(Math.abs(r.changes[0].index - 13_337)).toBeLessThanOrEqual(5);
  });

  it('reports a level shift on a trending series as the jump, not the difference of the means', () => {
    const { ts, values } = series(2000, (i) => 0.01 * i + (i >= 1000 ? 4 : 0), 6);
    const r = detectChangePoints(ts, values);
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0].kind).toBe('level');
    expect(r.changes[0].after - r.changes[0].before).toBeGreaterThan(3.3);
    expect(r.changes[0].after - r.changes[0].before).toBeLessThan(4.7);
  });

  it('with the season given, sees a level shift through a daily cycle instead of a run of trend changes', () => {
    // hourly for 30 days, daily swing of ±10, +4 from day 20
    const g = normalFrom(seededRandom(8));
    const HOUR = 60 * MINUTE;
    const ts = Float64Array.from({ length: 720 }, (_, i) => T0 + i * HOUR);
    const values = Float64Array.from({ length: 720 }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 24) + (i >= 480 ? 4 : 0) + g());
    expect(detectChangePoints(ts, values).changes.length).toBeGreaterThan(3);
    const r = detectChangePoints(ts, values, { period: 24 });
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0].kind).toBe('level');
    expect(Math.abs(r.changes[0].index - 480)).toBeLessThanOrEqual(3);
    expect(r.changes[0].after - r.changes[0].before).toBeCloseTo(4, 0);
    expect(r.notes.join(' ')).toMatch(/seasonal profile of 24 steps/);
  });

  it('skips NaN but reports indices into the caller arrays', () => {
    const { ts, values } = series(1200, (i) => (i >= 600 ? 3 : 0), 7);
    for (let i = 100; i < 200; i++) values[i] = NaN;
    const r = detectChangePoints(ts, values);
    expect(r.changes).toHaveLength(1);
    expect(Math.abs(r.changes[0].index - 600)).toBeLessThanOrEqual(3);
    expect(r.notes.join(' ')).toMatch(/100 of 1200 points skipped/);
  });

  it('says why it found nothing on short, constant or empty input instead of throwing', () => {
    const short = detectChangePoints(new Float64Array([1, 2, 3]), new Float64Array([1, 5, 1]));
    expect(short.changes).toEqual([]);
    expect(short.notes.join(' ')).toMatch(/too short/);
    const flat = detectChangePoints(Float64Array.from({ length: 500 }, (_, i) => i), new Float64Array(500).fill(7));
    expect(flat.changes).toEqual([]);
    expect(flat.notes.join(' ')).toMatch(/constant/);
    expect(detectChangePoints(new Float64Array(0), new Float64Array(0)).changes).toEqual([]);
    expect(detectChangePoints(new Float64Array(50).fill(NaN), new Float64Array(50)).notes.join(' ')).toMatch(/skipped/);
  });

  it('throws a readable error when the arrays do not match', () => {
    expect(() => detectChangePoints(new Float64Array(3), new Float64Array(4))).toThrow(/ts has 3 points but values has 4/);
  });
});
