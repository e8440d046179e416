/**
 * Annotations in the store (migration v11): a person's notes on the timeline, at a moment or over a range, with
 * tags (kept as a JSON array of strings) and a star. Plain functions over an open workspace, like incidents.ts;
 * each write runs in the caller's transaction (the service wraps it in `writeTransaction`), or on its own.
 */
import type { AnnotationFilter, AnnotationInfo, AnnotationInput, AnnotationPatch } from '../api/annotations';
import type { WorkspaceStore } from './workspace';

/** A stored row as SQLite returns it. */
interface AnnotationRow {
  id: number;
  ts: number;
  end_ts: number | null;
  series_id: number | null;
  service: string | null;
  text: string;
  tags: string;
  starred: number;
  author: string;
  created_at: number;
  updated_at: number;
}

/** A note to store: what a person wrote, with its author already decided. */
export type NewAnnotation = AnnotationInput & { author: string };

const COLUMNS = 'id, ts, end_ts, series_id, service, text, tags, starred, author, created_at, updated_at';

/** The tags of a row: a JSON array of strings, or none when the text is anything else (never throws). */
function parseTags(json: string): string[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** Tags as stored: trimmed, each once, in the order first given. */
export function normaliseTags(tags: readonly string[] = []): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
}

function toInfo(r: AnnotationRow): AnnotationInfo {
  return {
    id: r.id,
    ts: r.ts,
    endTs: r.end_ts,
    seriesId: r.series_id,
    service: r.service,
    text: r.text,
    tags: parseTags(r.tags),
    starred: r.starred === 1,
    author: r.author,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Stores a note; returns it as stored. `now`: the time of writing (tests pass their own). */
export function addAnnotation(store: WorkspaceStore, a: NewAnnotation, now = Date.now()): AnnotationInfo {
  const id = Number(
    store.db
      .prepare(
        `INSERT INTO annotations(ts, end_ts, series_id, service, text, tags, starred, author, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        Math.round(a.ts),
        a.endTs == null ? null : Math.round(a.endTs),
        a.seriesId ?? null,
        a.service ?? null,
        a.text,
        JSON.stringify(normaliseTags(a.tags)),
        a.starred ? 1 : 0,
        a.author,
        now,
        now,
      ).lastInsertRowid,
  );
  return getAnnotation(store, id) as AnnotationInfo;
}

/** One note by id, or undefined. */
export function getAnnotation(store: WorkspaceStore, id: number): AnnotationInfo | undefined {
  const row = store.db.prepare(`SELECT ${COLUMNS} FROM annotations WHERE id = ?`).get(id) as AnnotationRow | undefined;
  return row && toInfo(row);
}

/**
 * Changes the fields a patch gives (an absent field stays; `endTs: null` makes a range a moment). Returns the
 * note as stored now, or undefined when no note has that id. Throws when the result would end before it starts.
 */
export function updateAnnotation(store: WorkspaceStore, id: number, patch: AnnotationPatch, now = Date.now()): AnnotationInfo | undefined {
  const old = getAnnotation(store, id);
  if (!old) return undefined;
  const next: AnnotationInfo = {
    ...old,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    tags: patch.tags ? normaliseTags(patch.tags) : old.tags,
    updatedAt: now,
  };
  if (next.endTs !== null && next.endTs < next.ts) throw new RangeError('a note over a range must end after it starts');
  store.db
    .prepare(
      `UPDATE annotations SET ts = ?, end_ts = ?, series_id = ?, service = ?, text = ?, tags = ?, starred = ?, author = ?, updated_at = ?
       WHERE id = ?`,
    )
    .run(
      Math.round(next.ts),
      next.endTs === null ? null : Math.round(next.endTs),
      next.seriesId,
      next.service,
      next.text,
      JSON.stringify(next.tags),
      next.starred ? 1 : 0,
      next.author,
      now,
      id,
    );
  return getAnnotation(store, id);
}

/** Deletes a note; true when there was one. */
export function deleteAnnotation(store: WorkspaceStore, id: number): boolean {
  return store.db.prepare('DELETE FROM annotations WHERE id = ?').run(id).changes > 0;
}

/**
 * Notes overlapping [from, to] (a moment inside it, or a range that meets it), time-ordered (then by id);
 * with `tag`, only those carrying it; with `starred`, only starred ones. Open bounds list everything.
 * O(log n + notes starting before `to`) on annotations(ts).
 */
export function listAnnotations(store: WorkspaceStore, f: AnnotationFilter = {}): AnnotationInfo[] {
  const to = f.to === undefined ? Number.MAX_SAFE_INTEGER : Math.round(f.to);
  const from = f.from === undefined ? Number.MIN_SAFE_INTEGER : Math.round(f.from);
  const rows = store.db
    .prepare(
      `SELECT ${COLUMNS} FROM annotations WHERE ts <= ? AND COALESCE(end_ts, ts) >= ? ${f.starred ? 'AND starred = 1' : ''} ORDER BY ts, id`,
    )
    .all(to, from) as AnnotationRow[];
  const notes = rows.map(toInfo);
  return f.tag ? notes.filter((n) => n.tags.includes(f.tag as string)) : notes;
}
