/**
 * CPU profiles in the store (migration v9): one row per imported profile, its call tree kept as opaque compact
 * JSON (encoded and decoded by the service layer: the store knows nothing of core/analysis). Identical files are
 * stored once (by sha256).
 */
import type { WorkspaceStore } from './workspace';

/** A profile to store; `tree` is its call tree as JSON. */
export interface ProfileInput {
  name: string;
  format: string;
  service: string | null;
  takenAt: number | null;
  unit: string;
  total: number;
  nodes: number;
  sha256: string;
  tree: string;
}

/** A stored profile as lists read it (no tree). */
export interface ProfileRow extends Omit<ProfileInput, 'tree' | 'sha256'> {
  id: number;
  importedAt: number;
}

const COLUMNS = 'id, name, format, service, taken_at AS takenAt, imported_at AS importedAt, unit, total, nodes';

/**
 * Stores a profile unless one with the same content is there; returns its id and whether it was new.
 * Runs in the caller's transaction when there is one.
 */
export function saveProfile(store: WorkspaceStore, p: ProfileInput): { id: number; created: boolean } {
  const existing = store.db.prepare('SELECT id FROM profiles WHERE sha256 = ?').get(p.sha256) as { id: number } | undefined;
  if (existing) return { id: existing.id, created: false };
  const info = store.db
    .prepare(
      `INSERT INTO profiles(name, format, service, taken_at, imported_at, unit, total, nodes, sha256, tree)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(p.name, p.format, p.service, p.takenAt, Date.now(), p.unit, p.total, p.nodes, p.sha256, p.tree);
  return { id: Number(info.lastInsertRowid), created: true };
}

/** Every profile, newest taken (or imported) first. */
export function listProfiles(store: WorkspaceStore): ProfileRow[] {
  return store.db.prepare(`SELECT ${COLUMNS} FROM profiles ORDER BY COALESCE(taken_at, imported_at) DESC, id DESC`).all() as ProfileRow[];
}

/** One profile with its tree JSON, or undefined. */
export function profileById(store: WorkspaceStore, id: number): (ProfileRow & { tree: string }) | undefined {
  return store.db.prepare(`SELECT ${COLUMNS}, tree FROM profiles WHERE id = ?`).get(id) as (ProfileRow & { tree: string }) | undefined;
}

/** Removes a profile; true when there was one. */
export function deleteProfile(store: WorkspaceStore, id: number): boolean {
  return store.db.prepare('DELETE FROM profiles WHERE id = ?').run(id).changes > 0;
}
