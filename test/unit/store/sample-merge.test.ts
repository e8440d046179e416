import { describe, expect, it } from 'vitest';
import { mergeSamples } from '../../../core/store/sample-merge';

const none = { ts: [], values: [] };

describe('mergeSamples: one value per timestamp, the first wins', () => {
  it('sorts a run and keeps the first of repeated timestamps, counting duplicates and conflicts', () => {
    const r = mergeSamples([3, 1, 2, 1, 3], [30, 10, 20, 10, 31], none);
    expect([...r.ts]).toEqual([1, 2, 3]);
    expect([...r.values]).toEqual([10, 20, 30]);
    expect(r.counts).toEqual({ duplicates: 1, conflicts: 1, examples: [{ ts: 3, kept: 30, dropped: 31 }] });
  });

  it('leaves out timestamps already stored: the stored value wins, conflicts are named', () => {
    const stored = { ts: [1, 2, 3], values: [10, 20, 30] };
    const r = mergeSamples([2, 3, 4, 5], [20, 33, 40, 50], stored);
    expect([...r.ts]).toEqual([4, 5]);
    expect([...r.values]).toEqual([40, 50]);
    expect(r.counts).toEqual({ duplicates: 1, conflicts: 1, examples: [{ ts: 3, kept: 30, dropped: 33 }] });
  });

  it('treats two NaN values as the same value, and NaN against a number as a conflict', () => {
    const r = mergeSamples([1, 1, 2, 2], [Number.NaN, Number.NaN, 5, Number.NaN], none);
    expect([...r.ts]).toEqual([1, 2]);
    expect(r.counts.duplicates).toBe(1);
    expect(r.counts.conflicts).toBe(1);
  });

  it('keeps at most three conflict examples and counts the rest', () => {
    const r = mergeSamples([1, 1, 2, 2, 3, 3, 4, 4], [1, 9, 2, 9, 3, 9, 4, 9], none);
    expect(r.counts.conflicts).toBe(4);
    expect(r.counts.examples.map((e) => e.ts)).toEqual([1, 2, 3]);
  });
});
