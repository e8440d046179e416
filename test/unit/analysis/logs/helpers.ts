/** Test helpers for the log-mining specs: a seeded PRNG (mulberry32) and grouping accuracy. */
import { seededRandom as rng } from '../../../../core/analysis/stats';

export { rng };


export function picker(seed: number): { int: (n: number) => number; pick: <T>(xs: readonly T[]) => T } {
  const r = rng(seed);
  const int = (n: number): number => Math.floor(r() * n);
  return { int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)] };
}

/** Grouping accuracy (loghub): share of items whose predicted group equals their true group exactly. */
export function groupingAccuracy(pred: readonly string[], truth: readonly string[]): number {
  const members = new Map<string, number[]>();
  pred.forEach((p, i) => {
    const m = members.get(p);
    if (m) m.push(i); else members.set(p, [i]);
  });
  const truthSize = new Map<string, number>();
  for (const t of truth) truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
  let right = 0;
  for (const idx of members.values()) {
    const labels = new Set(idx.map((i) => truth[i]));
    if (labels.size === 1 && truthSize.get(truth[idx[0]]) === idx.length) right += idx.length;
  }
  return truth.length === 0 ? 1 : right / truth.length;
}
