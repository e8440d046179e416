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
  /** The service most of its records were attributed to, and where that came from (v5). */
  service: string | null;
  service_origin: string | null;
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
  /** 1 for an event of a non-production environment (v5). */
  nonprod: number;
}

export interface TemplateRow {
  id: string;
  service: string | null;
  pattern: string;
  first_seen: number | null;
  last_seen: number | null;
  count: number;
  levels: string;
  examples: string;
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

/** What an anomaly range is (table anomaly_ranges): written by the analysis, read by the lists. */
export interface AnomalyFields {
  start: number;
  end: number;
  peakTs: number;
  /** Null where the detector gave NaN (SQLite stores NaN as NULL). */
  peakValue: number | null;
  expected: number | null;
  direction: 'up' | 'down';
  severity: 'low' | 'medium' | 'high';
  sigmas: number;
  points: number;
  rank: number;
}

/** An anomaly range with its id (its event's), series name and labels (JSON), as the lists show it. */
export interface AnomalyRow extends AnomalyFields {
  id: number;
  seriesId: number;
  seriesName: string;
  labels: string;
  service: string | null;
  state: 'open' | 'expected';
}

/** What a change point is (table change_points). */
export interface ChangePointFields {
  ts: number;
  kind: 'level' | 'trend' | 'variance';
  before: number;
  after: number;
  confidence: number;
}

/** A change point with its id (its event's) and its series' name. */
export interface ChangePointRow extends ChangePointFields {
  id: number;
  seriesId: number;
  seriesName: string;
  service: string | null;
}

/** What a log-pattern event is (table pattern_events). */
export interface PatternEventFields {
  templateId: string;
  service: string | null;
  start: number;
  end: number;
  kind: string;
  magnitude: number;
  score: number;
}

/** A log-pattern event with its id (its event's). */
export interface PatternEventRow extends PatternEventFields {
  id: number;
}

/** The columns of AnomalyRow, from anomaly_ranges joined with its series. */
const ANOMALY_SELECT = `SELECT a.event_id AS id, a.series_id AS seriesId, s.name AS seriesName, s.labels AS labels, a.service,
         a.start_ts AS start, a.end_ts AS "end", a.peak_ts AS peakTs, a.peak_value AS peakValue, a.expected,
         a.direction, a.severity, a.sigmas, a.points, a.rank, a.state
       FROM anomaly_ranges a JOIN series s ON s.id = a.series_id`;

/** The columns of ChangePointRow, from change_points joined with its series. */
const CHANGE_POINT_SELECT = `SELECT c.event_id AS id, c.series_id AS seriesId, s.name AS seriesName, c.service, c.ts, c.kind,
         c.before, c.after, c.confidence
       FROM change_points c JOIN series s ON s.id = c.series_id`;

type Params = unknown[];

/** Log rows written by one multi-row INSERT (8 parameters each): fewer calls into SQLite per row. */
export const LOG_ROWS_PER_INSERT = 64;

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
    sourceWithBytes: one<{ id: number }>('SELECT id FROM sources WHERE bytes = ? LIMIT 1'),
    sourceSetDigest: run('UPDATE sources SET sha256 = ?, bytes = ? WHERE id = ?'),
    sourceInsert: run(
      `INSERT INTO sources(path, format, kind, bytes, sha256, zone, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    sourceFinish: run(
      `UPDATE sources SET rows_accepted = ?, rows_rejected = ?, first_ts = ?, last_ts = ?, notes = ? WHERE id = ?`,
    ),
    sourcesAll: many<SourceRow>('SELECT * FROM sources ORDER BY id'),
    sourceSetService: run('UPDATE sources SET service = ?, service_origin = ? WHERE id = ?'),

    // series
    seriesByKey: one<SeriesRow>('SELECT * FROM series WHERE key = ?'),
    seriesById: one<SeriesRow>('SELECT * FROM series WHERE id = ?'),
    seriesInsert: run('INSERT INTO series(key, name, labels, service, unit) VALUES (?, ?, ?, ?, ?)'),
    seriesSetServiceIfNone: run('UPDATE series SET service = ? WHERE id = ? AND service IS NULL'),
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
    logInsertMany: run(
      `INSERT INTO logs(source_id, ts, line, lines, service, level, template_id, raw)
       VALUES ${Array.from({ length: LOG_ROWS_PER_INSERT }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    ),
    logsIndexSource: run('INSERT INTO logs_fts(rowid, raw) SELECT id, raw FROM logs WHERE source_id = ?'),
    logsIndexRows: run('INSERT INTO logs_fts(rowid, raw) SELECT id, raw FROM logs WHERE id BETWEEN ? AND ?'),
    /** In key order: each leaf page of log_templates is filled in one go (unsorted, each row missed the cache). */
    logTemplatesOfSource: run(
      `INSERT INTO log_templates(template_id, ts, log_id)
       SELECT template_id, ts, id FROM logs WHERE source_id = ? AND template_id IS NOT NULL ORDER BY template_id, ts, id`,
    ),
    logTemplatesOfRows: run(
      `INSERT INTO log_templates(template_id, ts, log_id)
       SELECT template_id, ts, id FROM logs WHERE id BETWEEN ? AND ? AND template_id IS NOT NULL ORDER BY template_id, ts, id`,
    ),
    /**
     * FTS5 merges segments once 16 (its maximum) sit on one level instead of 4: each token is rewritten fewer
     * times while importing (indexing 1.58M generated lines of bench/import.ts: 7.8-8.1 -> 5.5-6.2 µs a line);
     * searches measured as fast.
     */
    logsFtsAutomerge: run("INSERT INTO logs_fts(logs_fts, rank) VALUES ('automerge', 16)"),

    logRemapTemplateInRange: run(
      'UPDATE logs SET template_id = ? WHERE id BETWEEN ? AND ? AND source_id = ? AND template_id = ?',
    ),
    templateById: one<TemplateRow>('SELECT * FROM templates WHERE id = ?'),
    templateUpsert: run(
      `INSERT INTO templates(id, service, pattern, first_seen, last_seen, count, levels, examples)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET pattern = excluded.pattern, first_seen = excluded.first_seen,
         last_seen = excluded.last_seen, count = excluded.count, levels = excluded.levels, examples = excluded.examples`,
    ),
    templateCountAdd: run(
      `INSERT INTO template_counts(template_id, bucket_ts, count) VALUES (?, ?, ?)
       ON CONFLICT(template_id, bucket_ts) DO UPDATE SET count = count + excluded.count`,
    ),

    templatesAll: many<TemplateRow>('SELECT * FROM templates ORDER BY count DESC'),
    templateCountsInRange: many<{ template_id: string; bucket_ts: number; count: number }>(
      'SELECT template_id, bucket_ts, count FROM template_counts WHERE bucket_ts >= ? AND bucket_ts < ?',
    ),
    templateCountsOfInRange: many<{ bucket_ts: number; count: number }>(
      'SELECT bucket_ts, count FROM template_counts WHERE template_id = ? AND bucket_ts >= ? AND bucket_ts < ?',
    ),
    templateTotalsInRange: many<{ template_id: string; n: number }>(
      'SELECT template_id, SUM(count) AS n FROM template_counts WHERE bucket_ts >= ? AND bucket_ts < ? GROUP BY template_id',
    ),

    // events
    eventInsert: run(
      `INSERT INTO events(source_id, ts, end_ts, kind, service, title, severity, attrs, nonprod)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    eventsInRange: many<EventRow>(
      `SELECT * FROM events WHERE ts <= ? AND COALESCE(end_ts, ts) >= ? AND nonprod <= ? ORDER BY ts LIMIT ?`,
    ),

    eventById: one<EventRow>('SELECT * FROM events WHERE id = ?'),
    /** The stored deploy of a GitHub deployment id (rare rows: a scan of deploy events is fine). */
    deployByDeploymentId: one<EventRow>(
      "SELECT * FROM events WHERE kind = 'deploy' AND json_extract(attrs, '$.deployment_id') = ? ORDER BY id LIMIT 1",
    ),
    eventUpdateSpan: run('UPDATE events SET ts = ?, end_ts = ?, title = ?, attrs = ? WHERE id = ?'),
    eventDelete: run('DELETE FROM events WHERE id = ?'),
    eventsOfKindsInRange: many<EventRow>(
      `SELECT * FROM events WHERE kind IN (SELECT value FROM json_each(?)) AND ts <= ? AND COALESCE(end_ts, ts) >= ?
       AND nonprod <= ? ORDER BY ts LIMIT ?`,
    ),
    derivedKindDelete: run('DELETE FROM events WHERE source_id IS NULL AND kind = ?'),
    derivedKindOfServiceDelete: run('DELETE FROM events WHERE source_id IS NULL AND kind = ? AND service IS ?'),

    // typed derived results (v3): each row shares its id with an events row; deleting the event deletes it
    anomalyInsert: run(
      `INSERT INTO anomaly_ranges(event_id, series_id, service, start_ts, end_ts, peak_ts, peak_value, expected,
         direction, severity, sigmas, points, rank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    anomaliesOfSeriesDelete: run('DELETE FROM events WHERE id IN (SELECT event_id FROM anomaly_ranges WHERE series_id = ?)'),
    anomalyById: one<AnomalyRow>(`${ANOMALY_SELECT} WHERE a.event_id = ?`),
    anomalySetState: run('UPDATE anomaly_ranges SET state = ? WHERE event_id = ?'),
    /** Open anomaly ranges overlapping [from, to], best ranked first. */
    anomaliesInRange: many<AnomalyRow>(
      `${ANOMALY_SELECT}
       WHERE a.state = 'open' AND a.start_ts <= ? AND a.end_ts >= ? ORDER BY a.rank DESC, a.start_ts LIMIT ?`,
    ),
    anomaliesOfServiceInRange: many<AnomalyRow>(
      `${ANOMALY_SELECT}
       WHERE a.service = ? AND a.state = 'open' AND a.start_ts <= ? AND a.end_ts >= ? ORDER BY a.rank DESC, a.start_ts LIMIT ?`,
    ),
    anomaliesOfSeriesInRange: many<AnomalyRow>(
      `${ANOMALY_SELECT}
       WHERE a.series_id = ? AND a.state = 'open' AND a.start_ts <= ? AND a.end_ts >= ? ORDER BY a.rank DESC, a.start_ts LIMIT ?`,
    ),
    anomalyStats: many<{ series_id: number; n: number; top: number }>(
      "SELECT series_id, COUNT(*) AS n, MAX(rank) AS top FROM anomaly_ranges WHERE state = 'open' GROUP BY series_id",
    ),
    anomalyCount: one<{ n: number }>("SELECT COUNT(*) AS n FROM anomaly_ranges WHERE state = 'open'"),

    changePointInsert: run(
      `INSERT INTO change_points(event_id, series_id, service, ts, kind, before, after, confidence)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    changePointsOfSeriesDelete: run('DELETE FROM events WHERE id IN (SELECT event_id FROM change_points WHERE series_id = ?)'),
    changePointsInRange: many<ChangePointRow>(
      `${CHANGE_POINT_SELECT}
       WHERE c.ts <= ? AND c.ts >= ? ORDER BY c.ts, c.event_id LIMIT ?`,
    ),
    changePointsOfServiceInRange: many<ChangePointRow>(
      `${CHANGE_POINT_SELECT}
       WHERE c.service = ? AND c.ts <= ? AND c.ts >= ? ORDER BY c.ts, c.event_id LIMIT ?`,
    ),
    changePointsOfSeriesInRange: many<ChangePointRow>(
      `${CHANGE_POINT_SELECT}
       WHERE c.series_id = ? AND c.ts <= ? AND c.ts >= ? ORDER BY c.ts, c.event_id LIMIT ?`,
    ),
    changePointCount: one<{ n: number }>('SELECT COUNT(*) AS n FROM change_points'),
    /** Derived rows of series that no longer exist (their events go too, and with them the typed rows). */
    derivedOfMissingSeriesDelete: run(
      `DELETE FROM events WHERE id IN (
         SELECT event_id FROM anomaly_ranges WHERE series_id NOT IN (SELECT id FROM series)
         UNION ALL SELECT event_id FROM change_points WHERE series_id NOT IN (SELECT id FROM series))`,
    ),

    patternEventInsert: run(
      `INSERT INTO pattern_events(event_id, template_id, service, start_ts, end_ts, kind, magnitude, score)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    patternEventsDeleteAll: run('DELETE FROM events WHERE id IN (SELECT event_id FROM pattern_events)'),
    patternEventsInRange: many<PatternEventRow>(
      `SELECT event_id AS id, template_id AS templateId, service, start_ts AS start, end_ts AS "end", kind, magnitude, score
       FROM pattern_events WHERE start_ts <= ? AND end_ts >= ? ORDER BY score DESC, start_ts LIMIT ?`,
    ),

    // analysis steps: the key each step last ran under, per unit, and its small output
    stepRunGet: one<{ key: string; output: string }>('SELECT key, output FROM step_runs WHERE step = ? AND unit = ?'),
    stepRunPut: run(
      `INSERT INTO step_runs(step, unit, key, output, ran_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(step, unit) DO UPDATE SET key = excluded.key, output = excluded.output, ran_at = excluded.ran_at`,
    ),

    // feedback
    feedbackInsert: run(
      'INSERT INTO feedback(series_id, start_ts, end_ts, verdict, note, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    feedbackOfSeries: many<{ start_ts: number; end_ts: number }>(
      "SELECT start_ts, end_ts FROM feedback WHERE (series_id = ? OR series_id IS NULL) AND verdict = 'expected'",
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
    metricsSpan: one<{ first: number | null; last: number | null }>('SELECT MIN(first_ts) AS first, MAX(last_ts) AS last FROM series'),
    logSpan: one<{ first: number | null; last: number | null }>('SELECT MIN(ts) AS first, MAX(ts) AS last FROM logs'),
    eventsSpan: one<{ first: number | null; last: number | null }>(
      'SELECT MIN(ts) AS first, MAX(COALESCE(end_ts, ts)) AS last FROM events WHERE source_id IS NOT NULL',
    ),
    eventsPerService: many<{ service: string | null; events: number }>(
      'SELECT service, COUNT(*) AS events FROM events WHERE source_id IS NOT NULL GROUP BY service ORDER BY service',
    ),
    eventsPerKind: many<{ kind: string; nonprod: number; events: number }>(
      'SELECT kind, nonprod, COUNT(*) AS events FROM events WHERE source_id IS NOT NULL GROUP BY kind, nonprod ORDER BY kind',
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
