/**
 * A smaller workspace cut from a larger one: what a time range holds (an incident and a margin around it), to
 * share. The new `*.hindsight` file is made by the store itself (created, marked and migrated like any
 * workspace), then filled in one transaction from the source attached read-only: the sources the range uses,
 * its series' samples (re-encoded and rolled up by the store), its log lines with their full-text index and
 * lines-by-template rebuilt, the templates they use (counts, first and last seen recomputed over the range), the
 * events, typed derived results, incidents (with members and findings), feedback and notes in the range, the
 * topology and the meta (so the copy opens as analysed at the same data version). Analysis caches are not
 * copied: a later run recomputes them from what is there.
 *
 * Text that may carry personal data (log lines, template patterns and examples, event titles and attributes,
 * incident texts, series labels, notes) goes through `rewrite` (redaction, when the caller asks for it; the
 * store knows nothing of how). The file is written beside its destination under a temporary name, checked
 * (SQLite integrity, FTS integrity), and renamed into place: a failure at any point leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { StoreError } from './errors';
import type { Labels } from './workspace';
import { seriesKey, WorkspaceStore } from './workspace';

/** How shared text is rewritten on its way into the copy (redaction); identity when absent. */
export interface TextRewrite {
  /** A plain text (a log line, a title, a note). */
  text(s: string): string;
  /** A JSON text (attributes, examples, labels, an incident's detail): its strings rewritten, its shape kept. */
  json(s: string): string;
}

export interface ExtractOptions {
  /** The range to copy, epoch ms, inclusive (any margin already added). */
  from: number;
  to: number;
  rewrite?: TextRewrite;
  /** Keep only the file name of each source's path (not the folders of the machine it was imported on). */
  sourceNamesOnly?: boolean;
}

/** What the copy holds. */
export interface ExtractCounts {
  sources: number;
  series: number;
  samples: number;
  logs: number;
  templates: number;
  events: number;
  incidents: number;
  annotations: number;
}

const IDENTITY: TextRewrite = { text: (s) => s, json: (s) => s };

/**
 * Removes what an interrupted extract into `out` left beside it (a worker stopped mid-write never reaches its
 * own clean-up): files named `<out>.partial-…`. Returns how many were removed.
 */
export function removePartials(out: string): number {
  const target = resolve(out);
  const prefix = `${basename(target)}.partial-`;
  let removed = 0;
  for (const name of existsSync(dirname(target)) ? readdirSync(dirname(target)) : []) {
    if (!name.startsWith(prefix)) continue;
    rmSync(join(dirname(target), name), { force: true });
    removed++;
  }
  return removed;
}

/** Removes a workspace file and whatever SQLite keeps beside it. */
function removeWorkspaceFile(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
}

/**
 * Writes the range [from, to] of `source` to the new workspace `out`; returns what it holds. Throws a
 * StoreError when `out` exists already (nothing is overwritten) or is the source itself; any other failure
 * (a full disk, a rewrite that throws) leaves no file behind. Runs synchronously: O(rows in the range).
 */
