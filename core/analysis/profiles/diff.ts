/**
 * The differential view of two profiles (before and after a deploy): each profile normalised to shares of its
 * own total, so profiles of different lengths or sampling rates compare; every function (name and file — a line
 * number that moved with the deploy does not split it) with its self and total share before and after, and the
 * change (`selfDelta`, `totalDelta`). A function only one side has is `new` or `gone`. Shares are used rather
 * than raw values because a profile twice as long is not twice as slow (Brendan Gregg, "Differential Flame
 * Graphs", 2014, normalises the same way with difffolded.pl -n).
 *
 * Ranking: by the change of self share measured on the square-root scale, |√after − √before| (then the same for
 * the total share). The square root is the variance-stabilising transform of sample counts (Anscombe 1948:
 * Var √X ≈ 1/4 for Poisson X), so this is the change in units of its own sampling noise — proportional to a
 * two-proportion z statistic, without needing sample counts (time-valued profiles do not carry them). A function
 * going from 1 % to 3 % thus ranks above one going from 40 % to 42.5 %, whose change is within the ordinary
 * run-to-run wobble of a big function (bench/profiles.ts measures both rankings on planted pairs).
 *
 * Complexity: O(nodes of both) + O(functions log functions).
 *
 * @example
 *   diffProfiles(before, after)[0] // { frame: { name: 'hash' }, before: { selfShare: 0.02 … }, after: { selfShare: 0.19 … }, selfDelta: 0.17, status: 'changed' }
 */
import { frameSums, share } from './top';
import { unionTrees } from './tree';
import type { CallTree, Frame, FrameChange, SideStat } from './types';

export type { FrameChange, SideStat } from './types';

/** A function's identity across two profiles: name and file. */
function functionKey(f: Frame): string {
  return `${f.name}\u0000${f.file ?? ''}`;
}

/** Per function of one tree (recursion once): values keyed by `functionKey`. */
function functionSums(tree: CallTree): Map<string, { frame: Frame; self: number; total: number }> {
  const firstOfKey = new Map<string, number>();
  const groupOf = (f: number): number => {
    const key = functionKey(tree.frames[f]);
    const first = firstOfKey.get(key);
    if (first !== undefined) return first;
    firstOfKey.set(key, f);
    return f;
  };
  const { self, total } = frameSums(tree, groupOf);
  const out = new Map<string, { frame: Frame; self: number; total: number }>();
  for (const [key, f] of firstOfKey) {
    const { name, file } = tree.frames[f];
    out.set(key, { frame: file === undefined ? { name } : { name, file }, self: self[f], total: total[f] });
  }
  return out;
}

/**
 * Every function of either profile with its change, ranked by `changeScore` of the self shares (then of the total
 * shares, then by name).
 * Units must agree (throws naming both). Empty profiles give shares of 0.
 */
export function diffProfiles(before: CallTree, after: CallTree): FrameChange[] {
  if (before.unit !== after.unit) throw new RangeError(`profile diff: the profiles count different things (${before.unit} before, ${after.unit} after)`);
  const a = functionSums(before);
  const b = functionSums(after);
  const wholeBefore = before.total[0];
  const wholeAfter = after.total[0];
  const side = (v: { self: number; total: number } | undefined, whole: number): SideStat => ({
    self: v?.self ?? 0,
    total: v?.total ?? 0,
    selfShare: share(v?.self ?? 0, whole),
    totalShare: share(v?.total ?? 0, whole),
  });
  const out: FrameChange[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(key);
    const now = b.get(key);
    const sb = side(was, wholeBefore);
    const sa = side(now, wholeAfter);
    out.push({
      frame: (now ?? was)!.frame,
      before: sb,
      after: sa,
      selfDelta: sa.selfShare - sb.selfShare,
      totalDelta: sa.totalShare - sb.totalShare,
      status: !was || was.total === 0 ? 'new' : !now || now.total === 0 ? 'gone' : 'changed',
    });
  }
  return out.sort(
    (x, y) =>
      changeScore(y.before.selfShare, y.after.selfShare) - changeScore(x.before.selfShare, x.after.selfShare) ||
      changeScore(y.before.totalShare, y.after.totalShare) - changeScore(x.before.totalShare, x.after.totalShare) ||
      (x.frame.name < y.frame.name ? -1 : x.frame.name > y.frame.name ? 1 : 0),
  );
}

/** Size of a change of share on the square-root scale, |√after − √before| (see the file comment). */
export function changeScore(before: number, after: number): number {
  return Math.abs(Math.sqrt(after) - Math.sqrt(before));
}

/** Two profiles on one structure for the differential flame graph: node i is the same call path in both. */
export interface DiffTree {
  before: CallTree;
  after: CallTree;
}

/** The union structure of two profiles with each side's values (zeros where a side never reached a path). */
export function diffTree(before: CallTree, after: CallTree): DiffTree {
  if (before.unit !== after.unit) throw new RangeError(`profile diff: the profiles count different things (${before.unit} before, ${after.unit} after)`);
  const { parts } = unionTrees([before, after]);
  return { before: parts[0], after: parts[1] };
}
