import { describe, expect, it } from 'vitest';
import { mergeBuckets, minMaxBuckets } from '../../../core/store/downsample';

describe('min/max per pixel bucket (M4)', () => {
  it('keeps each bucket min, max and mean, and leaves empty buckets out', () => {
    const b = minMaxBuckets([0, 1, 2, 3, 6, 7], [1, 5, 2, 8, 4, 4], 0, 8, 4);
    expect([...b.t]).toEqual([0, 2, 6]);
    expect([...b.min]).toEqual([1, 2, 4]);
    expect([...b.max]).toEqual([5, 8, 4]);
    expect([...b.avg]).toEqual([3, 5, 4]);
  });

  it('keeps a one-point spike among a million points', () => {
    const n = 1_000_000;
    const ts = Float64Array.from({ length: n }, (_, i) => i);
    const v = Float64Array.from({ length: n }, (_, i) => (i === 777_777 ? 99 : Math.sin(i)));
    const b = minMaxBuckets(ts, v, 0, n, 1000);
    expect(b.t.length).toBe(1000);
    expect(Math.max(...b.max)).toBe(99);
  });

  it('skips NaN values and points outside the range', () => {
    const b = minMaxBuckets([-1, 0, 1, 5], [100, NaN, 3, 100], 0, 2, 2);
    expect([...b.t]).toEqual([1]);
    expect([...b.max]).toEqual([3]);
  });

  it('merges stored rollups into the same buckets the raw points would give', () => {
    const ts = Array.from({ length: 60 }, (_, i) => i);
    const v = ts.map((i) => (i * 7) % 11);
    const raw = minMaxBuckets(ts, v, 0, 60, 6);
    // rollups of 5 points each
    const start: number[] = [];
    const mn: number[] = [];
    const mx: number[] = [];
    const sm: number[] = [];
    const ct: number[] = [];
    for (let s = 0; s < 60; s += 5) {
      const part = v.slice(s, s + 5);
      start.push(s);
      mn.push(Math.min(...part));
      mx.push(Math.max(...part));
      sm.push(part.reduce((a, b) => a + b, 0));
      ct.push(5);
    }
    const merged = mergeBuckets(start, mn, mx, sm, ct, 0, 60, 6);
    expect(merged).toEqual(raw);
  });

  it('refuses an empty range or no buckets', () => {
    expect(() => minMaxBuckets([], [], 5, 5, 10)).toThrow(/time range is empty/);
    expect(() => minMaxBuckets([], [], 0, 5, 0)).toThrow(/at least 1/);
  });
});
