/**
 * The one shape every profile reader produces and every profile analysis reads: a call tree, flat and in
 * pre-order. Node 0 is the root (no frame); each other node is one frame called from its parent, with the value
 * spent in the frame itself (`self`) and in it and everything it called (`total`). Pre-order means a node's
 * subtree is the contiguous run `[i, i + size)`, its parent comes before it, and siblings are sorted by frame
 * name — the same tree prints the same way whatever order the samples came in (flamegraph.pl sorts likewise).
 * Plain arrays, so a tree is its own compact JSON (stored as is, sent to the UI as is).
 *
 * Complexity: building is O(stack depth) per added stack (a hash lookup per frame), flattening O(nodes log
 * siblings).
 *
 * @example
 *   const b = new CallTreeBuilder();
 *   b.add([{ name: 'main' }, { name: 'work' }], 3);
 *   b.add([{ name: 'main' }], 1);
 *   b.build('samples'); // root total 4; main self 1 total 4; work self 3 total 3
 */
import type { CallTree, Frame } from './types';

export type { CallTree, Frame } from './types';

/** The identity of a frame: name, file and line (two frames alike in all three are one frame). */
export function frameKey(f: Frame): string {
  return `${f.name}\u0000${f.file ?? ''}\u0000${f.line ?? ''}`;
}

/** A frame as one line for people: `name (file:line)`, or just the name. */
export function frameLabel(f: Frame): string {
  if (!f.file) return f.name;
  return f.line !== undefined ? `${f.name} (${f.file}:${f.line})` : `${f.name} (${f.file})`;
}
interface BuildNode {
  frame: number;
  /** Self value per input (one entry for a plain build; one per tree for a union). */
  self: number[];
  children: Map<number, BuildNode>;
}

/**
 * Accumulates stacks (root first) into a tree; `channels` > 1 keeps the self values of several profiles apart
 * on one shared structure (the union that `unionTrees` and the differential view use). Values must be finite
 * and non-negative (throws otherwise, naming the value).
 */
export class CallTreeBuilder {
  private readonly frameIds = new Map<string, number>();
  private readonly frames: Frame[] = [];
  private readonly root: BuildNode;

  constructor(private readonly channels = 1) {
    this.root = this.node(-1);
  }

  private node(frame: number): BuildNode {
    return { frame, self: new Array<number>(this.channels).fill(0), children: new Map() };
  }

  /** The index of a frame, added on first sight. */
  frameId(f: Frame): number {
    const key = frameKey(f);
    let id = this.frameIds.get(key);
    if (id === undefined) {
      id = this.frames.length;
      this.frames.push(f.file === undefined && f.line === undefined ? { name: f.name } : { ...f });
      this.frameIds.set(key, id);
    }
    return id;
  }

  private child(parent: BuildNode, frame: number): BuildNode {
    let c = parent.children.get(frame);
    if (!c) {
      c = this.node(frame);
      parent.children.set(frame, c);
    }
    return c;
  }

  /** Adds `value` to the leaf of `stack` (frames from the root down). An empty stack adds to the root itself. */
  add(stack: readonly Frame[], value: number, channel = 0): void {
    this.addIds(
      stack.map((f) => this.frameId(f)),
      value,
      channel,
    );
  }

