/**
 * Merging a run of new samples into a series per timestamp, so that overlapping exports and repeated
 * timestamps are stored once. The rule, the same everywhere: **the first value wins** — within a file the
 * first occurrence of a timestamp, across files the one imported earlier (already stored). A repeat with the
 * same value is a duplicate (dropped, counted); one with another value is a conflict (dropped, counted, and
 * the first few kept as examples for the import summary). Stored chunks are never rewritten: a source's
 * chunks hold only what it added.
 *
 * Cost: O(n log n) for the sort of an unsorted run, O(n + m) to merge against m stored samples.
 */

/** A timestamp that arrived twice with different values. */
export interface ConflictExample {
  /** The series, where the caller tags it (a merge itself is within one series). */
  seriesId?: number;
  ts: number;
  kept: number;
  dropped: number;
}

/** What one merge found (sums over merges with addMergeCounts). */
export interface MergeCounts {
  /** Repeats of a stored or earlier timestamp with the same value. */
  duplicates: number;
  /** Repeats with another value (the first value was kept). */
  conflicts: number;
  /** The first conflicts, at most MAX_CONFLICT_EXAMPLES. */
  examples: ConflictExample[];
}

export const MAX_CONFLICT_EXAMPLES = 3;

export function emptyMergeCounts(): MergeCounts {
  return { duplicates: 0, conflicts: 0, examples: [] };
}

/** Adds `b` into `a` (examples capped). */
export function addMergeCounts(a: MergeCounts, b: MergeCounts): void {
  a.duplicates += b.duplicates;
  a.conflicts += b.conflicts;
  for (const e of b.examples) if (a.examples.length < MAX_CONFLICT_EXAMPLES) a.examples.push(e);
}

/** Equal as stored values: the same number, or both NaN. */
function sameValue(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

function repeat(counts: MergeCounts, ts: number, kept: number, dropped: number): void {
  if (sameValue(kept, dropped)) {
    counts.duplicates++;
    return;
  }
  counts.conflicts++;
  if (counts.examples.length < MAX_CONFLICT_EXAMPLES) counts.examples.push({ ts, kept, dropped });
}

/**
 * The new samples `ts`/`values` (any order) sorted by time with one value per timestamp, leaving out every
 * timestamp already in `stored` (sorted ascending, one value per timestamp): the first value wins, see the
 * module comment. Returns the samples to store and what was dropped.
 * @example mergeSamples([2, 1, 2], [20, 10, 21], { ts: [1], values: [10] })
 *   // { ts: [2], values: [20], counts: { duplicates: 1, conflicts: 1, examples: [{ ts: 2, kept: 20, dropped: 21 }] } }
 */
export function mergeSamples(
  ts: ArrayLike<number>,
  values: ArrayLike<number>,
  stored: { ts: ArrayLike<number>; values: ArrayLike<number> },
): { ts: Float64Array; values: Float64Array; counts: MergeCounts } {
  const n = ts.length;
  let order: number[] | undefined;
  for (let i = 1; i < n; i++) {
    if (ts[i] < ts[i - 1]) {
      // Array.prototype.sort is stable: equal times keep file order, so "first" is the first in the file.
      order = Array.from({ length: n }, (_, k) => k).sort((a, b) => ts[a] - ts[b]);
      break;
    }
  }
  const counts = emptyMergeCounts();
  const outTs = new Float64Array(n);
  const outValues = new Float64Array(n);
  let m = 0;
  let s = 0;
  const storedTs = stored.ts;
  for (let k = 0; k < n; k++) {
    const i = order ? order[k] : k;
    const t = ts[i];
    const v = values[i];
    if (m > 0 && outTs[m - 1] === t) {
      repeat(counts, t, outValues[m - 1], v);
      continue;
    }
    while (s < storedTs.length && storedTs[s] < t) s++;
    if (s < storedTs.length && storedTs[s] === t) {
      repeat(counts, t, stored.values[s], v);
      continue;
    }
    outTs[m] = t;
    outValues[m] = v;
    m++;
  }
  return { ts: outTs.subarray(0, m), values: outValues.subarray(0, m), counts };
}