export function extractWorkspace(source: WorkspaceStore, out: string, opts: ExtractOptions): ExtractCounts {
  const target = resolve(out);
  if (target === resolve(source.file)) throw new StoreError('exists', out, 'is the workspace being shared; name a new file');
  if (existsSync(target)) throw new StoreError('exists', out, 'exists already; name a new file (nothing was overwritten)');
  const partial = `${target}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  let dest: WorkspaceStore | null = null;
  try {
    dest = WorkspaceStore.open(partial, { create: true });
    const counts = fill(dest, source, opts);
    check(dest);
    dest.db.pragma('journal_mode = DELETE'); // one self-contained file, no -wal beside it
    dest.close();
    dest = null;
    renameSync(partial, target);
    return counts;
  } catch (err) {
    dest?.close();
    removeWorkspaceFile(partial);
    throw err;
  }
}

/** Copies the range into `dest` (fresh, migrated) in one transaction. */
function fill(dest: WorkspaceStore, source: WorkspaceStore, opts: ExtractOptions): ExtractCounts {
  const db = dest.db;
  const rewrite = opts.rewrite ?? IDENTITY;
  const nullable = (f: (s: string) => string) => (s: unknown) => (typeof s === 'string' ? f(s) : s);
  db.function('hs_text', { deterministic: false }, nullable((s) => rewrite.text(s)));
  db.function('hs_json', { deterministic: false }, nullable((s) => rewrite.json(s)));
  db.function('hs_path', { deterministic: true }, nullable((s) => (opts.sourceNamesOnly ? basename(s) : s)));
  const lo = Math.floor(opts.from);
  const hi = Math.ceil(opts.to);
  db.prepare('ATTACH DATABASE ? AS src').run(source.file);
  try {
    return dest.transaction(() => {
      const run = (sql: string, ...args: unknown[]): number => db.prepare(sql).run(...args).changes;
      run('INSERT OR REPLACE INTO main.meta(key, value) SELECT key, value FROM src.meta');

      // Series with samples in the range, their labels rewritten (and so their identity key recomputed).
      const seriesRows = db
        .prepare(
          `SELECT s.id, s.name, s.labels, s.service, s.unit,
                  (SELECT c.source_id FROM src.chunks c WHERE c.series_id = s.id AND c.start_ts <= ? AND c.end_ts >= ? ORDER BY c.start_ts LIMIT 1) AS source_id
           FROM src.series s
           WHERE EXISTS (SELECT 1 FROM src.chunks c WHERE c.series_id = s.id AND c.start_ts <= ? AND c.end_ts >= ?)
           ORDER BY s.id`,
        )
        .all(hi, lo, hi, lo) as { id: number; name: string; labels: string; service: string | null; unit: string | null; source_id: number }[];

      // The sources of everything copied.
      const sources = run(
        `INSERT INTO main.sources(id, path, format, kind, bytes, sha256, zone, imported_at, rows_accepted, rows_rejected, first_ts, last_ts, notes, service, service_origin)
         SELECT id, hs_path(path), format, kind, bytes, sha256, zone, imported_at, rows_accepted, rows_rejected, first_ts, last_ts, hs_text(notes), service, service_origin
         FROM src.sources WHERE id IN (
           SELECT source_id FROM src.chunks WHERE start_ts <= ? AND end_ts >= ?
           UNION SELECT source_id FROM src.logs WHERE ts BETWEEN ? AND ?
           UNION SELECT source_id FROM src.events WHERE source_id IS NOT NULL AND ts <= ? AND COALESCE(end_ts, ts) >= ?)`,
        hi,
        lo,
        lo,
        hi,
        hi,
        lo,
      );

      const insertSeries = db.prepare('INSERT INTO main.series(id, key, name, labels, service, unit) VALUES (?, ?, ?, ?, ?, ?)');
      let samples = 0;
      for (const s of seriesRows) {
        const labels = rewrite.json(s.labels);
        insertSeries.run(s.id, seriesKey(s.name, JSON.parse(labels) as Labels), s.name, labels, s.service, s.unit);
        const { ts, values } = source.readSamples(s.id, lo, hi);
        if (!ts.length) continue;
        dest.appendSamples(s.id, s.source_id, ts, values);
        dest.refreshSeries(s.id, ts[0], ts[ts.length - 1]);
        samples += ts.length;
      }

      const logs = run(
        `INSERT INTO main.logs(id, source_id, ts, line, lines, service, level, template_id, raw)
         SELECT id, source_id, ts, line, lines, service, level, template_id, hs_text(raw) FROM src.logs WHERE ts BETWEEN ? AND ? ORDER BY id`,
        lo,
        hi,
      );
      for (const { source_id: id } of db.prepare('SELECT DISTINCT source_id FROM main.logs').all() as { source_id: number }[]) dest.indexLogs(id);
      const templates = run(
        `INSERT INTO main.templates(id, service, pattern, first_seen, last_seen, count, levels, examples)
         SELECT t.id, t.service, hs_text(t.pattern), l.first, l.last, l.n, t.levels, hs_json(t.examples)
         FROM src.templates t JOIN (SELECT template_id, MIN(ts) AS first, MAX(ts) AS last, COUNT(*) AS n FROM main.logs
                                    WHERE template_id IS NOT NULL GROUP BY template_id) l ON l.template_id = t.id`,
      );
      run(
        `INSERT INTO main.template_counts(template_id, bucket_ts, count)
         SELECT template_id, bucket_ts, count FROM src.template_counts
         WHERE bucket_ts BETWEEN ? AND ? AND template_id IN (SELECT id FROM main.templates)`,
        lo,
        hi,
      );

      const events = run(
        `INSERT INTO main.events(id, source_id, ts, end_ts, kind, service, title, severity, attrs, nonprod)
         SELECT id, source_id, ts, end_ts, kind, service, hs_text(title), severity, hs_json(attrs), nonprod
         FROM src.events WHERE ts <= ? AND COALESCE(end_ts, ts) >= ?`,
        hi,
        lo,
      );
      for (const table of ['anomaly_ranges', 'change_points', 'pattern_events']) {
        run(`INSERT INTO main.${table} SELECT * FROM src.${table} WHERE event_id IN (SELECT id FROM main.events)`);
      }

      const incidents = run(
        `INSERT INTO main.incidents(id, title, start_ts, end_ts, status, summary, created_at, severity, key, onset_ts, root_service, kind, derived, detail)
         SELECT id, hs_text(title), start_ts, end_ts, status, hs_text(summary), created_at, severity, key, onset_ts, root_service, kind, derived, hs_json(detail)
         FROM src.incidents WHERE start_ts <= ? AND COALESCE(end_ts, start_ts) >= ?`,
        hi,
        lo,
      );
      run(
        `INSERT INTO main.incident_events(incident_id, event_id, role) SELECT incident_id, event_id, role FROM src.incident_events
         WHERE incident_id IN (SELECT id FROM main.incidents) AND event_id IN (SELECT id FROM main.events)`,
      );
      run(
        `INSERT INTO main.findings(id, incident_id, kind, service, score, title, detail)
         SELECT id, incident_id, kind, service, score, hs_text(title), hs_json(detail) FROM src.findings WHERE incident_id IN (SELECT id FROM main.incidents)`,
      );
      run(
        `INSERT INTO main.cause_feedback(id, incident_key, onset_ts, target, ref, verdict, note, created_at)
         SELECT id, incident_key, onset_ts, target, ref, verdict, hs_text(note), created_at FROM src.cause_feedback
         WHERE incident_key IN (SELECT key FROM main.incidents WHERE key IS NOT NULL)`,
      );
      run('INSERT INTO main.noise_alerts(fingerprint, name, service, reason, count) SELECT fingerprint, hs_text(name), service, reason, count FROM src.noise_alerts');
      run('INSERT INTO main.topology(caller, callee, source_id, attrs) SELECT caller, callee, source_id, hs_json(attrs) FROM src.topology');
      run(
        `INSERT INTO main.feedback(id, series_id, start_ts, end_ts, verdict, note, created_at)
         SELECT id, series_id, start_ts, end_ts, verdict, hs_text(note), created_at FROM src.feedback WHERE start_ts <= ? AND end_ts >= ?`,
        hi,
        lo,
      );
      const annotations = run(
        `INSERT INTO main.annotations(id, ts, end_ts, series_id, service, text, tags, starred, author, created_at, updated_at)
         SELECT id, ts, end_ts, series_id, service, hs_text(text), tags, starred, author, created_at, updated_at FROM src.annotations
         WHERE ts <= ? AND COALESCE(end_ts, ts) >= ?`,
        hi,
        lo,
      );
      // Each source's rows and span as the copy holds them (samples + log lines + events, as an import counts them).
      run(
        `UPDATE main.sources SET rows_rejected = 0,
           rows_accepted = (SELECT COALESCE(SUM(count), 0) FROM main.chunks c WHERE c.source_id = sources.id)
                         + (SELECT COUNT(*) FROM main.logs l WHERE l.source_id = sources.id)
                         + (SELECT COUNT(*) FROM main.events e WHERE e.source_id = sources.id),
           first_ts = MIN(COALESCE((SELECT MIN(start_ts) FROM main.chunks c WHERE c.source_id = sources.id), @none_before),
                          COALESCE((SELECT MIN(ts) FROM main.logs l WHERE l.source_id = sources.id), @none_before),
                          COALESCE((SELECT MIN(ts) FROM main.events e WHERE e.source_id = sources.id), @none_before)),
           last_ts = MAX(COALESCE((SELECT MAX(end_ts) FROM main.chunks c WHERE c.source_id = sources.id), @none_after),
                         COALESCE((SELECT MAX(ts) FROM main.logs l WHERE l.source_id = sources.id), @none_after),
                         COALESCE((SELECT MAX(COALESCE(end_ts, ts)) FROM main.events e WHERE e.source_id = sources.id), @none_after))`,
        { none_before: Number.MAX_SAFE_INTEGER, none_after: Number.MIN_SAFE_INTEGER },
      );
      return { sources, series: seriesRows.length, samples, logs, templates, events, incidents, annotations };
    });
  } finally {
    db.prepare('DETACH DATABASE src').run();
  }
}

/** Throws unless the copy passes SQLite's integrity check and its full-text index matches its log lines. */
function check(dest: WorkspaceStore): void {
  const result = dest.db.pragma('integrity_check(1)', { simple: true });
  if (result !== 'ok') throw new StoreError('corrupt', dest.file, `the shared copy failed its integrity check (${String(result)})`);
  dest.db.prepare("INSERT INTO logs_fts(logs_fts, rank) VALUES ('integrity-check', 1)").run();
}
