/**
 * A seeded pair of CPU profiles (before / after a deploy) with a planted hot function, as folded stacks.
 *
 * The program: a call tree of `functions` distinct functions named like a service's code
 * (`checkout.cart.priceItems`, `json.encodeJsonField`, …), up to `maxDepth` deep, each node with a cost drawn
 * from a log-normal (a few hot nodes, a long tail). Each profile draws `samples` samples from the nodes' costs
 * (multinomial: the sampling noise of a real profiler), after jittering every cost by exp(N(0, drift)) — the
 * ordinary drift between two runs of the same code. In "after", the planted function's own cost is multiplied
 * so that its self share grows by about `plantedGrowth` (e.g. 0.03 = three points of the profile).
 *
 * `deep: true` plants in a node at depth ≥ 8 whose name shares its prefix with siblings
 * (`encodeJson` beside `encodeJsonField`, `encodeJsonArray`), so neither depth nor a substring match finds it;
 * `hot: true` in one of the five costliest nodes (a function that was already hot grows further).
 */
import { normalFrom } from '../../core/analysis/stats';
import { rng } from './rng';

export interface PairOptions {
  seed: number;
  functions?: number;
  maxDepth?: number;
  samples?: number;
  /** Samples of the after profile (default: 0.8 × samples, so raw counts are not comparable). */
  samplesAfter?: number;
  drift?: number;
  plantedGrowth?: number;
  deep?: boolean;
  /** Plant in one of the five costliest nodes (a function already hot before). */
  hot?: boolean;
}

export interface ProfilePair {
  before: string;
  after: string;
  /** The planted function's name, its depth, and its true self share before and after. */
  planted: { name: string; depth: number; shareBefore: number; shareAfter: number };
  nodes: number;
}

interface GenNode {
  name: string;
  parent: number;
  depth: number;
  cost: number;
}

const SERVICES = ['checkout', 'cart', 'pricing', 'inventory', 'auth', 'search', 'render', 'db', 'cache', 'http'];
const VERBS = ['get', 'load', 'parse', 'encode', 'decode', 'compute', 'validate', 'apply', 'build', 'fetch', 'merge', 'sort', 'hash', 'write', 'read'];
const NOUNS = ['Items', 'Cart', 'Price', 'Tax', 'Order', 'User', 'Token', 'Rows', 'Query', 'Page', 'Template', 'Buffer', 'Index', 'Rules', 'Json'];

