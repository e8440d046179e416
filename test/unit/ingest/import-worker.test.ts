/**
 * Reading in a worker thread (ImportOptions.worker): the workspace comes out exactly as when everything runs
 * in the importing thread, for every format the project has a fixture of; errors, bad lines, compressed
 * files, re-imports and cancels behave the same.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths, type ImportOptions } from '../../../core/ingest/import';
import { WorkspaceStore } from '../../../core/store/workspace';

const ROOT = resolve(__dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/formats');
const ENTRY = new URL('../../../core/ingest/ingest-worker.ts', import.meta.url).href;
const inWorker = (): Worker => new Worker(join(ROOT, 'core/jobs/bootstrap.mjs'), { workerData: { entry: ENTRY } });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-import-worker-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Everything a workspace holds that an import writes, ids included (import order is the same). */
function snapshot(store: WorkspaceStore): Record<string, unknown> {
  const all = (sql: string): unknown[] => store.db.prepare(sql).all();
  return {
    sources: all('SELECT id, path, format, kind, bytes, sha256, zone, rows_accepted, rows_rejected, first_ts, last_ts, notes FROM sources ORDER BY id'),
    series: all('SELECT * FROM series ORDER BY id'),
    samples: store.listSeries().map((s) => {
      const r = store.readSamples(s.id);
      return [s.key, Array.from(r.ts), Array.from(r.values)];
    }),
    rollups: all('SELECT * FROM rollups ORDER BY series_id, step_ms, bucket_ts'),
    logs: all('SELECT * FROM logs ORDER BY id'),
    fts: all("SELECT rowid FROM logs_fts WHERE logs_fts MATCH 'error OR GET OR info' ORDER BY rowid"),
    templates: all('SELECT * FROM templates ORDER BY id'),
    templateCounts: all('SELECT * FROM template_counts ORDER BY template_id, bucket_ts'),
    events: all('SELECT * FROM events ORDER BY id'),
    topology: all('SELECT * FROM topology ORDER BY caller, callee'),
  };
}

async function importBoth(paths: string[], opts: ImportOptions = {}) {
  const a = WorkspaceStore.open(join(dir, 'local.hindsight'), { create: true });
  const b = WorkspaceStore.open(join(dir, 'worker.hindsight'), { create: true });
  try {
    const local = await importPaths(a, paths, opts);
    let started = 0;
    const remote = await importPaths(b, paths, {
      ...opts,
      worker: () => {
        started++;
        return inWorker();
      },
    });
    return { local, remote, started, a: snapshot(a), b: snapshot(b) };
  } finally {
    a.close();
    b.close();
  }
}

const outcome = (r: Awaited<ReturnType<typeof importPaths>>) => r.files.map(({ path, format, status, reason, rejected }) => ({ path, format, status, reason, rejected }));

describe('importing with a worker thread', () => {
  it('writes the same workspace as importing in one thread, for every fixture format', async () => {
    const r = await importBoth([FIXTURES], { skipBadLines: true });
    expect(r.started).toBe(1);
    expect(outcome(r.remote)).toEqual(outcome(r.local));
    expect(r.remote.totals).toEqual(r.local.totals);
    expect(r.local.totals.logs).toBeGreaterThan(50);
    expect(r.local.totals.samples).toBeGreaterThan(90); // the promtool dumps repeat 3 samples, stored once
    expect(r.local.totals.events).toBeGreaterThan(10);
    expect(r.b).toEqual(r.a);
  }, 60_000);

  it('reports a malformed file with the same file:line message, skips bad lines alike, and reads .gz files', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => `2024-03-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z INFO request ${i} served`);
    const good = join(dir, 'in', 'app.log.gz');
    const bad = join(dir, 'in', 'bad.json');
    cpSync(join(FIXTURES, 'metrics'), join(dir, 'in', 'metrics'), { recursive: true });
    writeFileSync(good, gzipSync(lines.join('\n') + '\n'));
    writeFileSync(bad, '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[oops]]}]}}');
    const r = await importBoth([join(dir, 'in')]);
    expect(outcome(r.remote)).toEqual(outcome(r.local));
    const failed = r.remote.files.find((f) => f.path === bad);
    expect(failed?.status).toBe('failed');
    expect(failed?.reason).toMatch(/bad\.json:1: expected /);
    expect(r.remote.files.find((f) => f.path === good)).toMatchObject({ status: 'imported', logs: 500 });
    expect(r.b).toEqual(r.a);
  }, 60_000);

  it('hashes in the worker: importing the same files again changes nothing', async () => {
    const store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
    try {
      await importPaths(store, [join(FIXTURES, 'logs')], { worker: inWorker });
      const before = { counts: store.counts(), version: store.dataVersion };
      const again = await importPaths(store, [join(FIXTURES, 'logs')], { worker: inWorker });
      expect(again.files.filter((f) => f.status === 'imported')).toEqual([]);
      expect(store.counts()).toEqual(before.counts);
      expect(store.dataVersion).toBe(before.version);
    } finally {
      store.close();
    }
  }, 60_000);

  it('stops when cancelled, leaves no half-written source, and the next import starts a fresh worker', async () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => `2024-03-01T00:00:00.${String(i % 1000).padStart(3, '0')}Z INFO request ${i} served from cache node-${i % 7}`);
    const p = join(dir, 'big.log');
    writeFileSync(p, lines.join('\n') + '\n');
    const store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
    try {
      const controller = new AbortController();
      let started = 0;
      const run = importPaths(store, [p], {
        signal: controller.signal,
        worker: () => {
          started++;
          return inWorker();
        },
        onProgress: (u) => {
          if (u.done > 0 && u.done < u.total) controller.abort();
        },
      });
      await expect(run).rejects.toThrow(/cancelled/);
      expect(store.counts()).toMatchObject({ sources: 0, logs: 0 });
      const r = await importPaths(store, [p], { worker: inWorker });
      expect(r.files[0]).toMatchObject({ status: 'imported', logs: 60_000 });
      expect(started).toBe(1);
    } finally {
      store.close();
    }
  }, 60_000);
});
