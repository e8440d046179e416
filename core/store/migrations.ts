/**
 * Schema migrations. Numbered, append-only: never edit a migration that has shipped — add one.
 * Each is applied in its own transaction and recorded with the sha256 of its SQL; a store whose
 * recorded history differs from this list (a drifted or newer history) is refused on open.
 */

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const v1 = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Every imported file. sha256 of the content makes re-importing identical content a no-op.
CREATE TABLE sources (
  id            INTEGER PRIMARY KEY,
  path          TEXT NOT NULL,
  format        TEXT NOT NULL,
  kind          TEXT NOT NULL,
  bytes         INTEGER NOT NULL,
  sha256        TEXT NOT NULL UNIQUE,
  zone          TEXT NOT NULL,
  imported_at   INTEGER NOT NULL,
  rows_accepted INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  first_ts      INTEGER,
  last_ts       INTEGER,
  notes         TEXT NOT NULL DEFAULT '[]'
);

-- Identity is name + sorted labels (Prometheus style), kept as a canonical key.
CREATE TABLE series (
  id       INTEGER PRIMARY KEY,
  key      TEXT NOT NULL UNIQUE,
  name     TEXT NOT NULL,
  labels   TEXT NOT NULL,
  service  TEXT,
  unit     TEXT,
  first_ts INTEGER,
  last_ts  INTEGER,
  count    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX series_service ON series(service, name);

-- Samples as Gorilla-compressed chunks (delta-of-delta timestamps, XOR'd floats), one row per
-- (series, source, time block). Measured cheaper than one row a sample: see bench/codec.ts.
CREATE TABLE chunks (
  id        INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL,
  source_id INTEGER NOT NULL,
  start_ts  INTEGER NOT NULL,
  end_ts    INTEGER NOT NULL,
  count     INTEGER NOT NULL,
  data      BLOB NOT NULL
);
CREATE INDEX chunks_series ON chunks(series_id, start_ts);
CREATE INDEX chunks_source ON chunks(source_id);

-- Coarser aggregates so a zoomed-out chart never decodes every sample.
CREATE TABLE rollups (
  series_id INTEGER NOT NULL,
  step_ms   INTEGER NOT NULL,
  bucket_ts INTEGER NOT NULL,
  min       REAL,
  max       REAL,
  sum       REAL NOT NULL,
  count     INTEGER NOT NULL,
  PRIMARY KEY (series_id, step_ms, bucket_ts)
) WITHOUT ROWID;

CREATE TABLE logs (
  id          INTEGER PRIMARY KEY,
  source_id   INTEGER NOT NULL,
  ts          INTEGER NOT NULL,
  line        INTEGER NOT NULL,
  lines       INTEGER NOT NULL DEFAULT 1,
  service     TEXT,
  level       TEXT,
  template_id TEXT,
  raw         TEXT NOT NULL
);
CREATE INDEX logs_ts ON logs(ts);
CREATE INDEX logs_source ON logs(source_id);
CREATE VIRTUAL TABLE logs_fts USING fts5(raw, content='logs', content_rowid='id', tokenize='unicode61');

CREATE TABLE templates (
  id         TEXT PRIMARY KEY,
  service    TEXT,
  pattern    TEXT NOT NULL,
  first_seen INTEGER,
  last_seen  INTEGER,
  count      INTEGER NOT NULL DEFAULT 0,
  levels     TEXT NOT NULL DEFAULT '{}',
  examples   TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE template_counts (
  template_id TEXT NOT NULL,
  bucket_ts   INTEGER NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (template_id, bucket_ts)
) WITHOUT ROWID;

-- Everything that belongs on a timeline: deploy, config, alert, incident, k8s, anomaly, annotation.
CREATE TABLE events (
  id        INTEGER PRIMARY KEY,
  source_id INTEGER,
  ts        INTEGER NOT NULL,
  end_ts    INTEGER,
  kind      TEXT NOT NULL,
  service   TEXT,
  title     TEXT NOT NULL,
  severity  TEXT,
  attrs     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_ts ON events(ts);
CREATE INDEX events_source ON events(source_id);

CREATE TABLE topology (
  caller    TEXT NOT NULL,
  callee    TEXT NOT NULL,
  source_id INTEGER,
  attrs     TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (caller, callee)
) WITHOUT ROWID;

CREATE TABLE incidents (
  id         INTEGER PRIMARY KEY,
  title      TEXT NOT NULL,
  start_ts   INTEGER NOT NULL,
  end_ts     INTEGER,
  status     TEXT NOT NULL DEFAULT 'open',
  summary    TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE TABLE incident_events (
  incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  role        TEXT NOT NULL DEFAULT 'member',
  PRIMARY KEY (incident_id, event_id)
) WITHOUT ROWID;
CREATE TABLE findings (
  id          INTEGER PRIMARY KEY,
  incident_id INTEGER REFERENCES incidents(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,
  service     TEXT,
  score       REAL NOT NULL,
  title       TEXT NOT NULL,
  detail      TEXT NOT NULL DEFAULT '{}'
);

-- Ranges a person marked as expected: not reported again, kept out of later baselines.
CREATE TABLE feedback (
  id         INTEGER PRIMARY KEY,
  series_id  INTEGER,
  start_ts   INTEGER NOT NULL,
  end_ts     INTEGER NOT NULL,
  verdict    TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);

-- Cached analysis results keyed by what produced them: re-opening is instant.
CREATE TABLE analyses (
  kind         TEXT NOT NULL,
  params_hash  TEXT NOT NULL,
  data_version INTEGER NOT NULL,
  created_at   INTEGER NOT NULL,
  result       TEXT NOT NULL,
  PRIMARY KEY (kind, params_hash)
) WITHOUT ROWID;

INSERT INTO meta(key, value) VALUES ('data_version', '0');
`;

/** Lines of one template, time-ordered (a pattern's example lines and its paged raw view). */
const v2 = `
CREATE INDEX logs_template ON logs(template_id, ts);
`;

/**
 * Typed derived results. An anomaly range, a change point and a log-pattern event each stay an `events` row
 * (the timeline, and incidents through incident_events, see one kind of thing) and get a typed row keyed by
 * that event's id, with the columns lists filter, sort and join on: no JSON is parsed on a hot path.
 * Deleting the event deletes its typed row (and its incident membership). Results a v2 analysis stored
 * as JSON attrs are copied over once, here; `step_runs` caches each analysis step per unit.
 */
const v3 = `
CREATE TABLE anomaly_ranges (
  event_id   INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
  series_id  INTEGER NOT NULL,
  service    TEXT,
  start_ts   INTEGER NOT NULL,
  end_ts     INTEGER NOT NULL,
  peak_ts    INTEGER NOT NULL,
  peak_value REAL,
  expected   REAL,
  direction  TEXT NOT NULL CHECK (direction IN ('up', 'down')),
  severity   TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  sigmas     REAL NOT NULL,
  points     INTEGER NOT NULL,
  rank       REAL NOT NULL,
  -- 'open', or 'expected' once a person marked it so (it then stays out of lists and counts).
  state      TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'expected'))
);
CREATE INDEX anomaly_ranges_series ON anomaly_ranges(series_id, start_ts);
CREATE INDEX anomaly_ranges_time ON anomaly_ranges(start_ts);
CREATE INDEX anomaly_ranges_rank ON anomaly_ranges(state, rank DESC);
CREATE INDEX anomaly_ranges_service ON anomaly_ranges(service, rank DESC);

CREATE TABLE change_points (
  event_id   INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
  series_id  INTEGER NOT NULL,
  service    TEXT,
  ts         INTEGER NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('level', 'trend', 'variance')),
  before     REAL NOT NULL,
  after      REAL NOT NULL,
  confidence REAL NOT NULL
);
CREATE INDEX change_points_series ON change_points(series_id, ts);
CREATE INDEX change_points_time ON change_points(ts);

CREATE TABLE pattern_events (
  event_id    INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
  template_id TEXT NOT NULL,
  service     TEXT,
  start_ts    INTEGER NOT NULL,
  end_ts      INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  magnitude   REAL NOT NULL,
  score       REAL NOT NULL
);
CREATE INDEX pattern_events_template ON pattern_events(template_id, start_ts);
CREATE INDEX pattern_events_time ON pattern_events(start_ts);

-- One row per analysis step and unit ('series:12', 'service:api', 'workspace'): the key it last ran
-- under (data, feedback and algorithm versions) and its small JSON output, read by dependent steps.
CREATE TABLE step_runs (
  step   TEXT NOT NULL,
  unit   TEXT NOT NULL,
  key    TEXT NOT NULL,
  output TEXT NOT NULL,
  ran_at INTEGER NOT NULL,
  PRIMARY KEY (step, unit)
) WITHOUT ROWID;

CREATE INDEX events_kind ON events(kind, ts);
-- Deleting an event looks up its incident memberships (ON DELETE CASCADE).
CREATE INDEX incident_events_event ON incident_events(event_id);
-- Incidents by time; findings of an incident, best first.
CREATE INDEX incidents_time ON incidents(start_ts);
ALTER TABLE incidents ADD COLUMN severity TEXT;
CREATE INDEX findings_incident ON findings(incident_id, score DESC);

INSERT INTO anomaly_ranges(event_id, series_id, service, start_ts, end_ts, peak_ts, peak_value, expected,
                           direction, severity, sigmas, points, rank)
SELECT id, CAST(json_extract(attrs, '$.seriesId') AS INTEGER), service, ts, COALESCE(end_ts, ts),
       CAST(json_extract(attrs, '$.peakTs') AS INTEGER), CAST(json_extract(attrs, '$.peakValue') AS REAL),
       CAST(json_extract(attrs, '$.expected') AS REAL),
       CASE json_extract(attrs, '$.direction') WHEN 'down' THEN 'down' ELSE 'up' END,
       CASE WHEN severity IN ('low', 'medium', 'high') THEN severity ELSE 'low' END,
       CAST(json_extract(attrs, '$.sigmas') AS REAL), CAST(json_extract(attrs, '$.points') AS INTEGER),
       CAST(json_extract(attrs, '$.rank') AS REAL)
FROM events WHERE source_id IS NULL AND kind = 'anomaly' AND json_extract(attrs, '$.seriesId') IS NOT NULL;

INSERT INTO change_points(event_id, series_id, service, ts, kind, before, after, confidence)
SELECT id, CAST(json_extract(attrs, '$.seriesId') AS INTEGER), service, ts,
       CASE WHEN json_extract(attrs, '$.changeKind') IN ('level', 'trend', 'variance') THEN json_extract(attrs, '$.changeKind') ELSE 'level' END,
       CAST(json_extract(attrs, '$.before') AS REAL), CAST(json_extract(attrs, '$.after') AS REAL),
       CAST(json_extract(attrs, '$.confidence') AS REAL)
FROM events WHERE source_id IS NULL AND kind = 'changepoint' AND json_extract(attrs, '$.seriesId') IS NOT NULL;

INSERT INTO pattern_events(event_id, template_id, service, start_ts, end_ts, kind, magnitude, score)
SELECT id, json_extract(attrs, '$.templateId'), service, ts, COALESCE(end_ts, ts), json_extract(attrs, '$.patternKind'),
       CAST(json_extract(attrs, '$.magnitude') AS REAL), CAST(json_extract(attrs, '$.rank') AS REAL)
FROM events WHERE source_id IS NULL AND kind = 'log-pattern' AND json_extract(attrs, '$.templateId') IS NOT NULL;
`;

/**
 * Cheaper log import (v4; it does not depend on v3's tables). Measured on the lines of bench/import.ts
 * --size=small (SQLite work per row, CPU): 10.7-11.5 µs -> 8.6-9.3.
 * - The full-text index keeps no per-row column sizes (`columnsize=0`): one B-tree insert less per line; only
 *   bm25 ranking reads them, and search orders by time. Positions stay (`detail=full`): phrase queries work.
 * - Lines by template move from an index on `logs(template_id, ts)`, whose inserts land on hundreds of leaf pages
 *   at once (a cache miss each), to a table filled once per source in key order (see WorkspaceStore.indexLogs).
 */
const v4 = `
DROP TABLE logs_fts;
CREATE VIRTUAL TABLE logs_fts USING fts5(raw, content='logs', content_rowid='id', tokenize='unicode61', columnsize=0);
INSERT INTO logs_fts(logs_fts) VALUES ('rebuild');
DROP INDEX logs_template;
CREATE TABLE log_templates (
  template_id TEXT NOT NULL,
  ts          INTEGER NOT NULL,
  log_id      INTEGER NOT NULL,
  PRIMARY KEY (template_id, ts, log_id)
) WITHOUT ROWID;
INSERT INTO log_templates(template_id, ts, log_id)
  SELECT template_id, ts, id FROM logs WHERE template_id IS NOT NULL ORDER BY template_id, ts, id;
`;

/**
 * Whose a source is, and production views (v5; independent of v3/v4's tables): each source keeps the service its
 * records were attributed to and where that came from (field, label, pod, path, option:
 * core/ingest/service-attribution.ts); events of a non-production environment (staging, dev, qa …:
 * core/ingest/event-kinds.ts) are marked so production views leave them out.
 */
const v5 = `
ALTER TABLE sources ADD COLUMN service TEXT;
ALTER TABLE sources ADD COLUMN service_origin TEXT;
ALTER TABLE events ADD COLUMN nonprod INTEGER NOT NULL DEFAULT 0;
`;

/**
 * Incidents found by the `incidents` analysis step (v6; it does not depend on v5). The v1 `incidents`,
 * `incident_events` and `findings` tables gain what an investigation needs: a stable `key` (derived from onset
 * and root service), the onset, root service and root-cause kind as columns lists sort and filter on, whether
 * a row was derived (replaced by each run) and the full incident as opaque JSON (`detail`) for the page.
 * `cause_feedback` keeps a person's "this is the cause" / "not the cause" verdicts across runs (by incident key
 * and onset, so a verdict still applies when a later run moves the onset a little); `noise_alerts` keeps
 * the alerts recognised as chronic noise, visible but out of incidents.
 */
const v6 = `
ALTER TABLE incidents ADD COLUMN key TEXT;
ALTER TABLE incidents ADD COLUMN onset_ts INTEGER;
ALTER TABLE incidents ADD COLUMN root_service TEXT;
ALTER TABLE incidents ADD COLUMN kind TEXT;
ALTER TABLE incidents ADD COLUMN derived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN detail TEXT NOT NULL DEFAULT '{}';
CREATE UNIQUE INDEX incidents_key ON incidents(key);

CREATE TABLE cause_feedback (
  id           INTEGER PRIMARY KEY,
  incident_key TEXT NOT NULL,
  onset_ts     INTEGER NOT NULL,
  -- what the verdict is about: a service (root cause) or a change (its events id, as text)
  target       TEXT NOT NULL CHECK (target IN ('service', 'change')),
  ref          TEXT NOT NULL,
  verdict      TEXT NOT NULL CHECK (verdict IN ('cause', 'not-cause')),
  note         TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL
);
CREATE INDEX cause_feedback_onset ON cause_feedback(onset_ts);

CREATE TABLE noise_alerts (
  fingerprint TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  service     TEXT,
  reason      TEXT NOT NULL,
  count       INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * A person's decisions on advice (v7; independent of v6): accepted or rejected, per recommendation (its
 * stable id), with the action and target so later advice of the same kind ranks by them, and the incident
 * key it was about (null for a release on its own). A later decision on the same recommendation overrides.
 */
const v7AdviceFeedback = `
CREATE TABLE advice_feedback (
  id             INTEGER PRIMARY KEY,
  recommendation TEXT NOT NULL,
  incident_key   TEXT,
  action         TEXT NOT NULL,
  target         TEXT NOT NULL,
  decision       TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
  note           TEXT NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL
);
CREATE INDEX advice_feedback_target ON advice_feedback(action, target);
`;

/**
 * Postmortems (v10; independent of the other tables): one written account per row, keyed by the incident
 * it tells of (several drafts of one incident may exist). Title, zone and incident key are columns the
 * lists show; the sections, timeline, evidence and impact are the document (`sections`, JSON, opaque
 * here); `charts` holds the series picked for its charts.
 */
const v10 = `
CREATE TABLE postmortems (
  id           INTEGER PRIMARY KEY,
  incident_key TEXT NOT NULL,
  title        TEXT NOT NULL,
  zone         TEXT NOT NULL,
  sections     TEXT NOT NULL,
  charts       TEXT NOT NULL DEFAULT '[]',
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX postmortems_incident ON postmortems(incident_key, updated_at);
`;

/**
 * Annotations (v11; independent of the others): a person's notes on the timeline ("rollback started here"), at a
 * moment or over a range, of a series or a service or of the whole workspace, with tags (a JSON array of strings:
 * only shown and filtered in memory, never joined on), a star and the author's name. Stored in the workspace, so
 * whoever opens the file sees them; listed by time.
 */
const v11 = `
CREATE TABLE annotations (
  id         INTEGER PRIMARY KEY,
  ts         INTEGER NOT NULL,
  end_ts     INTEGER,
  series_id  INTEGER,
  service    TEXT,
  text       TEXT NOT NULL,
  tags       TEXT NOT NULL DEFAULT '[]',
  starred    INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
  author     TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (end_ts IS NULL OR end_ts >= ts)
);
CREATE INDEX annotations_time ON annotations(ts);
`;

/**
 * Query and index advice (v8; it depends on no other migration): each analysed set of query files is a
 * source; its fingerprints ranked by total time, with the columns lists sort and filter on and the advice row
 * as opaque JSON; duplicate and unused indexes found from index statistics.
 */
const v8 = `
CREATE TABLE query_sources (
  id           INTEGER PRIMARY KEY,
  label        TEXT NOT NULL,
  analysed_at  INTEGER NOT NULL,
  statements   INTEGER NOT NULL,
  fingerprints INTEGER NOT NULL,
  files        TEXT NOT NULL DEFAULT '[]',
  errors       TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE query_fingerprints (
  source_id   INTEGER NOT NULL REFERENCES query_sources(id) ON DELETE CASCADE,
  rank        INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  dialect     TEXT NOT NULL,
  calls       INTEGER NOT NULL,
  total_ms    REAL NOT NULL,
  mean_ms     REAL,
  p95_ms      REAL,
  -- typical repeats per burst of an N+1 pattern; 0: none
  n_plus_one  INTEGER NOT NULL DEFAULT 0,
  detail      TEXT NOT NULL,
  PRIMARY KEY (source_id, rank)
) WITHOUT ROWID;

CREATE TABLE query_index_findings (
  id         INTEGER PRIMARY KEY,
  source_id  INTEGER NOT NULL REFERENCES query_sources(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('duplicate', 'unused')),
  table_name TEXT NOT NULL,
  index_name TEXT NOT NULL,
  detail     TEXT NOT NULL
);
CREATE INDEX query_index_findings_source ON query_index_findings(source_id, kind);
`;

/**
 * CPU profiles (v9; independent of the others): each imported profile (folded stacks, .cpuprofile, pprof) with what
 * lists sort and filter on as columns — name, format, service, when it was taken, unit, total — and its call tree
 * as compact JSON (`{frames, parent, frame, self}`, pre-order; read whole, never queried inside). sha256 of the
 * file makes re-importing the same profile a no-op.
 */
const v9 = `
CREATE TABLE profiles (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  format      TEXT NOT NULL,
  service     TEXT,
  taken_at    INTEGER,
  imported_at INTEGER NOT NULL,
  unit        TEXT NOT NULL,
  total       REAL NOT NULL,
  nodes       INTEGER NOT NULL,
  sha256      TEXT NOT NULL UNIQUE,
  tree        TEXT NOT NULL
);
CREATE INDEX profiles_service ON profiles(service, taken_at);
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'schema v1', sql: v1 },
  { version: 2, name: 'index log lines by template', sql: v2 },
  { version: 3, name: 'typed derived results and per-step analysis cache', sql: v3 },
  { version: 4, name: 'cheaper log import: FTS without column sizes, lines by template filled per source', sql: v4 },
  { version: 5, name: 'service attribution per source, non-production events', sql: v5 },
  { version: 6, name: 'incidents: key, onset, root service, kind and detail; cause verdicts; noise alerts', sql: v6 },
  { version: 7, name: 'advice: accepted and rejected recommendations', sql: v7AdviceFeedback },
  { version: 8, name: 'query and index advice: sources, fingerprints, index findings', sql: v8 },
  { version: 9, name: 'cpu profiles with their call trees', sql: v9 },
  { version: 10, name: 'postmortems', sql: v10 },
  { version: 11, name: 'annotations: notes, tags and stars on the timeline', sql: v11 },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
