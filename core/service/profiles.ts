/**
 * Profile handlers: import reads the file here (format by content, core/ingest/formats/profiles) and stores the
 * tree as compact JSON; the hot frames, the flame graph layout, search and the differential ranking are the pure
 * functions of core/analysis/profiles on the decoded tree. Trees are decoded once per id and kept (a few, most
 * recent last), so zooming and searching a flame graph answer without re-reading the store.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { diffProfiles, diffTree } from '../analysis/profiles/diff';
import { icicleLayout } from '../analysis/profiles/layout';
import { searchFrames } from '../analysis/profiles/search';
import { share, topFrames } from '../analysis/profiles/top';
import { frameLabel, totalsOf, type CallTree } from '../analysis/profiles/tree';
import type { Handlers } from '../api/contract';
import { ApiError } from '../api/errors';
import type { FlameBox, FlameGraph, ProfileInfo } from '../api/profiles';
import { readProfile } from '../ingest/formats/profiles/index';
import { deleteProfile, listProfiles, profileById, saveProfile, type ProfileRow } from '../store/profiles';
import type { ServiceContext } from './context';

type ProfileHandlers = Pick<Handlers, 'profiles/list' | 'profiles/import' | 'profiles/get' | 'profiles/flame' | 'profiles/diff' | 'profiles/delete'>;

/** The stored form of a tree: its arrays without the totals (recomputed on decode). */
export function encodeTree(tree: CallTree): string {
  return JSON.stringify({ unit: tree.unit, frames: tree.frames, parent: tree.parent, frame: tree.frame, self: tree.self });
}

/** A tree from its stored form. */
export function decodeTree(json: string): CallTree {
  const t = JSON.parse(json) as Omit<CallTree, 'total'>;
  return { ...t, total: totalsOf(t.parent, t.self) };
}

const CACHED_TREES = 6;
const TOP_DEFAULT = 25;
const MIN_WIDTH_DEFAULT = 0.0005;

function info(row: ProfileRow): ProfileInfo {
  return { ...row, format: row.format as ProfileInfo['format'] };
}

export function profileHandlers(ctx: ServiceContext): ProfileHandlers {
  const trees = new Map<string, CallTree>();

  /** A stored profile and its tree (decoded once per workspace and id). */
  function load(id: number): { profile: ProfileInfo; tree: CallTree } {
    const store = ctx.store();
    const key = `${store.file}\u0000${id}`;
    const row = profileById(store, id);
    if (!row) throw new ApiError('not-found', `no profile ${id} in this workspace`, 'id');
    const { tree: json, ...rest } = row;
    let tree = trees.get(key);
    if (!tree) {
      tree = decodeTree(json);
      trees.set(key, tree);
      if (trees.size > CACHED_TREES) trees.delete(trees.keys().next().value as string);
    }
    return { profile: info(rest), tree };
  }

  /** Boxes of a single profile's flame graph. */
  function singleBoxes(tree: CallTree, focus: number, minWidth: number, matched: boolean[] | null): FlameBox[] {
    const whole = tree.total[0];
    return icicleLayout(tree, tree.total, { focus, minWidth }).map((r) => {
      const frame = r.node === 0 ? { name: 'all' } : tree.frames[tree.frame[r.node]];
      return {
        ...r,
        frame,
        label: frameLabel(frame),
        self: tree.self[r.node],
        total: tree.total[r.node],
        selfShare: share(tree.self[r.node], whole),
        totalShare: share(tree.total[r.node], whole),
        match: matched?.[r.node] ?? false,
      };
    });
  }

  return {
    'profiles/list': async () => listProfiles(ctx.store()).map(info),

    'profiles/import': async ({ path, service, takenAt, sampleType }) => {
      const store = ctx.store();
      const file = resolve(path);
      let bytes: Buffer;
      let modified: number;
      try {
        [bytes, modified] = await Promise.all([readFile(file), stat(file).then((s) => s.mtimeMs)]);
      } catch (err) {
        throw new ApiError('not-found', `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`, 'path');
      }
      let read;
      try {
        read = readProfile(bytes, basename(file), sampleType);
      } catch (err) {
        throw new ApiError('bad-params', err instanceof Error ? err.message : String(err), 'path');
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const { id, created } = await store.writeTransaction(() =>
        saveProfile(store, {
          name: basename(file),
          format: read.format,
          service: service ?? null,
          takenAt: takenAt ?? Math.round(modified),
          unit: read.tree.unit,
          total: read.tree.total[0],
          nodes: read.tree.parent.length,
          sha256,
          tree: encodeTree(read.tree),
        }),
      );
      return { profile: load(id).profile, status: created ? 'imported' : 'unchanged' };
    },

    'profiles/get': async ({ id, top }) => {
      const { profile, tree } = load(id);
      return { profile, ...topFrames(tree, top ?? TOP_DEFAULT) };
    },

    'profiles/flame': async ({ id, before, after, focus = 0, query, minWidth = MIN_WIDTH_DEFAULT }) => {
      const q = query?.trim() ? query.trim() : null;
      const run = <T>(fn: () => T): T => {
        try {
          return fn();
        } catch (err) {
          if (err instanceof RangeError) throw new ApiError('bad-params', err.message, err.message.startsWith('search') ? 'query' : 'focus');
          throw err;
        }
      };
      if (id !== undefined) {
        const { tree } = load(id);
        const found = q ? run(() => searchFrames(tree, q)) : null;
        const boxes = run(() => singleBoxes(tree, focus, minWidth, found?.matched ?? null));
        return graph(tree, focus, boxes, q, found, false);
      }
      const pair = diffTree(load(before as number).tree, load(after as number).tree);
      const found = q ? run(() => searchFrames(pair.after, q)) : null;
      const wholeBefore = pair.before.total[0];
      const boxes = run(() => singleBoxes(pair.after, focus, minWidth, found?.matched ?? null)).map((b) => {
        const beforeShare = { selfShare: share(pair.before.self[b.node], wholeBefore), totalShare: share(pair.before.total[b.node], wholeBefore) };
        return { ...b, before: beforeShare, selfDelta: b.selfShare - beforeShare.selfShare, totalDelta: b.totalShare - beforeShare.totalShare };
      });
      return graph(pair.after, focus, boxes, q, found, true);
    },

    'profiles/diff': async ({ before, after, top }) => {
      const a = load(before);
      const b = load(after);
      let changes;
      try {
        changes = diffProfiles(a.tree, b.tree);
      } catch (err) {
        throw new ApiError('bad-params', err instanceof Error ? err.message : String(err), 'after');
      }
      return { before: a.profile, after: b.profile, changes: changes.slice(0, top ?? TOP_DEFAULT), functions: changes.length };
    },

    'profiles/delete': async ({ id }) => {
      const store = ctx.store();
      const deleted = await store.writeTransaction(() => deleteProfile(store, id));
      trees.delete(`${store.file}\u0000${id}`);
      return { deleted };
    },
  };
}

function graph(tree: CallTree, focus: number, boxes: FlameBox[], query: string | null, found: ReturnType<typeof searchFrames> | null, diff: boolean): FlameGraph {
  return {
    unit: tree.unit,
    total: tree.total[0],
    focus,
    boxes,
    depth: boxes.reduce((d, b) => Math.max(d, b.depth + 1), 0),
    search: query && found ? { query, share: found.share, value: found.value, frames: found.frames.length } : null,
    diff,
  };
}
