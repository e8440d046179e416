import { describe, expect, it } from 'vitest';
import { icicleLayout } from '../../../../core/analysis/profiles/layout';
import { paths, treeOf } from './helpers';

describe('icicleLayout', () => {
  // ''(10) → main(8) → {a(2), b(6) → c(3)}, idle(2)
  const t = treeOf({ idle: 2, 'main;a': 2, 'main;b': 3, 'main;b;c': 3 });
  const named = (rects: ReturnType<typeof icicleLayout>) => rects.map((r) => ({ path: paths(t)[r.node], depth: r.depth, x: +r.x.toFixed(3), width: +r.width.toFixed(3) }));

  it('sizes each node by its share of the total and lays children left to right', () => {
    expect(named(icicleLayout(t, t.total))).toEqual([
      { path: '', depth: 0, x: 0, width: 1 },
      { path: 'idle', depth: 1, x: 0, width: 0.2 },
      { path: 'main', depth: 1, x: 0.2, width: 0.8 },
      { path: 'main;a', depth: 2, x: 0.2, width: 0.2 },
      { path: 'main;b', depth: 2, x: 0.4, width: 0.6 },
      { path: 'main;b;c', depth: 3, x: 0.4, width: 0.3 },
    ]);
  });

  it('zooms into a node: it and its ancestors full width, its subtree rescaled, the rest left out', () => {
    const b = paths(t).indexOf('main;b');
    expect(named(icicleLayout(t, t.total, { focus: b }))).toEqual([
      { path: '', depth: 0, x: 0, width: 1 },
      { path: 'main', depth: 1, x: 0, width: 1 },
      { path: 'main;b', depth: 2, x: 0, width: 1 },
      { path: 'main;b;c', depth: 3, x: 0, width: 0.5 },
    ]);
  });

  it('leaves out nodes narrower than minWidth with their subtrees, keeping the others in place', () => {
    const rects = named(icicleLayout(t, t.total, { minWidth: 0.25 }));
    expect(rects.map((r) => r.path)).toEqual(['', 'main', 'main;b', 'main;b;c']);
    expect(rects.find((r) => r.path === 'main;b')!.x).toBe(0.4);
  });

  it('checks its inputs', () => {
    expect(() => icicleLayout(t, [1, 2])).toThrow(/2 widths for 6 nodes/);
    expect(() => icicleLayout(t, t.total, { focus: 99 })).toThrow(/no node 99/);
  });
});