  /** Like `add`, with frames given by the ids `frameId` returned. */
  addIds(stack: readonly number[], value: number, channel = 0): void {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`profile: a sample value must be a finite number ≥ 0, found ${value}`);
    let at = this.root;
    for (const id of stack) at = this.child(at, id);
    at.self[channel] += value;
  }

  /** Adds every node of a built tree (its self values) under the same paths, into `channel`. O(nodes). */
  addTree(tree: CallTree, channel = 0): void {
    const at: BuildNode[] = new Array<BuildNode>(tree.parent.length);
    at[0] = this.root;
    this.root.self[channel] += tree.self[0];
    const ids = tree.frames.map((f) => this.frameId(f));
    for (let i = 1; i < tree.parent.length; i++) {
      at[i] = this.child(at[tree.parent[i]], ids[tree.frame[i]]);
      at[i].self[channel] += tree.self[i];
    }
  }

  /**
   * The flat pre-order tree of one channel's values (structure shared by all channels: a path only another
   * channel has is kept with zeros). Siblings sorted by frame name, then file, then line.
   */
  build(unit: string, channel = 0): CallTree {
    return this.flatten(unit, [channel])[0];
  }

  /** One tree per channel, all with the same nodes in the same order. */
  buildAll(unit: string): CallTree[] {
    return this.flatten(
      unit,
      Array.from({ length: this.channels }, (_, c) => c),
    );
  }

  private flatten(unit: string, channels: number[]): CallTree[] {
    const frames = this.frames.map((f) => ({ ...f }));
    const parent: number[] = [];
    const frame: number[] = [];
    const selfs: number[][] = channels.map(() => []);
    const order = (a: BuildNode, b: BuildNode): number => compareFrames(frames[a.frame], frames[b.frame]);
    // Iterative pre-order walk (stacks can be thousands deep: no recursion).
    const stack: { node: BuildNode; parent: number }[] = [{ node: this.root, parent: -1 }];
    while (stack.length) {
      const { node, parent: p } = stack.pop() as { node: BuildNode; parent: number };
      const index = parent.length;
      parent.push(p);
      frame.push(node.frame);
      channels.forEach((c, k) => selfs[k].push(node.self[c]));
      const kids = [...node.children.values()].sort(order);
      for (let k = kids.length - 1; k >= 0; k--) stack.push({ node: kids[k], parent: index });
    }
    return selfs.map((self) => ({ unit, frames, parent, frame, self, total: totalsOf(parent, self) }));
  }
}

function compareFrames(a: Frame, b: Frame): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  const fa = a.file ?? '';
  const fb = b.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (a.line ?? -1) - (b.line ?? -1);
}

/** Totals from self values: each node's self plus its descendants' (children after parents in pre-order). O(n). */
export function totalsOf(parent: readonly number[], self: readonly number[]): number[] {
  const total = self.slice();
  for (let i = parent.length - 1; i > 0; i--) total[parent[i]] += total[i];
  return total;
}

/** Depth of every node (root 0). O(n). */
export function depthsOf(tree: Pick<CallTree, 'parent'>): number[] {
  const depth = new Array<number>(tree.parent.length).fill(0);
  for (let i = 1; i < tree.parent.length; i++) depth[i] = depth[tree.parent[i]] + 1;
  return depth;
}

/** The number of nodes in each node's subtree, itself included (its pre-order run). O(n). */
export function subtreeSizes(tree: Pick<CallTree, 'parent'>): number[] {
  const size = new Array<number>(tree.parent.length).fill(1);
  for (let i = tree.parent.length - 1; i > 0; i--) size[tree.parent[i]] += size[i];
  return size;
}

/** The nodes from the root's child down to `node` (empty for the root). Throws on an index outside the tree. */
export function pathTo(tree: Pick<CallTree, 'parent'>, node: number): number[] {
  if (!Number.isInteger(node) || node < 0 || node >= tree.parent.length) throw new RangeError(`profile: no node ${node} (the tree has ${tree.parent.length})`);
  const path: number[] = [];
  for (let i = node; i > 0; i = tree.parent[i]) path.push(i);
  return path.reverse();
}

/** An empty tree (root only) in a unit. */
export function emptyTree(unit: string): CallTree {
  return new CallTreeBuilder().build(unit);
}

/**
 * Several trees joined on one structure: `union` holds the summed values (a merge), `parts[k]` the values of
 * tree k on the same nodes (zeros where tree k never reached). Units must agree (throws naming both).
 */
export function unionTrees(trees: readonly CallTree[]): { union: CallTree; parts: CallTree[] } {
  if (!trees.length) throw new RangeError('profile: nothing to merge (no trees given)');
  const unit = trees[0].unit;
  for (const t of trees) if (t.unit !== unit) throw new RangeError(`profile: cannot merge values in ${t.unit} with values in ${unit}`);
  const builder = new CallTreeBuilder(trees.length);
  trees.forEach((t, k) => builder.addTree(t, k));
  const parts = builder.buildAll(unit);
  const self = parts[0].self.map((_, i) => parts.reduce((s, p) => s + p.self[i], 0));
  const union: CallTree = { ...parts[0], self, total: totalsOf(parts[0].parent, self) };
  return { union, parts };
}

/** Merges trees of one unit into one (values summed on equal paths). */
export function mergeTrees(trees: readonly CallTree[]): CallTree {
  return unionTrees(trees).union;
}
