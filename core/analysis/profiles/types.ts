/**
 * The shapes of profile analysis, types only (read by the contract and the renderer too): a frame, the call tree
 * every reader produces (see tree.ts), a frame's values in one profile (top.ts) and a function's change between
 * two (diff.ts).
 */

/** A function in a stack: its name, and the file and line where the profile gives them. */
export interface Frame {
  name: string;
  file?: string;
  line?: number;
}

/** A call tree in pre-order (see tree.ts): node 0 the root, a node's subtree the run [i, i + size). Arrays indexed by node; `frame[0]` and `parent[0]` are -1. */
export interface CallTree {
  /** What the values count: 'nanoseconds', 'microseconds', 'samples', 'bytes', … (as the profile names it). */
  unit: string;
  /** Distinct frames; nodes refer to them by index. */
  frames: Frame[];
  parent: number[];
  frame: number[];
  self: number[];
  total: number[];
}

/** One frame's values in a profile, and its shares of the profile's total (0..1). */
export interface FrameStat {
  frame: Frame;
  self: number;
  total: number;
  selfShare: number;
  totalShare: number;
}

/** One side of a change: the function's values and shares in that profile. */
export interface SideStat {
  self: number;
  total: number;
  selfShare: number;
  totalShare: number;
}

/** A function's change between two profiles (diff.ts), shares of each profile's own total. */
export interface FrameChange {
  /** The function (name and file; no line). */
  frame: Frame;
  before: SideStat;
  after: SideStat;
  /** after.selfShare − before.selfShare (positive: grew). */
  selfDelta: number;
  /** after.totalShare − before.totalShare. */
  totalDelta: number;
  status: 'new' | 'gone' | 'changed';
}
