/**
 * The icicle layout of a flame graph (root on top, callees below): each node a rectangle at its depth whose
 * width is its share of the focused node's total, children laid left to right inside their parent in the tree's
 * order (by name, as flamegraph.pl does), the parent's own time the space left on the right. Zooming into a node
 * makes it the full width; its ancestors stay above it, full width too, so a person sees where they are.
 * Nodes narrower than `minWidth` are left out with their subtrees (too narrow to draw or point at).
 *
 * Complexity: O(nodes in the focused subtree).
 *
 * @example
 *   icicleLayout(tree, tree.total, { focus: 0, minWidth: 0.001 })
 *   // [{ node: 0, depth: 0, x: 0, width: 1 }, { node: 1, depth: 1, x: 0, width: 0.62 }, …]
 */
import { pathTo, subtreeSizes, type CallTree } from './tree';

/** One drawn node: x and width as fractions (0..1) of the graph's width; depth 0 is the root's row. */
export interface FlameRect {
  node: number;
  depth: number;
  x: number;
  width: number;
}

export interface LayoutOptions {
  /** The node shown full width (default 0, the root). */
  focus?: number;
  /** Narrowest rectangle kept, as a fraction of the width (default 0: all with a value). */
  minWidth?: number;
}

/**
 * Rectangles for the nodes of `tree`, sized by `widthOf` (usually `tree.total`; the after side in a
 * differential view). Throws RangeError for a focus outside the tree or widths of another length.
 */
export function icicleLayout(tree: Pick<CallTree, 'parent'>, widthOf: readonly number[], options: LayoutOptions = {}): FlameRect[] {
  const focus = options.focus ?? 0;
  const minWidth = options.minWidth ?? 0;
  if (widthOf.length !== tree.parent.length) throw new RangeError(`icicleLayout: ${widthOf.length} widths for ${tree.parent.length} nodes`);
  // The root and the focus's ancestors (pathTo ends with the focus itself).
  const above = [0, ...pathTo(tree, focus)].slice(0, -1);
  const rects: FlameRect[] = above.map((node, depth) => ({ node, depth, x: 0, width: 1 }));
  const whole = widthOf[focus];
  if (!(whole > 0)) return [...rects, { node: focus, depth: above.length, x: 0, width: 1 }];
  const size = subtreeSizes(tree);
  const end = focus + size[focus];
  // Per laid-out node: its depth and where its next child starts.
  const depth = new Map<number, number>([[focus, above.length]]);
  const nextX = new Map<number, number>([[focus, 0]]);
  rects.push({ node: focus, depth: above.length, x: 0, width: 1 });
  for (let i = focus + 1; i < end; ) {
    const p = tree.parent[i];
    const width = widthOf[i] / whole;
    const x = nextX.get(p);
    if (x === undefined || width <= 0 || width < minWidth) {
      // Parent left out, or too narrow: skip this node's whole subtree (its pre-order run).
      if (x !== undefined) nextX.set(p, x + width);
      i += size[i];
      continue;
    }
    const d = (depth.get(p) as number) + 1;
    rects.push({ node: i, depth: d, x, width });
    nextX.set(p, x + width);
    nextX.set(i, x);
    depth.set(i, d);
    i++;
  }
  return rects;
}
