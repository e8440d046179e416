/**
 * Frame search, as a flame graph's search box does it (flamegraph.pl's "Search"): which frames match, which
 * nodes to highlight, and the share of the profile spent under a matching frame — each sample counted once even
 * when several frames of its stack match (a matching node under a matching ancestor adds nothing).
 *
 * A query is a case-insensitive substring, or a regular expression written `/source/flags`.
 * Complexity: O(frames × match) + O(nodes).
 *
 * @example
 *   searchFrames(tree, 'json').share   // 0.18: 18 % of the time is in or under a frame whose name contains "json"
 *   searchFrames(tree, '/^parse[A-Z]/') // a regular expression
 */
import { frameStats, share, type FrameStat } from './top';
import { frameLabel, type CallTree } from './tree';

export interface SearchResult {
  /** Matching frames, by total value. */
  frames: FrameStat[];
  /** Per node: its frame matches. */
  matched: boolean[];
  /** Value in or under a matching frame, counted once per sample, and as a share of the whole. */
  value: number;
  share: number;
}

/**
 * A predicate for a query: `/source/flags` is a regular expression, anything else a case-insensitive substring.
 * Throws RangeError, quoting the query, for an invalid regular expression.
 */
export function frameMatcher(query: string): (text: string) => boolean {
  const re = /^\/(.+)\/([a-z]*)$/s.exec(query);
  if (re) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(re[1], re[2].replace(/[gy]/g, ''));
    } catch (err) {
      throw new RangeError(`search: "${query}" is not a valid regular expression (${err instanceof Error ? err.message : String(err)})`, { cause: err });
    }
    return (text) => compiled.test(text);
  }
  const needle = query.toLowerCase();
  return (text) => text.toLowerCase().includes(needle);
}

/** Frames matching `query` (matched against `name (file:line)`), the nodes to highlight and the share under them. */
export function searchFrames(tree: CallTree, query: string): SearchResult {
  const matches = frameMatcher(query);
  const frameHit = tree.frames.map((f) => matches(frameLabel(f)));
  const matched = tree.frame.map((f, i) => i > 0 && frameHit[f]);
  // A node is covered when it or an ancestor matches; count the value of the topmost matching nodes only.
  const covered = new Array<boolean>(tree.parent.length).fill(false);
  let value = 0;
  for (let i = 1; i < tree.parent.length; i++) {
    const above = covered[tree.parent[i]];
    covered[i] = above || matched[i];
    if (matched[i] && !above) value += tree.total[i];
  }
  const hits = new Set(tree.frames.filter((_, f) => frameHit[f]));
  const frames = frameStats(tree)
    .filter((s) => hits.has(s.frame))
    .sort((a, b) => b.total - a.total);
  return { frames, matched, value, share: share(value, tree.total[0]) };
}
