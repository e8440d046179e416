import { describe, expect, it } from 'vitest';
import { detectAnomalies } from '../../../../core/analysis/timeseries/anomaly';
import { mergeRanges } from '../../../../core/analysis/timeseries/ranges';
import { staticBounds } from '../../../../core/analysis/timeseries/static';
import { seededRandom as rng } from '../../../../core/analysis/stats';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);


/** Traffic-like series at 5-minute steps: low at night (~10 at 3 AM), high by day (~100 at 3 PM), noise sd ~1. */
function traffic(days: number, seed = 1): { ts: Float64Array; y: Float64Array } {
  const r = rng(seed);
  const n = days * 288;
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * 5 * MIN);
  const y = Float64Array.from({ length: n }, (_, i) => {
    const g = Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
    return 55 - 45 * Math.cos((2 * Math.PI * (i % 288 - 36)) / 288) + g;
  });
  return { ts, y };
}

const at = (day: number, hour: number): number => day * 288 + hour * 12;

describe('detectAnomalies (batch)', () => {
  it('finds a planted spike as one upward range peaking at the spike', () => {
    const { ts, y } = traffic(10);
    const i = at(6, 14);
    y[i] += 25;
    const r = detectAnomalies(ts, y);
    expect(r.method).toBe('seasonal');
    expect(r.periods).toEqual([288]);
    expect(r.anomaly[i]).toBe(1);
    const range = r.ranges.find((g) => g.startIndex <= i && g.endIndex >= i);
    expect(range).toBeDefined();
    expect(range!.peakIndex).toBe(i);
    expect(range!.direction).toBe('up');
    expect(range!.severity).toBe('high');
    expect(r.ranges.length).toBeLessThanOrEqual(2);
  });

  it('finds a planted level shift', () => {
    const { ts, y } = traffic(10, 2);
    const s = at(5, 12);
    for (let i = s; i < y.length; i++) y[i] -= 30;
    const r = detectAnomalies(ts, y);
    // The whole range is learnt (batch), so the new level becomes normal; the transition is what stands out.
    expect(r.ranges.some((g) => g.startIndex <= s && g.endIndex >= s)).toBe(true);
    expect(r.ranges.length).toBeGreaterThan(0);
    expect(r.ranges.every((g) => Math.abs(g.peakIndex - s) < 288)).toBe(true);
  });

  it('finds a night-time anomaly that a static threshold misses', () => {
    const { ts, y } = traffic(10, 3);
    const i = at(7, 3);
    y[i] = 60; // ordinary at 3 PM, abnormal at 3 AM
    const r = detectAnomalies(ts, y);
    expect(r.anomaly[i]).toBe(1);
    expect(r.expected[i]).toBeLessThan(20);
    const b = staticBounds(y, 0.99);
    expect(y[i]).toBeLessThan(b.upper);
    expect(y[i]).toBeGreaterThan(b.lower);
    const forcedStatic = detectAnomalies(ts, y, { periods: [] });
    expect(forcedStatic.method).toBe('static');
    expect(forcedStatic.anomaly[i]).toBe(0);
  });

  it('falls back to static bounds with a note when history is shorter than two days', () => {
    const { ts, y } = traffic(1, 4);
    y[100] += 200;
    const r = detectAnomalies(ts, y);
    expect(r.method).toBe('static');
    expect(r.notes.join(' ')).toMatch(/less than 2 days of history/);
    expect(r.anomaly[100]).toBe(1);
  });

  it('widens the band with intervalWidth, like Prophet', () => {
    const { ts, y } = traffic(4, 5);
    const narrow = detectAnomalies(ts, y, { intervalWidth: 0.8 });
    const wide = detectAnomalies(ts, y, { intervalWidth: 0.99 });
    const w = (r: typeof narrow): number => r.upper[500] - r.lower[500];
    expect(w(wide) / w(narrow)).toBeCloseTo(2.5758 / 1.2816, 3);
    let inside = 0;
    for (let i = 0; i < y.length; i++) if (y[i] >= wide.lower[i] && y[i] <= wide.upper[i]) inside++;
    expect(inside / y.length).toBeGreaterThan(0.97);
  });

  it('does not learn or report excluded ranges', () => {
    const { ts, y } = traffic(10, 6);
    const from = at(6, 10);
    const to = at(6, 16);
    for (let i = from; i <= to; i++) y[i] += 50;
    const plain = detectAnomalies(ts, y);
    expect(plain.anomaly.slice(from, to + 1).some((f) => f === 1)).toBe(true);
    const marked = detectAnomalies(ts, y, { exclude: [{ startMs: ts[from], endMs: ts[to] }] });
    expect(marked.anomaly.slice(from, to + 1).every((f) => f === 0)).toBe(true);
    expect(marked.score[from]).toBe(0);
    expect(marked.notes.join(' ')).toMatch(/excluded/);
    // Not learnt: the same hours a day later are still expected at the normal level.
    expect(Math.abs(marked.expected[from + 288] - (y[from + 288]))).toBeLessThan(5);
  });

  it('never throws on constant, all-NaN, tiny or gappy input and says what it did', () => {
    const ts = Float64Array.from({ length: 600 }, (_, i) => T0 + i * MIN);
    const constant = detectAnomalies(ts, new Float64Array(600).fill(7));
    expect(constant.anomaly.every((f) => f === 0)).toBe(true);
    const stepUp = new Float64Array(600).fill(7);
    stepUp[300] = 8;
    expect(detectAnomalies(ts, stepUp).anomaly[300]).toBe(1);
    const nan = detectAnomalies(ts, new Float64Array(600).fill(NaN));
    expect(nan.notes.join(' ')).toMatch(/only 0 usable/);
    expect(nan.anomaly.every((f) => f === 0)).toBe(true);
    const tiny = detectAnomalies([T0, T0 + MIN], [1, 2]);
    expect(tiny.ranges).toEqual([]);
    const { ts: t2, y: y2 } = traffic(6, 7);
    const keep = Array.from(t2.keys()).filter((i) => i % 288 < 200 || i % 5 === 0);
    const gappy = detectAnomalies(keep.map((i) => t2[i]), keep.map((i) => (i % 97 === 0 ? NaN : y2[i])));
    expect(gappy.notes.join(' ')).toMatch(/had no finite value/);
    expect(gappy.method).toBe('seasonal');
    expect(gappy.ranges.length).toBeLessThanOrEqual(1);
  });

  it('refuses an interval width outside (0, 1)', () => {
    expect(() => detectAnomalies([1, 2, 3], [1, 2, 3], { intervalWidth: 1 })).toThrow(/intervalWidth/);
  });
});

describe('mergeRanges', () => {
  it('bridges small gaps and reports the furthest point as the peak', () => {
    const anomaly = Uint8Array.of(0, 1, 1, 0, 1, 0, 0, 0, 0, 1);
    const values = Float64Array.of(0, 5, 9, 0, 6, 0, 0, 0, 0, -8);
    const ranges = mergeRanges({
      timestamps: Float64Array.from({ length: 10 }, (_, i) => i * 1000),
      values,
      expected: new Float64Array(10),
      scale: new Float64Array(10).fill(1),
      score: Float64Array.from(anomaly, (f) => (f ? 0.999 : 0.1)),
      anomaly,
    }, 2);
    expect(ranges.map((r) => [r.startIndex, r.endIndex, r.peakIndex, r.direction])).toEqual([
      [1, 4, 2, 'up'],
      [9, 9, 9, 'down'],
    ]);
    expect(ranges[0].points).toBe(3);
  });
});