/** Generates the pair (see the file comment). Deterministic for a seed. */
export function profilePair(o: PairOptions): ProfilePair {
  const rand = rng(o.seed);
  const normal = normalFrom(rand);
  const functions = o.functions ?? 300;
  const maxDepth = o.maxDepth ?? 14;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const nodes: GenNode[] = [{ name: 'main', parent: -1, depth: 1, cost: 0 }];
  const used = new Set(['main']);
  // Grow the tree: each new function attaches under a random node, deeper nodes slightly less likely to branch.
  while (nodes.length < functions) {
    let parent = Math.floor(rand() * nodes.length);
    if (nodes[parent].depth >= maxDepth) parent = nodes[parent].parent;
    const name = `${pick(SERVICES)}.${pick(VERBS)}${pick(NOUNS)}`;
    const unique = used.has(name) ? `${name}${nodes.length}` : name;
    used.add(unique);
    nodes.push({ name: unique, parent, depth: nodes[parent].depth + 1, cost: Math.exp(1.2 * normal()) });
  }
  // The planted node: a mid-cost leaf-ish node (shallow case), or a node made deep with prefix-sharing siblings.
  let planted: number;
  if (o.deep) {
    let at = nodes.reduce((best, n, i) => (n.depth > nodes[best].depth ? i : best), 0);
    while (nodes[at].depth < 8) {
      nodes.push({ name: `json.walk${nodes.length}`, parent: at, depth: nodes[at].depth + 1, cost: Math.exp(normal()) });
      at = nodes.length - 1;
    }
    for (const suffix of ['Field', 'Array', 'String']) nodes.push({ name: `json.encodeJson${suffix}`, parent: at, depth: nodes[at].depth + 1, cost: Math.exp(1.2 * normal()) });
    nodes.push({ name: 'json.encodeJson', parent: at, depth: nodes[at].depth + 1, cost: Math.exp(normal()) });
    planted = nodes.length - 1;
  } else if (o.hot) {
    const byCost = nodes.map((_, i) => i).sort((a, b) => nodes[b].cost - nodes[a].cost);
    planted = byCost[Math.floor(rand() * 5)];
  } else {
    const candidates = nodes.map((_, i) => i).filter((i) => i > 0 && nodes[i].depth >= 3);
    planted = pick(candidates);
  }
  const growth = o.plantedGrowth ?? 0.03;
  const drift = o.drift ?? 0.15;
  const samples = o.samples ?? 20_000;
  const beforeCosts = nodes.map((n) => n.cost * Math.exp(drift * normal()));
  const afterCosts = nodes.map((n) => n.cost * Math.exp(drift * normal()));
  // Raise the planted cost so its share of the after profile grows by `growth`: (c + x) / (T + x) = s + growth.
  const s0 = afterCosts[planted] / afterCosts.reduce((a, b) => a + b, 0);
  const target = Math.min(0.9, s0 + growth);
  const rest = afterCosts.reduce((a, b) => a + b, 0) - afterCosts[planted];
  afterCosts[planted] = (target * rest) / (1 - target);
  const shareOf = (costs: number[]): number => costs[planted] / costs.reduce((a, b) => a + b, 0);
  return {
    before: folded(nodes, sampleCounts(beforeCosts, samples, rand)),
    after: folded(nodes, sampleCounts(afterCosts, o.samplesAfter ?? Math.round(samples * 0.8), rand)),
    planted: { name: nodes[planted].name, depth: nodes[planted].depth, shareBefore: shareOf(beforeCosts), shareAfter: shareOf(afterCosts) },
    nodes: nodes.length,
  };
}

/** Multinomial draw: `samples` samples spread over the nodes in proportion to their costs. */
function sampleCounts(costs: number[], samples: number, rand: () => number): number[] {
  const cumulative: number[] = [];
  let sum = 0;
  for (const c of costs) cumulative.push((sum += c));
  const counts = new Array<number>(costs.length).fill(0);
  for (let k = 0; k < samples; k++) {
    const u = rand() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    counts[lo]++;
  }
  return counts;
}

/** Folded stacks of the nodes with samples. */
function folded(nodes: GenNode[], counts: number[]): string {
  const stackOf = (i: number): string => (nodes[i].parent < 0 ? nodes[i].name : `${stackOf(nodes[i].parent)};${nodes[i].name}`);
  return nodes
    .map((_, i) => (counts[i] > 0 ? `${stackOf(i)} ${counts[i]}\n` : ''))
    .join('');
}

/**
 * A large folded file: `stacks` lines, one sampled stack each (count 1–5), from a tree of `functions`
 * functions up to `maxDepth` deep — the shape of a long `perf script | stackcollapse-perf.pl` run.
 */
export function largeFolded(seed: number, stacks: number, functions = 5_000, maxDepth = 40): string {
  const rand = rng(seed);
  const parent: number[] = [-1];
  const depth: number[] = [1];
  const names: string[] = ['main'];
  for (let i = 1; i < functions; i++) {
    let p = Math.floor(rand() * i);
    if (depth[p] >= maxDepth) p = parent[p];
    parent.push(p);
    depth.push(depth[p] + 1);
    names.push(`${SERVICES[i % SERVICES.length]}::${VERBS[(i * 7) % VERBS.length]}${NOUNS[(i * 13) % NOUNS.length]}_${i}(int, char const*)`);
  }
  const memo = new Map<number, string>();
  const stackOf = (i: number): string => {
    let s = memo.get(i);
    if (s === undefined) {
      s = parent[i] < 0 ? names[i] : `${stackOf(parent[i])};${names[i]}`;
      memo.set(i, s);
    }
    return s;
  };
  const lines: string[] = [];
  for (let k = 0; k < stacks; k++) lines.push(`${stackOf(Math.floor(rand() * functions))} ${1 + Math.floor(rand() * 5)}`);
  return `${lines.join('\n')}\n`;
}
