/**
 * The column / key pairs that name a dependency edge, caller first: caller→callee, source→target,
 * from→to, parent→child (Jaeger's dependencies API), src→dst.
 */
export const EDGE_PAIRS: [string, string][] = [
  ['caller', 'callee'],
  ['source', 'target'],
  ['from', 'to'],
  ['parent', 'child'],
  ['src', 'dst'],
];

/** The first pair whose both names are in `names` (lower case), or undefined. */
export function edgePair(names: string[]): [string, string] | undefined {
  return EDGE_PAIRS.find(([a, b]) => names.includes(a) && names.includes(b));
}
