import { describe, expect, it } from 'vitest';
import { changeScore, diffProfiles, diffTree } from '../../../../core/analysis/profiles/diff';
import { CallTreeBuilder } from '../../../../core/analysis/profiles/tree';
import { paths, treeOf } from './helpers';

describe('diffProfiles', () => {
  it('compares shares, not raw values (a profile twice as long is not slower)', () => {
    const before = treeOf({ 'main;a': 10, 'main;b': 10 });
    const after = treeOf({ 'main;a': 20, 'main;b': 20 });
    for (const c of diffProfiles(before, after)) {
      expect(c.selfDelta).toBeCloseTo(0);
      expect(c.status).toBe('changed');
    }
  });

  it('ranks the largest changes of self share first, with new and gone functions told', () => {
    const before = treeOf({ 'main;handle;parse': 40, 'main;handle;hash': 10, 'main;log': 50 });
    const after = treeOf({ 'main;handle;parse': 40, 'main;handle;hash': 50, 'main;metrics': 10 });
    const d = diffProfiles(before, after);
    const log = d.find((c) => c.frame.name === 'log')!;
    const metrics = d.find((c) => c.frame.name === 'metrics')!;
    expect(log).toMatchObject({ status: 'gone', after: { self: 0, selfShare: 0 } });
    expect(log.selfDelta).toBeCloseTo(-0.5);
    expect(metrics).toMatchObject({ status: 'new', before: { self: 0 } });
    expect(d[0].frame.name).toBe('log'); // 50 % → gone
    expect(d[1].frame.name).toBe('hash'); // 10 % → 50 %
    expect(d[1].selfDelta).toBeCloseTo(0.4);
    // handle's own self is 0 both times; its total share grew 50 % → 90 %
    expect(d.find((c) => c.frame.name === 'handle')!.totalDelta).toBeCloseTo(0.4);
  });

  it('weighs a change against its sampling noise: +2 points in a 1 % function before +2.5 points in a 40 % one', () => {
    // On the square-root scale: √0.03 − √0.01 = 0.073; rest √0.59 − √0.545 = 0.030; big √0.425 − √0.40 = 0.019.
    const before = treeOf({ 'main;small': 10, 'main;big': 400, 'main;rest': 590 });
    const after = treeOf({ 'main;small': 30, 'main;big': 425, 'main;rest': 545 });
    const d = diffProfiles(before, after);
    expect(d.map((c) => c.frame.name)).toEqual(['small', 'rest', 'big', 'main']);
    expect(d[0].selfDelta).toBeCloseTo(0.02);
    expect(d.find((c) => c.frame.name === 'big')!.selfDelta).toBeCloseTo(0.025);
    expect(changeScore(0.01, 0.03)).toBeCloseTo(Math.sqrt(0.03) - 0.1);
    expect(changeScore(0.03, 0.01)).toBe(changeScore(0.01, 0.03));
  });

  it('keeps one function whose line number moved between builds', () => {
    const before = new CallTreeBuilder();
    before.add([{ name: 'hash', file: 'h.go', line: 7 }], 5);
    const after = new CallTreeBuilder();
    after.add([{ name: 'hash', file: 'h.go', line: 9 }], 5);
    const d = diffProfiles(before.build('samples'), after.build('samples'));
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ frame: { name: 'hash', file: 'h.go' }, status: 'changed', selfDelta: 0 });
  });

  it('refuses profiles of different units', () => {
    expect(() => diffProfiles(treeOf({ a: 1 }), treeOf({ a: 1 }, 'nanoseconds'))).toThrow(/samples before, nanoseconds after/);
  });
});

describe('diffTree', () => {
  it('puts both profiles on one structure, zeros where a side never went', () => {
    const { before, after } = diffTree(treeOf({ 'main;a': 1 }), treeOf({ 'main;b': 3 }));
    expect(paths(before)).toEqual(['', 'main', 'main;a', 'main;b']);
    expect(paths(after)).toEqual(paths(before));
    expect(before.total).toEqual([1, 1, 1, 0]);
    expect(after.total).toEqual([3, 3, 0, 3]);
  });
});
