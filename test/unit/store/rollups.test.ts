/**
 * Rollups after an import: every bucket that a source's samples touch is rebuilt whole, from all the
 * series' samples in it, other sources' included, at each rollup step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROLLUP_STEPS, WorkspaceStore } from '../../../core/store/workspace';

let dir: string;
let store: WorkspaceStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-rollups-'));
  store = WorkspaceStore.open(join(dir, 'ws.hindsight'), { create: true });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const HOUR = 3_600_000;
const rollups = (id: number, step: number) =>
  store.db.prepare('SELECT bucket_ts, min, max, sum, count FROM rollups WHERE series_id = ? AND step_ms = ? ORDER BY bucket_ts').all(id, step);

describe('rollups', () => {
  it('keeps an hourly and a daily step', () => {
    expect([...ROLLUP_STEPS]).toEqual([HOUR, 24 * HOUR]);
  });

  it('rebuilds whole buckets from every source when a later source adds samples inside them', () => {
    const id = store.seriesId('rps', {});
    // Source 1: one sample a minute for 3 hours, value 1.
    const a = Float64Array.from({ length: 180 }, (_, i) => i * 60_000);
    store.transaction(() => {
      store.appendSamples(id, 1, a, new Float64Array(180).fill(1));
      store.refreshSeries(id, a[0], a[179]);
    });
    // Source 2: 30 samples between 1:00:30 and 1:29:30, value 10 — inside the second hour only.
    const b = Float64Array.from({ length: 30 }, (_, i) => HOUR + 30_000 + i * 60_000);
    store.transaction(() => {
      store.appendSamples(id, 2, b, new Float64Array(30).fill(10));
      store.refreshSeries(id, b[0], b[29]);
    });
    expect(rollups(id, HOUR)).toEqual([
      { bucket_ts: 0, min: 1, max: 1, sum: 60, count: 60 },
      { bucket_ts: HOUR, min: 1, max: 10, sum: 60 + 300, count: 90 },
      { bucket_ts: 2 * HOUR, min: 1, max: 1, sum: 60, count: 60 },
    ]);
    expect(rollups(id, 24 * HOUR)).toEqual([{ bucket_ts: 0, min: 1, max: 10, sum: 480, count: 210 }]);
    expect(store.series(id)).toMatchObject({ count: 210, first_ts: 0, last_ts: 179 * 60_000 });
  });

  it('counts only finite values, and keeps a bucket of NaNs with no min or max', () => {
    const id = store.seriesId('gaps', {});
    store.transaction(() => {
      store.appendSamples(id, 1, Float64Array.of(0, 60_000, HOUR), Float64Array.of(NaN, 2, NaN));
      store.refreshSeries(id, 0, HOUR);
    });
    expect(rollups(id, HOUR)).toEqual([
      { bucket_ts: 0, min: 2, max: 2, sum: 2, count: 1 },
      { bucket_ts: HOUR, min: null, max: null, sum: 0, count: 0 },
    ]);
  });
});
