/**
 * Samples on their way to the store: written in whole chunks as they come, the remainder at the end,
 * memory bounded whatever the number of series, samples without a usable time dropped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PendingSamples } from '../../../core/ingest/pending-samples';
import { CHUNK_SAMPLES, WorkspaceStore } from '../../../core/store/workspace';

let dir: string;
let store: WorkspaceStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-pending-'));
  store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
  store.db.exec('BEGIN');
});
afterEach(() => {
  store.db.exec('COMMIT');
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const chunkSizes = (seriesId: number): number[] =>
  (store.db.prepare('SELECT count FROM chunks WHERE series_id = ? ORDER BY start_ts').all(seriesId) as { count: number }[]).map((r) => r.count);

describe('pending samples', () => {
  it('writes full chunks while samples arrive and the remainder at the end, exactly as given', () => {
    const id = store.seriesId('cpu', {});
    const p = new PendingSamples(store, id);
    const n = 25 * CHUNK_SAMPLES + 17;
    const ts = Array.from({ length: n }, (_, i) => i * 60_000);
    const values = ts.map((_, i) => Math.sin(i / 10));
    for (let i = 0; i < n; i += 100) p.add(id, ts.slice(i, i + 100), values.slice(i, i + 100));
    expect(chunkSizes(id).length).toBeGreaterThanOrEqual(20);
    expect(chunkSizes(id).every((c) => c === CHUNK_SAMPLES)).toBe(true);
    p.flushAll(true);
    expect(chunkSizes(id)).toEqual([...Array(25).fill(CHUNK_SAMPLES), 17]);
    const back = store.readSamples(id);
    expect(Array.from(back.ts)).toEqual(ts);
    expect(Array.from(back.values)).toEqual(values);
    expect(p.touched.get(id)).toEqual({ min: 0, max: (n - 1) * 60_000 });
  });

  it('drops samples whose time is not finite and reports the range of the others', () => {
    const id = store.seriesId('mem', {});
    const p = new PendingSamples(store, id);
    expect(p.add(id, [NaN, 5000, Infinity, 1000], [1, 2, 3, 4])).toEqual({ min: 1000, max: 5000 });
    expect(p.add(id, [NaN], [1])).toBeNull();
    p.flushAll(true);
    expect(Array.from(store.readSamples(id).ts)).toEqual([1000, 5000]);
  });

  it('writes everything out once a million samples wait across many series', () => {
    const p = new PendingSamples(store, 1);
    const ids = Array.from({ length: 5000 }, (_, k) => store.seriesId('x', { k: String(k) }));
    // 5000 series x 220 samples: no series reaches a flush of its own, together they pass the bound.
    for (let round = 0; round < 2; round++) {
      for (const id of ids) {
        const ts = Array.from({ length: 110 }, (_, i) => (round * 110 + i) * 1000);
        p.add(id, ts, ts);
      }
    }
    const written = (store.db.prepare('SELECT COALESCE(SUM(count), 0) AS n FROM chunks').get() as { n: number }).n;
    expect(written).toBeGreaterThan(0);
    p.flushAll(true);
    expect((store.db.prepare('SELECT SUM(count) AS n FROM chunks').get() as { n: number }).n).toBe(5000 * 220);
  });
});
