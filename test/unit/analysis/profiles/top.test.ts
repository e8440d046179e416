import { describe, expect, it } from 'vitest';
import { frameStats, topFrames } from '../../../../core/analysis/profiles/top';
import { treeOf } from './helpers';

describe('topFrames', () => {
  it('ranks frames by self value summed over every caller', () => {
    // hash is called from two places: its self is the sum (3 + 4), more than parse's 5
    const t = treeOf({ 'main;a;hash': 3, 'main;b;hash': 4, 'main;parse': 5, main: 1 });
    const top = topFrames(t, 2);
    expect(top.bySelf.map((s) => [s.frame.name, s.self])).toEqual([
      ['hash', 7],
      ['parse', 5],
    ]);
    expect(top.bySelf[0].selfShare).toBeCloseTo(7 / 13);
    expect(top.byTotal[0]).toMatchObject({ frame: { name: 'main' }, total: 13, totalShare: 1 });
  });

  it('counts recursion once in the total', () => {
    // walk → walk → walk: 10 samples in the innermost; a naive sum would give walk a total of 30
    const t = treeOf({ 'main;walk;walk;walk': 10, 'main;walk': 2, 'main;other': 8 });
    const walk = frameStats(t).find((s) => s.frame.name === 'walk')!;
    expect(walk.total).toBe(12);
    expect(walk.self).toBe(12);
    expect(walk.totalShare).toBeCloseTo(0.6);
  });

  it('counts a frame again once its recursive call has returned (siblings are separate paths)', () => {
    const t = treeOf({ 'a;x;a': 2, 'b;a': 3 });
    const a = frameStats(t).find((s) => s.frame.name === 'a')!;
    expect(a.total).toBe(5);
  });

  it('gives shares of 0 for an empty profile and refuses n < 1', () => {
    expect(topFrames(treeOf({}), 5)).toEqual({ bySelf: [], byTotal: [] });
    expect(() => topFrames(treeOf({ a: 1 }), 0)).toThrow(/n must be a whole number/);
  });
});
