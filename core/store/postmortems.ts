/**
 * Postmortems in the store (migration v10): one row per written account of an incident. The document
 * (sections, timeline, evidence, impact) is JSON text, opaque here: the store knows nothing of
 * core/analysis; the service layer parses it into the shared `PostmortemDoc` shape.
 */
import type { WorkspaceStore } from './workspace';

/** A postmortem to store: the columns lists show, the document as JSON, the charts picked as JSON. */
export interface PostmortemInput {
  incidentKey: string;
  title: string;
  zone: string;
  /** The document as JSON text. */
  sections: string;
  /** The chart picks as JSON text. */
  charts: string;
}

export interface PostmortemRow extends PostmortemInput {
  id: number;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = 'id, incident_key AS incidentKey, title, zone, sections, charts, created_at AS createdAt, updated_at AS updatedAt';

/** Inserts a postmortem (id null) or replaces the one with this id; answers its id. Throws when the id is unknown. */
export function savePostmortem(store: WorkspaceStore, id: number | null, p: PostmortemInput, now = Date.now()): number {
  const db = store.db;
  if (id === null) {
    return Number(
      db
        .prepare('INSERT INTO postmortems(incident_key, title, zone, sections, charts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(p.incidentKey, p.title, p.zone, p.sections, p.charts, now, now).lastInsertRowid,
    );
  }
  const changed = db
    .prepare('UPDATE postmortems SET incident_key = ?, title = ?, zone = ?, sections = ?, charts = ?, updated_at = ? WHERE id = ?')
    .run(p.incidentKey, p.title, p.zone, p.sections, p.charts, now, id).changes;
  if (!changed) throw new Error(`no postmortem ${id} in this workspace`);
  return id;
}

export function loadPostmortem(store: WorkspaceStore, id: number): PostmortemRow | undefined {
  return store.db.prepare(`SELECT ${COLUMNS} FROM postmortems WHERE id = ?`).get(id) as PostmortemRow | undefined;
}

/** Every postmortem, the most recently changed first. */
export function loadPostmortems(store: WorkspaceStore): PostmortemRow[] {
  return store.db.prepare(`SELECT ${COLUMNS} FROM postmortems ORDER BY updated_at DESC, id DESC`).all() as PostmortemRow[];
}
