/**
 * The importer as a person relies on it: files recognised by content, one transaction per source,
 * identical content a no-op, malformed files refused with file:line, and a killed import leaving
 * the workspace exactly as it was.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../../core/ingest/import';
import { WorkspaceStore } from '../../../core/store/workspace';

const ROOT = resolve(__dirname, '../../..');
let dir: string;
let store: WorkspaceStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-import-'));
  store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A Prometheus query_range export with `series` series of `points` 1-minute points. */
function promJson(series: number, points: number, t0 = 1_700_000_000): string {
  const result = Array.from({ length: series }, (_, s) => ({
    metric: { __name__: 'http_requests_per_second', service: `svc${s}`, instance: `svc${s}:9100` },
    values: Array.from({ length: points }, (_, i) => [t0 + i * 60, String(100 + s + Math.sin(i / 30))]),
  }));
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}

const write = (name: string, text: string | Buffer): string => {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
};

describe('importing', () => {
  it('recognises a file by its content, whatever its name, and stores its series', async () => {
    const p = write('export.txt', promJson(2, 500));
    const r = await importPaths(store, [p]);
    expect(r.files).toEqual([expect.objectContaining({ path: p, format: 'prometheus-query-range', status: 'imported', samples: 1000 })]);
    expect(store.counts()).toMatchObject({ sources: 1, series: 2, samples: 1000 });
    const [s] = store.listSeries('svc0');
    expect(s.service).toBe('svc0');
    expect(store.readSamples(s.id).ts.length).toBe(500);
  });

  it('lists what it cannot read, with the reason, and never drops it silently', async () => {
    write('in/notes.md', '# meeting notes\n\nnothing to see\n');
    write('in/blob.bin', Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]));
    write('in/empty.log', '');
    const r = await importPaths(store, [join(dir, 'in')]);
    const byName = Object.fromEntries(r.files.map((f) => [f.path.split('/').pop(), f]));
    expect(byName['notes.md']).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/not a recognised export format/) });
    expect(byName['blob.bin']).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/binary/) });
    expect(byName['empty.log']).toMatchObject({ status: 'skipped', reason: 'empty file' });
    expect(r.totals.skipped).toBe(3);
  });

  it('does nothing when identical content is imported again, under any name', async () => {
    const text = promJson(1, 300);
    await importPaths(store, [write('a.json', text)]);
    const before = { counts: store.counts(), version: store.dataVersion };
    const r = await importPaths(store, [write('copy-of-a.json', text), write('b.json.gz', gzipSync(text))]);
    expect(r.files.map((f) => f.status)).toEqual(['unchanged', 'unchanged']);
    expect(store.counts()).toEqual(before.counts);
    expect(store.dataVersion).toBe(before.version);
  });

  it('rejects a malformed file whole, naming file and line, and keeps the others', async () => {
    const good = write('good.json', promJson(1, 100));
    const bad = write('bad.json', promJson(1, 100).replace('"values":[[', '"values":[[oops,'));
    const r = await importPaths(store, [bad, good]);
    const failed = r.files.find((f) => f.path === bad);
    expect(failed?.status).toBe('failed');
    expect(failed?.reason).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: expected `));
    expect(store.counts()).toMatchObject({ sources: 1, samples: 100 });
    expect(store.sources().map((s) => s.path)).toEqual([good]);
  });

  it('reads times without an offset in the chosen zone and records the zone per source', async () => {
    const csv = 'timestamp,series,value\n2024-07-01 12:00:00,cpu,1\n2024-07-01 12:01:00,cpu,2\n';
    await importPaths(store, [write('long.csv', csv)], { zone: 'Europe/Berlin' });
    const [s] = store.listSeries('cpu');
    expect(store.readSamples(s.id).ts[0]).toBe(Date.UTC(2024, 6, 1, 10, 0));
    expect(store.sources()[0].zone).toBe('Europe/Berlin');
  });

  it('reports progress in bytes up to the total', async () => {
    const p = write('m.json', promJson(3, 2000));
    const seen: number[] = [];
    await importPaths(store, [p], { onProgress: (u) => seen.push(u.done / u.total) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[seen.length - 1]).toBe(1);
  });

  it('stops when cancelled and leaves no half-written source', async () => {
    const p = write('m.json', promJson(20, 5000));
    const controller = new AbortController();
    const run = importPaths(store, [p], {
      signal: controller.signal,
      onProgress: (u) => {
        if (u.done > 0 && u.done < u.total) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(store.counts()).toMatchObject({ sources: 0, series: 0, samples: 0 });
  });

  it('leaves the workspace exactly as before a source when the process is killed mid-import (kill -9)', async () => {
    await importPaths(store, [write('first.json', promJson(1, 100))]);
    const before = store.counts();
    store.close();
    const big = write('big.json', promJson(200, 20_160));
    const ws = join(dir, 'ws.hindsight');
    const child = spawn(process.execPath, [join(ROOT, 'bin/hindsight.mjs'), 'import', ws, big], {
      env: { ...process.env, HINDSIGHT_HOME: join(dir, 'home') },
      stdio: 'ignore',
    });
    // Kill it while its import transaction is open: another connection cannot take the write lock then.
    // (Held on three probes 20 ms apart, so it is the import's long transaction, not a brief schema check.)
    const probe = new Database(ws);
    probe.pragma('busy_timeout = 0');
    const deadline = Date.now() + 60_000;
    let busy = 0;
    while (busy < 3 && Date.now() < deadline && child.exitCode === null) {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
        busy = 0;
      } catch {
        busy++;
      }
      await new Promise((r) => setTimeout(r, busy ? 20 : 5));
    }
    const writing = busy >= 3;
    probe.close();
    expect(writing).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    store = WorkspaceStore.open(ws);
    expect(store.counts()).toEqual(before);
    expect(store.sources().map((s) => s.path)).toEqual([join(dir, 'first.json')]);
  }, 120_000);
});
