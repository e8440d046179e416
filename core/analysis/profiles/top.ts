/**
 * Hot frames of a call tree: each frame's self value (time in the frame itself, summed over every place it is
 * called from) and total value (time with the frame anywhere on the stack). Recursion is counted once in the
 * total: a node whose frame already appears among its ancestors adds nothing, since its time is already inside
 * that ancestor's total — so no frame's total exceeds the whole profile (pprof's `-cum` does the same).
 *
 * Complexity: O(nodes) for the sums, O(frames log frames) to rank.
 *
 * @example
 *   topFrames(tree, 10).bySelf[0] // { frame: { name: 'hash' }, self: 420, total: 420, selfShare: 0.42, totalShare: 0.42 }
 */
import type { CallTree, FrameStat } from './types';

export type { FrameStat } from './types';

/**
 * Self and total per group of frames, recursion counted once in the total. `groupOf(frameIndex)` names the
 * group a frame belongs to (default: the frame itself); frames of one group count as one for recursion.
 * Returns one entry per group, keyed by the group's first frame index seen.
 */
export function frameSums(tree: CallTree, groupOf: (frame: number) => number = (f) => f): { group: number[]; self: number[]; total: number[] } {
  const groups = tree.frames.length;
  const self = new Array<number>(groups).fill(0);
  const total = new Array<number>(groups).fill(0);
  const onPath = new Int32Array(groups);
  const group = tree.frames.map((_, f) => groupOf(f));
  // Pre-order walk keeping the current path: pop until the top is this node's parent.
  const path: number[] = [];
  for (let i = 1; i < tree.parent.length; i++) {
    while (path.length && path[path.length - 1] !== tree.parent[i]) onPath[group[tree.frame[path.pop() as number]]]--;
    const g = group[tree.frame[i]];
    self[g] += tree.self[i];
    if (onPath[g] === 0) total[g] += tree.total[i];
    onPath[g]++;
    path.push(i);
  }
  return { group, self, total };
}

/** Every frame with a value, as FrameStats (shares of the tree's total; 0 when the profile is empty). */
export function frameStats(tree: CallTree): FrameStat[] {
  const { self, total } = frameSums(tree);
  const whole = tree.total[0];
  const out: FrameStat[] = [];
  tree.frames.forEach((frame, f) => {
    if (total[f] > 0 || self[f] > 0) out.push({ frame, self: self[f], total: total[f], selfShare: share(self[f], whole), totalShare: share(total[f], whole) });
  });
  return out;
}

/** A part of a whole, 0 when the whole is 0. */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/**
 * The `n` hottest frames by self value and by total value (ties by name). Throws on `n` < 1.
 */
export function topFrames(tree: CallTree, n: number): { bySelf: FrameStat[]; byTotal: FrameStat[] } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`topFrames: n must be a whole number ≥ 1, found ${n}`);
  const stats = frameStats(tree);
  const byName = (a: FrameStat, b: FrameStat): number => (a.frame.name < b.frame.name ? -1 : a.frame.name > b.frame.name ? 1 : 0);
  const bySelf = stats
    .filter((s) => s.self > 0)
    .sort((a, b) => b.self - a.self || byName(a, b))
    .slice(0, n);
  const byTotal = stats.sort((a, b) => b.total - a.total || byName(a, b)).slice(0, n);
  return { bySelf, byTotal };
}
