import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationHash, openDatabase } from '../../../core/store/db';
import { StoreError } from '../../../core/store/errors';
import { MIGRATIONS, type Migration } from '../../../core/store/migrations';
import { CHUNK_SAMPLES, seriesKey, WorkspaceStore } from '../../../core/store/workspace';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (name = 'ws.hindsight'): string => join(dir, name);

describe('migrations', () => {
  it('bring a new workspace to the latest schema in WAL mode, recording each hash', () => {
    const db = openDatabase(file(), { create: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const rows = db.prepare('SELECT version, hash FROM schema_migrations').all() as { version: number; hash: string }[];
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, hash: migrationHash(m) })));
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table')").all() as { name: string }[]).map((r) => r.name);
    for (const t of ['sources', 'series', 'chunks', 'rollups', 'logs', 'logs_fts', 'templates', 'events', 'topology', 'incidents', 'analyses']) {
      expect(tables).toContain(t);
    }
    db.close();
  });

  it('are applied once: reopening changes nothing', () => {
    openDatabase(file(), { create: true }).close();
    const db = openDatabase(file());
    expect((db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(MIGRATIONS.length);
    db.close();
  });

  it('apply a later migration to an older workspace', () => {
    openDatabase(file(), { create: true }).close();
    const next: Migration[] = [...MIGRATIONS, { version: 99, name: 'add notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY)' }];
    const db = openDatabase(file(), { migrations: next });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'notes'").get()).toBeTruthy();
    db.close();
  });

  it('refuse a drifted history (a recorded migration whose text changed)', () => {
    openDatabase(file(), { create: true }).close();
    const drifted: Migration[] = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    expect(() => openDatabase(file(), { migrations: drifted })).toThrow(/schema history does not match/);
  });

  it('refuse a workspace written by a newer Hindsight', () => {
    const newer: Migration[] = [...MIGRATIONS, { version: 999, name: 'future', sql: 'CREATE TABLE future (x)' }];
    openDatabase(file(), { create: true, migrations: newer }).close();
    const err = (() => {
      try {
        openDatabase(file());
      } catch (e) {
        return e as StoreError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(StoreError);
    expect(err?.code).toBe('newer-schema');
    expect(err?.message).toMatch(/newer Hindsight \(schema v999/);
  });
});

describe('opening a file that is not a workspace', () => {
  it('says so for a text file, without crashing', () => {
    writeFileSync(file('notes.hindsight'), 'just some text, not a database\n'.repeat(10));
    expect(() => WorkspaceStore.open(file('notes.hindsight'))).toThrow(/not a Hindsight workspace/);
  });

  it('says the file is damaged for a corrupt database', () => {
    const s = WorkspaceStore.open(file(), { create: true });
    const id = s.seriesId('up', { job: 'a' });
    s.transaction(() => s.appendSamples(id, 0, Float64Array.from({ length: 5000 }, (_, i) => i * 1000), new Float64Array(5000)));
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    s.close();
    // Overwrite pages after the header with garbage.
    const fd = openSync(file(), 'r+');
    writeSync(fd, Buffer.alloc(8192, 0xab), 0, 8192, 4096);
    closeSync(fd);
    expect(() => WorkspaceStore.open(file())).toThrow(StoreError);
  });

  it('says a missing workspace is missing', () => {
    expect(() => WorkspaceStore.open(file('nope.hindsight'))).toThrow(/no such workspace file/);
  });
});

describe('workspace store round-trips', () => {
  it('identifies a series by name and sorted labels', () => {
    expect(seriesKey('up', { job: 'b', instance: 'a' })).toBe('up{instance="a",job="b"}');
    const s = WorkspaceStore.open(file(), { create: true });
    const a = s.seriesId('up', { job: 'b', instance: 'a' });
    expect(s.seriesId('up', { instance: 'a', job: 'b' })).toBe(a);
    expect(s.seriesId('up', { instance: 'a' })).not.toBe(a);
    s.close();
  });

  it('stores samples as chunks and reads back exactly what was written, in any order', () => {
    const s = WorkspaceStore.open(file(), { create: true });
    const id = s.seriesId('cpu', { service: 'api' });
    const n = 20_160;
    const t0 = Date.UTC(2026, 2, 1);
    const ts = Float64Array.from({ length: n }, (_, i) => t0 + i * 60_000);
    const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 100) * 3 + (i % 7) / 10);
    // Write the second half first: order on disk must not matter.
    s.transaction(() => {
      s.appendSamples(id, 1, ts.slice(n / 2), values.slice(n / 2));
      s.appendSamples(id, 1, ts.slice(0, n / 2), values.slice(0, n / 2));
      s.refreshSeries(id, ts[0], ts[n - 1]);
    });
    const back = s.readSamples(id);
    expect(back.ts).toEqual(ts);
    expect(back.values).toEqual(values);
    const count = (s.db.prepare('SELECT COUNT(*) AS n FROM chunks').get() as { n: number }).n;
    expect(count).toBe(Math.ceil(n / 2 / CHUNK_SAMPLES) * 2);
    expect(s.series(id)).toMatchObject({ count: n, first_ts: ts[0], last_ts: ts[n - 1] });
    // A window in the middle.
    const mid = s.readSamples(id, ts[1000], ts[1099]);
    expect(mid.ts.length).toBe(100);
    expect(mid.values[0]).toBe(values[1000]);
    s.close();
  });

  it('downsamples to min/max per bucket, from raw samples and from rollups alike', () => {
    const s = WorkspaceStore.open(file(), { create: true });
    const id = s.seriesId('lat', {});
    const n = 20_160;
    const ts = Float64Array.from({ length: n }, (_, i) => i * 60_000);
    const values = Float64Array.from({ length: n }, (_, i) => (i === 12_345 ? 1000 : i % 60));
    s.transaction(() => {
      s.appendSamples(id, 1, ts, values);
      s.refreshSeries(id, 0, ts[n - 1]);
    });
    const fine = s.readBuckets(id, 0, n * 60_000, 10_000);
    expect(fine.source).toBe('raw');
    const coarse = s.readBuckets(id, 0, n * 60_000, 100);
    expect(coarse.source).not.toBe('raw');
    for (const b of [fine, coarse]) {
      expect(Math.max(...b.max)).toBe(1000); // the spike survives downsampling
      expect(Math.min(...b.min)).toBe(0);
    }
    s.close();
  });

  it('keeps logs searchable through the full-text index, and events by time', () => {
    const s = WorkspaceStore.open(file(), { create: true });
    s.transaction(() => {
      s.insertLog(1, { ts: 1000, line: 1, lines: 1, service: 'api', level: 'ERROR', raw: 'payment gateway timeout after 3000 ms' });
      s.insertLog(1, { ts: 2000, line: 2, lines: 1, service: 'api', level: 'INFO', raw: 'request served' });
      s.indexLogs(1);
      s.insertEvent(1, { ts: 1500, kind: 'deploy', service: 'api', title: 'api v2' });
      s.insertEvent(1, { ts: 9000, endTs: 9500, kind: 'alert', title: 'HighLatency' });
    });
    const hits = s.db.prepare("SELECT raw FROM logs_fts WHERE logs_fts MATCH 'timeout'").all();
    expect(hits).toEqual([{ raw: 'payment gateway timeout after 3000 ms' }]);
    expect(s.events(0, 5000).map((e) => e.title)).toEqual(['api v2']);
    expect(s.events(9400, 9401).map((e) => e.title)).toEqual(['HighLatency']);
    s.close();
  });

  it('rolls back a failed transaction completely', () => {
    const s = WorkspaceStore.open(file(), { create: true });
    expect(() =>
      s.transaction(() => {
        const id = s.seriesId('x', {});
        s.appendSamples(id, 1, Float64Array.of(1, 2), Float64Array.of(1, 2));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    s.resetCaches();
    expect(s.counts()).toMatchObject({ series: 0, samples: 0 });
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM chunks').get() as { n: number }).n).toBe(0);
    s.close();
  });
});
