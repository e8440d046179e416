import { describe, expect, it } from 'vitest';
import { frameMatcher, searchFrames } from '../../../../core/analysis/profiles/search';
import { treeOf, paths } from './helpers';

describe('searchFrames', () => {
  const t = treeOf({ 'main;parseJson;readJson': 30, 'main;parseJson': 10, 'main;hash': 50, 'main;render;stringifyJson': 10 });

  it('matches a case-insensitive substring and counts nested matches once', () => {
    const r = searchFrames(t, 'JSON');
    // readJson lies under parseJson: 40 + 10, not 40 + 30 + 10
    expect(r.value).toBe(50);
    expect(r.share).toBeCloseTo(0.5);
    expect(r.frames.map((s) => s.frame.name)).toEqual(['parseJson', 'readJson', 'stringifyJson']);
    expect(paths(t).filter((_, i) => r.matched[i])).toEqual(['main;parseJson', 'main;parseJson;readJson', 'main;render;stringifyJson']);
  });

  it('takes /regex/flags', () => {
    expect(searchFrames(t, '/^parse/').value).toBe(40);
    expect(searchFrames(t, '/^PARSE/i').value).toBe(40);
    expect(searchFrames(t, '/^PARSE/').value).toBe(0);
    expect(() => frameMatcher('/(/')).toThrow(/not a valid regular expression/);
  });

  it('finds nothing without failing', () => {
    const r = searchFrames(t, 'nope');
    expect(r).toMatchObject({ value: 0, share: 0, frames: [] });
    expect(r.matched.every((m) => !m)).toBe(true);
  });
});
