/**
 * Named statements, prepared once per open database. Each declares what it returns:
 * `one` (a row or undefined), `many` (rows) or `run` (changes / last id).
 */
import type { Db } from './db';

export interface SourceRow {
  id: number;
  path: string;
  format: string;
  kind: string;
  bytes: number;
  sha256: string;
  zone: string;
  imported_at: number;
  rows_accepted: number;
  rows_rejected: number;
  first_ts: number | null;
  last_ts: number | null;
  notes: string;
}

export interface SeriesRow {
  id: number;
  key: string;
  name: string;
  labels: string;
  service: string | null;
  unit: string | null;
  first_ts: number | null;
  last_ts: number | null;
  count: number;
}

export interface ChunkRow {
  series_id: number;
  start_ts: number;
  end_ts: number;
  count: number;
  data: Buffer;
}

export interface RollupRow {
  bucket_ts: number;
  min: number | null;
  max: number | null;
  sum: number;
  count: number;
}

export interface EventRow {
  id: number;
  source_id: number | null;
  ts: number;
  end_ts: number | null;
  kind: string;
  service: string | null;
  title: string;
  severity: string | null;
  attrs: string;
}

export interface LogRow {
  id: number;
  source_id: number;
  ts: number;
  line: number;
  lines: number;
  service: string | null;
  level: string | null;
  template_id: string | null;
  raw: string;
}

type Params = unknown[];

function define(db: Db) {
  return {
    one<R>(sql: string): (...p: Params) => R | undefined {
      const s = db.prepare(sql);
      return (...p) => s.get(...p) as R | undefined;
    },
    many<R>(sql: string): (...p: Params) => R[] {
      const s = db.prepare(sql);
      return (...p) => s.all(...p) as R[];
    },
    run(sql: string): (...p: Params) => { changes: number; lastInsertRowid: number | bigint } {
      const s = db.prepare(sql);
      return (...p) => s.run(...p);
    },
  };
}

export function prepareStatements(db: Db) {
  const { one, many, run } = define(db);
  return {
    // meta
    metaGet: one<{ value: string }>('SELECT value FROM meta WHERE key = ?'),
    metaSet: run('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),

    // sources
    sourceBySha: one<SourceRow>('SELECT * FROM sources WHERE sha256 = ?'),
    sourceInsert: run(
      `INSERT INTO sources(path, format, kind, bytes, sha256, zone, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    sourceFinish: run(
      `UPDATE sources SET rows_accepted = ?, rows_rejected = ?, first_ts = ?, last_ts = ?, notes = ? WHERE id = ?`,
    ),
    sourcesAll: many<SourceRow>('SELECT * FROM sources ORDER BY id'),

    // series
    seriesByKey: one<SeriesRow>('SELECT * FROM series WHERE key = ?'),
    seriesById: one<SeriesRow>('SELECT * FROM series WHERE id = ?'),
    seriesInsert: run('INSERT INTO series(key, name, labels, service, unit) VALUES (?, ?, ?, ?, ?)'),
    seriesStats: run(
      `UPDATE series SET
         first_ts = (SELECT MIN(start_ts) FROM chunks WHERE series_id = series.id),
         last_ts  = (SELECT MAX(end_ts)   FROM chunks WHERE series_id = series.id),
         count    = (SELECT COALESCE(SUM(count), 0) FROM chunks WHERE series_id = series.id)
       WHERE id = ?`,
    ),
    seriesAll: many<SeriesRow>('SELECT * FROM series ORDER BY service, name, key'),
    seriesSearch: many<SeriesRow>(
      `SELECT * FROM series WHERE key LIKE ? ESCAPE '\\' OR service LIKE ? ESCAPE '\\'
       ORDER BY service, name, key LIMIT ?`,
    ),
    seriesOfSource: many<{ series_id: number }>('SELECT DISTINCT series_id FROM chunks WHERE source_id = ?'),
    seriesDeleteEmpty: run('DELETE FROM series WHERE count = 0'),

    // samples
    chunkInsert: run(
      'INSERT INTO chunks(series_id, source_id, start_ts, end_ts, count, data) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    chunksInRange: many<ChunkRow>(
      `SELECT series_id, start_ts, end_ts, count, data FROM chunks
       WHERE series_id = ? AND start_ts <= ? AND end_ts >= ? ORDER BY start_ts, id`,
    ),
    rollupDeleteRange: run('DELETE FROM rollups WHERE series_id = ? AND bucket_ts >= ? AND bucket_ts <= ?'),
    rollupInsert: run(
      'INSERT INTO rollups(series_id, step_ms, bucket_ts, min, max, sum, count) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    rollupsInRange: many<RollupRow>(
      `SELECT bucket_ts, min, max, sum, count FROM rollups
       WHERE series_id = ? AND step_ms = ? AND bucket_ts >= ? AND bucket_ts < ? ORDER BY bucket_ts`,
    ),

    // logs
    logInsert: run(
      `INSERT INTO logs(source_id, ts, line, lines, service, level, template_id, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    logsIndexSource: run('INSERT INTO logs_fts(rowid, raw) SELECT id, raw FROM logs WHERE source_id = ?'),

    // events
    eventInsert: run(
      `INSERT INTO events(source_id, ts, end_ts, kind, service, title, severity, attrs)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    eventsInRange: many<EventRow>(
      `SELECT * FROM events WHERE ts <= ? AND COALESCE(end_ts, ts) >= ? ORDER BY ts LIMIT ?`,
    ),

    // topology
    edgeUpsert: run(
      `INSERT INTO topology(caller, callee, source_id, attrs) VALUES (?, ?, ?, ?)
       ON CONFLICT(caller, callee) DO UPDATE SET attrs = excluded.attrs`,
    ),
    edgesAll: many<{ caller: string; callee: string }>('SELECT caller, callee FROM topology ORDER BY caller, callee'),

    // summary
    counts: one<{ sources: number; series: number; samples: number; logs: number; events: number; edges: number }>(
      `SELECT (SELECT COUNT(*) FROM sources) AS sources,
              (SELECT COUNT(*) FROM series) AS series,
              (SELECT COALESCE(SUM(count), 0) FROM series) AS samples,
              (SELECT COUNT(*) FROM logs) AS logs,
              (SELECT COUNT(*) FROM events) AS events,
              (SELECT COUNT(*) FROM topology) AS edges`,
    ),
    timeRange: one<{ first: number | null; last: number | null }>(
      'SELECT MIN(first_ts) AS first, MAX(last_ts) AS last FROM sources',
    ),
    servicesSummary: many<{ service: string | null; series: number; samples: number }>(
      'SELECT service, COUNT(*) AS series, SUM(count) AS samples FROM series GROUP BY service ORDER BY service',
    ),
    logsPerService: many<{ service: string | null; logs: number }>(
      'SELECT service, COUNT(*) AS logs FROM logs GROUP BY service ORDER BY service',
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
