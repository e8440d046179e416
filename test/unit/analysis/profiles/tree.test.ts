import { describe, expect, it } from 'vitest';
import { CallTreeBuilder, depthsOf, frameLabel, mergeTrees, pathTo, subtreeSizes, unionTrees, type Frame } from '../../../../core/analysis/profiles/tree';
import { paths, treeOf } from './helpers';

const f = (name: string): Frame => ({ name });

describe('CallTreeBuilder', () => {
  it('builds a pre-order tree with self and total values, siblings by name', () => {
    const t = treeOf({ 'main;work': 3, main: 1, 'main;alpha': 2, idle: 4 });
    expect(paths(t)).toEqual(['', 'idle', 'main', 'main;alpha', 'main;work']);
    expect(t.self).toEqual([0, 4, 1, 2, 3]);
    expect(t.total).toEqual([10, 4, 6, 2, 3]);
    expect(t.parent).toEqual([-1, 0, 0, 2, 2]);
    expect(t.unit).toBe('samples');
  });

  it('adds repeated stacks together and keeps one frame entry per distinct frame', () => {
    const t = treeOf({ 'a;b': 1 });
    const b = new CallTreeBuilder();
    b.add([f('a'), f('b')], 1);
    b.add([f('a'), f('b')], 2);
    b.add([f('b')], 5);
    const u = b.build('samples');
    expect(u.frames.map((x) => x.name)).toEqual(['a', 'b']);
    expect(paths(u)).toEqual(['', 'a', 'a;b', 'b']);
    expect(u.self).toEqual([0, 0, 3, 5]);
    expect(t.total[0]).toBe(1);
  });

  it('tells frames apart by file and line', () => {
    const b = new CallTreeBuilder();
    b.add([{ name: 'run', file: 'a.js', line: 1 }], 1);
    b.add([{ name: 'run', file: 'b.js', line: 1 }], 1);
    expect(b.build('samples').frames).toHaveLength(2);
    expect(frameLabel({ name: 'run', file: 'a.js', line: 3 })).toBe('run (a.js:3)');
    expect(frameLabel({ name: 'run' })).toBe('run');
  });

  it('refuses negative and non-finite values', () => {
    const b = new CallTreeBuilder();
    expect(() => b.add([f('a')], -1)).toThrow(/finite number ≥ 0, found -1/);
    expect(() => b.add([f('a')], Number.NaN)).toThrow(/found NaN/);
  });

  it('handles stacks thousands of frames deep without recursion', () => {
    const b = new CallTreeBuilder();
    b.add(Array.from({ length: 20_000 }, (_, i) => f(`f${i % 7}`)), 1);
    const t = b.build('samples');
    expect(t.parent).toHaveLength(20_001);
    expect(Math.max(...depthsOf(t))).toBe(20_000);
    expect(t.total[0]).toBe(1);
  });
});

describe('tree helpers', () => {
  const t = treeOf({ 'main;work;hash': 3, 'main;io': 1 });
  it('gives depths, subtree sizes and paths', () => {
    expect(paths(t)).toEqual(['', 'main', 'main;io', 'main;work', 'main;work;hash']);
    expect(depthsOf(t)).toEqual([0, 1, 2, 2, 3]);
    expect(subtreeSizes(t)).toEqual([5, 4, 1, 2, 1]);
    expect(pathTo(t, 4)).toEqual([1, 3, 4]);
    expect(() => pathTo(t, 9)).toThrow(/no node 9/);
  });

  it('merges trees by path, summing values', () => {
    const m = mergeTrees([t, treeOf({ 'main;work;hash': 2, 'main;gc': 4 })]);
    expect(paths(m)).toEqual(['', 'main', 'main;gc', 'main;io', 'main;work', 'main;work;hash']);
    expect(m.self).toEqual([0, 0, 4, 1, 0, 5]);
    expect(m.total[0]).toBe(10);
  });

  it('keeps each tree of a union on the shared structure', () => {
    const { parts } = unionTrees([t, treeOf({ 'main;gc': 4 })]);
    expect(paths(parts[0])).toEqual(paths(parts[1]));
    expect(parts[0].self).toEqual([0, 0, 0, 1, 0, 3]);
    expect(parts[1].self).toEqual([0, 0, 4, 0, 0, 0]);
    expect(parts[1].total[0]).toBe(4);
  });

  it('refuses to merge different units', () => {
    expect(() => mergeTrees([t, treeOf({ a: 1 }, 'nanoseconds')])).toThrow(/nanoseconds with values in samples/);
  });
});
