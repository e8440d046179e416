/**
 * Profiles: CPU profiles imported into the workspace (folded stacks, Chrome/Node .cpuprofile, pprof), their hot
 * frames by self and total time, a flame graph (icicle) laid out on the backend — zoom and search are params, so
 * the renderer only draws boxes — and the differential view of two profiles (before/after a deploy) ranking
 * functions by the change of their share.
 */
import { z } from 'zod';
import type { Frame, FrameChange, FrameStat } from '../analysis/profiles/types';
import { method, none, path } from './define';

export type { Frame, FrameStat, FrameChange };

/** A stored profile (its tree stays on the backend). */
export interface ProfileInfo {
  id: number;
  /** The file's name. */
  name: string;
  format: 'folded' | 'cpuprofile' | 'pprof';
  service: string | null;
  /** When the profile was taken (epoch ms; null when unknown), and when it was imported. */
  takenAt: number | null;
  importedAt: number;
  /** What the values count: nanoseconds, microseconds, samples, bytes … */
  unit: string;
  total: number;
  nodes: number;
}

/** One box of the flame graph: x and width are fractions of the graph's width; depth 0 is the root row. */
export interface FlameBox {
  node: number;
  depth: number;
  x: number;
  width: number;
  frame: Frame;
  /** The frame as one line: `name (file:line)`. */
  label: string;
  self: number;
  total: number;
  /** Shares of the whole profile (0..1). */
  selfShare: number;
  totalShare: number;
  /** The search matched this frame. */
  match: boolean;
  /** Differential view: the node's share before and its change of self and total share (after − before). */
  before?: { selfShare: number; totalShare: number };
  selfDelta?: number;
  totalDelta?: number;
}

export interface FlameGraph {
  unit: string;
  total: number;
  /** The zoomed node (0: the root). */
  focus: number;
  boxes: FlameBox[];
  /** Rows in the graph (deepest box's depth + 1). */
  depth: number;
  /** Search: matching frames' share of the whole, counted once per sample (null without a query). */
  search: { query: string; share: number; value: number; frames: number } | null;
  diff: boolean;
}

export interface ProfileDetail {
  profile: ProfileInfo;
  bySelf: FrameStat[];
  byTotal: FrameStat[];
}

export interface ProfileDiff {
  before: ProfileInfo;
  after: ProfileInfo;
  /** Ranked by the change of self share, largest in size first. */
  changes: FrameChange[];
  /** Functions in either profile (changes holds the top ones). */
  functions: number;
}

/** A profile value in its unit for people (CLI and UI): time units scaled to ms or s, counts as they are. */
export function fmtProfileValue(value: number, unit: string): string {
  const toMs: Record<string, number> = { nanoseconds: 1e-6, microseconds: 1e-3, milliseconds: 1, seconds: 1e3 };
  const factor = toMs[unit];
  if (factor === undefined) return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
  const ms = value * factor;
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 10 ? 0 : 2)} ms`;
}

/** A share (0..1) as a percentage: `12.34 %` (three decimals below 0.1 %, so a small share is not shown as 0). */
export function fmtShare(share: number): string {
  return `${(100 * share).toFixed(share !== 0 && Math.abs(share) < 0.001 ? 3 : 2)} %`;
}

/** A change of share in percentage points, signed: `+1.85 pts`, `−0.40 pts`. */
export function fmtSharePoints(delta: number): string {
  return `${delta >= 0 ? '+' : '−'}${(100 * Math.abs(delta)).toFixed(2)} pts`;
}

const profileId = z.number().int().positive();
const top = z.number().int().min(1).max(1000).optional();

export const flameParams = z
  .strictObject({
    /** One profile, or `before` and `after` for the differential graph (widths from after, colour by change). */
    id: profileId.optional(),
    before: profileId.optional(),
    after: profileId.optional(),
    /** Node to zoom into (as given by a box's `node`). */
    focus: z.number().int().min(0).optional(),
    /** Substring (case-insensitive) or /regex/flags. */
    query: z.string().max(500).optional(),
    /** Narrowest box kept, as a fraction of the width (default 0.0005). */
    minWidth: z.number().min(0).max(1).optional(),
  })
  .refine((p) => (p.id === undefined ? p.before !== undefined && p.after !== undefined : p.before === undefined && p.after === undefined), {
    message: 'give either id, or before and after',
  });

export const profilesContract = {
  'profiles/list': method(none).returns<ProfileInfo[]>(),
  /** Reads a profile file (format by content) and stores it; the same file again changes nothing. */
  'profiles/import': method(
    z.strictObject({
      path,
      service: z.string().min(1).max(200).optional(),
      /** When it was taken (epoch ms); default the file's modification time. */
      takenAt: z.number().finite().optional(),
      /** pprof: which sample type to read (type or unit, e.g. "cpu", "alloc_space"). */
      sampleType: z.string().min(1).optional(),
    }),
  ).returns<{ profile: ProfileInfo; status: 'imported' | 'unchanged' }>(),
  /** A profile's hottest frames by self and by total (recursion counted once). */
  'profiles/get': method(z.strictObject({ id: profileId, top })).returns<ProfileDetail>(),
  'profiles/flame': method(flameParams).returns<FlameGraph>(),
  /** Two profiles compared as shares of their totals: functions ranked by the change of self share. */
  'profiles/diff': method(z.strictObject({ before: profileId, after: profileId, top })).returns<ProfileDiff>(),
  'profiles/delete': method(z.strictObject({ id: profileId })).returns<{ deleted: boolean }>(),
} as const;
