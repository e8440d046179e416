/**
 * Typed derived results (migration v3): anomaly ranges, change points and log-pattern events in their own
 * tables, each sharing its id with a timeline event; lists filter on columns, not on JSON; events/list filters
 * kinds before its limit; and a v2 workspace with analysis results upgrades and re-analysis fills the tables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSteps } from '../../../core/jobs/steps/runner';
import { openDatabase } from '../../../core/store/db';
import { encodeChunk } from '../../../core/store/gorilla';
import { MIGRATIONS } from '../../../core/store/migrations';
import { CHUNK_SAMPLES, WorkspaceStore, type AnomalyInput } from '../../../core/store/workspace';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-derived-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;
const range = (start: number, rank: number, over: Partial<AnomalyInput> = {}): AnomalyInput => ({
  start,
  end: start + HOUR,
  peakTs: start + HOUR / 2,
  peakValue: 9,
  expected: 1,
  direction: 'up',
  severity: 'high',
  sigmas: 8,
  points: 60,
  rank,
  title: `range at ${start}`,
  ...over,
});

describe('typed derived results', () => {
  let store: WorkspaceStore;
  let api: number;
  let db: number;
  beforeEach(() => {
    store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
    api = store.seriesId('latency', { service: 'api' });
    db = store.seriesId('cpu', { service: 'db' });
  });
  afterEach(() => store.close());

  it('lists anomaly ranges by rank, filtered by series, service and time, with the series name and labels', () => {
    store.transaction(() => {
      store.replaceAnomalies(api, 'api', [range(0, 0.2), range(10 * HOUR, 0.9)]);
      store.replaceAnomalies(db, 'db', [range(5 * HOUR, 0.5, { direction: 'down' })]);
    });
    expect(store.anomalies({}).map((a) => a.rank)).toEqual([0.9, 0.5, 0.2]);
    expect(store.anomalies({ service: 'db' })).toMatchObject([{ seriesId: db, seriesName: 'cpu', direction: 'down', start: 5 * HOUR }]);
    expect(JSON.parse(store.anomalies({ seriesId: api })[0].labels)).toEqual({ service: 'api' });
    expect(store.anomalies({ from: 4 * HOUR, to: 7 * HOUR }).map((a) => a.seriesId)).toEqual([db]);
    expect(store.anomalies({ limit: 1 }).map((a) => a.rank)).toEqual([0.9]);
    expect(store.anomalyStats().get(api)).toEqual({ n: 2, top: 0.9 });
    expect(store.countAnomalies()).toBe(3);
  });

  it('replaces a series’ ranges with their events, leaving other series alone; the event is the anomaly', () => {
    store.transaction(() => {
      store.replaceAnomalies(api, 'api', [range(0, 0.2)]);
      store.replaceAnomalies(db, 'db', [range(0, 0.3)]);
    });
    const old = store.anomalies({ seriesId: api })[0];
    expect(store.event(old.id)).toMatchObject({ kind: 'anomaly', service: 'api', title: 'range at 0' });
    store.transaction(() => store.replaceAnomalies(api, 'api', [range(HOUR, 0.4), range(3 * HOUR, 0.1)]));
    expect(store.event(old.id)).toBeUndefined();
    expect(store.anomalies({ seriesId: api }).map((a) => a.start)).toEqual([HOUR, 3 * HOUR]);
    expect(store.anomalies({ seriesId: db })).toHaveLength(1);
    expect(store.events(-Infinity, Infinity, 100, ['anomaly'])).toHaveLength(3);
  });

  it('keeps a range marked expected out of lists and counts', () => {
    store.transaction(() => store.replaceAnomalies(api, 'api', [range(0, 0.2), range(HOUR, 0.8)]));
    const top = store.anomalies({})[0];
    store.markAnomalyExpected(top.id);
    expect(store.anomaly(top.id)?.state).toBe('expected');
    expect(store.anomalies({}).map((a) => a.id)).not.toContain(top.id);
    expect(store.anomalyStats().get(api)).toEqual({ n: 1, top: 0.2 });
    expect(store.countAnomalies()).toBe(1);
  });

  it('drops a replaced event from the incidents that held it', () => {
    store.transaction(() => store.replaceAnomalies(api, 'api', [range(0, 0.2)]));
    const a = store.anomalies({})[0];
    const incident = Number(store.db.prepare("INSERT INTO incidents(title, start_ts, created_at) VALUES ('outage', 0, 0)").run().lastInsertRowid);
    store.db.prepare('INSERT INTO incident_events(incident_id, event_id) VALUES (?, ?)').run(incident, a.id);
    store.transaction(() => store.replaceAnomalies(api, 'api', []));
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM incident_events').get()).toEqual({ n: 0 });
    const plan = store.db.prepare('EXPLAIN QUERY PLAN SELECT incident_id FROM incident_events WHERE event_id = ?').all(a.id) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/incident_events_event/);
  });

  it('drops the results of a series that no longer exists at the next full run', async () => {
    store.transaction(() => {
      store.replaceAnomalies(api, 'api', [range(0, 0.2)]);
      store.replaceChangePoints(api, 'api', [{ ts: 0, kind: 'level', before: 1, after: 2, confidence: 0.95, title: 'shift', severity: 'low' }]);
      store.replaceAnomalies(db, 'db', [range(0, 0.3)]);
    });
    store.db.prepare('DELETE FROM series WHERE id = ?').run(api);
    await runSteps(store, { steps: [] });
    expect(store.events(-Infinity, Infinity, 100).map((e) => e.service)).toEqual(['db']);
    expect(store.anomalies({}).map((a) => a.seriesId)).toEqual([db]);
  });

  it('lists change points by series and service in time order', () => {
    const cp = (ts: number, confidence: number) => ({ ts, kind: 'level' as const, before: 1, after: 3, confidence, title: 'shift', severity: 'low' as const });
    store.transaction(() => {
      store.replaceChangePoints(api, 'api', [cp(2 * HOUR, 0.95), cp(HOUR, 0.99)]);
      store.replaceChangePoints(db, 'db', [cp(0, 0.91)]);
    });
    expect(store.changePoints({ seriesId: api }).map((c) => c.ts)).toEqual([HOUR, 2 * HOUR]);
    expect(store.changePoints({ service: 'db' })).toMatchObject([{ seriesId: db, seriesName: 'cpu', kind: 'level', before: 1, after: 3 }]);
    expect(store.countChangePoints()).toBe(3);
  });

  it('events/list filters kinds before its limit: more derived rows than the limit still leave the deploys', () => {
    store.transaction(() => store.replaceAnomalies(api, 'api', Array.from({ length: 40 }, (_, i) => range(i * HOUR, i / 40))));
    const source = store.addSource({ path: 'deploys.csv', format: 'csv', kind: 'events', bytes: 1, sha256: 'd', zone: 'UTC' });
    // The deploys come last in time: a limit applied before the filter would see only anomalies.
    for (const ts of [50 * HOUR, 51 * HOUR]) store.insertEvent(source, { ts, kind: 'deploy', service: 'api', title: 'deploy' });
    expect(store.events(-Infinity, Infinity, 10)).toHaveLength(10);
    expect(store.events(-Infinity, Infinity, 10, ['deploy']).map((e) => e.ts)).toEqual([50 * HOUR, 51 * HOUR]);
    expect(store.events(-Infinity, Infinity, 10, ['deploy', 'anomaly'])).toHaveLength(10);
  });
});

describe('upgrading a v2 workspace with analysis results', () => {
  const T0 = Date.UTC(2026, 0, 5);
  const MIN = 60_000;
  const N = 6 * 1440;
  const SPIKE = T0 + 4 * 86_400_000 + 3 * HOUR;

  /** Writes a v2 workspace the way the v2 code did: one series with a planted spike, JSON-attr derived events. */
  function writeV2(file: string): void {
    const db = openDatabase(file, { create: true, migrations: MIGRATIONS.slice(0, 2) });
    const ts = Float64Array.from({ length: N }, (_, i) => T0 + i * MIN);
    let seed = 11;
    const values = Float64Array.from(ts, (t, i) => {
      seed = (seed * 16807) % 2147483647;
      return 1 + 0.5 * Math.sin(((i % 1440) / 1440) * 2 * Math.PI) + (seed / 2147483647 - 0.5) * 0.2 + (t >= SPIKE && t < SPIKE + 10 * MIN ? 3 : 0);
    });
    const source = db
      .prepare("INSERT INTO sources(path, format, kind, bytes, sha256, zone, imported_at, first_ts, last_ts) VALUES ('m.json', 'prometheus-json', 'metrics', 1, 'abc', 'UTC', 0, ?, ?)")
      .run(T0, ts[N - 1]).lastInsertRowid;
    const series = db
      .prepare(`INSERT INTO series(key, name, labels, service, first_ts, last_ts, count) VALUES ('latency{service="web"}', 'latency', '{"service":"web"}', 'web', ?, ?, ?)`)
      .run(T0, ts[N - 1], N).lastInsertRowid;
    const chunk = db.prepare('INSERT INTO chunks(series_id, source_id, start_ts, end_ts, count, data) VALUES (?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < N; i += CHUNK_SAMPLES) {
      const t = ts.subarray(i, i + CHUNK_SAMPLES);
      chunk.run(series, source, t[0], t[t.length - 1], t.length, encodeChunk(t, values.subarray(i, i + CHUNK_SAMPLES)));
    }
    const event = db.prepare('INSERT INTO events(source_id, ts, end_ts, kind, service, title, severity, attrs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const sid = String(series);
    event.run(null, T0 + HOUR, T0 + 2 * HOUR, 'anomaly', 'web', 'latency ↑ 6.0σ from normal', 'high',
      JSON.stringify({ peakTs: String(T0 + 90 * MIN), peakValue: '4.5', expected: '1', direction: 'up', sigmas: '6', points: '60', rank: '0.7', seriesId: sid }));
    event.run(null, T0 + 3 * HOUR, null, 'changepoint', 'web', 'latency: level change', 'medium',
      JSON.stringify({ changeKind: 'level', before: '1', after: '3', confidence: '0.995', rank: '0.995', seriesId: sid }));
    event.run(null, T0, T0 + HOUR, 'log-pattern', 'web', 'New log pattern: x', 'medium',
      JSON.stringify({ patternKind: 'new', templateId: 't1', magnitude: '12', rank: '0.4' }));
    event.run(source, T0 + 4 * HOUR, null, 'deploy', 'web', 'deploy web v2', null, '{}');
    db.prepare("UPDATE meta SET value = '1' WHERE key = 'data_version'").run();
    db.prepare("INSERT INTO meta(key, value) VALUES ('analysed_version', '1')").run();
    db.close();
  }

  it('opens, migrates the stored results into the typed tables, and re-analysis replaces them', async () => {
    const file = join(dir, 'old.hindsight');
    writeV2(file);
    const store = WorkspaceStore.open(file);
    try {
      const versions = store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
      expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
      // What the v2 analysis found shows at once, from the typed tables.
      const [old] = store.anomalies({});
      expect(old).toMatchObject({ seriesName: 'latency', service: 'web', start: T0 + HOUR, peakValue: 4.5, sigmas: 6, rank: 0.7, direction: 'up', state: 'open' });
      expect(store.changePoints({})).toMatchObject([{ kind: 'level', before: 1, after: 3, confidence: 0.995 }]);
      expect(store.patternEvents()).toMatchObject([{ templateId: 't1', kind: 'new', magnitude: 12, score: 0.4 }]);

      const report = await runSteps(store);
      expect(report.ran).toBeGreaterThan(0);
      const now = store.anomalies({});
      expect(now.some((a) => a.start <= SPIKE + 10 * MIN && a.end >= SPIKE)).toBe(true);
      expect(store.event(old.id)).toBeUndefined();
      // Every derived event has its typed row and the reverse: nothing duplicated, nothing orphaned.
      expect(store.events(-Infinity, Infinity, 1000, ['anomaly'])).toHaveLength(now.length);
      expect(store.events(-Infinity, Infinity, 1000, ['changepoint'])).toHaveLength(store.countChangePoints());
      expect(store.patternEvents()).toEqual([]);
      expect(store.events(-Infinity, Infinity, 1000, ['log-pattern'])).toEqual([]);
      expect(store.events(-Infinity, Infinity, 1000, ['deploy'])).toHaveLength(1);
      expect((await runSteps(store)).ran).toBe(0);
    } finally {
      store.close();
    }
  });
});
