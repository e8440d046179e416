import { describe, expect, it } from 'vitest';
import type { FlameBox, FlameGraph } from '../../../core/api/profiles';
import { diffColour, frameColour, MATCH_COLOUR, nameHash } from '../../../renderer/src/components/flame/colours';
import { boxColour, diffScaleOf } from '../../../renderer/src/components/flame/FlameGraph';

const box = (over: Partial<FlameBox>): FlameBox => ({
  node: 1,
  depth: 1,
  x: 0,
  width: 0.5,
  frame: { name: 'hash' },
  label: 'hash',
  self: 1,
  total: 1,
  selfShare: 0.1,
  totalShare: 0.1,
  match: false,
  ...over,
});
const graph = (diff: boolean): FlameGraph => ({ unit: 'samples', total: 10, focus: 0, boxes: [], depth: 2, search: null, diff });

describe('flame colours', () => {
  it('gives one function the same warm colour every time, and different functions mostly different ones', () => {
    expect(frameColour('main.hash')).toBe(frameColour('main.hash'));
    const hues = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((n) => nameHash(n) % 56));
    expect(hues.size).toBeGreaterThan(4);
    expect(frameColour('x')).toMatch(/^hsl\(([0-9]|[1-4][0-9]|5[0-5]), 85%, (5[5-9]|6[0-6])%\)$/);
  });

  it('colours growth red and shrinkage blue, stronger with the change, neutral without one', () => {
    expect(diffColour(0.1, 0.1)).toBe('rgb(235, 50, 50)');
    expect(diffColour(-0.1, 0.1)).toBe('rgb(50, 50, 235)');
    expect(diffColour(0, 0.1)).toBe('rgb(235, 235, 235)');
    expect(diffColour(0.05, 0)).toBe('rgb(235, 235, 235)');
    const weak = Number(/rgb\(235, (\d+)/.exec(diffColour(0.01, 0.1))![1]);
    expect(weak).toBeGreaterThan(50);
    expect(weak).toBeLessThan(235);
  });

  it('picks a box colour: search match first, then the change (diff) or the name', () => {
    expect(boxColour(box({ match: true, selfDelta: 0.2 }), graph(true), 0.2)).toBe(MATCH_COLOUR);
    expect(boxColour(box({ selfDelta: 0.2 }), graph(true), 0.2)).toBe('rgb(235, 50, 50)');
    expect(boxColour(box({}), graph(false), 0)).toBe(frameColour('hash'));
    expect(diffScaleOf([box({ selfDelta: -0.3 }), box({ selfDelta: 0.1 }), box({})])).toBeCloseTo(0.3);
  });
});
