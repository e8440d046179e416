/** Small trees written as folded stacks, and node paths for readable assertions (shared by the profile tests). */
import { CallTreeBuilder, pathTo, type CallTree } from '../../../../core/analysis/profiles/tree';

/** A tree from folded-like entries: 'a;b;c' → value. */
export function treeOf(stacks: Record<string, number>, unit = 'samples'): CallTree {
  const b = new CallTreeBuilder();
  for (const [stack, value] of Object.entries(stacks)) b.add(stack ? stack.split(';').map((name) => ({ name })) : [], value);
  return b.build(unit);
}

/** node index → "a;b;c" path, for readable assertions. */
export function paths(tree: CallTree): string[] {
  return tree.parent.map((_, i) => pathTo(tree, i).map((n) => tree.frames[tree.frame[n]].name).join(';'));
}

