/**
 * The service call graph an investigation walks: callers and callees of each service, from imported
 * dependency edges, or — where none were imported — edges inferred from correlated request-rate series (two
 * services whose traffic rises and falls together most likely call one another; MicroRCA, Wu et al.,
 * NOMS 2020, builds its attributed graph from the same kind of evidence). Pure: no store, no I/O.
 */
import type { ServiceEdge } from './types';

/** Callers and callees of every service named by an edge. */
export interface CallGraph {
  callees: ReadonlyMap<string, ReadonlySet<string>>;
  callers: ReadonlyMap<string, ReadonlySet<string>>;
  /** True when an edge joins a and b, in either direction. */
  adjacent(a: string, b: string): boolean;
  /** Whether any edge is known. */
  readonly empty: boolean;
}

/** The call graph of `edges` (self-edges dropped). O(edges). */
export function callGraph(edges: readonly ServiceEdge[]): CallGraph {
  const callees = new Map<string, Set<string>>();
  const callers = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, k: string, v: string): void => {
    let s = m.get(k);
    if (!s) m.set(k, (s = new Set()));
    s.add(v);
  };
  for (const e of edges) {
    if (e.caller === e.callee) continue;
    add(callees, e.caller, e.callee);
    add(callers, e.callee, e.caller);
  }
  return {
    callees,
    callers,
    adjacent: (a, b) => a === b || (callees.get(a)?.has(b) ?? false) || (callers.get(a)?.has(b) ?? false),
    empty: callees.size === 0,
  };
}

/**
 * Services reachable from `start` through `next` (callees: downstream; callers: upstream) while staying inside
 * `within` (the affected services). `start` itself is not included. O(edges).
 */
export function reachable(start: string, next: ReadonlyMap<string, ReadonlySet<string>>, within: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const s = stack.pop() as string;
    for (const n of next.get(s) ?? []) {
      if (n === start || seen.has(n) || !within.has(n)) continue;
      seen.add(n);
      stack.push(n);
    }
  }
  return seen;
}

/** Pearson correlation of two equally long arrays, skipping positions where either is NaN; 0 when undefined. */
function correlation(a: Float64Array, b: Float64Array): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) continue;
    n++;
    sa += a[i];
    sb += b[i];
  }
  if (n < 8) return 0;
  const ma = sa / n;
  const mb = sb / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) continue;
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) ** 2;
    vb += (b[i] - mb) ** 2;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}

/**
 * Edges inferred from request-rate series on a common time grid (one value per bucket, NaN where missing):
 * every pair whose hour-to-hour changes correlate at least `threshold` is joined. Correlated changes rather
 * than levels, so two services that merely share the daily cycle are not joined unless their wiggles match
 * too. Direction is unknown: the service with more traffic is taken as the caller (a fan-in front end sees
 * the sum of what it sends on), which is a guess the evidence text says is inferred. O(services² · buckets).
 * @example inferEdges([{ service: 'web', rates }, { service: 'db', rates: rates.map((x) => x * 3) }]) // web<->db
 */
export function inferEdges(series: readonly { service: string; rates: Float64Array }[], threshold = 0.8): ServiceEdge[] {
  const diffs = series.map((s) => {
    const d = new Float64Array(Math.max(0, s.rates.length - 1));
    for (let i = 1; i < s.rates.length; i++) d[i - 1] = s.rates[i] - s.rates[i - 1];
    let total = 0;
    for (const x of s.rates) if (!Number.isNaN(x)) total += x;
    return { service: s.service, d, total };
  });
  const edges: ServiceEdge[] = [];
  for (let i = 0; i < diffs.length; i++) {
    for (let j = i + 1; j < diffs.length; j++) {
      if (diffs[i].service === diffs[j].service) continue;
      if (correlation(diffs[i].d, diffs[j].d) < threshold) continue;
      const [caller, callee] = diffs[i].total >= diffs[j].total ? [diffs[i], diffs[j]] : [diffs[j], diffs[i]];
      edges.push({ caller: caller.service, callee: callee.service, origin: 'inferred' });
    }
  }
  return edges;
}
