/**
 * Query advice in the store (migration v8): each analysed set of query files is a query source; its
 * fingerprints are rows with the columns lists sort and filter on (rank, calls, total, p95, N+1 repeats) and
 * the full advice row as opaque JSON (`detail`: suggested indexes, example, note); duplicate and unused
 * indexes are rows of their own. Plain rows and JSON text only: the store knows nothing of core/analysis.
 */
import type { WorkspaceStore } from './workspace';

export interface QuerySourceInput {
  label: string;
  statements: number;
  fingerprints: number;
  /** Per file: format and counts (JSON, opaque here). */
  files: string;
  /** Files that failed, as JSON (opaque here). */
  errors: string;
  queries: { fingerprint: string; dialect: string; calls: number; totalMs: number; meanMs: number | null; p95Ms: number | null; nPlusOne: number; detail: string }[];
  indexFindings: { kind: 'duplicate' | 'unused'; table: string; index: string; detail: string }[];
}

export interface QuerySourceRow {
  id: number;
  label: string;
  analysedAt: number;
  statements: number;
  fingerprints: number;
  files: string;
  errors: string;
}

/** Stores one analysed source with its fingerprints and index findings in one transaction; returns its id. */
export function saveQuerySource(store: WorkspaceStore, s: QuerySourceInput, now = Date.now()): number {
  const db = store.db;
  const write = (): number => {
    const id = Number(
      db
        .prepare('INSERT INTO query_sources(label, analysed_at, statements, fingerprints, files, errors) VALUES (?, ?, ?, ?, ?, ?)')
        .run(s.label, now, s.statements, s.fingerprints, s.files, s.errors).lastInsertRowid,
    );
    const q = db.prepare(
      'INSERT INTO query_fingerprints(source_id, rank, fingerprint, dialect, calls, total_ms, mean_ms, p95_ms, n_plus_one, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    s.queries.forEach((r, rank) => q.run(id, rank + 1, r.fingerprint, r.dialect, r.calls, r.totalMs, r.meanMs, r.p95Ms, r.nPlusOne, r.detail));
    const f = db.prepare('INSERT INTO query_index_findings(source_id, kind, table_name, index_name, detail) VALUES (?, ?, ?, ?, ?)');
    for (const x of s.indexFindings) f.run(id, x.kind, x.table, x.index, x.detail);
    return id;
  };
  return db.inTransaction ? write() : db.transaction(write)();
}

const SOURCE_COLUMNS = 'id, label, analysed_at AS analysedAt, statements, fingerprints, files, errors';

/** Every query source, newest first. */
export function querySources(store: WorkspaceStore): QuerySourceRow[] {
  return store.db.prepare(`SELECT ${SOURCE_COLUMNS} FROM query_sources ORDER BY id DESC`).all() as QuerySourceRow[];
}

/** A source's fingerprint rows' `detail`, ranked by total time (at most `limit`). */
export function queryFingerprints(store: WorkspaceStore, sourceId: number, limit: number): string[] {
  return (store.db.prepare('SELECT detail FROM query_fingerprints WHERE source_id = ? ORDER BY rank LIMIT ?').all(sourceId, limit) as { detail: string }[]).map((r) => r.detail);
}

/** A source's duplicate or unused index findings' `detail`. */
export function queryIndexFindings(store: WorkspaceStore, sourceId: number, kind: 'duplicate' | 'unused'): string[] {
  return (store.db.prepare('SELECT detail FROM query_index_findings WHERE source_id = ? AND kind = ? ORDER BY table_name, index_name').all(sourceId, kind) as { detail: string }[]).map((r) => r.detail);
}
