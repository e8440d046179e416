import { describe, expect, it } from 'vitest';
import { alignToGrid, windowFeatures } from '../../../../core/analysis/timeseries/features';
import { normalFrom, seededRandom } from '../../../../core/analysis/stats';
import { multivariateOutliers } from '../../../../core/analysis/timeseries/multivariate';

const MIN5 = 300_000;
const T0 = Date.UTC(2024, 0, 1);
const DAY = 288; // 5-minute points per day

/** A week of cpu (daily cycle) and requests ≈ 2·cpu; in [from, to) requests follow 2·(cpu − 20) instead. */
function service(from: number, to: number, seed = 1) {
  const g = normalFrom(seededRandom(seed));
  const n = 7 * DAY;
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * MIN5);
  const cpu = Float64Array.from({ length: n }, (_, i) => 50 + 20 * Math.sin((2 * Math.PI * i) / DAY) + 2 * g());
  const req = Float64Array.from(cpu, (c, i) => (i >= from && i < to ? 2 * (c - 20) : 2 * c) + 3 * g());
  return { ts, cpu, req };
}

describe('multivariateOutliers (k-means distance on feature windows)', () => {
  // Window 12 (one hour) starting at 936 = 3¼ days: cpu near its daily peak, requests mid-range.
  const from = 3 * DAY + 72;
  const to = from + 12;

  it('flags a window that breaks the correlation while each metric stays in its range', () => {
    const { ts, cpu, req } = service(from, to);
    const r = multivariateOutliers(ts, [{ name: 'cpu', values: cpu }, { name: 'requests', values: req }], { window: 12 });
    expect(r.flagged.map((w) => w.startIndex)).toEqual([from]);
    expect(r.flagged[0].score).toBe(1);
    // Which metric is "wrong" in a broken relation is ambiguous; the shares only split the distance.
    const shares = r.flagged[0].contributions;
    expect(shares.map((c) => c.metric).sort()).toEqual(['cpu', 'requests']);
    expect(shares[0].share + shares[1].share).toBeCloseTo(1, 9);
    const others = r.windows.filter((w) => !w.flagged);
    expect(Math.max(...others.map((w) => w.score))).toBeLessThan(1);

    // A univariate range check learned on every other point would not fire: each value is within range.
    for (const [y, name] of [[cpu, 'cpu'], [req, 'requests']] as const) {
      const rest = Array.from(y).filter((_, i) => i < from || i >= to);
      const lo = Math.min(...rest);
      const hi = Math.max(...rest);
      for (let i = from; i < to; i++) expect(y[i], `${name}[${i}]`).toBeGreaterThan(lo);
      for (let i = from; i < to; i++) expect(y[i], `${name}[${i}]`).toBeLessThan(hi);
    }
  });

  it('flags nothing when the metrics keep their relation', () => {
    const { ts, cpu, req } = service(-1, -1, 2);
    const r = multivariateOutliers(ts, [{ name: 'cpu', values: cpu }, { name: 'requests', values: req }], { window: 12 });
    expect(r.flagged).toHaveLength(0);
    expect(r.windows).toHaveLength(7 * 24);
  });

  it('scores later windows against a model trained on earlier ones', () => {
    const { ts, cpu, req } = service(6 * DAY + 72, 6 * DAY + 84, 3);
    const r = multivariateOutliers(ts, [{ name: 'cpu', values: cpu }, { name: 'requests', values: req }], {
      window: 12,
      trainUntil: ts[6 * DAY],
    });
    expect(r.trainingWindows).toBe(6 * 24);
    expect(r.flagged.map((w) => w.startIndex)).toEqual([6 * DAY + 72]);
    expect(r.flagged[0].percentile).toBe(1);
  });

  it('leaves out windows with too few points and says why it cannot score tiny inputs', () => {
    const { ts, cpu, req } = service(-1, -1, 4);
    for (let i = 0; i < 10; i++) cpu[i] = NaN;
    const r = multivariateOutliers(ts, [{ name: 'cpu', values: cpu }, { name: 'requests', values: req }], { window: 12 });
    expect(r.notes.join(' ')).toMatch(/1 windows left out/);
    const tiny = multivariateOutliers(ts.subarray(0, 50), [{ name: 'cpu', values: cpu.subarray(0, 50) }], { window: 12 });
    expect(tiny.windows).toEqual([]);
    expect(tiny.notes.join(' ')).toMatch(/need at least 10/);
    expect(() => multivariateOutliers(ts, [{ name: 'cpu', values: cpu.subarray(1) }], { window: 12 })).toThrow(/cpu/);
  });
});

describe('windowFeatures and alignToGrid', () => {
  it('summarises each window per metric', () => {
    const f = windowFeatures([Float64Array.of(1, 2, 3, 4, 10, 10, 10, 10)], ['x'], { window: 4, stats: ['mean', 'slope', 'max', 'last'] });
    expect(f.columns).toEqual(['x:mean', 'x:slope', 'x:max', 'x:last']);
    expect(Array.from(f.rows[0])).toEqual([2.5, 1, 4, 4]);
    expect(Array.from(f.rows[1])).toEqual([10, 0, 10, 10]);
  });

  it('aligns series with different timestamps onto one grid, NaN where a series has nothing', () => {
    const a = alignToGrid([
      { ts: Float64Array.of(0, 10, 20, 30), values: Float64Array.of(1, 2, 3, 4) },
      { ts: Float64Array.of(9, 31), values: Float64Array.of(7, 8) },
    ]);
    expect(Array.from(a.ts)).toEqual([0, 10, 20, 30]);
    expect(Array.from(a.values[1])).toEqual([NaN, 7, NaN, 8]);
  });
});
